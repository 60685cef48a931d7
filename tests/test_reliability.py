"""Inter-coder reliability: known textbook values, and agreement with three independent implementations
(the `krippendorff` package, scikit-learn, NLTK) on hand cases and on the example corpus's human coding."""

from __future__ import annotations

import math
from fractions import Fraction

import krippendorff
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from coprod.coding import load_codebook
from coprod.errors import InputError
from coprod.reliability import (
    auto_vs_human,
    check_codes,
    cohen_kappa,
    coincidences,
    consensus,
    krippendorff_alpha_nominal,
    outside_sample,
    percent_agreement,
    presence,
    read_codings_csv,
    read_sample_csv,
    reliability_table,
)

CODING = ROOT / "data" / "raw" / "example" / "coding"
CODE_IDS = [c.id for c in load_codebook(ROOT / "config" / "codebook.yaml")[1]]
TOL = 1e-9
n = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers × 12 units,
# nominal values with missing data; published nominal alpha 0.743 (exactly 1 - 39·8/1216 = 113/152).
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
    [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
]


def cohen_table(yy: int, yn: int, ny: int, nn: int) -> tuple[list[str], list[str]]:
    """Two raters' labels from a 2×2 table (rows rater A, columns rater B)."""
    a = ["y"] * (yy + yn) + ["n"] * (ny + nn)
    b = ["y"] * yy + ["n"] * yn + ["y"] * ny + ["n"] * nn
    return a, b


def triples(data) -> list[tuple[int, int, object]]:
    """Coders × units matrix → NLTK's (coder, item, label) triples, missing values omitted."""
    return [
        (c, u, v)
        for c, row in enumerate(data)
        for u, v in enumerate(row)
        if not (v is None or (isinstance(v, float) and math.isnan(v)))
    ]


def pair_task(a: list, b: list, ca: str, cb: str) -> AnnotationTask:
    """NLTK's task for two complete rating vectors."""
    return AnnotationTask(data=[(ca, i, x) for i, x in enumerate(a)] + [(cb, i, x) for i, x in enumerate(b)])


def kripp_pkg(data) -> float:
    """The `krippendorff` package on a (possibly object) matrix with None/nan for missing."""
    arr = np.array([[np.nan if v is None else float(v) for v in row] for row in data], dtype=float)
    return float(krippendorff.alpha(reliability_data=arr, level_of_measurement="nominal"))


# ---------------------------------------------------------------- Cohen's kappa, percent agreement


def test_cohen_classic_example_is_0_4():
    a, b = cohen_table(20, 5, 10, 15)  # p_o = 35/50, p_e = .5·.6 + .5·.4 = .5
    assert len(a) == 50
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)
    assert percent_agreement(a, b) == pytest.approx(0.7, abs=1e-12)


def test_cohen_perfect_agreement_and_degenerate_cases():
    assert cohen_kappa([1, 2, 3, 1], [1, 2, 3, 1]) == 1.0
    assert percent_agreement([1, 2, 3, 1], [1, 2, 3, 1]) == 1.0
    # both raters constant and equal: p_e = 1, kappa undefined
    assert math.isnan(cohen_kappa([0, 0, 0], [0, 0, 0]))
    assert percent_agreement([0, 0, 0], [0, 0, 0]) == 1.0
    # constant but different: p_o = p_e = 0 → 0
    assert cohen_kappa(["x"] * 4, ["y"] * 4) == 0.0
    # one rater constant, the other not: p_e = p_o → 0
    assert cohen_kappa([0, 0, 0, 0], [0, 0, 0, 1]) == 0.0
    assert math.isnan(cohen_kappa([], [])) and math.isnan(percent_agreement([], []))
    # perfect disagreement on a balanced binary item: -1
    assert cohen_kappa([0, 1, 0, 1], [1, 0, 1, 0]) == -1.0


def test_cohen_drops_pairs_with_a_missing_rating_and_checks_lengths():
    a, b = cohen_table(20, 5, 10, 15)
    assert cohen_kappa(a + [None, "y", n], b + ["y", None, n]) == pytest.approx(0.4, abs=1e-12)
    assert percent_agreement(a + [None], b + ["n"]) == pytest.approx(0.7, abs=1e-12)
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa([1, 2], [1])


