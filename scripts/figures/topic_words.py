"""Figure: top words per topic (small multiples)."""

import pandas as pd

from coprod.figures import mark_synthetic, topic_top_words
from coprod.snakeutil import run


def main():
    mark_synthetic(snakemake.params.synthetic)
    topic_top_words(pd.read_csv(snakemake.input.terms, sep="\t"), snakemake.output[0])


run(snakemake, main)
