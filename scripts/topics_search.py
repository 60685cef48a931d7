"""Snakemake adapter: gather every (K, seed) fit into the diagnostics table with seed stability."""

import json
import sys

from coprod.snakeutil import run
from coprod.tables import write_tsv
from coprod.topics import diagnostics_table


def main():
    records = []
    for path in snakemake.input.fits:
        with open(path, encoding="utf-8") as fh:
            records.append(json.load(fh))
    diag = diagnostics_table(records)
    write_tsv(diag, snakemake.output[0])
    for k, g in diag.groupby("k"):
        print(f"K={k}: {len(g)} fits, seed stability {g.stability.iloc[0]:.3f}", file=sys.stderr)


run(snakemake, main)
