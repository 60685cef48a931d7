"""Snakemake adapter: the segment stage's statements about the corpus for the manuscript
(results/descriptives/manuscript.yml) and its table (results/descriptives/fragments/corpus.md)."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.corpus_statements import corpus_statements
from coprod.snakeutil import run


def main():
    i, out, p = snakemake.input, snakemake.output, snakemake.params
    tsv = lambda f: pd.read_csv(f, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    statements, fragments = corpus_statements(
        tsv(i.stats), tsv(i.segments), p.name, p.description, p.min_words, p.site_group
    )
    Path(out.statements).write_text(
        yaml.safe_dump(statements, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    for path in out.fragments:
        Path(path).write_text(fragments[Path(path).name], encoding="utf-8")


run(snakemake, main)
