"""Segmentation windows and offsets, co-occurrence, exemplars, saturation, supervised model."""

from __future__ import annotations

import pandas as pd
import pytest

from coprod.analysis import cooccurrence, exemplars, saturation
from coprod.human import refiqda_codings, rule_codes_by_turn
from coprod.privacy.deidentify import render_text
from coprod.segment import build_segments, sentence_splitter, windows
from coprod.supervised import train_and_apply, turn_texts


def doc():
    long = " ".join(
        f"Sentence number {i} talks about the budget and the plan, Dr. Smith said." for i in range(12)
    )
    return {
        "id": "t1",
        "format": "txt",
        "turns": [
            {"order": 0, "role": "interviewer", "speaker": "Interviewer", "text": "What happened?"},
            {"order": 1, "role": "participant", "speaker": "[Person 1]", "text": long},
            {"order": 2, "role": "interviewer", "speaker": "Interviewer", "text": "And then?"},
            {"order": 3, "role": "participant", "speaker": "[Person 1]", "text": "Aye."},
            {
                "order": 4,
                "role": "participant",
                "speaker": "[Person 1]",
                "text": "We counted the workshops we ran.",
            },
        ],
    }


def sheet():
    return pd.DataFrame(
        {
            "participant_id": ["P1"],
            "file": ["t1.txt"],
            "site_id": ["site_a"],
            "group": ["local"],
            "role_category": ["x"],
            "transcript_id": ["t1"],
        }
    )


def test_windows_respect_sentences_abbreviations_and_limit():
    text = "Dr. Smith came. " * 30
    spans = windows(text.strip(), 20, sentence_splitter())
    assert len(spans) > 1 and all(text[a:b].startswith("Dr. Smith") for a, b in spans)
    assert all(len(text[a:b].split()) <= 20 for a, b in spans)
    assert windows("short text", 20, sentence_splitter()) == [(0, 10)]


def test_segments_offsets_point_into_the_deidentified_text():
    d = doc()
    seg = build_segments([d], sheet(), "p.tsv", min_words=3, max_words=40)
    rendered = render_text(d)
    assert (seg.role == "participant").all()
    assert list(seg.turn_index.unique()) == [1, 3]  # "Aye." (turn 2) dropped, but still counted
    assert seg[seg.turn_index == 1].window.max() > 1
    for r in seg.itertuples():
        assert rendered[r.start : r.end] == r.text


def test_cooccurrence_counts_and_jaccard():
    coded = pd.DataFrame({"segment_id": ["s1", "s1", "s2", "s3"], "code_id": ["a", "b", "a", "b"]})
    co = cooccurrence(coded, ["a", "b"]).set_index(["code_a", "code_b"])
    assert co.loc[("a", "b"), "count"] == 1 and co.loc[("a", "b"), "jaccard"] == pytest.approx(1 / 3)
    assert co.loc[("a", "a"), "count"] == 2 and co.loc[("a", "a"), "jaccard"] == 1.0


def test_exemplars_are_bounded_spread_and_participant_only():
    segs = pd.DataFrame(
        {
            "segment_id": ["s1", "s2", "s3", "s4"],
            "role": ["participant", "participant", "participant", "interviewer"],
            "n_words": [30, 30, 200, 30],
            "text": ["one", "two", "three", "four"],
        }
    )
    coded = pd.DataFrame(
        {
            "segment_id": ["s1", "s2", "s3", "s4"],
            "code_id": ["c"] * 4,
            "n_hits": [1, 2, 5, 9],
            "participant_id": ["P1", "P1", "P2", "P3"],
            "site_id": ["a", "a", "b", "c"],
            "group": ["local"] * 4,
            "transcript_id": ["t1"] * 4,
        }
    )
    ex = exemplars(coded, segs, ["c"], per_code=3, min_words=20, max_words=90)
    # s3 too long, s4 interviewer; s2 (most hits) first, then s1 fills the count although its
    # participant is already quoted (no other participant has an eligible segment)
    assert ex.segment_id.tolist() == ["s2", "s1"]


def test_saturation_curve_and_band_are_deterministic():
    coded = pd.DataFrame(
        {
            "transcript_id": ["t1", "t1", "t2", "t3"],
            "segment_id": ["1", "2", "3", "4"],
            "code_id": ["a", "b", "b", "c"],
        }
    )
    s1 = saturation(coded, ["t1", "t2", "t3"], 200, 7)
    s2 = saturation(coded, ["t1", "t2", "t3"], 200, 7)
    assert s1.equals(s2)
    s1 = s1[s1.measure == "codes"]
    assert s1.codes_in_order.tolist() == [2, 2, 3] and s1.new_in_order.tolist() == [2, 0, 1]
    assert (
        s1["mean"].iloc[-1] == 3 and (s1.lower_95 <= s1["mean"]).all() and (s1["mean"] <= s1.upper_95).all()
    )


