"""Snakemake adapter: the de-identification stage's statements for the manuscript
(results/deidentified/manuscript.yml) and its fragments (results/deidentified/fragments/*.md),
written from the stage's own shareable tables."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.deid_statements import deid_statements
from coprod.snakeutil import run


def main():
    i, out = snakemake.input, snakemake.output
    tsv = lambda p: pd.read_csv(p, sep="\t", keep_default_na=False)  # noqa: E731
    numeric = lambda p: pd.read_csv(p, sep="\t")  # noqa: E731  (empty cells are NaN: undefined statistics)
    statements, fragments = deid_statements(
        tsv(i.summary),
        tsv(i.evaluation) if i.get("evaluation") else None,
        numeric(i.heldout) if i.get("heldout") else None,
        snakemake.params.heldout or [],
    )
    Path(out.statements).write_text(
        yaml.safe_dump(statements, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    for path in out.fragments:
        Path(path).write_text(fragments[Path(path).name], encoding="utf-8")


run(snakemake, main)
