"""Rule coding (whole-word keyword phrases, stems on request, transparent matches).

The topic model's tests are in tests/test_topics_engine.py."""

from __future__ import annotations

import pandas as pd
from conftest import ROOT

from coprod.coding import Code, code_segments, keyword, load_codebook, matrix


def code(cid, *phrases, stem=False):
    return Code(cid, "t", cid, tuple(keyword(p, stem=stem) for p in phrases), ())


def segs(*texts):
    return pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(len(texts))],
            "transcript_id": "t1",
            "participant_id": ["P1", "P2"][: len(texts)] if len(texts) <= 2 else "P1",
            "site_id": "a",
            "group": "local",
            "text": list(texts),
        }
    )


def test_stemmed_phrase_matching_records_rule_and_words():
    coded = code_segments(
        segs("The third-sector interfaces were commissioned.", "Nothing here."),
        [code("tsi", "third sector interface", stem=True), code("comm", "commission", stem=True)],
    )
    assert coded[["segment_id", "code_id", "rules", "matched"]].values.tolist() == [
        ["s0", "tsi", "keyword:third sector interface", "third-sector interfaces"],
        ["s0", "comm", "keyword:commission", "commissioned"],
    ]


def test_pseudonyms_are_never_matched():
    coded = code_segments(
        segs("[Person 3] talked to [Organisation 1]."), [code("p", "person"), code("o", "organisation")]
    )
    assert coded.empty


def test_matrix_keeps_every_code_and_level():
    coded = code_segments(segs("pilot funding", "pilot"), [code("pilot", "pilot"), code("none", "zebra")])
    m = matrix(coded, [code("pilot", "pilot"), code("none", "zebra")], "participant_id", ["P1", "P2", "P3"])
    assert m.values.tolist() == [["pilot", "t", 1, 1, 0], ["none", "t", 0, 0, 0]]


def test_study_codebook_codes_realistic_text():
    _, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    text = (
        "Honestly co-production is a woolly word, and the funding was only ever a pilot. "
        "During the pandemic everything went online and our chief officer moved on."
    )
    got = set(code_segments(segs(text), codes).code_id)
    assert {
        "woolly_word",
        "short_term_funding",
        "covid_disruption",
        "digital_exclusion",
        "senior_leadership",
        "capacity_turnover",
    } <= got
