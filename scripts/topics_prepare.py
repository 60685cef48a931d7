"""Snakemake adapter: screen segments for topic modelling and build the shared vocabulary."""

import sys

from coprod.cache import ContentCache
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import prepare_segments, screening_summary


def main():
    p, out = snakemake.params.topics, snakemake.output
    segments = read_tsv(snakemake.input.segments)
    screened, ids, prep = prepare_segments(segments, p, ContentCache(snakemake.params.cache))
    summary = screening_summary(screened, len(ids), len(prep.vocab))
    with open(out.corpus, "w", encoding="utf-8") as fh:
        fh.write(prep.to_json(ids))
    write_tsv(screened, out.screening)
    write_tsv(summary, out.summary)
    for row in summary.itertuples():
        print(f"{row.step}: {row.segments}", file=sys.stderr)


run(snakemake, main)
