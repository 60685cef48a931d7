"""Figure: coded segments per code and site (heatmap)."""

from coprod.figures import code_frequency_by_site, mark_synthetic
from coprod.snakeutil import run
from coprod.tables import read_tsv


def main():
    mark_synthetic(snakemake.params.synthetic)
    matrix = read_tsv(snakemake.input.matrix).drop(columns="theme_id")
    matrix[matrix.columns[1:]] = matrix[matrix.columns[1:]].astype(int)
    labels = dict(read_tsv(snakemake.input.summary)[["code_id", "label"]].values)
    code_frequency_by_site(matrix, labels, snakemake.output[0])


run(snakemake, main)
