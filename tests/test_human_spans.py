"""Issue 27: the participant turns' character spans (`turn_spans`, read by the coding stage, the
REFI-QDA export and the assistant) and the export's codings (`refiqda_codings`) are computed from
whole columns instead of a table lookup per group or row. They must be what the per-group and
per-row versions gave — kept here as the specification — on tables as they come from
segments.tsv: strings, a turn in several windows, rows out of order, interviewer turns, a turn
index past 9 (which sorts before 2 as a string), a human coding of a turn with no segment."""

from __future__ import annotations

import pandas as pd

from coprod.human import refiqda_codings, turn_spans


def _turn_spans_by_group(segments: pd.DataFrame) -> dict:
    seg = segments[segments.role == "participant"]
    out: dict = {}
    for (tid, idx), g in seg.groupby(["transcript_id", "turn_index"], sort=True):
        out.setdefault(tid, []).append(
            (int(g.start.astype(int).min()), int(g.end.astype(int).max()), int(idx))
        )
    return {t: sorted(v) for t, v in out.items()}


def _refiqda_codings_by_row(coded: pd.DataFrame, segments: pd.DataFrame, human) -> list[dict]:
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


# (segment_id, transcript_id, turn_index, role, start, end), as strings and out of order
ROWS = [
    ("b_0010_02", "b", "10", "participant", "950", "990"),
    ("a_0002", "a", "2", "participant", "40", "80"),
    ("b_0010_01", "b", "10", "participant", "900", "949"),
    ("a_0001", "a", "1", "interviewer", "0", "39"),
    ("a_0009_01", "a", "9", "participant", "300", "350"),
    ("a_0009_02", "a", "9", "participant", "351", "420"),
    ("b_0003", "b", "3", "participant", "100", "160"),
]


def _segments() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["segment_id", "transcript_id", "turn_index", "role", "start", "end"])


def test_turn_spans_are_the_per_group_spans():
    segments = _segments()
    got = turn_spans(segments)
    assert got == _turn_spans_by_group(segments)
    assert got == {"a": [(40, 80, 2), (300, 420, 9)], "b": [(100, 160, 3), (900, 990, 10)]}
    assert list(got) == ["a", "b"]
    assert turn_spans(segments[segments.role == "interviewer"]) == {}


def test_refiqda_codings_are_the_per_row_codings():
    segments = _segments()
    coded = pd.DataFrame(
        [("b_0010_01", "cost"), ("a_0009_02", "trust"), ("a_0002", "cost"), ("b_0010_01", "trust")],
        columns=["segment_id", "code_id"],
    )
    human = pd.DataFrame(
        [
            ("a", "9", "trust", "ann"),
            ("b", "10", "cost", "bo"),
            ("b", "7", "cost", "bo"),
            ("a", "2", "cost", "ann"),
        ],
        columns=["transcript_id", "turn_index", "code", "coder"],
    )
    got = refiqda_codings(coded, segments, human)
    assert got == _refiqda_codings_by_row(coded, segments, human)
    assert [type(c["start"]) for c in got] == [int] * len(got)
    assert got[4] == {"transcript_id": "a", "start": 300, "end": 420, "code": "trust", "coder": "ann"}
    assert len(got) == 7  # the coding of turn 7, which has no segment, is left out
