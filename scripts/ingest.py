"""Snakemake adapter: a chunk of raw transcripts -> private/turns/<id>.json; the per-transcript
ingest reports go to the chunk's log (private: they name speakers)."""

import json
import sys

from coprod.ingest import ingest_file, report_lines
from coprod.snakeutil import run


def main():
    with open(snakemake.input.labels, encoding="utf-8") as fh:
        labels = json.load(fh)
    for raw, dest, tid in zip(snakemake.input.raw, snakemake.output, snakemake.params.ids, strict=True):
        transcript = ingest_file(raw, dest, labels, tid, snakemake.params.unlabelled_role)
        print("\n".join(report_lines(transcript)), file=sys.stderr)


run(snakemake, main)
