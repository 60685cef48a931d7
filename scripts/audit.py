"""Snakemake adapter: the privacy audit of everything under results/, then the residual risk."""

import sys
from pathlib import Path

from coprod.errors import LeakError
from coprod.privacy.audit import audit_tree, residual_check
from coprod.snakeutil import run


def main():
    i, p = snakemake.input, snakemake.params
    allow = list(p.allow)

    def residual(mode: str) -> None:
        line = residual_check(
            Path(p.root), Path(p.residual_report), mode, allow, Path(p.reference_dir), Path(p.decisions)
        )
        print(line, file=sys.__stderr__)  # counts only: on the terminal, not just the log

    try:
        audit_tree(
            Path(p.root),
            Path(i.key),
            Path(i.register),
            Path(i.review),
            Path(snakemake.output[0]),
            allow,
            hits_path=Path(p.hits),
            quarantine=Path(p.quarantine),
            reference_dir=Path(p.reference_dir),
            speaker_labels=p.speaker_labels,
            decisions_path=Path(p.decisions),
            cache_dir=Path(p.cache),
        )
    except LeakError:
        # a failing first run still gets its residual report: both lists are reviewed in one pass
        residual("report")
        raise
    residual(p.residual)


run(snakemake, main)
