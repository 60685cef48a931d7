"""Snakemake adapter, per-chunk step of the private->shareable door: one chunk's parsed turns +
its private plan (from deidentify.py) -> results/deidentified/<id>.txt and .json."""

from pathlib import Path

from coprod.ingest import Transcript
from coprod.privacy.publish import apply_chunk
from coprod.snakeutil import run


def main():
    transcripts = [Transcript.from_json(Path(p).read_text(encoding="utf-8")) for p in snakemake.input.turns]
    apply_chunk(Path(snakemake.input.plan), transcripts, Path(snakemake.output.txt[0]).parent)


run(snakemake, main)
