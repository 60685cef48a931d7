"""Figure: words per transcript by speaker role."""

import pandas as pd

from coprod.figures import corpus_descriptives, mark_synthetic
from coprod.snakeutil import run


def main():
    mark_synthetic(snakemake.params.synthetic)
    corpus_descriptives(
        pd.read_csv(snakemake.input.stats, sep="\t", dtype={"site_id": str}), snakemake.output[0]
    )


run(snakemake, main)
