"""Snakemake adapter: raw transcript -> private/turns/<id>.json."""

from coprod.ingest import ingest_file
from coprod.privacy.register import interviewer_labels, load_register
from coprod.snakeutil import run


def main():
    labels = list(snakemake.params.interviewer_labels)
    labels += interviewer_labels(load_register(snakemake.input.register))
    ingest_file(snakemake.input.raw, snakemake.output[0], labels, snakemake.wildcards.transcript)


run(snakemake, main)
