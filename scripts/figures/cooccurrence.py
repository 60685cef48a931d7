"""Figure: code co-occurrence (Jaccard) heatmap."""

from coprod.figures import cooccurrence_heatmap, mark_synthetic
from coprod.snakeutil import run
from coprod.tables import read_tsv


def main():
    mark_synthetic(snakemake.params.synthetic)
    pairs = read_tsv(snakemake.input.pairs)
    pairs["jaccard"] = pairs.jaccard.astype(float)
    labels = dict(read_tsv(snakemake.input.labels)[["code_id", "label"]].values)
    cooccurrence_heatmap(pairs, labels, snakemake.output[0])


run(snakemake, main)
