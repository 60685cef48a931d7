"""Inter-coder reliability: how far the human coders agree, and how far the rule coder agrees with them.

Reliability is what licenses treating a code as data, so every statistic is computed from its textbook
definition (Cohen 1960; Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") on plain
Python/pandas data and returns nan where the definition does not apply, rather than a convenient
number. A unit is one participant turn (transcript_id, turn_index): `turn_index` is 1-based and
counts the participant's turns in transcript order — every participant turn, including those too
short to become a segment (segments.tsv carries the same turn_index). Every coder who coded a unit
(all coders for every sample unit, or the rows of the sample's `coder` column) read all of it, so a
code's absence there means "not applied"; a unit a coder did not code is missing for that coder.
Any number of coders: each code is one binary variable, Krippendorff's alpha (nominal) handles
missing ratings, and Cohen's kappa is given only where it is defined, for exactly two coders.
Nothing is rounded here: tables are rounded when written (`coprod.tables.write_tsv`).
"""

from __future__ import annotations

import csv
import difflib
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError

UNIT = ["transcript_id", "turn_index"]
CODING_COLUMNS = ["transcript_id", "turn_index", "code"]
ALL = "ALL"
# Krippendorff (2004/2011): alpha >= .800 for conclusions, >= .667 the lowest for tentative ones.
TENTATIVE, RELIABLE = 0.667, 0.800


def _missing(v: object) -> bool:
    """None, NaN (float or numpy) and pandas' NA all mean "no rating"."""
    return v is None or v is pd.NA or (isinstance(v, float | np.floating) and math.isnan(v))


def _pairs(a: Sequence, b: Sequence) -> list[tuple[Hashable, Hashable]]:
    """The rating pairs where both raters gave a value (a pair with a missing side says nothing)."""
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"the two raters must rate the same length of units ({len(a)} vs {len(b)})")
    return [(x, y) for x, y in zip(a, b, strict=True) if not (_missing(x) or _missing(y))]


def percent_agreement(a: Sequence, b: Sequence) -> float:
    """Share of units both raters rated on which they gave the same value (nan if none)."""
    pairs = _pairs(a, b)
    return sum(x == y for x, y in pairs) / len(pairs) if pairs else math.nan


def cohen_kappa(a: Sequence, b: Sequence) -> float:
    """Cohen's kappa for two raters on nominal values; units with a missing rating are dropped.

    Computed from integer counts, (n·agree − Σ n_a(c)·n_b(c)) / (n² − Σ n_a(c)·n_b(c)), so the only
    rounding is the final division. nan when undefined: no pairs, or expected agreement 1 (both raters
    gave the same single value throughout).
    """
    pairs = _pairs(a, b)
    n = len(pairs)
    ca, cb = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    chance = sum(k * cb[c] for c, k in ca.items())
    if n == 0 or chance == n * n:
        return math.nan
    agree = sum(x == y for x, y in pairs)
    return (n * agree - chance) / (n * n - chance)


def _matrix(data) -> np.ndarray:
    """A coders × units object array from a list of lists, 2-D array or DataFrame."""
    arr = np.asarray(data.to_numpy() if isinstance(data, pd.DataFrame) else data, dtype=object)
    if arr.ndim != 2:
        raise ValueError(f"reliability data must be a coders × units matrix, got {arr.ndim} dimension(s)")
    return arr


def _sorted(values: Iterable[Hashable]) -> list:
    """Categories in a stable order (natural where comparable, else by repr)."""
    values = list(values)
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=repr)


def coincidences(data) -> pd.DataFrame:
    """Krippendorff's coincidence matrix o_ck (categories × categories).

    Each unit with m_u ≥ 2 values contributes, for every ordered pair of values from different coders,
    1/(m_u − 1); units with fewer than two values are not pairable and contribute nothing. Row sums are
    the n_c, the grand total n the number of pairable values.
    """
    arr = _matrix(data)
    units = []
    for col in arr.T:
        vals = [v for v in col if not _missing(v)]
        if len(vals) >= 2:
            units.append(Counter(vals))
    cats = _sorted({c for u in units for c in u})
    pos = {c: i for i, c in enumerate(cats)}
    o = np.zeros((len(cats), len(cats)))
    for counts in units:
        m = sum(counts.values())
        for c, nc in counts.items():
            for k, nk in counts.items():
                o[pos[c], pos[k]] += nc * (nk - (c == k)) / (m - 1)
    return pd.DataFrame(o, index=cats, columns=cats)


