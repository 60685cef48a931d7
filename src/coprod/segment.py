"""Segment: de-identified turns -> the segments table, the unit of coding and topic modelling.

A segment is one participant turn (interviewer turns are excluded unless configured), tagged
with the participant's pseudonymous descriptors from the participants sheet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .errors import InputError
from .tables import read_tsv

PARTICIPANT_COLUMNS = ["participant_id", "file", "site_id", "group", "role_category"]
SEGMENT_COLUMNS = [
    "segment_id",
    "transcript_id",
    "participant_id",
    "site_id",
    "group",
    "role_category",
    "turn_index",
    "order",
    "role",
    "n_words",
    "text",
]
WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def read_participants(path: str | Path) -> pd.DataFrame:
    """Read the participants sheet; one row per transcript file, ids unique."""
    df = read_tsv(path, PARTICIPANT_COLUMNS)
    df["transcript_id"] = df["file"].map(lambda f: Path(f).stem)
    for col in ("participant_id", "file"):
        dup = df[df[col].duplicated()][col]
        if len(dup):
            raise InputError(path, f"duplicate {col} '{dup.iloc[0]}'", f"each {col} must appear once")
    for i, row in df.iterrows():
        if not all(row[c] for c in PARTICIPANT_COLUMNS):
            raise InputError(
                f"{path}:{i + 2}", "empty cell", f"fill every column: {', '.join(PARTICIPANT_COLUMNS)}"
            )
    return df


def build_segments(
    docs: list[dict],
    participants: pd.DataFrame,
    sheet: str | Path,
    include_interviewer: bool = False,
    min_words: int = 1,
) -> pd.DataFrame:
    """One row per kept turn, with descriptors joined from the participants sheet."""
    by_id = participants.set_index("transcript_id")
    rows = []
    for doc in sorted(docs, key=lambda d: d["id"]):
        if doc["id"] not in by_id.index:
            raise InputError(
                sheet,
                f"no row for transcript '{doc['id']}'",
                "add a row (participant_id, file, site_id, group, role_category)",
            )
        meta = by_id.loc[doc["id"]]
        p_index = 0
        for turn in doc["turns"]:
            keep = turn["role"] == "participant" or include_interviewer
            n = count_words(turn["text"])
            if turn["role"] == "participant":
                p_index += 1
            if not keep or n < min_words:
                continue
            idx = p_index if turn["role"] == "participant" else 0
            rows.append(
                {
                    "segment_id": f"{doc['id']}_{turn['order']:04d}",
                    "transcript_id": doc["id"],
                    "participant_id": meta["participant_id"],
                    "site_id": meta["site_id"],
                    "group": meta["group"],
                    "role_category": meta["role_category"],
                    "turn_index": idx,
                    "order": turn["order"],
                    "role": turn["role"],
                    "n_words": n,
                    "text": turn["text"],
                }
            )
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def load_docs(paths: list[str | Path]) -> list[dict]:
    return [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]


def transcript_stats(docs: list[dict], participants: pd.DataFrame) -> pd.DataFrame:
    """Per-transcript descriptives (shareable): turns, words by role, format, site, group."""
    by_id = participants.set_index("transcript_id")
    rows = []
    for doc in sorted(docs, key=lambda d: d["id"]):
        meta = by_id.loc[doc["id"]]
        words = {"participant": 0, "interviewer": 0}
        for t in doc["turns"]:
            words[t["role"]] += count_words(t["text"])
        rows.append(
            {
                "transcript_id": doc["id"],
                "participant_id": meta["participant_id"],
                "site_id": meta["site_id"],
                "group": meta["group"],
                "format": doc["format"],
                "turns": len(doc["turns"]),
                "participant_words": words["participant"],
                "interviewer_words": words["interviewer"],
                "words": sum(words.values()),
            }
        )
    return pd.DataFrame(rows)