def test_rule_codes_lift_to_turns_and_refiqda_spans():
    segs = pd.DataFrame(
        {
            "segment_id": ["t1_0001_01", "t1_0001_02"],
            "transcript_id": ["t1", "t1"],
            "turn_index": ["1", "1"],
            "start": ["10", "50"],
            "end": ["49", "90"],
        }
    )
    coded = pd.DataFrame({"segment_id": ["t1_0001_01", "t1_0001_02"], "code_id": ["a", "a"]})
    assert rule_codes_by_turn(coded, segs).values.tolist() == [["t1", 1, "a"]]
    human = pd.DataFrame({"transcript_id": ["t1"], "turn_index": [1], "code": ["b"], "coder": ["A"]})
    spans = refiqda_codings(coded, segs, human)
    assert {(c["start"], c["end"], c["code"], c["coder"]) for c in spans} == {
        (10, 49, "a", "rules"),
        (50, 90, "a", "rules"),
        (10, 90, "b", "A"),
    }


def test_supervised_learns_a_separable_code_and_keeps_too_small_codes_out():
    texts = [f"the budget money savings cuts item {i}" for i in range(10)] + [
        f"carers community volunteers groups item {i}" for i in range(10)
    ]
    turns = pd.DataFrame(
        {
            "transcript_id": ["t1"] * 22,
            "turn_index": list(range(1, 23)),
            "text": texts + ["budget money savings", "carers volunteers"],
        }
    )
    labels = pd.DataFrame(
        {
            "transcript_id": ["t1"] * 20,
            "turn_index": list(range(1, 21)),
            "codes": [{"money"}] * 10 + [set()] * 9 + [{"rare"}],
        }
    )
    cv, preds = train_and_apply(
        turns, labels, ["money", "rare"], min_positive=5, folds=5, seed=1, threshold=0.5
    )
    cv = cv.set_index("code_id")
    assert cv.loc["money", "f1"] == 1.0 and cv.loc["rare", "status"].startswith("too few")
    assert preds.values.tolist()[0][:3] == ["t1", 21, "money"] and len(preds) == 1


def test_turn_texts_rejoin_windows():
    segs = pd.DataFrame(
        {
            "transcript_id": ["t1", "t1"],
            "turn_index": [1, 1],
            "window": [2, 1],
            "role": ["participant"] * 2,
            "text": ["second.", "First."],
        }
    )
    assert turn_texts(segs).text.tolist() == ["First. second."]


def test_human_codings_from_qdpx_and_span_csv_match_the_turn_csv(tmp_path):
    from conftest import ROOT

    from coprod.coding import load_codebook
    from coprod.human import load_human, refiqda_codings
    from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript
    from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts
    from coprod.privacy.register import interviewer_labels, load_register
    from coprod.refiqda import write_qdpx
    from coprod.segment import read_participants
    from coprod.tables import read_tsv

    example = ROOT / "data" / "raw" / "example"
    entities = load_register(example / "register.yaml")
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(entities)
    files = sorted(p for p in example.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"})
    docs, _ = deidentify_transcripts(
        [read_transcript(p, labels) for p in files], entities, PseudonymKey(), Settings()
    )
    sheet_path = ROOT / "config" / "participants.tsv"
    segments = build_segments(docs, read_participants(sheet_path), sheet_path, min_words=5, max_words=120)
    segments.to_csv(tmp_path / "segments.tsv", sep="\t", index=False)
    segments = read_tsv(tmp_path / "segments.tsv")  # as the pipeline reads it: strings
    codebook, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    ids = [c.id for c in codes]
    coding = example / "coding"
    by_turn, sample = load_human(
        [str(coding / "coder_b.csv")], ["B"], str(coding / "sample.csv"), ids, segments
    )
    spans = refiqda_codings(pd.DataFrame(columns=["segment_id", "code_id"]), segments, by_turn)
    texts = {t: "x" * 200_000 for t in segments.transcript_id.unique()}
    write_qdpx(tmp_path / "b.qdpx", texts, codebook, spans, ["B"], "test")
    pd.DataFrame(
        [(c["transcript_id"], c["start"], c["end"], c["code"]) for c in spans],
        columns=["transcript_id", "start", "end", "code"],
    ).to_csv(tmp_path / "b_spans.csv", index=False)
    key = ["transcript_id", "turn_index", "code"]
    want = by_turn[key].sort_values(key).reset_index(drop=True)
    for f in ("b.qdpx", "b_spans.csv"):
        got, _ = load_human([str(tmp_path / f)], ["B"], str(coding / "sample.csv"), ids, segments)
        assert got[key].sort_values(key).reset_index(drop=True).equals(want), f