def test_cohen_three_categories_by_hand():
    # 3×3 table [[5,1,0],[2,4,1],[0,1,6]], n = 20: p_o = 15/20; margins A 6,7,7 B 7,6,7;
    # p_e = (42 + 42 + 49)/400 = 133/400; kappa = (300 - 133)/(400 - 133) = 167/267
    cells = {(0, 0): 5, (0, 1): 1, (1, 0): 2, (1, 1): 4, (1, 2): 1, (2, 1): 1, (2, 2): 6}
    a = [i for (i, _), k in cells.items() for _ in range(k)]
    b = [j for (_, j), k in cells.items() for _ in range(k)]
    assert cohen_kappa(a, b) == pytest.approx(167 / 267, abs=1e-12)
    assert abs(cohen_kappa(a, b) - cohen_kappa_score(a, b)) < TOL


def test_cohen_agrees_with_sklearn_and_nltk_on_random_cases():
    rng = np.random.default_rng(20240611)
    worst_sk = worst_nltk = 0.0
    for _ in range(200):
        size, k = int(rng.integers(2, 60)), int(rng.integers(2, 5))
        a = rng.integers(0, k, size).tolist()
        flip = rng.random(size) < rng.random()
        b = [int(rng.integers(0, k)) if f else x for x, f in zip(a, flip, strict=True)]
        ours = cohen_kappa(a, b)
        if math.isnan(ours):
            assert len(set(a)) == len(set(b)) == 1 and a[0] == b[0]
            continue
        worst_sk = max(worst_sk, abs(ours - cohen_kappa_score(a, b)))
        task = pair_task(a, b, "A", "B")
        worst_nltk = max(worst_nltk, abs(ours - task.kappa()))
        assert percent_agreement(a, b) == pytest.approx(task.Ao("A", "B"), abs=TOL)
    assert worst_sk < TOL and worst_nltk < TOL


# ---------------------------------------------------------------- Krippendorff's alpha (nominal)


def test_krippendorff_2011_nominal_example_exactly():
    assert krippendorff_alpha_nominal(K2011) == pytest.approx(float(Fraction(113, 152)), abs=1e-12)
    assert round(krippendorff_alpha_nominal(K2011), 3) == 0.743
    o = coincidences(K2011)
    assert list(o.index) == [1, 2, 3, 4, 5]
    assert o.sum(axis=1).tolist() == pytest.approx([9, 13, 10, 5, 3], abs=1e-12)  # n_c, n = 40
    assert o.loc[1].tolist() == pytest.approx([7, 4 / 3, 1 / 3, 1 / 3, 0], abs=1e-12)
    assert np.allclose(o.values, o.values.T)


def test_krippendorff_2011_in_other_shapes_and_missing_markers():
    as_none = [[None if isinstance(v, float) and math.isnan(v) else v for v in row] for row in K2011]
    as_str = [[None if v is None else f"v{v}" for v in row] for row in as_none]
    expected = 113 / 152
    assert krippendorff_alpha_nominal(np.array(K2011, dtype=float)) == pytest.approx(expected, abs=1e-12)
    assert krippendorff_alpha_nominal(as_none) == pytest.approx(expected, abs=1e-12)
    assert krippendorff_alpha_nominal(as_str) == pytest.approx(expected, abs=1e-12)
    assert krippendorff_alpha_nominal(pd.DataFrame(as_none)) == pytest.approx(expected, abs=1e-12)


def test_krippendorff_2011_agrees_with_krippendorff_package_and_nltk():
    ours = krippendorff_alpha_nominal(K2011)
    assert abs(ours - kripp_pkg(K2011)) < TOL
    assert abs(ours - AnnotationTask(data=triples(K2011)).alpha()) < TOL


def test_krippendorff_degenerate_cases():
    assert krippendorff_alpha_nominal([[1, 2, 3], [1, 2, 3]]) == 1.0
    assert math.isnan(krippendorff_alpha_nominal([[1, 1, 1], [1, 1, None]]))  # one category
    assert math.isnan(krippendorff_alpha_nominal([[1, None], [None, 2]]))  # nothing pairable
    assert math.isnan(krippendorff_alpha_nominal([[1, 2, 3]]))  # one coder
    assert math.isnan(krippendorff_alpha_nominal(np.empty((2, 0))))
    # a unit with one rating is ignored entirely (its value is not in the margins)
    assert krippendorff_alpha_nominal([[1, 2, 9], [1, 2, None]]) == 1.0
    with pytest.raises(ValueError, match="coders × units"):
        krippendorff_alpha_nominal([1, 2, 3])


