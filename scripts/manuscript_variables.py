"""Snakemake adapter: result tables -> the manuscript's _variables.yml and table includes."""

from pathlib import Path

import pandas as pd

from coprod.coding import load_codebook
from coprod.manuscript import build, write
from coprod.render import choose_engine
from coprod.snakeutil import run


def main():
    i = snakemake.input
    tsv = lambda p: pd.read_csv(p, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    numeric = lambda p: pd.read_csv(p, sep="\t")  # noqa: E731  (empty cells are NaN: undefined statistics)
    codebook, _ = load_codebook(i.codebook)
    cfg = snakemake.params.config
    variables, tables = build(
        tsv(i.stats),
        tsv(i.segments),
        tsv(i.coded),
        tsv(i.codes),
        tsv(i.topics),
        tsv(i.deid),
        codebook,
        cfg,
        choose_engine(cfg["manuscript"]["engine"]),
        tsv(i.deid_eval) if i.get("deid_eval") else None,
        tsv(i.saturation),
        tsv(i.exemplars),
        numeric(i.reliability) if i.get("reliability") else None,
        numeric(i.auto) if i.get("auto") else None,
        numeric(i.supervised_cv) if i.get("supervised_cv") else None,
        numeric(i.k_summary),
    )
    write(variables, tables, Path(snakemake.output.variables))


run(snakemake, main)
