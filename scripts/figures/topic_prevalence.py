"""Figure: topic prevalence by group with bootstrap intervals."""

import pandas as pd

from coprod.figures import mark_synthetic, prevalence_by_group
from coprod.snakeutil import run


def main():
    mark_synthetic(snakemake.params.synthetic)
    prev = pd.read_csv(snakemake.input.prevalence, sep="\t")
    summary = pd.read_csv(snakemake.input.summary, sep="\t")
    prevalence_by_group(
        prev, dict(zip(summary.topic, summary.label, strict=True)), "group", snakemake.output[0]
    )


run(snakemake, main)