def krippendorff_alpha_nominal(data) -> float:
    """Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    `data` is coders × units (list of lists, 2-D array or DataFrame), None/nan for missing.
    alpha = 1 − (n − 1)·Σ_{c≠k} o_ck / (n² − Σ n_c²). nan when undefined: no pairable values, or
    only one category among them (no variation, so no expected disagreement).
    """
    o = coincidences(data).to_numpy()
    n_c = o.sum(axis=1)
    n = n_c.sum()
    expected = n * n - (n_c**2).sum()
    if n == 0 or np.count_nonzero(n_c) < 2 or expected <= 0:
        return math.nan
    return float(1 - (n - 1) * (n - np.trace(o)) / expected)


# ---------------------------------------------------------------- code-level reliability


def _units(sample: pd.DataFrame) -> list[tuple[str, int]]:
    """The sample's units, de-duplicated and sorted (transcript id, then turn)."""
    keys = zip(sample["transcript_id"].astype(str), sample["turn_index"].astype(int), strict=True)
    return sorted(set(keys))


def _applied(codings: pd.DataFrame) -> set[tuple[str, int, str, str]]:
    """(transcript_id, turn_index, code, coder) of every code application."""
    if codings.empty:
        return set()
    cols = [
        codings["transcript_id"].astype(str),
        codings["turn_index"].astype(int),
        codings["code"].astype(str),
        codings["coder"].astype(str),
    ]
    return set(zip(*cols, strict=True))


EVERY_CODER = "*"  # in a coder list: every coder of a long-form file not listed by name


def _coders(codings: pd.DataFrame, coders: Sequence[str] | None) -> list[str]:
    """The given coders, or everyone in the codings (sorted). Give them explicitly so a coder who
    applied nothing in the sample is still counted as having rated every unit. A '*' in the list
    stands for every coder in the codings not listed by name (a long-form file's coders)."""
    found = sorted(codings["coder"].astype(str).unique()) if len(codings) else []
    if coders is None:
        return found
    if len(set(coders)) != len(coders):
        raise ValueError("coders must be unique")
    if EVERY_CODER in coders:
        named = [c for c in coders if c != EVERY_CODER]
        return named + [c for c in found if c not in named]
    return list(coders)


def _check_codes_list(codes: Sequence[str]) -> list[str]:
    if len(set(codes)) != len(codes):
        raise ValueError("codes must be unique")
    if ALL in codes:
        raise ValueError(f"'{ALL}' is reserved for the summary row")
    return list(codes)


def presence(
    codings: pd.DataFrame, sample: pd.DataFrame, codes: Sequence[str], coders: Sequence[str] | None = None
) -> pd.DataFrame:
    """Binary matrix, sample units × (code, coder): 1 where the coder applied the code to the unit.

    Only sample units and the listed codes count: codings outside the sample are single-coded (see
    `outside_sample`), and a repeated row is still one application.
    """
    codes, coders = _check_codes_list(codes), _coders(codings, coders)
    units, applied = _units(sample), _applied(codings)
    cols = {
        (code, coder): [int((t, i, code, coder) in applied) for t, i in units]
        for code in codes
        for coder in coders
    }
    index = pd.MultiIndex.from_arrays([[t for t, _ in units], [i for _, i in units]], names=UNIT)
    out = pd.DataFrame(cols, index=index, dtype=int)
    out.columns = pd.MultiIndex.from_arrays(
        [[k for k, _ in cols], [c for _, c in cols]], names=["code", "coder"]
    )
    return out


