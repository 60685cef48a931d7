"""Figure: the K diagnostics panel."""

import pandas as pd

from coprod.figures import k_diagnostics
from coprod.snakeutil import run


def main():
    diag = pd.read_csv(snakemake.input.diagnostics, sep="\t")
    k_summary = pd.read_csv(snakemake.input.k_summary, sep="\t")
    k_diagnostics(diag, int(k_summary.loc[k_summary.chosen, "k"].iloc[0]), snakemake.output[0])


run(snakemake, main)
