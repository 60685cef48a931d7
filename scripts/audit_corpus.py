"""Snakemake adapter: the residual-risk report of the published transcripts (private; counts on
the terminal; always in `report` mode: `audit.residual: fail` is the final audit's to enforce), then
the audit's scan of the published transcripts and the tables and project export built from them,
as soon as they are written (kept for rule audit_shareable, which decides;
coprod.privacy.audit.scan_ahead)."""

import sys
from pathlib import Path

from coprod.cache import ContentCache
from coprod.privacy.audit import scan_ahead
from coprod.privacy.audit.residual import residual_check
from coprod.snakeutil import run


def main():
    i, p, o = snakemake.input, snakemake.params, snakemake.output
    root, allow, languages = Path(p.root), list(p.allow), tuple(p.languages)
    # each published file's candidates reused by content (private: original-looking forms)
    line = residual_check(
        root,
        Path(o.residual),
        "report",
        allow,
        Path(p.reference_dir),
        Path(p.decisions),
        ContentCache(p.residual_cache),
        languages,
    )
    print(line, file=sys.__stderr__)  # counts only: on the terminal, not just the log
    scan_ahead(
        root,
        # the shareable inputs (the key, register and review logs are private)
        [Path(f) for f in [*i.txt, *i.json, i.summary, *i.segments, *i.coding, *i.refiqda]],
        Path(i.key),
        Path(i.register),
        Path(i.review),
        Path(o.scanned),
        allow,
        reference_dir=Path(p.reference_dir),
        decisions_path=Path(p.decisions),
        cache_dir=Path(p.cache),
        bibliography=[Path(i.bibliography)],
        languages=languages,
    )


run(snakemake, main)