def test_krippendorff_binary_two_coders_by_hand():
    # A = 1100, B = 1000: o11 = 2, o10 = o01 = 1, o00 = 4; n = 8, n1 = 3, n0 = 5
    # alpha = 1 - 7·(8 - 6)/(64 - 9 - 25) = 8/15
    assert krippendorff_alpha_nominal([[1, 1, 0, 0], [1, 0, 0, 0]]) == pytest.approx(8 / 15, abs=1e-12)


def test_krippendorff_agrees_with_package_and_nltk_on_random_cases():
    rng = np.random.default_rng(7)
    worst_pkg = worst_nltk = 0.0
    checked = 0
    for _ in range(150):
        coders, units, k = int(rng.integers(2, 6)), int(rng.integers(2, 30)), int(rng.integers(2, 5))
        truth = rng.integers(0, k, units)
        data = np.where(rng.random((coders, units)) < 0.7, truth, rng.integers(0, k, (coders, units)))
        data = np.where(rng.random((coders, units)) < 0.2, np.nan, data.astype(float))
        ours = krippendorff_alpha_nominal(data)
        pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
        values = set(pairable[~np.isnan(pairable)].tolist())
        if len(values) < 2:
            assert math.isnan(ours)
            continue
        worst_pkg = max(worst_pkg, abs(ours - kripp_pkg(data.tolist())))
        worst_nltk = max(worst_nltk, abs(ours - AnnotationTask(data=triples(data.tolist())).alpha()))
        checked += 1
    assert checked > 100 and worst_pkg < TOL and worst_nltk < TOL


# ---------------------------------------------------------------- code-level reliability (hand case)


def hand_codings() -> tuple[pd.DataFrame, pd.DataFrame]:
    sample = pd.DataFrame({"transcript_id": ["t1"] * 4, "turn_index": [1, 2, 3, 4]})
    codings = pd.DataFrame(
        [
            ("t1", 1, "A", "x"),
            ("t1", 2, "A", "x"),
            ("t1", 1, "B", "x"),
            ("t1", 1, "B", "x"),  # duplicate row: presence is binary
            ("t9", 5, "A", "x"),  # outside the sample: single-coded, ignored
            ("t1", 3, "A", "other"),  # not a listed code: ignored
        ],
        columns=["transcript_id", "turn_index", "coder", "code"],
    )
    return codings, sample


def test_presence_matrix_is_binary_over_sample_units():
    codings, sample = hand_codings()
    p = presence(codings, sample, ["x", "y"])
    assert list(p.index) == [("t1", 1), ("t1", 2), ("t1", 3), ("t1", 4)]
    assert list(p.columns) == [("x", "A"), ("x", "B"), ("y", "A"), ("y", "B")]
    assert p[("x", "A")].tolist() == [1, 1, 0, 0] and p[("x", "B")].tolist() == [1, 0, 0, 0]
    assert p[("y", "A")].sum() == p[("y", "B")].sum() == 0
    assert outside_sample(codings, sample).values.tolist() == [["t9", 5, "A", "x"]]


