"""Snakemake adapter: the de-identified corpus and all codings as a REFI-QDA project (.qdpx)
and codebook (.qdc), for NVivo, ATLAS.ti, MAXQDA and QualCoder. The coding assistant's
suggestions, where human codings exist, are the codings of a separate user 'assistant'."""

import os
from pathlib import Path

import pandas as pd

from coprod.coding import load_codebook
from coprod.errors import InputError
from coprod.human import ASSISTANT, assistant_codings, load_human, refiqda_codings
from coprod.refiqda import write_qdc, write_qdpx
from coprod.snakeutil import run
from coprod.tables import read_tsv


def main():
    i, p = snakemake.input, snakemake.params
    codebook, codes = load_codebook(i.codebook)
    segments = read_tsv(i.segments)
    human = None
    if p.coders:
        human, _ = load_human(list(i.human), list(p.coders), i.sample, [c.id for c in codes], segments)
    sources = {Path(t).stem: Path(t).read_text(encoding="utf-8") for t in i.txt}
    coders = sorted(set(human.coder)) if human is not None and len(human) else []
    if i.assistant:  # the assistant's suggestions: a coder of its own, on the turn it scored
        if ASSISTANT in coders:
            raise InputError(i.sample, f"a human coder is labelled '{ASSISTANT}'", "rename that coder")
        human = pd.concat([human, assistant_codings(read_tsv(i.assistant))], ignore_index=True)
        coders.append(ASSISTANT)
    codings = refiqda_codings(read_tsv(i.coded), segments, human)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", p.epoch))
    write_qdpx(snakemake.output.qdpx, sources, codebook, codings, ["rules", *coders], p.name, epoch=epoch)
    write_qdc(snakemake.output.qdc, codebook)


run(snakemake, main)
