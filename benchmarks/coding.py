"""The rule coder: indexed keyword look-up vs the scan of every word position it replaced.

Same segments (results/segments.tsv from `make`, repeated --repeat times to approach a large
study), same codebook (config/codebook.yaml). Runs `coprod.coding.apply_codebook` twice in this
process: once as shipped (each segment's word forms indexed once; a keyword is tried only where
its first word occurs) and once with the matcher swapped for the definition it must equal (every
keyword tried at every position). Prints both times, their ratio, and whether the coded rows and
the keyword report are identical (they must be).

Usage: .venv/bin/python benchmarks/coding.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coprod import coding  # noqa: E402
from coprod.tables import read_tsv  # noqa: E402


def scan_find(kw, forms):
    """The baseline: every keyword at every position (the coder before the index)."""
    seq = forms.forms if isinstance(forms, coding.Forms) else forms
    n = len(kw.words)
    return [
        i
        for i in range(len(seq) - n + 1)
        if all(coding._word_matches(p, seq[i + j], kw) for j, p in enumerate(kw.words))
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    path = ROOT / "results" / "segments.tsv"
    if not path.exists():
        sys.exit(f"{path}: not found; run `make` first (the benchmark codes the pipeline's segments)")
    segments = pd.concat([read_tsv(path)] * args.repeat, ignore_index=True)
    _, codes = coding.load_codebook(ROOT / "config" / "codebook.yaml")
    words = int(segments.text.str.split().str.len().sum())

    t0 = time.perf_counter()
    indexed = coding.apply_codebook(segments, codes)
    t_indexed = time.perf_counter() - t0

    shipped = coding._find
    coding._find = scan_find
    try:
        t0 = time.perf_counter()
        scanned = coding.apply_codebook(segments, codes)
        t_scan = time.perf_counter() - t0
    finally:
        coding._find = shipped

    same = indexed[0].equals(scanned[0]) and indexed[1].equals(scanned[1])
    rules = sum(len(coding.rules_of(c)) for c in codes)
    print(f"{len(segments):,} segments, {words:,} words, {len(codes)} codes, {rules} rules")
    print(f"indexed look-up   {t_indexed:8.2f} s  ({words / t_indexed:,.0f} words/s)")
    print(f"scan (baseline)   {t_scan:8.2f} s  ({words / t_scan:,.0f} words/s)")
    print(f"speed-up          {t_scan / t_indexed:8.1f} x")
    print(f"identical output  {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