def test_reliability_table_hand_values():
    codings, sample = hand_codings()
    t = reliability_table(codings, sample, ["x", "y"]).set_index("code")
    assert list(t.index) == ["x", "y", "ALL"]
    assert list(t.columns) == [
        "status",
        "n_units",
        "n_transcripts",
        "n_coders",
        "n_values",
        "positives",
        "n_A",
        "n_B",
        "agreement",
        "alpha",
        "alpha_low",
        "alpha_high",
        "kappa",
        "below_0667",
        "below_080",
        "alpha_mean",
        "n_estimable",
    ]
    x, y, total = t.loc["x"], t.loc["y"], t.loc["ALL"]
    assert (x.status, x.n_units, x.n_coders, x.n_values, x.n_A, x.n_B) == ("estimable", 4, 2, 8, 2, 1)
    assert x.agreement == pytest.approx(0.75) and x.kappa == pytest.approx(0.5)
    assert x.alpha == pytest.approx(8 / 15, abs=1e-12)
    assert x.below_0667 and x.below_080
    # a code nobody applied is not estimable: no alpha, no kappa, no flag
    assert y.status == "not estimable: no coder applied it"
    assert math.isnan(y.kappa) and math.isnan(y.alpha) and y.below_0667 is None and y.below_080 is None
    # ALL pools the estimable codes only: the unused code's 4 agreeing (0, 0) items are left out
    assert total.status == "pooled over the 1 estimable codes" and total.n_estimable == 1
    assert total.alpha == pytest.approx(8 / 15, abs=1e-12) and total.alpha_mean == pytest.approx(8 / 15)
    assert (total.n_values, total.n_A, total.n_B, total.positives) == (8, 2, 1, 3)
    assert total.kappa == pytest.approx(0.5) and total.agreement == pytest.approx(0.75)
    # with the unused code pooled in, the figure would be 8/13: the figure the table must not print
    assert krippendorff_alpha_nominal([[1, 1, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]]) == pytest.approx(
        8 / 13
    )


def test_reliability_table_three_coders_has_alpha_and_no_kappa():
    sample = pd.DataFrame({"transcript_id": "t1", "turn_index": range(1, 11)})
    rows = [("t1", u, c, "x") for c in ("A", "B", "C") for u in range(1, 6)]
    rows += [("t1", 6, "C", "x")]  # C alone on one unit
    codings = pd.DataFrame(rows, columns=["transcript_id", "turn_index", "coder", "code"])
    t = reliability_table(codings, sample, ["x"]).set_index("code")
    assert not [c for c in t.columns if "kappa" in c]  # kappa is defined for two coders only
    data = [[1] * 5 + [0] * 5, [1] * 5 + [0] * 5, [1] * 6 + [0] * 4]
    assert t.loc["x", "alpha"] == pytest.approx(kripp_pkg(data), abs=TOL)
    assert 0.80 < t.loc["x", "alpha"] < 1.0 and t.loc["x", "n_coders"] == 3
    assert not t.loc["x", "below_0667"] and not t.loc["x", "below_080"]
    # an explicit coder who applied nothing still counts (all absences)
    t2 = reliability_table(codings, sample, ["x"], coders=["A", "B", "C", "D"]).set_index("code")
    assert t2.loc["x", "n_D"] == 0 and t2.loc["x", "alpha"] < t.loc["x", "alpha"]


def test_a_sample_with_a_coder_column_gives_rotating_pairs_missing_ratings():
    """Coder C coded units 1-2 only: C's ratings elsewhere are missing, not "not applied"."""
    sample = pd.DataFrame(
        [("t1", u, c) for u in (1, 2, 3, 4) for c in ("A", "B")] + [("t1", u, "C") for u in (1, 2)],
        columns=["transcript_id", "turn_index", "coder"],
    )
    codings = pd.DataFrame(
        [
            ("t1", 1, "A", "x"),
            ("t1", 1, "B", "x"),
            ("t1", 1, "C", "x"),
            ("t1", 3, "A", "x"),
            ("t1", 4, "C", "x"),
        ],
        columns=["transcript_id", "turn_index", "coder", "code"],
    )
    t = reliability_table(codings, sample, ["x"]).set_index("code")
    data = [[1, 0, 1, 0], [1, 0, 0, 0], [1, 0, n, n]]  # C's unit-4 coding is on a unit C did not code
    assert t.loc["x", "alpha"] == pytest.approx(kripp_pkg(data), abs=TOL)
    assert (t.loc["x", "n_values"], t.loc["x", "n_C"]) == (10, 1)


