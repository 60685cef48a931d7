"""Reference numbers after the word that names them: a hospital, patient, unit, case or
medical record number, a membership, customer, policy, claim, passport, licence, staff or
student number ("my hospital number is K482913", "MRN: 00482913", "policy no. AB-12345-6"). The
number is one token of letters and digits (hyphens and slashes inside) with at least five
digits: the cue and the digits together are the evidence, so "room number 12", "bus number 23"
or "the number one thing" are left. A number said in words after such a cue is the pattern
detectors' (`pattern:number-spoken`).
"""

from __future__ import annotations

import re

from ..detectors import Span
from .text_index import CueWords, TextIndex, finditer_at, index_of, lowered

name = "record_numbers"

CONFIDENCE = 0.9
KINDS = (
    r"hospital|patient|unit|case|(?:medical[ \t]+)?record|membership|member|customer|client|policy|claim"
    r"|passport|licence|license|driving[ \t]+licence|staff|employee|payroll|student|matriculation|pension"
    r"|benefits?|tenancy|reference|ref\.?"
)
# The lookahead first: every match starts with one of these letters (the first letters of the
# kinds, "mrn" and "hospital", in either case, and the long s that (?i) also reads as "s"), and a
# pattern that starts with a character set lets the regex engine skip to them instead of trying the
# case-insensitive alternation at every position (the same matches, about half the time).
CUED_RE = re.compile(
    r"(?=[bcdehlmprstuBCDEHLMPRSTU\u017f])"
    rf"(?i:\b(?:(?:{KINDS})[ \t]+(?:number|no\.?|num\.?|id|#)|mrn|hospital[ \t]+id)"
    r"(?:[ \t]+(?:is|was|it's))?[ \t:,-]*)"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9]|[-/](?=[A-Za-z0-9]))*)(?![\w'’-])"
)
HINT_RE = re.compile(r"(?i:number|no\.|num|\bid\b|mrn|#)")
# Every match starts with one of these, in any case, at a word boundary: the scan is tried only
# where a word (or a letter run of one) of the text's index starts with one of them
CUES = CueWords(
    "hospital patient unit case medical record member customer client policy claim passport licen"
    " driving staff employee payroll student matriculation pension benefit tenancy ref mrn".split()
)


def _hinted(seen: str) -> bool:
    """`HINT_RE.search(seen)`, its literal cues first looked for as substrings of the lower-cased
    text (each found there is one the pattern finds)."""
    if "#" in seen:
        return True
    low = lowered(seen)
    return "num" in low or "no." in low or "mrn" in low or HINT_RE.search(seen) is not None


class RecordNumberRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if not _hinted(seen):
            return []
        starts = CUES.starts(index_of(seen, index))
        found = CUED_RE.finditer(seen) if starts is None else finditer_at(CUED_RE, seen, starts)
        out: list[Span] = []
        for m in found:
            raw = m["id"]
            if sum(c.isdigit() for c in raw) < 5:
                continue
            value = re.sub(r"[-/]", "", raw).upper()
            out.append(Span(m.start("id"), m.end("id"), "ID_NUMBER", value, "record:number", CONFIDENCE))
        return out
