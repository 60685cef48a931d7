"""Snakemake adapter: the audit's scan of the published transcripts and the tables and project
export built from them, as soon as they are written (kept for rule audit_shareable, which
decides; coprod.privacy.audit.scan_ahead)."""

from pathlib import Path

from coprod.privacy.audit import scan_ahead
from coprod.snakeutil import run


def main():
    i, p = snakemake.input, snakemake.params
    scan_ahead(
        Path(p.root),
        # the shareable inputs (the key, register and review logs are private)
        [Path(f) for f in [*i.txt, *i.json, i.summary, *i.segments, *i.coding, *i.refiqda]],
        Path(i.key),
        Path(i.register),
        Path(i.review),
        Path(snakemake.output[0]),
        list(p.allow),
        reference_dir=Path(p.reference_dir),
        decisions_path=Path(p.decisions),
        cache_dir=Path(p.cache),
        bibliography=[Path(i.bibliography)],
        languages=tuple(p.languages),
    )


run(snakemake, main)
