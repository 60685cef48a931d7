"""Snakemake adapter: stage the Quarto project in results/ and render HTML, PDF, DOCX."""

import os
from pathlib import Path

from coprod.render import render_manuscript
from coprod.snakeutil import run


def main():
    out = snakemake.output
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or snakemake.params.epoch)  # the env var wins
    render_manuscript(
        Path(snakemake.params.source_dir),
        Path(snakemake.input.variables).parent,
        list(snakemake.input.figures),
        Path(out.project),
        Path(out.html).parent,
        snakemake.params.engine,
        epoch,
    )


run(snakemake, main)
