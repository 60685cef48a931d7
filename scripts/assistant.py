"""Snakemake adapter: human codings -> the offline coding assistant (suggestions for every
participant turn, per-code held-out agreement, manuscript statements and table fragment)."""

import sys
from pathlib import Path

import pandas as pd
import yaml

from coprod.assistant import UnitError, assist, unit_table
from coprod.cache import ContentCache
from coprod.coding import load_codebook
from coprod.errors import InputError
from coprod.human import load_human_inputs, load_qdpx_codings
from coprod.segment import load_docs
from coprod.snakeutil import run
from coprod.tables import write_tsv


def main():
    i, p, o = snakemake.input, snakemake.params, snakemake.output
    ids, segments, codings, sample = load_human_inputs(
        i.codebook, list(i.human), list(p.coders), i.sample, i.segments
    )
    coders = list(p.coders)
    codebook, codes = load_codebook(i.codebook)
    docs = load_docs(list(i.docs))
    if i.qdpx:
        texts = {Path(t).stem: Path(t).read_text(encoding="utf-8") for t in i.txt}
        imported, notes = load_qdpx_codings(
            list(i.qdpx), docs, texts, [(c.id, c.label) for c in codes], p.reliability["selection_min_chars"]
        )
        for line in notes:
            print(line, file=sys.stderr)
        codings = pd.concat([codings, imported], ignore_index=True)
        coders += sorted(set(imported.coder) - set(coders), key=lambda c: int(c.split("_")[-1]))
    try:
        out = assist(
            unit_table(docs),
            codebook,
            codes,
            codings,
            sample,
            coders,
            p.consensus,
            p.assistant,
            cache=ContentCache(p.cache),
            # forked processes for the selection (the rule's resources; its threads if not set)
            workers=max(snakemake.threads, int(getattr(snakemake.resources, "workers", 1))),
        )
    except UnitError as exc:
        raise InputError(i.sample, str(exc), "list only participant turns in the coding sample") from None
    write_tsv(out["suggestions"], o.suggestions)
    write_tsv(out["per_code"], o.per_code)
    Path(o.manuscript).write_text(
        yaml.safe_dump(out["manuscript"], sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    Path(o.table).write_text(out["table"], encoding="utf-8")


run(snakemake, main)
