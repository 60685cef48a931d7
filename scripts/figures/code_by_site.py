"""Figure: coded segments per code and site (heatmap)."""

from coprod.figures import code_frequency_by_site, mark_synthetic
from coprod.snakeutil import run
from coprod.tables import read_tsv


def main():
    mark_synthetic(snakemake.params.synthetic)
    matrix = read_tsv(snakemake.input.matrix).drop(columns="theme_id")
    matrix[matrix.columns[1:]] = matrix[matrix.columns[1:]].astype(int)
    labels = dict(read_tsv(snakemake.input.labels)[["code_id", "label"]].values)
    # interviews per site: the figure shows coded segments per interview, not raw counts
    stats = read_tsv(snakemake.input.stats)
    interviews = stats.groupby("site_id").transcript_id.nunique().to_dict()
    code_frequency_by_site(matrix, labels, snakemake.output[0], interviews)


run(snakemake, main)
