"""Snakemake adapter: the codebook without its keyword rules (coprod.codebook_view), read by the
rules that never apply a rule, so a keyword edit re-runs none of them."""

from coprod.codebook_view import write_view
from coprod.snakeutil import run


def main():
    write_view(snakemake.input.codebook, snakemake.output[0])


run(snakemake, main)