def test_consensus_all_any_majority_and_at_least_k():
    codings, sample = hand_codings()
    extra = pd.DataFrame([("t1", 4, "A", "y"), ("t1", 4, "B", "y")], columns=codings.columns)
    codings = pd.concat([codings, extra], ignore_index=True)
    both = consensus(codings, sample, ["x", "y"], rule="all")
    assert both.values.tolist() == [["t1", 1, "x"], ["t1", 4, "y"]]
    either = consensus(codings, sample, ["x", "y"], rule="any")
    assert either.values.tolist() == [["t1", 1, "x"], ["t1", 2, "x"], ["t1", 4, "y"]]
    assert list(both.columns) == ["transcript_id", "turn_index", "code"]
    # with two coders a majority is both of them; k = 1 is "any"
    assert consensus(codings, sample, ["x", "y"], rule="majority").equals(both)
    assert consensus(codings, sample, ["x", "y"], rule=1).equals(either)
    # five coders: 2 / 3 / 5 applied the code on units 1 / 2 / 3
    five = pd.DataFrame(
        [("t1", u, c, "x") for u, k in ((1, 2), (2, 3), (3, 5)) for c in "ABCDE"[:k]],
        columns=codings.columns,
    )
    units = lambda rule: consensus(five, sample, ["x"], rule=rule).turn_index.tolist()  # noqa: E731
    assert units("all") == [3] and units("any") == [1, 2, 3] and units("majority") == [2, 3]
    assert units(2) == [1, 2, 3] and units(4) == [3]
    for bad in ("most", 0, True):
        with pytest.raises(ValueError, match="rule"):
            consensus(codings, sample, ["x"], rule=bad)


def test_auto_vs_human_hand_values():
    sample = pd.DataFrame({"transcript_id": "t1", "turn_index": range(1, 9)})
    human = pd.DataFrame({"transcript_id": "t1", "turn_index": [1, 2, 3, 4, 5], "code": ["x"] * 4 + ["y"]})
    auto = pd.DataFrame(
        {"transcript_id": "t1", "turn_index": [1, 2, 6, 5, 7, 99], "code": ["x", "x", "x", "y", "y", "x"]}
    )
    t = auto_vs_human(auto, human, sample, ["x", "y"]).set_index("code")
    x, y, total = t.loc["x"], t.loc["y"], t.loc["ALL"]
    assert (x.tp, x.fp, x.fn, x.tn) == (2, 1, 2, 3)  # turn 99 is outside the sample
    assert x.precision == pytest.approx(2 / 3) and x.recall == pytest.approx(0.5)
    assert x.f1 == pytest.approx(4 / 7)
    assert x.kappa == pytest.approx(cohen_kappa_score([1, 1, 1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 1, 0, 0]))
    assert (y.tp, y.fp, y.fn, y.tn) == (1, 1, 0, 6) and y.recall == 1.0 and y.precision == 0.5
    assert (total.tp, total.fp, total.fn, total.tn) == (3, 2, 2, 9)
    assert total.precision == pytest.approx(0.6) and total.recall == pytest.approx(0.6)
    assert total.f1 == pytest.approx(0.6)


def test_auto_vs_human_undefined_scores_are_nan():
    sample = pd.DataFrame({"transcript_id": ["t1"], "turn_index": [1]})
    empty = pd.DataFrame(columns=["transcript_id", "turn_index", "code"])
    t = auto_vs_human(empty, empty, sample, ["x"]).set_index("code")
    assert t.loc["x", "tn"] == 1
    assert all(math.isnan(t.loc["x", c]) for c in ("precision", "recall", "f1", "kappa"))


# ---------------------------------------------------------------- the example corpus


@pytest.fixture(scope="module")
def example():
    codings = pd.concat(
        [read_codings_csv(CODING / f"{c}.csv", c, known_codes=CODE_IDS) for c in ("coder_a", "coder_b")],
        ignore_index=True,
    )
    sample = read_sample_csv(CODING / "sample.csv")
    return codings, sample, reliability_table(codings, sample, CODE_IDS).set_index("code")


def test_example_corpus_matches_its_readme(example):
    codings, sample, t = example
    assert len(sample) == 59 and outside_sample(codings, sample).empty
    assert (codings.coder == "coder_a").sum() == 105 and (codings.coder == "coder_b").sum() == 76
    assert list(t.index) == CODE_IDS + ["ALL"]
    k = t["kappa"]
    assert (t.loc["resources", "n_coder_a"], t.loc["resources", "n_coder_b"]) == (3, 0)
    assert k["resources"] == pytest.approx(0.0, abs=1e-12)
    assert t.loc["short_term_funding", ["n_coder_a", "n_coder_b"]].tolist() == [0, 0]
    assert math.isnan(k["short_term_funding"]) and math.isnan(t.loc["short_term_funding", "alpha"])
    assert t.loc["short_term_funding", "status"] == "not estimable: no coder applied it"
    used = k.drop(["resources", "short_term_funding", "ALL"])
    assert used.between(0.64, 1.0).all() and used.min() == pytest.approx(0.642, abs=5e-4)  # "0.64 to 1.00"
    # the pooled row covers the estimable codes only: every code but the unused one
    assert t.loc["ALL", "n_estimable"] == len(CODE_IDS) - 1
    assert t.loc["ALL", "n_values"] == 2 * 59 * (len(CODE_IDS) - 1)
    assert t.loc["ALL", "n_coder_a"] == 105 and t.loc["ALL", "n_coder_b"] == 76


