"""Snakemake adapter: the K grid x seeds search with diagnostics (parallel up to the granted cores)."""

import sys

from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import prepare_from_config, search_k


def main():
    p = snakemake.params.topics
    segments = read_tsv(snakemake.input.segments)
    prep = prepare_from_config(segments.text.tolist(), p)
    diag = search_k(
        prep,
        p["model"],
        p["k_grid"],
        p["seeds"],
        p["max_iter"],
        p["n_top_words"],
        p["heldout_fraction"],
        snakemake.threads,
        log=sys.stderr,
    )
    write_tsv(diag, snakemake.output[0])


run(snakemake, main)
