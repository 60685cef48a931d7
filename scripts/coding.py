"""Snakemake adapter: segments + codebook -> coded segments and code matrices."""

from coprod.coding import code_segments, load_codebook, matrix, summary
from coprod.segment import read_participants
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    segments = read_tsv(snakemake.input.segments)
    _, codes = load_codebook(snakemake.input.codebook)
    sheet = read_participants(snakemake.input.participants)
    coded = code_segments(segments, codes)
    out = snakemake.output
    write_tsv(coded, out.coded)
    write_tsv(matrix(coded, codes, "participant_id", sorted(sheet.participant_id)), out.by_participant)
    write_tsv(matrix(coded, codes, "site_id", sorted(sheet.site_id.unique())), out.by_site)
    write_tsv(summary(coded, segments, codes), out.summary)


run(snakemake, main)
