"""Snakemake adapter: result tables + study.reporting -> COREQ and SRQR checklists (TSV) and the
manuscript's supplement fragment."""

from pathlib import Path

import pandas as pd

from coprod.coding import load_codebook
from coprod.reporting import Inputs, build, read_transcripts
from coprod.snakeutil import run
from coprod.tables import write_tsv


def main():
    i = snakemake.input
    tsv = lambda p: pd.read_csv(p, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    codebook, _ = load_codebook(i.codebook)
    inputs = Inputs(
        stats=tsv(i.stats),
        segments=tsv(i.segments),
        code_summary=tsv(i.codes),
        coded=tsv(i.coded),
        exemplars=tsv(i.exemplars),
        saturation=tsv(i.saturation),
        topic_summary=tsv(i.topics),
        deid_summary=tsv(i.deid),
        codebook=codebook,
        config=snakemake.params.config,
        transcripts=read_transcripts(i.transcripts),
        article=Path(i.article).read_text(encoding="utf-8"),
        reliability=pd.read_csv(i.reliability, sep="\t") if i.get("reliability") else None,
    )
    coreq, srqr, fragment = build(inputs)
    write_tsv(coreq, snakemake.output.coreq)
    write_tsv(srqr, snakemake.output.srqr)
    Path(snakemake.output.fragment).write_text(fragment, encoding="utf-8")


run(snakemake, main)
