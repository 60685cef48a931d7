"""Snakemake adapter: the stages' statements and fragments -> the manuscript's _variables.yml and
table includes (coprod.manuscript assembles; every number and sentence comes from its stage)."""

import os
from pathlib import Path

import yaml

from coprod.manuscript import build, provenance, write
from coprod.render import choose_engine
from coprod.snakeutil import run


def main():
    i, p = snakemake.input, snakemake.params
    load_yml = lambda f: yaml.safe_load(Path(f).read_text(encoding="utf-8"))  # noqa: E731
    stages = {
        "corpus": load_yml(i.corpus_statements),
        "deid": load_yml(i.deid_statements),
        "codes": load_yml(i.codes_statements),
        "saturation": load_yml(i.saturation_statements),
        "reliability": load_yml(i.reliability_statements),
        "topics": load_yml(i.topic_statements),
    }
    # every stage's tables and paragraphs, as it wrote them, by their name under _tables/
    files = [
        *i.corpus_fragments,
        *i.deid_fragments,
        *i.reliability_fragments,
        *i.topic_fragments,
        *i.assistant_fragments,
    ]
    fragments = {Path(f).name: Path(f).read_text(encoding="utf-8") for f in files}
    codes = Path(i.codes_fragments)  # a folder: one quote and one claims fragment per code
    for f in sorted(codes.rglob("*.md")):
        fragments[f.relative_to(codes).as_posix()] = f.read_text(encoding="utf-8")
    # the reporting checklists' supplement, written by the rule that knows the data
    fragments["reporting.md"] = Path(i.reporting).read_text(encoding="utf-8")
    engine = choose_engine(p.engine)
    variables, tables = build(stages, fragments, p.study, engine)
    shareable = [f for f in snakemake.input if not str(f).endswith((".py", ".lua"))]
    variables["provenance"], tables["provenance.md"] = provenance(
        shareable,
        p.config_sha256,
        p.review,
        engine,
        int(os.environ.get("SOURCE_DATE_EPOCH") or p.epoch),
        p.repo,
    )
    write(variables, tables, Path(snakemake.output.variables))


run(snakemake, main)
