"""Snakemake adapter: de-identification measured against the gold identifiers."""

from pathlib import Path

import pandas as pd

from coprod.config import read_yaml
from coprod.evaluate import evaluate
from coprod.ingest import Transcript
from coprod.snakeutil import run
from coprod.tables import write_tsv


def main():
    transcripts = [Transcript.from_json(Path(p).read_text(encoding="utf-8")) for p in snakemake.input.turns]
    review = pd.read_csv(snakemake.input.review, sep="\t", keep_default_na=False, quoting=3)
    docs = {Path(p).stem: Path(p).read_text(encoding="utf-8") for p in snakemake.input.txt}
    gold = read_yaml(snakemake.input.gold)
    write_tsv(evaluate(transcripts, review, docs, gold), snakemake.output[0], float_digits=4)


run(snakemake, main)
