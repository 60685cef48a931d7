"""Snakemake adapter: segments + codebook -> coded segments, matrices, co-occurrence, exemplars."""

from coprod.analysis import cooccurrence, exemplars
from coprod.coding import code_segments, load_codebook, matrix, summary
from coprod.segment import read_participants
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    segments = read_tsv(snakemake.input.segments)
    segments["n_words"] = segments.n_words.astype(int)
    _, codes = load_codebook(snakemake.input.codebook)
    ids = [c.id for c in codes]
    sheet = read_participants(snakemake.input.participants)
    coded = code_segments(segments, codes)
    out = snakemake.output
    ex = snakemake.params.exemplars
    write_tsv(coded, out.coded)
    write_tsv(matrix(coded, codes, "participant_id", sorted(sheet.participant_id)), out.by_participant)
    write_tsv(matrix(coded, codes, "site_id", sorted(sheet.site_id.unique())), out.by_site)
    write_tsv(matrix(coded, codes, "group", sorted(sheet.group.unique())), out.by_group)
    write_tsv(summary(coded, segments, codes), out.summary)
    write_tsv(cooccurrence(coded, ids), out.cooccurrence)
    write_tsv(
        exemplars(coded, segments, ids, ex["per_code"], ex["min_words"], ex["max_words"]), out.exemplars
    )


run(snakemake, main)
