"""Snakemake adapter: the coding assistant's paragraph for the manuscript
(results/coding/assistant_section_manuscript.yml and results/coding/fragments/assistant_section.md),
written from the assistant's statements and table, or saying it was not trained."""

from pathlib import Path

import yaml

from coprod.assistant_statements import assistant_statements
from coprod.snakeutil import run


def main():
    i, out = snakemake.input, snakemake.output
    assistant = yaml.safe_load(Path(i.assistant).read_text(encoding="utf-8")) if i.get("assistant") else None
    table = Path(i.table).read_text(encoding="utf-8") if i.get("table") else None
    statements, fragments = assistant_statements(assistant, table)
    Path(out.statements).write_text(
        yaml.safe_dump(statements, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    for path in out.fragments:
        Path(path).write_text(fragments[Path(path).name], encoding="utf-8")


run(snakemake, main)
