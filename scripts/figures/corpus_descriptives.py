"""Figure: words per transcript by speaker role."""

import pandas as pd

from coprod.figures import corpus_descriptives
from coprod.snakeutil import run


def main():
    corpus_descriptives(
        pd.read_csv(snakemake.input.stats, sep="\t", dtype={"site_id": str}), snakemake.output[0]
    )


run(snakemake, main)
