"""Inter-coder reliability: how far the human coders agree, and how far the rule coder agrees with them.

Reliability is what licenses treating a code as data, so every statistic is computed from its textbook
definition (Cohen 1960; Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") on plain
Python/pandas data and returns nan where the definition does not apply, rather than a convenient
number. A unit is one double-coded participant turn (transcript_id, turn_index); within the sample
every coder read every unit, so a code's absence means "not applied", while a unit outside the sample
is missing. Nothing is rounded here: tables are rounded when written (`coprod.tables.write_tsv`).
"""

from __future__ import annotations

import csv
import difflib
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
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


def _coders(codings: pd.DataFrame, coders: Sequence[str] | None) -> list[str]:
    """The given coders, or everyone in the codings (sorted). Give them explicitly so a coder who
    applied nothing in the sample is still counted as having rated every unit."""
    if coders is None:
        return sorted(codings["coder"].astype(str).unique()) if len(codings) else []
    if len(set(coders)) != len(coders):
        raise ValueError("coders must be unique")
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


def _below(value: float, threshold: float) -> bool:
    """Flag unless alpha reaches the threshold; an undefined alpha is no evidence of reliability."""
    return not value >= threshold


def _row(label: str, n_units: int, vectors: dict[str, list[int]], alpha: float, pooled: float) -> dict:
    """One table row from each coder's concatenated 0/1 decisions."""
    coders = list(vectors)
    row: dict = {"code": label, "n_units": n_units, "n_decisions": len(next(iter(vectors.values()), []))}
    row.update({f"n_{c}": int(sum(vectors[c])) for c in coders})
    pairs = list(combinations(coders, 2))
    row.update({f"agreement_{a}_vs_{b}": percent_agreement(vectors[a], vectors[b]) for a, b in pairs})
    row.update({f"kappa_{a}_vs_{b}": cohen_kappa(vectors[a], vectors[b]) for a, b in pairs})
    row.update({"alpha": alpha, "alpha_pooled": pooled})
    worst = min(alpha, pooled) if not (math.isnan(alpha) or math.isnan(pooled)) else math.nan
    row.update({"below_0667": _below(worst, TENTATIVE), "below_080": _below(worst, RELIABLE)})
    return row


def reliability_table(
    codings: pd.DataFrame, sample: pd.DataFrame, codes: list[str], coders: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per code (in the order given) plus 'ALL': per-coder counts, per coder pair percent
    agreement and Cohen's kappa, Krippendorff's alpha (nominal, all coders) and flags.

    Each code is a binary decision per sample unit (applied / not applied). 'ALL' pools every
    (unit, code) decision for the counts, agreement, kappa and `alpha_pooled`; its `alpha` is the
    mean of the defined per-code alphas (codes nobody used have none). `below_0667` / `below_080`
    are True when the lower of `alpha` and `alpha_pooled` misses Krippendorff's .667 (tentative
    conclusions) / .800 thresholds, or is undefined.
    """
    codes, coders = _check_codes_list(codes), _coders(codings, coders)
    p = presence(codings, sample, codes, coders)
    n_units = len(p)
    rows, alphas = [], []
    for code in codes:
        vectors = {c: p[(code, c)].tolist() for c in coders}
        alpha = krippendorff_alpha_nominal(list(vectors.values()))
        alphas.append(alpha)
        rows.append(_row(code, n_units, vectors, alpha, alpha))
    pooled_vectors = {c: [x for code in codes for x in p[(code, c)].tolist()] for c in coders}
    defined = [a for a in alphas if not math.isnan(a)]
    mean_alpha = sum(defined) / len(defined) if defined else math.nan
    pooled = krippendorff_alpha_nominal(list(pooled_vectors.values()))
    rows.append(_row(ALL, n_units, pooled_vectors, mean_alpha, pooled))
    return pd.DataFrame(rows)


def consensus(
    codings: pd.DataFrame,
    sample: pd.DataFrame,
    codes: list[str],
    rule: str = "all",
    coders: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The human reference coding: per sample unit, the codes all coders applied (rule 'all') or at
    least one applied ('any'). Long format (transcript_id, turn_index, code), like a coding file."""
    if rule not in ("all", "any"):
        raise ValueError(f"consensus rule must be 'all' or 'any', not {rule!r}")
    codes, coders = _check_codes_list(codes), _coders(codings, coders)
    p = presence(codings, sample, codes, coders)
    combine = all if rule == "all" else any
    rows = [
        (t, i, code)
        for t, i in p.index
        for code in codes
        if coders and combine(p.at[(t, i), (code, c)] == 1 for c in coders)
    ]
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


# ---------------------------------------------------------------- reading coding files


def _read_csv(path: str | Path, columns: list[str]) -> tuple[pd.DataFrame, list[int]]:
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
            if not rec[c]:
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


def read_sample_csv(path: str | Path) -> pd.DataFrame:
    """The double-coded units (header transcript_id,turn_index), de-duplicated and sorted."""
    df, _ = _read_csv(path, UNIT)
    return df.drop_duplicates().sort_values(UNIT).reset_index(drop=True)