def test_example_corpus_agrees_with_independent_implementations(example):
    codings, sample, t = example
    p = presence(codings, sample, CODE_IDS)
    diffs = {"sklearn kappa": 0.0, "nltk kappa": 0.0, "krippendorff alpha": 0.0, "nltk alpha": 0.0}
    compared = 0
    estimable = [c for c in CODE_IDS if t.loc[c, "status"] == "estimable"]
    for code in CODE_IDS + ["ALL"]:
        codes = estimable if code == "ALL" else [code]
        a = np.concatenate([p[(c, "coder_a")].to_numpy() for c in codes]).tolist()
        b = np.concatenate([p[(c, "coder_b")].to_numpy() for c in codes]).tolist()
        kappa, alpha = t.loc[code, "kappa"], t.loc[code, "alpha"]
        if len(set(a) | set(b)) < 2:  # undefined: the others return nan, 1 or raise
            assert code == "short_term_funding" and math.isnan(kappa) and math.isnan(alpha)
            continue
        task = pair_task(a, b, "a", "b")
        diffs["sklearn kappa"] = max(diffs["sklearn kappa"], abs(kappa - cohen_kappa_score(a, b)))
        diffs["nltk kappa"] = max(diffs["nltk kappa"], abs(kappa - task.kappa()))
        diffs["krippendorff alpha"] = max(diffs["krippendorff alpha"], abs(alpha - kripp_pkg([a, b])))
        diffs["nltk alpha"] = max(diffs["nltk alpha"], abs(alpha - task.alpha()))
        assert t.loc[code, "agreement"] == pytest.approx(task.Ao("a", "b"), abs=TOL)
        compared += 1
    assert compared == len(CODE_IDS)  # every code but the unused one, plus ALL
    assert max(diffs.values()) < TOL, diffs
    defined = t["alpha"].drop("ALL").dropna()
    assert t.loc["ALL", "alpha_mean"] == pytest.approx(defined.mean(), abs=1e-12)


def test_example_corpus_consensus_and_auto_vs_human_match_sklearn(example):
    codings, sample, _ = example
    human = consensus(codings, sample, CODE_IDS, rule="all")
    sets = {
        c: set(codings[codings.coder == c][["transcript_id", "turn_index", "code"]].itertuples(index=False))
        for c in ("coder_a", "coder_b")
    }
    assert set(human.itertuples(index=False)) == sets["coder_a"] & sets["coder_b"]
    either = consensus(codings, sample, CODE_IDS, rule="any")
    assert set(either.itertuples(index=False)) == sets["coder_a"] | sets["coder_b"]
    # stand-in "auto coder": coder A's coding, scored against the two coders' consensus
    auto = codings[codings.coder == "coder_a"][["transcript_id", "turn_index", "code"]]
    t = auto_vs_human(auto, human, sample, CODE_IDS).set_index("code")
    assert t.loc["ALL", "tp"] == len(human) and t.loc["ALL", "fp"] == 105 - len(human)
    assert t.loc["ALL", "fn"] == 0
    units = list(zip(sample.transcript_id, sample.turn_index, strict=True))
    h = {(r.transcript_id, r.turn_index, r.code) for r in human.itertuples()}
    au = {(r.transcript_id, r.turn_index, r.code) for r in auto.itertuples()}
    ys = [[int((*u, c) in h) for u in units] for c in CODE_IDS]
    ps = [[int((*u, c) in au) for u in units] for c in CODE_IDS]
    # consensus 'all' ⊆ coder A, so recall is 1 wherever defined
    assert (t.drop("ALL").recall.dropna() == 1.0).all()
    flat_y, flat_p = sum(ys, []), sum(ps, [])
    prec, rec, f1, _ = precision_recall_fscore_support(flat_y, flat_p, average="binary", zero_division=np.nan)
    assert t.loc["ALL", ["precision", "recall", "f1"]].tolist() == pytest.approx([prec, rec, f1], abs=TOL)
    assert t.loc["ALL", "kappa"] == pytest.approx(cohen_kappa_score(flat_y, flat_p), abs=TOL)
    for code, y, pr in zip(CODE_IDS, ys, ps, strict=True):
        if sum(y) and sum(pr):
            assert t.loc[code, "kappa"] == pytest.approx(cohen_kappa_score(y, pr), abs=TOL)
            prec, rec, f1, _ = precision_recall_fscore_support(y, pr, average="binary", zero_division=np.nan)
            assert t.loc[code, ["precision", "recall", "f1"]].tolist() == pytest.approx(
                [prec, rec, f1], abs=TOL
            )