def outside_sample(codings: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """Coding rows whose unit is not in the sample — ignored by reliability, so worth a warning
    (a mistyped turn_index would otherwise vanish silently)."""
    units = set(_units(sample))
    keys = zip(codings["transcript_id"].astype(str), codings["turn_index"].astype(int), strict=True)
    mask = [k not in units for k in keys]
    return codings[mask].reset_index(drop=True)


def _below(value: float, threshold: float) -> bool | None:
    """Flag unless alpha reaches the threshold; None (no flag, not counted) when alpha is not
    estimable — a code nobody used is neither reliable nor unreliable."""
    return None if math.isnan(value) else bool(not value >= threshold)


def rated(sample: pd.DataFrame, coders: Sequence[str]) -> set[tuple[str, int, str]]:
    """(transcript_id, turn_index, coder) of every unit each coder coded.

    A sample with a `coder` column lists who coded which unit (rotating pairs, coders who skipped
    units); without one, every coder coded every sample unit."""
    units = _units(sample)
    if "coder" not in sample.columns:
        return {(t, i, c) for t, i in units for c in coders}
    keep = set(coders)
    cols = [
        sample["transcript_id"].astype(str),
        sample["turn_index"].astype(int),
        sample["coder"].astype(str),
    ]
    return {key for key in zip(*cols, strict=True) if key[2] in keep}


def design(
    codings: pd.DataFrame,
    sample: pd.DataFrame,
    codes: Sequence[str],
    coders: Sequence[str] | None = None,
    scope: dict[str, set[tuple[str, int]]] | None = None,
) -> tuple[list[tuple[str, int]], list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(units, coders, M, K, R, Q): per unit and code, M = coders who coded the unit (0 outside the
    code's `scope`, when given), K = how many of them applied the code; R[coder, unit, code] = 1
    where that coder applied it; Q[coder, unit] = True where the coder coded the unit. A code is one
    binary variable per unit; an application on a unit the coder did not code is not counted."""
    codes, coders = _check_codes_list(codes), _coders(codings, coders)
    units, applied, who = _units(sample), _applied(codings), rated(sample, coders)
    shape = (len(units), len(codes))
    m, k = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
    r = np.zeros((len(coders), *shape), dtype=np.int64)
    q = np.zeros((len(coders), len(units)), dtype=bool)
    for ui, (t, i) in enumerate(units):
        raters = [ci for ci, c in enumerate(coders) if (t, i, c) in who]
        q[raters, ui] = True
        for ki, code in enumerate(codes):
            if scope is not None and code in scope and (t, i) not in scope[code]:
                continue
            m[ui, ki] = len(raters)
            for ci in raters:
                if (t, i, code, coders[ci]) in applied:
                    r[ci, ui, ki] = 1
                    k[ui, ki] += 1
    return units, coders, m, k, r, q


def _alpha_parts(m: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: pairable values, pairable 1s and k(m − k)/(m − 1) (half the off-diagonal
    coincidences); a cell with fewer than two values is not pairable and contributes nothing."""
    pair = m >= 2
    d = np.where(pair, k * (m - k) / np.where(pair, m - 1, 1), 0.0)
    return (m * pair).astype(float), (k * pair).astype(float), d


def _alpha_from(n, n1, d):
    """Krippendorff's nominal alpha of one binary variable from its sums (vectorised):
    1 − (n − 1)·Σ_u k_u(m_u − k_u)/(m_u − 1) / (n_0·n_1); nan when n_0·n_1 = 0 (no variation)."""
    n, n1, d = (np.asarray(x, dtype=float) for x in (n, n1, d))
    expected = (n - n1) * n1
    safe = np.where(expected > 0, expected, 1.0)
    return np.where(expected > 0, 1 - (n - 1) * d / safe, np.nan)


def alpha_binary(m: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """(alpha per code, pooled alpha over the estimable codes, estimable mask) from `design`'s M, K.

    The pooled alpha treats every (unit, code) item of an estimable code as one item of a single
    binary variable. Codes whose own alpha is undefined (nobody applied them, or every coder applied
    them on every unit) are left out: their all-agreeing items would move the pooled figure without
    being evidence about the coders."""
    n, n1, d = (x.sum(axis=0) for x in _alpha_parts(m, k))
    per = _alpha_from(n, n1, d)
    ok = ~np.isnan(per)
    pooled = float(_alpha_from(n[ok].sum(), n1[ok].sum(), d[ok].sum())) if ok.any() else math.nan
    return per, pooled, ok


def bootstrap_alpha(
    m: np.ndarray, k: np.ndarray, estimable: np.ndarray, replicates: int, seed: int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Percentile bootstrap intervals for alpha per code and pooled, resampling units with
    replacement (all codes of a unit travel together, so the pooled interval respects that one
    unit's decisions are not independent). Seeded, integer resampling weights: the same input gives
    the same bytes. Replicates in which alpha is undefined are dropped. Returns (low per code, high
    per code, pooled low, pooled high); nan without replicates or for codes that are not estimable."""
    n_codes = m.shape[1]
    low, high = np.full(n_codes, np.nan), np.full(n_codes, np.nan)
    if replicates <= 0 or m.shape[0] == 0:
        return low, high, math.nan, math.nan
    per_n, per_1, per_d = _alpha_parts(m, k)
    units = m.shape[0]
    rng = np.random.default_rng(seed)
    w = rng.multinomial(units, np.full(units, 1 / units), size=replicates).astype(float)
    n, n1, d = w @ per_n, w @ per_1, w @ per_d  # replicates × codes
    per = _alpha_from(n, n1, d)
    pooled = _alpha_from(n[:, estimable].sum(1), n1[:, estimable].sum(1), d[:, estimable].sum(1))
    q = [100 * (1 - level) / 2, 100 * (1 + level) / 2]

    def interval(x: np.ndarray) -> tuple[float, float]:
        x = x[~np.isnan(x)]
        return (float(np.percentile(x, q[0])), float(np.percentile(x, q[1]))) if len(x) else (math.nan,) * 2

    for j in np.flatnonzero(estimable):
        low[j], high[j] = interval(per[:, j])
    p_low, p_high = interval(pooled) if estimable.any() else (math.nan, math.nan)
    return low, high, p_low, p_high


NOT_ESTIMABLE_UNUSED = "not estimable: no coder applied it"
NOT_ESTIMABLE_CONSTANT = "not estimable: every coder applied it to every unit"
NOT_ESTIMABLE_UNPAIRED = "not estimable: no unit coded by two coders"


def _status(n: float, n1: float) -> str:
    if n == 0:
        return NOT_ESTIMABLE_UNPAIRED
    if n1 == 0:
        return NOT_ESTIMABLE_UNUSED
    if n1 == n:
        return NOT_ESTIMABLE_CONSTANT
    return "estimable"


def _kappa_two(r: np.ndarray, m: np.ndarray, cols: np.ndarray) -> float:
    """Cohen's kappa of exactly two coders over the (unit, code) items in `cols` both coded."""
    both = (m[:, cols] == 2).ravel()
    return cohen_kappa(r[0][:, cols].ravel()[both].tolist(), r[1][:, cols].ravel()[both].tolist())


def reliability_table(
    codings: pd.DataFrame,
    sample: pd.DataFrame,
    codes: list[str],
    coders: Sequence[str] | None = None,
    *,
    bootstrap: int = 0,
    seed: int = 0,
    scope: dict[str, set[tuple[str, int]]] | None = None,
) -> pd.DataFrame:
    """One row per code (in the order given) plus 'ALL', for any number of coders.

    Each code is one binary variable per unit (applied / not applied by each coder who coded the
    unit; see `rated`). Columns: `status` (estimable, or why not), `n_units` (units coded by at
    least two coders), `n_coders` (coders who coded such a unit), `n_values` (pairable ratings),
    `positives` and `n_<coder>` (applications on those units), `agreement` (share of agreeing pairs
    of ratings), Krippendorff's `alpha` (nominal) with a bootstrap 95 % interval `alpha_low` –
    `alpha_high` (`bootstrap` replicates over units, `seed`), `kappa` (Cohen's — a column only when
    exactly two coders are given), and `below_0667` / `below_080` (empty when not estimable).

    'ALL' pools the (unit, code) items of the estimable codes only: its `alpha` is the pooled alpha
    with its interval, `alpha_mean` the mean of the estimable codes' alphas and `n_estimable` their
    number. `scope` optionally restricts a code to some units (question-scoped codes)."""
    units, coders, m, k, r, q = design(codings, sample, codes, coders, scope)
    per, pooled, ok = alpha_binary(m, k)
    low, high, p_low, p_high = bootstrap_alpha(m, k, ok, bootstrap, seed)
    parts = _alpha_parts(m, k)
    n, n1, d = (x.sum(axis=0) for x in parts)
    pair = m >= 2
    two = len(coders) == 2

    def row(label: str, cols: np.ndarray, status: str, alpha: float, lo: float, hi: float) -> dict:
        nt, n1t, dt = n[cols].sum(), n1[cols].sum(), d[cols].sum()
        paired_units = pair[:, cols].any(axis=1) if len(cols) else np.zeros(len(units), dtype=bool)
        out = {
            "code": label,
            "status": status,
            "n_units": int(paired_units.sum()),
            "n_transcripts": len({units[u][0] for u in np.flatnonzero(paired_units)}),
            "n_coders": int(q[:, paired_units].any(axis=1).sum()),
            "n_values": int(nt),
            "positives": int(n1t),
        }
        out.update({f"n_{c}": int((r[ci][:, cols] * pair[:, cols]).sum()) for ci, c in enumerate(coders)})
        out.update({"agreement": 1 - 2 * dt / nt if nt else math.nan, "alpha": alpha})
        out.update({"alpha_low": lo, "alpha_high": hi})
        if two:
            out["kappa"] = _kappa_two(r, m, cols) if len(cols) else math.nan
        out.update({"below_0667": _below(alpha, TENTATIVE), "below_080": _below(alpha, RELIABLE)})
        return out

    rows = []
    for j, code in enumerate(codes):
        rows.append(
            row(code, np.array([j]), _status(n[j], n1[j]), float(per[j]), float(low[j]), float(high[j]))
        )
        rows[-1].update({"alpha_mean": math.nan, "n_estimable": math.nan})
    cols = np.flatnonzero(ok)
    rows.append(row(ALL, cols, f"pooled over the {len(cols)} estimable codes", pooled, p_low, p_high))
    defined = per[ok]
    rows[-1].update(
        {"alpha_mean": float(defined.mean()) if len(defined) else math.nan, "n_estimable": len(cols)}
    )
    return pd.DataFrame(rows)


CONSENSUS_RULES = ("all", "any", "majority")


def consensus_threshold(rule: str | int, raters: int) -> int:
    """How many of a unit's `raters` must apply a code for the consensus to carry it:
    'all' → every one, 'any' → one, 'majority' → more than half, an integer k → at least k."""
    if isinstance(rule, bool) or not (rule in CONSENSUS_RULES or (isinstance(rule, int) and rule >= 1)):
        raise ValueError(f"consensus rule must be all, any, majority or an integer k >= 1, not {rule!r}")
    if rule == "all":
        return raters
    if rule == "any":
        return 1
    if rule == "majority":
        return raters // 2 + 1
    return int(rule)


def consensus(
    codings: pd.DataFrame,
    sample: pd.DataFrame,
    codes: list[str],
    rule: str | int = "all",
    coders: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The human reference coding: per sample unit, the codes enough of the coders who coded it
    applied — all of them ('all'), at least one ('any'), more than half ('majority') or at least k
    (an integer). A unit coded by one coder carries that coder's codes under all/any/majority (and
    under k = 1). Long format (transcript_id, turn_index, code), like a coding file."""
    consensus_threshold(rule, 1)
    units, coders, m, k, _, _ = design(codings, sample, codes, coders)
    rows = []
    for ui, (t, i) in enumerate(units):
        for j, code in enumerate(codes):
            raters = int(m[ui, j])
            if raters and k[ui, j] >= consensus_threshold(rule, raters):
                rows.append((t, i, code))
    return pd.DataFrame(rows, columns=CODING_COLUMNS).astype({"turn_index": int})


def _scores(truth: list[int], pred: list[int]) -> dict:
    """Confusion counts, precision, recall, F1 (nan when their denominator is 0) and kappa."""
    tp = sum(t and p for t, p in zip(truth, pred, strict=True))
    fp, fn = sum(pred) - tp, sum(truth) - tp
    tn = len(truth) - tp - fp - fn
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else math.nan,
        "recall": tp / (tp + fn) if tp + fn else math.nan,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else math.nan,
        "kappa": cohen_kappa(truth, pred),
    }


def auto_vs_human(
    auto: pd.DataFrame, consensus_df: pd.DataFrame, sample: pd.DataFrame, codes: list[str]
) -> pd.DataFrame:
    """The rule coder against the human consensus on the sample units, per code and 'ALL' (micro:
    counts summed over codes, kappa over all (unit, code) decisions). Auto codings outside the
    sample are ignored — the humans did not see those units."""
    codes = _check_codes_list(codes)
    tag = {"coder": "x"}
    truth = presence(consensus_df.assign(**tag), sample, codes, ["x"])
    pred = presence(auto.assign(**tag), sample, codes, ["x"])
    n_units = len(truth)
    rows = [
        {"code": code, "n_units": n_units, **_scores(truth[(code, "x")].tolist(), pred[(code, "x")].tolist())}
        for code in codes
    ]
    all_truth = [x for code in codes for x in truth[(code, "x")].tolist()]
    all_pred = [x for code in codes for x in pred[(code, "x")].tolist()]
    rows.append({"code": ALL, "n_units": n_units, **_scores(all_truth, all_pred)})
    return pd.DataFrame(rows)


PARTS = ("development", "evaluation")


def split_units(sample: pd.DataFrame, validation: dict) -> dict[str, str]:
    """Each human-coded transcript -> 'development' or 'evaluation' (`coding.validation`). Whole
    transcripts, so a participant's turns never sit on both sides: the transcripts (sorted, then
    shuffled with `seed`) and the first round(evaluation_share x n) of them, at least one and at
    most n - 1 when there are two or more, form the evaluation part."""
    transcripts = sorted(set(sample.transcript_id.astype(str)))
    n = len(transcripts)
    k = round(float(validation.get("evaluation_share", 0.5)) * n)
    k = min(max(k, 1), n - 1) if n >= 2 else n
    order = np.random.default_rng(int(validation.get("seed", 20220203))).permutation(n)
    evaluation = {transcripts[j] for j in order[:k]}
    return {t: "evaluation" if t in evaluation else "development" for t in transcripts}


def auto_vs_human_parts(
    auto: pd.DataFrame,
    consensus_df: pd.DataFrame,
    sample: pd.DataFrame,
    codes: list[str],
    parts: dict[str, str],
) -> pd.DataFrame:
    """`auto_vs_human` on each part of the split (`split_units`): a first column `part`
    (development, then evaluation) and `n_transcripts`. The codebook may be revised on the
    development part, so only the evaluation part's figures are reported."""
    tables = []
    for part in PARTS:
        mine = sample[sample.transcript_id.astype(str).map(parts) == part]
        t = auto_vs_human(auto, consensus_df, mine, codes)
        t.insert(0, "part", part)
        t.insert(2, "n_transcripts", mine.transcript_id.nunique())
        tables.append(t)
    return pd.concat(tables, ignore_index=True)


def evaluation_part(auto: pd.DataFrame | None) -> pd.DataFrame | None:
    """The rows of auto_vs_human.tsv the manuscript may report: the evaluation part (a table
    without a `part` column is one part, as written before the split existed)."""
    if auto is None or "part" not in auto.columns:
        return auto
    return auto[auto.part == "evaluation"].drop(columns="part").reset_index(drop=True)


# ---------------------------------------------------------------- reading coding files


def _read_csv(
    path: str | Path, columns: list[str], may_be_empty: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, list[int]]:
    """A small CSV with a required header, as stripped strings, plus each row's line number;
    every problem is one InputError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # tolerate the BOM spreadsheet programs write
    except FileNotFoundError:
        raise InputError(path, "file not found", "check the path and file name") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text", "save it as CSV UTF-8") from None
    records = [(n, row) for n, row in enumerate(csv.reader(text.splitlines()), start=1) if any(row)]
    if not records:
        raise InputError(f"{path}:1", "file is empty", f"the header row must be: {','.join(columns)}")
    (_, header), body = records[0], records[1:]
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(
            f"{path}:1",
            f"missing column(s) {', '.join(missing)}",
            f"the header row must be: {','.join(columns)}",
        )
    rows, lines = [], []
    for line, row in body:
        if len(row) != len(header):
            raise InputError(
                f"{path}:{line}",
                f"expected {len(header)} fields, found {len(row)}",
                "one value per column; quote values that contain commas",
            )
        rec = dict(zip(header, (v.strip() for v in row), strict=True))
        for c in columns:
            if not rec[c] and c not in may_be_empty:
                raise InputError(f"{path}:{line}", f"empty {c}", f"fill every column: {', '.join(columns)}")
        turn = rec["turn_index"]
        if not (turn.isascii() and turn.isdigit() and int(turn) >= 1):
            raise InputError(
                f"{path}:{line}",
                f"turn_index '{turn}' is not a positive integer",
                "use the participant-turn number (1 = the participant's first turn)",
            )
        rows.append([rec[c] for c in columns])
        lines.append(line)
    df = pd.DataFrame(rows, columns=columns).astype({"turn_index": "int64"})
    return df, lines


def check_codes(
    codings: pd.DataFrame,
    known_codes: Iterable[str],
    path: str | Path,
    lines: Sequence[int] | None = None,
    codebook: str = "config/codebook.yaml",
) -> None:
    """Every code must be a codebook id: a misspelt code would otherwise count as "never applied".

    `lines` are the file line numbers of the rows; by default row i is line i + 2 (header on line 1),
    which holds for a table as returned by `read_codings_csv`.
    """
    known = set(known_codes)
    for pos, code in enumerate(codings["code"]):
        if code not in known:
            line = lines[pos] if lines is not None else pos + 2
            close = difflib.get_close_matches(code, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(
                f"{path}:{line}", f"unknown code '{code}'", f"use a code id from {codebook}{hint}"
            )


def read_codings_csv(
    path: str | Path,
    coder: str,
    known_codes: Iterable[str] | None = None,
    codebook: str = "config/codebook.yaml",
) -> pd.DataFrame:
    """One coder's coding file (header transcript_id,turn_index,code; one row per code applied) as
    transcript_id, turn_index (int), coder, code. With `known_codes`, every code is checked against
    the codebook."""
    if not coder:
        raise ValueError("coder must be a non-empty name")
    df, lines = _read_csv(path, CODING_COLUMNS)
    if known_codes is not None:
        check_codes(df, known_codes, path, lines, codebook)
    df.insert(2, "coder", coder)
    return df


LONG_COLUMNS = ["transcript_id", "turn_index", "coder", "code"]


def read_long_codings_csv(
    path: str | Path,
    known_codes: Iterable[str] | None = None,
    codebook: str = "config/codebook.yaml",
) -> pd.DataFrame:
    """Every coder's codings in one file (header transcript_id,turn_index,coder,code; one row per
    code applied). A row with an empty code records that the coder saw the unit and gave it no code; it
    adds no coding (who coded which unit is the sample's `coder` column)."""
    df, lines = _read_csv(path, LONG_COLUMNS, may_be_empty=("code",))
    keep = (df.code != "").to_numpy()
    df, lines = df[keep].reset_index(drop=True), [n for n, k in zip(lines, keep, strict=True) if k]
    if known_codes is not None:
        check_codes(df, known_codes, path, lines, codebook)
    return df[["transcript_id", "turn_index", "coder", "code"]]


def read_sample_csv(path: str | Path) -> pd.DataFrame:
    """The units the coders coded (header transcript_id,turn_index[,coder]), de-duplicated and
    sorted. With a `coder` column, each row says that this coder coded this unit (rotating pairs,
    missing data); without one, every coder coded every listed unit."""
    try:
        header = Path(path).read_text(encoding="utf-8-sig").split("\n", 1)[0]
    except (FileNotFoundError, UnicodeDecodeError):
        header = ""  # _read_csv reports it
    columns = UNIT + (["coder"] if "coder" in [h.strip() for h in header.split(",")] else [])
    df, _ = _read_csv(path, columns)
    return df.drop_duplicates().sort_values(columns).reset_index(drop=True)
