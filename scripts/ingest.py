"""Snakemake adapter: raw transcript -> private/turns/<id>.json, its ingest report in the log."""

import sys

from coprod.ingest import ingest_file, report_lines
from coprod.snakeutil import run


def main():
    transcript = ingest_file(
        snakemake.input.raw,
        snakemake.output[0],
        list(snakemake.params.interviewer_labels),
        snakemake.wildcards.transcript,
    )
    # stderr is the rule's log, in the private zone: it may name speakers
    print("\n".join(report_lines(transcript)), file=sys.stderr)


run(snakemake, main)
