"""Human-human reliability of a real double-coded set with `coprod.reliability`, beside the figure
its README reports.

    PYTHONPATH=src python benchmarks/realcoded_reliability.py REALCODED_DIR [--bootstrap N] [--seed S]

REALCODED_DIR holds `units.tsv` (unit_id, ..., scope) and `codes.tsv` (unit_id, coder, code; an
empty code = coded, nothing applies; a sub-code `a->b` counts as its code `a`), and its parent
folder the README with a line "pooled alpha X" for the set. Each code is one binary variable over
the units at least two coders coded, restricted to the units of its `scope` (codebook.yaml) when
it has one. Prints only figures: the pooled alpha over the estimable codes with its bootstrap
interval, the pooled alpha over every codebook code (the README's definition, which counts codes
nobody used on those units as agreement), and the README's figure. Reads the path it is given;
nothing of the text is printed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import pandas as pd
import yaml

from coprod.reliability import ALL, _alpha_from, _alpha_parts, design, reliability_table


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load(folder: Path):
    units = read_tsv(folder / "units.tsv")
    rows = read_tsv(folder / "codes.tsv")
    book = yaml.safe_load((folder / "codebook.yaml").read_text(encoding="utf-8"))
    codes = [c["id"] for c in book["codes"]]
    scope_of = {c["id"]: c.get("scope") for c in book["codes"]}
    unit_scope = {u["unit_id"]: u.get("scope") for u in units}
    # the library's unit key is (transcript_id, turn_index): one pseudo-transcript, units numbered
    number = {u["unit_id"]: i + 1 for i, u in enumerate(units)}
    coded = sorted({(r["unit_id"], r["coder"]) for r in rows})
    per_unit: dict[str, set[str]] = {}
    for u, c in coded:
        per_unit.setdefault(u, set()).add(c)
    multi = {u for u, cs in per_unit.items() if len(cs) >= 2}
    sample = pd.DataFrame(
        [("set", number[u], c) for u, c in coded if u in multi],
        columns=["transcript_id", "turn_index", "coder"],
    )
    applied = {
        ("set", number[r["unit_id"]], r["coder"], r["code"].strip().split("->")[0])
        for r in rows
        if r["code"].strip() and r["unit_id"] in multi
    }
    codings = pd.DataFrame(sorted(applied), columns=["transcript_id", "turn_index", "coder", "code"])
    codings = codings[codings.code.isin(set(codes))]
    scope = {
        c: {("set", number[u]) for u in multi if unit_scope.get(u) == scope_of[c]}
        for c in codes
        if scope_of[c]
    }
    return codings, sample, codes, scope


def readme_figure(folder: Path) -> float | None:
    """The README's pooled alpha for this set: the first 'pooled alpha X' after the set's heading."""
    readme = folder.parent / "README.md"
    if not readme.exists():
        return None
    text = readme.read_text(encoding="utf-8")
    at = text.find(f"### `{folder.name}`")
    found = re.search(r"pooled alpha ([0-9.]+)", text[at:] if at >= 0 else text)
    return float(found.group(1)) if found else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20220203)
    a = ap.parse_args(argv)
    codings, sample, codes, scope = load(a.folder)
    t = reliability_table(codings, sample, codes, bootstrap=a.bootstrap, seed=a.seed, scope=scope)
    t = t.set_index("code")
    total = t.loc[ALL]
    # the README's definition: every codebook code stacked, used or not
    _, _, m, k, _, _ = design(codings, sample, codes, scope=scope)
    n, n1, d = (x.sum() for x in _alpha_parts(m, k))
    everything = float(_alpha_from(n, n1, d))
    print(f"set: {a.folder.name}")
    n_units = len(set(zip(sample.transcript_id, sample.turn_index, strict=True)))
    print(f"units coded by >= 2 coders: {n_units}; coders: {int(total.n_coders)}")
    print(
        f"codes: {len(codes)}; estimable: {int(total.n_estimable)}; "
        f"not estimable: {len(codes) - int(total.n_estimable)}"
    )
    print(
        f"pooled alpha over the estimable codes: {total.alpha:.3f} "
        f"(95% bootstrap interval {total.alpha_low:.3f}-{total.alpha_high:.3f}, {a.bootstrap} replicates)"
    )
    print(f"mean per-code alpha over the estimable codes: {total.alpha_mean:.3f}")
    if "kappa" in t.columns:
        print(f"pooled Cohen's kappa (two coders, estimable codes): {total.kappa:.3f}")
    print(f"pooled alpha over every codebook code (README definition): {everything:.3f}")
    stated = readme_figure(a.folder)
    if stated is None:
        print("README figure: not found")
    else:
        print(
            f"README pooled alpha: {stated:.3f}; difference (README definition): {everything - stated:+.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
