"""Rule coding (whole-word keyword phrases, stems on request, transparent matches) and the seeded LDA."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
from conftest import ROOT

from coprod.coding import Code, code_segments, keyword, load_codebook, matrix
from coprod.topics import choose_k, fit, prepare, search_k, topic_tables


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


TEXTS = [
    "funding budget money savings pilot funding budget",
    "budget savings money funding cuts pilot money",
    "covid lockdown online digital teams zoom covid",
    "digital online zoom covid lockdown broadband",
    "carers community volunteers third sector carers",
    "community volunteers carers third sector groups",
] * 3


def test_prepare_joins_collocations_and_shows_surface_forms():
    prep = prepare(TEXTS, [], 1, 1.0, colloc_min_freq=3, colloc_min_pmi=1.0)
    assert "third sector" in prep.collocations  # found although "third" is a scikit-learn stop word
    assert all(" " in d for d in prep.display if "_" in prep.vocab[prep.display.index(d)])
    assert "third" not in prep.display  # the stop word alone never becomes a term
    assert prep.X.shape[0] == len(TEXTS)


def test_lda_same_seed_same_tables_and_valid_distributions():
    prep = prepare(TEXTS, [], 1, 1.0, colloc_min_pmi=99)
    a = fit(prep.X, "lda", 3, 7, 20)
    b = fit(prep.X, "lda", 3, 7, 20)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert np.allclose(a[0].sum(axis=1), 1) and np.allclose(a[1].sum(axis=1), 1)
    terms, dt, summary = topic_tables([f"s{i}" for i in range(len(TEXTS))], a[0], a[1], prep, n_top=5)
    assert len(terms) == 15 and list(dt.columns) == ["segment_id", "topic_1", "topic_2", "topic_3"]
    assert abs(summary.prevalence.sum() - 1) < 1e-5
    themes = [
        {"funding", "budget", "money", "savings", "pilot", "cuts"},
        {"covid", "lockdown", "online", "digital", "teams", "zoom", "broadband"},
        {"carers", "community", "volunteers", "third sector", "third", "sector", "groups"},
    ]
    for label in summary.label:
        assert any(set(label.split(", ")) <= t for t in themes), label


def test_nmf_runs_and_k_search_picks_the_separable_k():
    prep = prepare(TEXTS, [], 1, 1.0)
    assert fit(prep.X, "nmf", 3, 1, 50)[1].shape == (len(TEXTS), 3)
    diag = search_k(prep, "lda", [2, 3, 4], [1, 2], 30, 5, 0.2, workers=1, log=open(os.devnull, "w"))
    assert set(diag.columns) >= {
        "k",
        "seed",
        "heldout_perplexity",
        "umass",
        "npmi",
        "exclusivity",
        "stability",
    }
    assert len(diag) == 6 and choose_k(diag) in {2, 3, 4}
    again = search_k(prep, "lda", [2, 3, 4], [1, 2], 30, 5, 0.2, workers=2, log=open(os.devnull, "w"))
    assert diag.equals(again)  # parallel fits give the same table


def test_choose_k_rule_on_a_hand_table():
    import pandas as pd

    diag = pd.DataFrame(
        {
            "k": [4, 4, 6, 6, 8, 8],
            "seed": [1, 2] * 3,
            "npmi": [0.10, 0.10, 0.20, 0.20, 0.30, 0.30],
            "exclusivity": [0.5, 0.5, 0.6, 0.6, 0.9, 0.9],
            "stability": [0.9, 0.9, 0.8, 0.8, 0.3, 0.3],
        }
    )
    assert choose_k(diag) == 6  # K=8 scores best but is unstable across seeds
    diag["stability"] = 0.2
    assert choose_k(diag) == 8  # no K is stable: all are considered
