"""Snakemake adapter: de-identified turns -> results/segments.tsv + descriptives."""

from coprod.cache import ContentCache
from coprod.segment import build_segments, load_docs, read_participants, transcript_stats
from coprod.snakeutil import run
from coprod.tables import write_tsv


def main():
    docs = load_docs(snakemake.input.docs)
    sheet = read_participants(snakemake.input.participants)
    segments = build_segments(
        docs,
        sheet,
        snakemake.input.participants,
        snakemake.params.include_interviewer,
        snakemake.params.min_words,
        snakemake.params.max_words,
        ContentCache(snakemake.params.cache),
    )
    write_tsv(segments, snakemake.output.segments)
    write_tsv(transcript_stats(docs, sheet), snakemake.output.stats)


run(snakemake, main)
