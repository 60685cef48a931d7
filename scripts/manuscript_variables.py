"""Snakemake adapter: the stages' statements and fragments -> the manuscript's _variables.yml and
table includes (coprod.manuscript assembles; every number and sentence comes from its stage)."""

import os
from pathlib import Path

import pandas as pd
import yaml

from coprod.coding import load_codebook
from coprod.manuscript import build, provenance, write
from coprod.render import choose_engine
from coprod.snakeutil import run


def main():
    i, p = snakemake.input, snakemake.params
    tsv = lambda f: pd.read_csv(f, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    load_yml = lambda f: yaml.safe_load(Path(f).read_text(encoding="utf-8"))  # noqa: E731
    codebook, _ = load_codebook(i.codebook)
    stages = {
        "corpus": load_yml(i.corpus_statements),
        "deid": load_yml(i.deid_statements),
        "saturation": load_yml(i.saturation_statements),
        "reliability": load_yml(i.reliability_statements),
        "topics": load_yml(i.topic_statements),
    }
    # every stage's tables and paragraphs, as it wrote them
    fragments = {
        Path(f).name: Path(f).read_text(encoding="utf-8")
        for f in [*i.corpus_fragments, *i.deid_fragments, *i.reliability_fragments, *i.topic_fragments]
    }
    # the reporting checklists' supplement, written by the rule that knows the data
    fragments["reporting.md"] = Path(i.reporting).read_text(encoding="utf-8")
    coding = {
        "code_summary": tsv(i.codes),
        "coded_segments": tsv(i.coded),
        "segments": tsv(i.segments),
        "codebook": codebook,
        "exemplars": tsv(i.exemplars),
        "statements": load_yml(i.statements),
        "assistant": load_yml(i.assistant) if i.get("assistant") else None,
        "assistant_table": (
            Path(i.assistant_table).read_text(encoding="utf-8") if i.get("assistant_table") else None
        ),
    }
    engine = choose_engine(p.engine)
    variables, tables = build(stages, fragments, coding, p.site_group, p.study, engine)
    files = [f for f in snakemake.input if not str(f).endswith((".py", ".lua"))]
    variables["provenance"], tables["provenance.md"] = provenance(
        files,
        p.config_sha256,
        p.review,
        engine,
        int(os.environ.get("SOURCE_DATE_EPOCH") or p.epoch),
        p.repo,
    )
    write(variables, tables, Path(snakemake.output.variables))


run(snakemake, main)
