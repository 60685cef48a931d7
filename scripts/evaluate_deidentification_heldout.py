"""Snakemake adapter: de-identification measured on the held-out sets (`deidentify.heldout`)."""

from coprod.heldout import evaluate_sets
from coprod.snakeutil import run
from coprod.tables import write_tsv


def main():
    p = snakemake.params
    write_tsv(evaluate_sets(list(p.sets), p.dates), snakemake.output[0], float_digits=4)


run(snakemake, main)
