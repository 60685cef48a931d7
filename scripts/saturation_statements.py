"""Snakemake adapter: the saturation analysis's statements for the manuscript
(results/coding/saturation_manuscript.yml), written from saturation.tsv."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.saturation_statements import saturation_statements
from coprod.snakeutil import run


def main():
    sat = pd.read_csv(snakemake.input.saturation, sep="\t", dtype={"site_id": str}, keep_default_na=False)
    Path(snakemake.output.statements).write_text(
        yaml.safe_dump(saturation_statements(sat), sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )


run(snakemake, main)
