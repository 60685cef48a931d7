"""Coding: the codebook's keyword rules applied to segments, transparently.

Every coded segment records which rule matched and which words in the text matched, so a
reviewer can see why a code was assigned. Keywords are stemmed (Snowball) so "commissioning"
matches a rule written as "commission".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import read_yaml, validate
from .errors import ConfigError
from .text import stem, tokens


@dataclass(frozen=True)
class Code:
    id: str
    theme: str
    label: str
    keywords: tuple[tuple[str, ...], ...]
    regex: tuple[re.Pattern, ...]
    proximity: tuple[tuple[str, str, int], ...] = ()


def load_codebook(path: str | Path) -> tuple[dict, list[Code]]:
    """Read and validate the codebook; return (raw data, flat list of codes)."""
    data = read_yaml(path, ConfigError)
    validate(data, "codebook", path)
    codes, seen = [], set()
    for theme in data["themes"]:
        for c in theme["codes"]:
            if c["id"] in seen:
                raise ConfigError(path, f"duplicate code id '{c['id']}'", "give every code a unique id")
            seen.add(c["id"])
            kws = tuple(tuple(stem(w) for w in tokens(k)) for k in c.get("keywords", []))
            try:
                rxs = tuple(re.compile(r, re.I) for r in c.get("regex", []))
            except re.error as exc:
                raise ConfigError(path, f"code '{c['id']}': bad regex ({exc})", "fix the pattern") from None
            near = tuple(
                (stem(p["terms"][0].lower()), stem(p["terms"][1].lower()), int(p["within"]))
                for p in c.get("proximity", [])
            )
            codes.append(Code(c["id"], theme["id"], c["label"], tuple(k for k in kws if k), rxs, near))
    return data, codes


def match_code(code: Code, toks: list[str], stems: list[str], text: str) -> list[tuple[str, str]]:
    """All (rule, matched words) hits of one code in one segment."""
    hits = []
    for kw in code.keywords:
        n = len(kw)
        for i in range(len(stems) - n + 1):
            if tuple(stems[i : i + n]) == kw:
                hits.append(("keyword:" + " ".join(kw), " ".join(toks[i : i + n])))
    for rx in code.regex:
        for m in rx.finditer(text):
            hits.append(("regex:" + rx.pattern, m.group(0).lower()))
    for a, b, within in code.proximity:
        pos_a = [i for i, s in enumerate(stems) if s == a]
        pos_b = [i for i, s in enumerate(stems) if s == b]
        for i in pos_a:
            near = [j for j in pos_b if 0 < abs(i - j) <= within]
            if near:
                j = min(near, key=lambda j: (abs(i - j), j))
                hits.append((f"near:{a}~{b}/{within}", f"{toks[i]} … {toks[j]}"))
    return hits


def code_segments(segments: pd.DataFrame, codes: list[Code]) -> pd.DataFrame:
    """Multi-label rule coding: one row per (segment, code) with the rules and words matched."""
    rows = []
    for seg in segments.itertuples(index=False):
        toks = tokens(seg.text)
        stems = [stem(t) for t in toks]
        for code in codes:
            hits = match_code(code, toks, stems, seg.text)
            if hits:
                rules = sorted({r for r, _ in hits})
                words = sorted({w for _, w in hits})
                rows.append(
                    {
                        "segment_id": seg.segment_id,
                        "transcript_id": seg.transcript_id,
                        "participant_id": seg.participant_id,
                        "site_id": seg.site_id,
                        "group": seg.group,
                        "theme_id": code.theme,
                        "code_id": code.id,
                        "n_hits": len(hits),
                        "rules": "; ".join(rules),
                        "matched": "; ".join(words),
                    }
                )
    cols = [
        "segment_id",
        "transcript_id",
        "participant_id",
        "site_id",
        "group",
        "theme_id",
        "code_id",
        "n_hits",
        "rules",
        "matched",
    ]
    return pd.DataFrame(rows, columns=cols)


def matrix(coded: pd.DataFrame, codes: list[Code], by: str, levels: list[str]) -> pd.DataFrame:
    """Code × `by` matrix of the number of coded segments (all codes and levels present)."""
    ids = [c.id for c in codes]
    table = pd.crosstab(coded["code_id"], coded[by]) if len(coded) else pd.DataFrame()
    table = table.reindex(index=ids, columns=levels, fill_value=0).fillna(0).astype(int)
    table.index.name = "code_id"
    table.insert(0, "theme_id", [c.theme for c in codes])  # the hierarchy travels with every table
    return table.reset_index()


def summary(coded: pd.DataFrame, segments: pd.DataFrame, codes: list[Code]) -> pd.DataFrame:
    """Per code: theme, label, segments, participants and sites where it occurs."""
    rows = []
    total = max(len(segments), 1)
    for c in codes:
        sub = coded[coded["code_id"] == c.id]
        rows.append(
            {
                "code_id": c.id,
                "theme_id": c.theme,
                "label": c.label,
                "segments": len(sub),
                "share_of_segments": round(len(sub) / total, 6),
                "participants": sub["participant_id"].nunique(),
                "sites": sub["site_id"].nunique(),
            }
        )
    return pd.DataFrame(rows)
