"""Audit: an independent second pair of eyes on everything shareable.

It shares only the normaliser (`coprod.privacy.normalise`) with the detectors — never their
matching — and reads the key and register with their own loaders and public word lists straight
from data/reference/ (`reference.py`; for a study's languages other than English, wordfreq's, of
those languages only); `tests/test_audit_boundary.py` holds it to that. Its own
method: every shareable byte is turned into text (`readers.py`), folded to its skeleton, split
into letter-only words, and every word n-gram is looked up in a table of original identifiers
(`values.py`: the pseudonym key, the register's names, aliases and name words, the private
review log) by `scan.py`. A file it cannot read is a failure, not a pass.

The shareable summary (`audit.tsv`) is written only when nothing is found. On failure the run
prints a short summary, writes every hit with its original value and fix to a private report,
and moves the rendered manuscript out of the shareable zone.
"""

from .readers import Unit, Unreadable, _by_type, extract, figure_hashes
from .reference import REFERENCE_DIR, english_words
from .residual import Residual, enforce_residual_report, residual_check, residual_forms
from .scan import (
    Hit,
    Index,
    Remedies,
    audit_files,
    audit_tree,
    scan_ahead,
    scan_bytes,
    shareable_index,
    strange_entries,
    study_files,
    summary,
    write_report,
)
from .values import Value, identifier_values, public_phrases

__all__ = [
    "REFERENCE_DIR",
    "Residual",
    "enforce_residual_report",
    "residual_check",
    "residual_forms",
    "Hit",
    "Index",
    "Remedies",
    "Unit",
    "Unreadable",
    "Value",
    "_by_type",
    "audit_files",
    "audit_tree",
    "english_words",
    "extract",
    "figure_hashes",
    "identifier_values",
    "public_phrases",
    "scan_ahead",
    "scan_bytes",
    "shareable_index",
    "strange_entries",
    "study_files",
    "summary",
    "write_report",
]