# ---------------------------------------------------------------- reading coding files


def write(tmp_path, text: str, name: str = "coder_x.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line(exc: pytest.ExceptionInfo) -> str:
    line = str(exc.value)
    assert "\n" not in line
    return line


def test_read_codings_csv_reads_and_tags_the_coder(tmp_path):
    path = write(tmp_path, "\ufefftranscript_id,turn_index,code\nt01, 6 ,woolly_word\nt01,9,resources\n")
    df = read_codings_csv(path, "x", known_codes=CODE_IDS)
    assert df.values.tolist() == [["t01", 6, "x", "woolly_word"], ["t01", 9, "x", "resources"]]
    assert list(df.columns) == ["transcript_id", "turn_index", "coder", "code"]
    assert df.turn_index.dtype == np.int64


def test_read_codings_csv_missing_column(tmp_path):
    path = write(tmp_path, "transcript_id,turn,code\nt01,6,woolly_word\n")
    with pytest.raises(InputError) as exc:
        read_codings_csv(path, "x")
    assert one_line(exc) == (
        f"input error: {path}:1: missing column(s) turn_index — "
        "the header row must be: transcript_id,turn_index,code"
    )


def test_read_codings_csv_non_integer_turn_index(tmp_path):
    path = write(tmp_path, "transcript_id,turn_index,code\nt01,6,woolly_word\nt01,6.5,resources\n")
    with pytest.raises(InputError) as exc:
        read_codings_csv(path, "x")
    assert one_line(exc) == (
        f"input error: {path}:3: turn_index '6.5' is not a positive integer — "
        "use the participant-turn number (1 = the participant's first turn)"
    )


def test_read_codings_csv_unknown_code(tmp_path):
    path = write(tmp_path, "transcript_id,turn_index,code\nt01,6,woolly_word\nt01,9,wooly_word\n")
    with pytest.raises(InputError) as exc:
        read_codings_csv(path, "x", known_codes=CODE_IDS)
    assert one_line(exc) == (
        f"input error: {path}:3: unknown code 'wooly_word' — "
        "use a code id from config/codebook.yaml (did you mean 'woolly_word'?)"
    )
    # the same check on an already-read table
    df = read_codings_csv(path, "x")
    with pytest.raises(InputError, match=r":3: unknown code 'wooly_word'"):
        check_codes(df, CODE_IDS, path)


@pytest.mark.parametrize(
    "text, where, problem",
    [
        ("", ":1", "file is empty"),
        ("transcript_id,turn_index,code\nt01,6\n", ":2", "expected 3 fields, found 2"),
        ("transcript_id,turn_index,code\nt01,,resources\n", ":2", "empty turn_index"),
        (
            "transcript_id,turn_index,code\nt01,0,resources\n",
            ":2",
            "turn_index '0' is not a positive integer",
        ),
        ("t01,6,woolly_word\n", ":1", "missing column(s) transcript_id, turn_index, code"),
    ],
)
def test_read_codings_csv_other_bad_input(tmp_path, text, where, problem):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        read_codings_csv(path, "x")
    line = one_line(exc)
    assert line.startswith(f"input error: {path}{where}: {problem}") and " — " in line


def test_read_codings_csv_missing_file(tmp_path):
    with pytest.raises(InputError) as exc:
        read_codings_csv(tmp_path / "nope.csv", "x")
    assert "nope.csv" in one_line(exc) and "file not found" in one_line(exc)
