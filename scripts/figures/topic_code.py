"""Figure: topic x code alignment heatmap."""

import pandas as pd

from coprod.figures import topic_code_heatmap
from coprod.snakeutil import run


def main():
    align = pd.read_csv(snakemake.input.topic_code, sep="\t")
    codes = pd.read_csv(snakemake.input.codes, sep="\t")
    topic_code_heatmap(align, dict(zip(codes.code_id, codes.label, strict=True)), snakemake.output[0])


run(snakemake, main)
