"""Snakemake adapter (checkpoint, `topics.k_grid: auto`): the K grid derived from the screened corpus
(modelled segments, vocabulary terms), written with the figures it was derived from."""

import json

from coprod.snakeutil import run
from coprod.tables import read_tsv
from coprod.topics import derived_k_grid


def main():
    counts = dict(zip(*(read_tsv(snakemake.input.summary)[c] for c in ("step", "segments")), strict=True))
    segments, vocab = int(counts["modelled"]), int(counts["vocabulary terms"])
    n_top = int(snakemake.params.topics["n_top_words"])
    record = {
        "k_grid": derived_k_grid(segments, vocab, n_top),
        "segments_modelled": segments,
        "vocabulary": vocab,
        "n_top_words": n_top,
    }
    with open(snakemake.output[0], "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=1)
        fh.write("\n")


run(snakemake, main)
