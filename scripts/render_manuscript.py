"""Snakemake adapter: stage the Quarto project in results/ and render HTML, PDF, DOCX."""

import os
import sys
from pathlib import Path

from coprod.render import article_name, placeholder_warnings, project_config, render_manuscript
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
    # template placeholder text left in the article: one line each in the rule's log (above) and
    # on the terminal (the process's own stderr: `run` sends sys.stderr to the log), so the run
    # itself says so while the text remains
    source = Path(snakemake.params.source_dir)
    article = source / article_name(project_config(source))
    for line in placeholder_warnings(article, article.as_posix()) if article.exists() else []:
        print(line, file=sys.__stderr__)


run(snakemake, main)
