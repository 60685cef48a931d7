"""Snakemake adapter: the coding stage's statements about the codes for the manuscript
(results/coding/codes_manuscript.yml) and its fragments (results/coding/codes_fragments/)."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.codes_statements import codes_statements
from coprod.coding import load_codebook
from coprod.corpus_statements import has_sites
from coprod.snakeutil import run


def main():
    i, out, p = snakemake.input, snakemake.output, snakemake.params
    tsv = lambda f: pd.read_csv(f, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    codebook, _ = load_codebook(i.codebook)
    statements, fragments = codes_statements(
        tsv(i.codes),
        tsv(i.coded),
        tsv(i.segments),
        tsv(i.exemplars),
        codebook,
        yaml.safe_load(Path(i.claims).read_text(encoding="utf-8")),
        p.site_group,
        has_sites(tsv(i.stats)),
    )
    Path(out.statements).write_text(
        yaml.safe_dump(statements, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    folder = Path(out.fragments)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in fragments.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


run(snakemake, main)
