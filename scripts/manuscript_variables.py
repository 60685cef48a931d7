"""Snakemake adapter: result tables -> the manuscript's _variables.yml and table includes."""

import os
from pathlib import Path

import pandas as pd
import yaml

from coprod.coding import load_codebook
from coprod.manuscript import build, check_human_units, provenance, write
from coprod.render import choose_engine
from coprod.snakeutil import run


def main():
    i = snakemake.input
    tsv = lambda p: pd.read_csv(p, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    numeric = lambda p: pd.read_csv(p, sep="\t")  # noqa: E731  (empty cells are NaN: undefined statistics)
    codebook, _ = load_codebook(i.codebook)
    cfg = snakemake.params.config
    if i.get("human_sample"):
        check_human_units(pd.read_csv(i.human_sample, dtype=str), tsv(i.stats).transcript_id, i.human_sample)
    load_yml = lambda p: yaml.safe_load(Path(p).read_text(encoding="utf-8"))  # noqa: E731
    variables, tables = build(
        tsv(i.stats),
        tsv(i.segments),
        tsv(i.coded),
        tsv(i.codes),
        load_yml(i.topic_statements),
        tsv(i.deid),
        codebook,
        cfg,
        choose_engine(cfg["manuscript"]["engine"]),
        deid_eval=tsv(i.deid_eval) if i.get("deid_eval") else None,
        deid_heldout=numeric(i.deid_heldout) if i.get("deid_heldout") else None,
        saturation=tsv(i.saturation),
        exemplars=tsv(i.exemplars),
        reliability=numeric(i.reliability) if i.get("reliability") else None,
        auto=numeric(i.auto) if i.get("auto") else None,
        statements=load_yml(i.statements),
        assistant=load_yml(i.assistant) if i.get("assistant") else None,
        assistant_table=Path(i.assistant_table).read_text(encoding="utf-8")
        if i.get("assistant_table")
        else None,
        # the topics stage's tables, as it wrote them
        topic_fragments={Path(f).name: Path(f).read_text(encoding="utf-8") for f in i.topic_fragments},
    )
    # the reporting checklists' supplement, written by the rule that knows the data
    tables["reporting.md"] = Path(i.reporting).read_text(encoding="utf-8")
    private = {str(i.human_sample)} if i.get("human_sample") else set()  # private zone: not listed
    files = [f for f in snakemake.input if not str(f).endswith((".py", ".lua")) and str(f) not in private]
    engine = choose_engine(cfg["manuscript"]["engine"])
    variables["provenance"], tables["provenance.md"] = provenance(
        files,
        cfg,
        engine,
        int(os.environ.get("SOURCE_DATE_EPOCH") or snakemake.params.epoch),
        snakemake.params.repo,
    )
    write(variables, tables, Path(snakemake.output.variables))


run(snakemake, main)
