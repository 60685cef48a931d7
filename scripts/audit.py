"""Snakemake adapter: the privacy audit of everything under results/."""

from pathlib import Path

from coprod.privacy.audit import audit_tree
from coprod.snakeutil import run


def main():
    i = snakemake.input
    audit_tree(
        Path(snakemake.params.root),
        Path(i.key),
        Path(i.register),
        Path(i.review),
        Path(snakemake.output[0]),
        snakemake.params.allow,
        hits_path=Path(snakemake.params.hits),
        quarantine=Path(snakemake.params.quarantine),
        reference_dir=Path(snakemake.params.reference_dir),
        speaker_labels=snakemake.params.speaker_labels,
    )


run(snakemake, main)
