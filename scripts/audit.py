"""Snakemake adapter: the privacy audit of everything under results/, then the residual risk."""

import sys
from pathlib import Path

from coprod.privacy.audit import audit_tree, residual_check
from coprod.snakeutil import run


def main():
    i, p = snakemake.input, snakemake.params
    allow = list(p.allow)
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
    )
    line = residual_check(
        Path(p.root), Path(p.residual_report), p.residual, allow, Path(p.reference_dir), Path(p.decisions)
    )
    print(line, file=sys.__stderr__)  # counts only: on the terminal, not just the log


run(snakemake, main)
