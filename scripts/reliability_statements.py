"""Snakemake adapter: the reliability stage's statements for the manuscript
(results/coding/reliability_manuscript.yml) and its fragments (results/coding/fragments/*.md)."""

from pathlib import Path

import pandas as pd
import yaml

from coprod.reliability_statements import check_human_units, reliability_statements
from coprod.snakeutil import run


def main():
    i, out, p = snakemake.input, snakemake.output, snakemake.params
    tsv = lambda f: pd.read_csv(f, sep="\t", dtype={"site_id": str}, keep_default_na=False)  # noqa: E731
    numeric = lambda f: pd.read_csv(f, sep="\t")  # noqa: E731  (empty cells are NaN: undefined statistics)
    if i.get("human_sample"):
        # the human codings must be of this corpus (one line naming the sample file otherwise)
        check_human_units(pd.read_csv(i.human_sample, dtype=str), tsv(i.stats).transcript_id, i.human_sample)
    statements, fragments = reliability_statements(
        numeric(i.reliability) if i.get("reliability") else None,
        numeric(i.auto) if i.get("auto") else None,
        tsv(i.codes),
        p.validation or {},
        p.sample_method,
        bool(p.synthetic),
    )
    Path(out.statements).write_text(
        yaml.safe_dump(statements, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    for path in out.fragments:
        Path(path).write_text(fragments[Path(path).name], encoding="utf-8")


run(snakemake, main)
