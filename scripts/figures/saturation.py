"""Figure: saturation curve with its bootstrap band."""

import pandas as pd

from coprod.figures import mark_synthetic, saturation_curve
from coprod.snakeutil import run


def main():
    mark_synthetic(snakemake.params.synthetic)
    sat = pd.read_csv(snakemake.input.saturation, sep="\t")
    n_codes = len(pd.read_csv(snakemake.input.labels, sep="\t"))
    saturation_curve(sat, n_codes, snakemake.output[0])


run(snakemake, main)
