"""Snakemake adapter: parsed turns -> de-identified transcripts (the private->shareable door)."""

import os
import shutil
from pathlib import Path

from coprod.deidentify import deidentify_files
from coprod.ingest import Transcript
from coprod.snakeutil import run


def main():
    transcripts = [Transcript.from_json(Path(p).read_text(encoding="utf-8")) for p in snakemake.input.turns]
    deidentify_files(
        inputs=[],
        transcripts=transcripts,
        register=Path(snakemake.input.register),
        key_path=Path(snakemake.params.key),
        out_dir=Path(snakemake.output.txt[0]).parent,
        review_path=Path(snakemake.output.review),
        summary_path=Path(snakemake.output.summary),
    )
    shutil.copyfile(snakemake.params.key, snakemake.output.key_used)
    os.chmod(snakemake.output.key_used, 0o600)


run(snakemake, main)
