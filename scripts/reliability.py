"""Snakemake adapter: human codings (coder files and coded REFI-QDA projects) -> reliability table;
rule coder vs human consensus on the development and evaluation parts of `coding.validation`."""

import sys
from pathlib import Path

import pandas as pd

from coprod.coding import load_codebook
from coprod.human import load_human_inputs, load_qdpx_codings, rule_codes_by_turn
from coprod.reliability import auto_vs_human_parts, consensus, reliability_table, split_units
from coprod.segment import load_docs
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv


def main():
    i, p = snakemake.input, snakemake.params
    ids, segments, codings, sample = load_human_inputs(
        i.codebook, list(i.human), list(p.coders), i.sample, i.segments
    )
    coders = list(p.coders)
    if i.qdpx:
        _, codes = load_codebook(i.codebook)
        docs = load_docs(list(i.docs))
        texts = {Path(t).stem: Path(t).read_text(encoding="utf-8") for t in i.txt}
        imported, notes = load_qdpx_codings(
            list(i.qdpx), docs, texts, [(c.id, c.label) for c in codes], p.reliability["selection_min_chars"]
        )
        for line in notes:  # one line each: nothing is dropped silently
            print(line, file=sys.stderr)
            print(line, file=sys.__stderr__)
        codings = pd.concat([codings, imported], ignore_index=True)
        coders += sorted(set(imported.coder) - set(coders), key=lambda c: int(c.split("_")[-1]))
    r = p.reliability
    table = reliability_table(codings, sample, ids, coders, bootstrap=r["bootstrap"], seed=r["seed"])
    write_tsv(table, snakemake.output.reliability)
    reference = consensus(codings, sample, ids, p.consensus, coders)
    auto = rule_codes_by_turn(read_tsv(i.coded), segments)
    # by transcript: development part (the codebook may be revised on it) and evaluation part
    parts = split_units(sample, p.validation)
    write_tsv(auto_vs_human_parts(auto, reference, sample, ids, parts), snakemake.output.auto)


run(snakemake, main)
