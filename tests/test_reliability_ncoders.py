"""Reliability for any number of coders: Krippendorff's alpha per code and pooled equals the
`krippendorff` package on the same units (n = 2 and n = 10 coders, rotating designs with missing
ratings), codes no coder used are not estimable and left out of the pooled figure and the flags,
and the bootstrap intervals contain the estimate and are byte-deterministic."""

from __future__ import annotations

import io
import math

import krippendorff
import numpy as np
import pandas as pd
import pytest

from coprod.reliability import ALL, reliability_table
from coprod.tables import write_tsv

CODES = [f"code_{j}" for j in range(8)]
UNUSED = ["code_6", "code_7"]  # nobody applies these


def team(n_coders: int, n_units: int, seed: int, skip: float) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Random codings of a team: each coder skips a unit with probability `skip` (missing rating);
    each used code has its own prevalence and a shared per-unit signal, so alpha is mid-range.
    Returns codings, the sample (with who coded what) and the coders × units matrices per code."""
    rng = np.random.default_rng(seed)
    coders = [f"c{i:02d}" for i in range(n_coders)]
    truth = rng.random((n_units, len(CODES))) < 0.25
    sample, rows = [], []
    mats = {code: np.full((n_coders, n_units), np.nan) for code in CODES}
    for u in range(n_units):
        tid, turn = f"t{u % 7}", u + 1
        for i, c in enumerate(coders):
            if rng.random() < skip:
                continue
            sample.append((tid, turn, c))
            for j, code in enumerate(CODES):
                hit = code not in UNUSED and (truth[u, j] if rng.random() < 0.8 else rng.random() < 0.2)
                mats[code][i, u] = float(hit)
                if hit:
                    rows.append((tid, turn, c, code))
    codings = pd.DataFrame(rows, columns=["transcript_id", "turn_index", "coder", "code"])
    return codings, pd.DataFrame(sample, columns=["transcript_id", "turn_index", "coder"]), mats


def package_alpha(matrix: np.ndarray) -> float:
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


@pytest.mark.parametrize(("n_coders", "skip"), [(2, 0.2), (10, 0.45)])
def test_alpha_per_code_and_pooled_equal_the_krippendorff_package(n_coders, skip):
    codings, sample, mats = team(n_coders, 90, seed=n_coders, skip=skip)
    t = reliability_table(codings, sample, CODES, bootstrap=200, seed=7).set_index("code")
    used = [c for c in CODES if c not in UNUSED]
    for code in used:
        assert t.loc[code, "status"] == "estimable"
        assert t.loc[code, "alpha"] == pytest.approx(package_alpha(mats[code]), abs=1e-12)
    pooled = package_alpha(np.concatenate([mats[c] for c in used], axis=1))
    assert t.loc[ALL, "alpha"] == pytest.approx(pooled, abs=1e-12)
    assert t.loc[ALL, "n_coders"] == n_coders and t.loc[ALL, "n_estimable"] == len(used)
    # the package, given the never-used codes too, gives another figure — the one not to report
    everything = package_alpha(np.concatenate([mats[c] for c in CODES], axis=1))
    assert abs(everything - t.loc[ALL, "alpha"]) > 1e-3
    assert t.loc[ALL, "alpha_mean"] == pytest.approx(np.mean([t.loc[c, "alpha"] for c in used]))
    # Cohen's kappa only with exactly two coders
    assert ("kappa" in t.columns) == (n_coders == 2)


def test_codes_nobody_used_are_not_estimable_and_not_counted():
    codings, sample, _ = team(10, 60, seed=3, skip=0.3)
    t = reliability_table(codings, sample, CODES, bootstrap=100, seed=1).set_index("code")
    for code in UNUSED:
        row = t.loc[code]
        assert row.status == "not estimable: no coder applied it"
        assert math.isnan(row.alpha) and math.isnan(row.alpha_low) and math.isnan(row.alpha_high)
        assert row.below_0667 is None and row.below_080 is None
    flagged = [c for c in CODES if t.loc[c, "below_0667"] is True]
    assert not set(flagged) & set(UNUSED)
    assert t.loc[ALL, "status"] == "pooled over the 6 estimable codes"


@pytest.mark.parametrize("n_coders", [2, 10])
def test_intervals_contain_the_estimate_and_are_byte_deterministic(tmp_path, n_coders):
    codings, sample, _ = team(n_coders, 80, seed=11, skip=0.3)
    t = reliability_table(codings, sample, CODES, bootstrap=500, seed=20220203)
    est = t[t.status.str.startswith("estimable") | (t.code == ALL)]
    assert len(est) == len(CODES) - len(UNUSED) + 1
    assert (est.alpha_low <= est.alpha).all() and (est.alpha <= est.alpha_high).all()
    assert (est.alpha_high - est.alpha_low > 0.01).all()  # a real interval, not a point
    write_tsv(t, tmp_path / "a.tsv")
    again = reliability_table(codings, sample, CODES, bootstrap=500, seed=20220203)
    write_tsv(again, tmp_path / "b.tsv")
    assert (tmp_path / "a.tsv").read_bytes() == (tmp_path / "b.tsv").read_bytes()
    other = reliability_table(codings, sample, CODES, bootstrap=500, seed=1)
    assert not np.allclose(other.alpha_low.dropna(), t.alpha_low.dropna())  # the seed is used
    assert other.alpha.equals(t.alpha)  # the estimate does not depend on it


def test_without_bootstrap_the_interval_is_empty_not_invented():
    codings, sample, _ = team(3, 30, seed=5, skip=0.0)
    t = reliability_table(codings, sample, CODES)
    assert t.alpha_low.isna().all() and t.alpha_high.isna().all()


def test_scope_restricts_a_code_to_its_units():
    """A question-scoped code is a variable only over the units of its scope."""
    codings, sample, mats = team(2, 40, seed=9, skip=0.1)
    units = sorted(
        set(zip(sample.transcript_id, sample.turn_index.astype(int), strict=True)), key=lambda u: u[1]
    )
    keep = {u for u in units if u[1] <= 20}
    t = reliability_table(codings, sample, CODES, scope={"code_0": keep}).set_index("code")
    assert t.loc["code_0", "alpha"] == pytest.approx(package_alpha(mats["code_0"][:, :20]), abs=1e-12)
    assert t.loc["code_1", "alpha"] == pytest.approx(package_alpha(mats["code_1"]), abs=1e-12)


@pytest.mark.parametrize("n_coders", [2, 10])
def test_the_manuscript_prints_what_the_stage_computed(n_coders):
    from coprod.reliability_statements import (
        reliability_section_md,
        reliability_table_md,
        reliability_variables,
    )

    codings, sample, _ = team(n_coders, 60, seed=4, skip=0.0)
    t = reliability_table(codings, sample, CODES, bootstrap=200, seed=2)
    summary = pd.DataFrame({"code_id": CODES, "label": [f"Label {c[-1]}" for c in CODES]})
    tsv = pd.read_csv(io.StringIO(t.to_csv(sep="\t", index=False)), sep="\t")  # as the manuscript reads it
    rel = reliability_variables(tsv, None, summary)
    md = reliability_table_md(tsv, summary)
    text = reliability_section_md(rel, md, False)
    word = {2: "Two", 10: "Ten"}[n_coders]
    assert text.startswith(
        f"{word} coders independently coded the same 60 participant turns from seven transcripts"
    )
    total = t.set_index("code").loc[ALL]
    assert f"pooled over the six estimable codes was {total.alpha:.2f}" in text
    assert f"(95% bootstrap interval {total.alpha_low:.2f}–{total.alpha_high:.2f})" in text
    assert (
        "Two codes could not be estimated because no coder applied them in the sample (Label 6; Label 7)"
        in text
    )
    assert ("Cohen's κ" in text) == (n_coders == 2) and ("Cohen's κ" in md) == (n_coders == 2)
    assert md.count("not estimable") == 2
    assert ("two coders" in text.lower()) == (n_coders == 2)
    low = [r.code for r in t.itertuples() if r.below_0667 is True and r.code != ALL]
    assert rel["n_below_0667"] == len(low) and "Label 6" not in rel["below_0667"]
    assert f"({n_coders} coders;" in text or f"({word.lower()} coders;" in text


def test_a_long_form_file_holds_every_coder(tmp_path):
    """`{coder: "*", file: ...}`: one CSV (transcript_id,turn_index,coder,code) for the whole team;
    an empty code says "coded, nothing applies"; '*' in a coder list stands for its coders."""
    from coprod.errors import InputError
    from coprod.reliability import consensus, read_long_codings_csv

    path = tmp_path / "team.csv"
    path.write_text(
        "transcript_id,turn_index,coder,code\nt1,1,k1,x\nt1,1,k2,x\nt1,2,k3,\nt1,2,k1,x\nt1,3,k3,x\n",
        encoding="utf-8",
    )
    codings = read_long_codings_csv(path, ["x", "y"])
    assert codings.values.tolist() == [
        ["t1", 1, "k1", "x"],
        ["t1", 1, "k2", "x"],
        ["t1", 2, "k1", "x"],
        ["t1", 3, "k3", "x"],
    ]
    sample = pd.DataFrame({"transcript_id": "t1", "turn_index": [1, 2, 3]})
    t = reliability_table(codings, sample, ["x"], ["*"]).set_index("code")
    assert t.loc["x", "n_coders"] == 3 and "kappa" not in t.columns
    assert t.loc["x", "alpha"] == pytest.approx(
        package_alpha(np.array([[1, 1, 0], [1, 0, 0], [0, 0, 1]], float))
    )
    assert consensus(codings, sample, ["x"], "majority", ["*"]).turn_index.tolist() == [1]
    path.write_text("transcript_id,turn_index,coder,code\nt1,1,k1,z\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"team.csv:2: unknown code 'z'"):
        read_long_codings_csv(path, ["x", "y"])
