"""Snakemake adapter: the topics stage's statements for the manuscript (results/topics/manuscript.yml)
and its table fragments (results/topics/fragments/*.md), written from the stage's own files."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.snakeutil import run
from coprod.topic_statements import topic_statements


def main():
    i, out = snakemake.input, snakemake.output
    tsv = lambda p: pd.read_csv(p, sep="\t", keep_default_na=False)  # noqa: E731
    numeric = lambda p: pd.read_csv(p, sep="\t")  # noqa: E731  (empty cells are NaN: undefined statistics)
    statements, fragments = topic_statements(
        numeric(i.k_summary), tsv(i.screening), tsv(i.effects), tsv(i.summary), snakemake.params.topics
    )
    Path(out.statements).write_text(
        yaml.safe_dump(statements, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    for path in out.fragments:
        Path(path).write_text(fragments[Path(path).name], encoding="utf-8")


run(snakemake, main)
