"""Rule coding (stemmed keyword phrases, transparent matches) and the seeded LDA."""

from __future__ import annotations

import numpy as np
import pandas as pd
from conftest import ROOT

from coprod.coding import Code, code_segments, load_codebook, matrix
from coprod.text import stem, tokens
from coprod.topics import fit_lda, topic_tables


def code(cid, *phrases):
    return Code(cid, "t", cid, tuple(tuple(stem(w) for w in tokens(p)) for p in phrases), ())


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
        [code("tsi", "third sector interface"), code("comm", "commission")],
    )
    assert coded[["segment_id", "code_id", "rules", "matched"]].values.tolist() == [
        ["s0", "tsi", "keyword:third sector interfac", "third sector interfaces"],
        ["s0", "comm", "keyword:commiss", "commissioned"],
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


TEXTS = [
    "funding budget money savings pilot funding budget",
    "budget savings money funding cuts pilot money",
    "covid lockdown online digital teams zoom covid",
    "digital online zoom covid lockdown broadband",
    "carers community volunteers third sector carers",
    "community volunteers carers third sector groups",
] * 3


def test_lda_same_seed_same_tables_and_valid_distributions():
    a = fit_lda(TEXTS, 3, 7, 20, 1, 1.0, [])
    b = fit_lda(TEXTS, 3, 7, 20, 1, 1.0, [])
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert np.allclose(a[0].sum(axis=1), 1) and np.allclose(a[1].sum(axis=1), 1)
    terms, dt, summary = topic_tables([f"s{i}" for i in range(len(TEXTS))], *a, n_top=5)
    assert len(terms) == 15 and list(dt.columns) == ["segment_id", "topic_1", "topic_2", "topic_3"]
    assert abs(summary.prevalence.sum() - 1) < 1e-5
    # three clearly separated themes -> each top-3 label comes from one theme's words
    themes = [
        {"funding", "budget", "money", "savings", "pilot", "cuts"},
        {"covid", "lockdown", "online", "digital", "teams", "zoom", "broadband"},
        {"carers", "community", "volunteers", "third", "sector", "groups"},
    ]
    for label in summary.label:
        assert any(set(label.split(", ")) <= t for t in themes), label


def test_proximity_rule_fires_only_within_the_window():
    c = Code("power", "t", "power", (), (), (("budget", "control", 4),))
    coded = code_segments(
        segs(
            "Whoever controls the budget holds the pen.",
            "The budget was set. Later, much later, after many other things, control was lost.",
        ),
        [c],
    )
    assert coded.segment_id.tolist() == ["s0"] and coded.matched.tolist() == ["budget … controls"]
