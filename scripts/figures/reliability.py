"""Figure: Krippendorff's alpha per code with the 0.667 / 0.8 thresholds."""

import pandas as pd

from coprod.figures import mark_synthetic, reliability_by_code
from coprod.snakeutil import run
from coprod.tables import read_tsv


def main():
    mark_synthetic(snakemake.params.synthetic)
    table = pd.read_csv(snakemake.input.reliability, sep="\t")
    table = table.rename(columns={"code": "code_id"})
    labels = dict(read_tsv(snakemake.input.labels)[["code_id", "label"]].values)
    reliability_by_code(table, labels, snakemake.output[0])


run(snakemake, main)
