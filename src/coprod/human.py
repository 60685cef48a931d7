"""Human codings as the pipeline uses them: every coder's file read and checked, and the rule
coder's segment codes lifted to the unit humans coded (a participant turn)."""

from __future__ import annotations

import pandas as pd

from .reliability import read_codings_csv, read_sample_csv


def load_human(files: list[str], coders: list[str], sample_path: str, codes: list[str]):
    """(codings in long format with a coder column, sample units)."""
    frames = [read_codings_csv(f, c, codes) for f, c in zip(files, coders, strict=True)]
    return pd.concat(frames, ignore_index=True), read_sample_csv(sample_path)


def rule_codes_by_turn(coded: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """A turn carries a code when any of its sentence windows does."""
    seg = segments[["segment_id", "transcript_id", "turn_index"]].copy()
    seg["turn_index"] = seg.turn_index.astype(int)
    merged = coded[["segment_id", "code_id"]].merge(seg, on="segment_id", how="inner")
    out = merged.rename(columns={"code_id": "code"})[["transcript_id", "turn_index", "code"]]
    return out.drop_duplicates().sort_values(["transcript_id", "turn_index", "code"]).reset_index(drop=True)


def refiqda_codings(coded: pd.DataFrame, segments: pd.DataFrame, human: pd.DataFrame | None) -> list[dict]:
    """Codings with character spans in `<id>.txt` for a REFI-QDA project: the rule coder on its
    segments (coder 'rules'), and each human coder on the whole participant turn they coded."""
    seg = segments.copy()
    for col in ("start", "end", "turn_index"):
        seg[col] = seg[col].astype(int)
    spans = seg.set_index("segment_id")[["transcript_id", "start", "end"]]
    out = [
        {
            "transcript_id": spans.at[r.segment_id, "transcript_id"],
            "start": int(spans.at[r.segment_id, "start"]),
            "end": int(spans.at[r.segment_id, "end"]),
            "code": r.code_id,
            "coder": "rules",
        }
        for r in coded.itertuples()
    ]
    if human is not None and len(human):
        turns = seg.groupby(["transcript_id", "turn_index"]).agg(start=("start", "min"), end=("end", "max"))
        for r in human.itertuples():
            key = (r.transcript_id, int(r.turn_index))
            if key in turns.index:
                a, b = turns.loc[key]
                out.append(
                    {
                        "transcript_id": r.transcript_id,
                        "start": int(a),
                        "end": int(b),
                        "code": r.code,
                        "coder": r.coder,
                    }
                )
    return out
