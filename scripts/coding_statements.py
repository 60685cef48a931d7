"""Snakemake adapter: the coding stage's statements for the manuscript (results/coding/manuscript.yml):
per code its figures, the verdicts they support under `coding.claims` and the sentences saying so."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.claims import code_claims
from coprod.snakeutil import run
from coprod.tables import read_tsv


def main():
    i, p = snakemake.input, snakemake.params
    numeric = lambda f: pd.read_csv(f, sep="\t")  # noqa: E731  (empty cells are NaN)
    out = code_claims(
        read_tsv(i.codes),
        read_tsv(i.coded),
        read_tsv(i.segments),
        p.claims,
        p.site_group,
        numeric(i.auto) if i.get("auto") else None,
        numeric(i.reliability) if i.get("reliability") else None,
    )
    Path(snakemake.output[0]).write_text(
        yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )


run(snakemake, main)
