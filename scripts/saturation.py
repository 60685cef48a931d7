"""Snakemake adapter: coded segments -> saturation curve with a bootstrap band."""

from coprod.analysis import saturation
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    coded = read_tsv(snakemake.input.coded)
    transcripts = sorted(read_tsv(snakemake.input.stats).transcript_id)
    p = snakemake.params.saturation
    write_tsv(saturation(coded, transcripts, p["bootstrap"], p["seed"]), snakemake.output[0])


run(snakemake, main)
