"""Snakemake adapter: the residual-risk report of the published transcripts (private; counts on the
terminal). Always in `report` mode: `audit.residual: fail` is the audit's to enforce, after its
scan, so a failing first run lists both the leaks and these forms in one pass."""

import sys
from pathlib import Path

from coprod.cache import ContentCache
from coprod.privacy.audit.residual import residual_check
from coprod.snakeutil import run


def main():
    p, report = snakemake.params, Path(snakemake.output[0])
    allow, reference, decisions = list(p.allow), Path(p.reference_dir), Path(p.decisions)
    # each published file's candidates reused by content (private: original-looking forms)
    cache = ContentCache(p.cache)
    languages = tuple(p.languages)
    line = residual_check(Path(p.root), report, "report", allow, reference, decisions, cache, languages)
    print(line, file=sys.__stderr__)  # counts only: on the terminal, not just the log


run(snakemake, main)
