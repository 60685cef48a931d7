"""Measure de-identification against gold annotations (the example corpus's gold file).

Entity level, on the text the pipeline actually processes (each speaker label and turn text):
  * recall per type — gold mentions fully covered by some replacement;
  * precision — replacements that overlap some gold mention (per detected type and overall);
  * leak recall — gold surface forms that no longer occur anywhere in the de-identified text;
  * keep survival — look-alike words and national bodies that are still there afterwards.
Inputs and the review log are private; the output holds only counts and ratios.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import pandas as pd

from .ingest import Transcript

# Deliberate generalisations of things gold does not annotate (a participant's own job title).
NOT_GOLD = {"QUASI"}


@lru_cache(maxsize=4096)
def _pattern(form: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")


def _find(form: str, text: str) -> list[tuple[int, int]]:
    """Where `form` occurs in `text` as a whole word (not inside a longer word). The form is
    matched literally, so a text without it as a substring has no match: that test first (most
    gold forms are absent from most turns) and each form's pattern compiled once (the `re`
    module's own cache holds 512, fewer than a corpus's gold forms)."""
    if form and form not in text:
        return []
    return [(m.start(), m.end()) for m in _pattern(form).finditer(text)]


def gold_mentions(text: str, items: list[dict]) -> list[tuple[int, int, str]]:
    """Gold surface forms located in `text`; overlapping forms resolved longest-first."""
    cands = [(s, e, it["type"]) for it in items for s, e in _find(it["text"], text)]
    chosen: list[tuple[int, int, str]] = []
    for s, e, t in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        if all(e <= a or s >= b for a, b, _ in chosen):
            chosen.append((s, e, t))
    return sorted(chosen)


def evaluate(
    transcripts: list[Transcript], review: pd.DataFrame, docs: dict[str, str], gold: dict
) -> pd.DataFrame:
    """One row per type plus 'ALL': gold mentions, caught, recall, detected, correct, precision,
    leak recall (forms), keep survival.

    Only transcripts the gold file annotates are scored (an annotated transcript may list no
    identifier): a transcript added to the study without gold annotations would otherwise count
    every replacement in it as a false positive."""
    transcripts = [t for t in transcripts if t.id in gold["transcripts"]]
    gold_n, caught = defaultdict(int), defaultdict(int)
    det_n, det_ok = defaultdict(int), defaultdict(int)
    review = review.copy()
    review["turn"] = review["turn"].astype(int)
    by_unit = {k: g for k, g in review.groupby(["transcript", "turn", "field"])}
    for t in transcripts:
        items = gold["transcripts"].get(t.id, [])
        for turn in t.turns:
            for field, value in (("speaker", turn.speaker), ("text", turn.text)):
                mentions = gold_mentions(value, items)
                reps = by_unit.get((t.id, turn.order, field))
                spans = (
                    []
                    if reps is None
                    else list(zip(reps.start.astype(int), reps.end.astype(int), reps.type, strict=True))
                )
                covered = [False] * len(value)
                for s, e, _ in spans:
                    for k in range(s, e):
                        covered[k] = True
                for s, e, typ in mentions:
                    gold_n[typ] += 1
                    caught[typ] += all(covered[s:e])
                for s, e, typ in spans:
                    if typ in NOT_GOLD:
                        continue
                    det_n[typ] += 1
                    det_ok[typ] += any(not (e <= a or s >= b) for a, b, _ in mentions)
    forms = leaked = 0
    forms_by, leaked_by = defaultdict(int), defaultdict(int)
    for tid, items in gold["transcripts"].items():
        out = docs.get(tid)
        if out is None:
            continue
        for it in items:
            forms += 1
            forms_by[it["type"]] += 1
            if _find(it["text"], out):
                leaked += 1
                leaked_by[it["type"]] += 1
    keep = gold.get("keep", [])
    raw = {t.id: " ".join(x.text for x in t.turns) for t in transcripts}
    present = [k for k in keep if any(_find(k, txt) for txt in raw.values())]
    survived = [k for k in present if any(_find(k, docs[tid]) for tid in docs if _find(k, raw.get(tid, "")))]
    rows = []
    types = sorted(set(gold_n) | set(det_n))
    for typ in types + ["ALL"]:
        g = sum(gold_n.values()) if typ == "ALL" else gold_n[typ]
        c = sum(caught.values()) if typ == "ALL" else caught[typ]
        d = sum(det_n.values()) if typ == "ALL" else det_n[typ]
        ok = sum(det_ok.values()) if typ == "ALL" else det_ok[typ]
        f = forms if typ == "ALL" else forms_by[typ]
        lk = leaked if typ == "ALL" else leaked_by[typ]
        rows.append(
            {
                "type": typ,
                "gold_mentions": g,
                "caught": c,
                "recall": round(c / g, 4) if g else None,
                "detected": d,
                "detected_on_gold": ok,
                "precision": round(ok / d, 4) if d else None,
                "gold_forms": f,
                "forms_absent_after": f - lk,
                "leak_recall": round((f - lk) / f, 4) if f else None,
                "keep_items": len(present) if typ == "ALL" else None,
                "keep_survival": round(len(survived) / len(present), 4) if typ == "ALL" and present else None,
            }
        )
    out = pd.DataFrame(rows)
    out["keep_items"] = out["keep_items"].astype("Int64")
    return out


def gold_by_file(raw: dict, file_to_id: dict[str, str]) -> dict:
    """A gold file keyed by transcript file name (`identifiers: {file: [{text, type}]}`,
    `non_identifiers: {file: [term]}`) in the form `evaluate` reads."""
    keep = sorted({t for terms in (raw.get("non_identifiers") or {}).values() for t in terms})
    items = {file_to_id[f]: v for f, v in (raw.get("identifiers") or {}).items()}
    return {"transcripts": items, "keep": keep}


def org_typed_as_place(transcripts: list[Transcript], review: pd.DataFrame, gold: dict) -> tuple[int, int]:
    """(replaced gold organisations typed PLACE, replaced gold organisations): a company is not
    a `[Place]`."""
    typed: dict[str, int] = defaultdict(int)
    by_unit = {k: g for k, g in review.groupby(["transcript", "turn", "field"])}
    for t in transcripts:
        items = gold["transcripts"].get(t.id, [])
        for turn in t.turns:
            for field, value in (("speaker", turn.speaker), ("text", turn.text)):
                reps = by_unit.get((t.id, turn.order, field))
                if reps is None:
                    continue
                for s, e, typ in gold_mentions(value, items):
                    hit = reps[(reps.start.astype(int) < e) & (reps.end.astype(int) > s)]
                    if typ == "ORG" and len(hit):
                        typed[hit.type.iloc[0]] += 1
    return typed["PLACE"], sum(typed.values())
