"""A name spelt out letter by letter ("T-R-E-V-O-S-E", "t - r - e"): four or more single
letters joined by hyphens (with or without spaces) is a name or handle being spelt for the
listener; typed as a person (the nearest type the key has)."""

from __future__ import annotations

import re

from ..detectors import Span

name = "spelled"
SPELLED_RE = re.compile(r"(?<![\w-])[^\W\d_](?: ?- ?[^\W\d_]){3,}(?![\w-])")
# in every match (two of its hyphens with a letter between); found by a fast scan for "-"
SPELLED_HINT_RE = re.compile(r"- ?[^\W\d_] ?-")


class SpelledRecognizer:
    name = name

    def __init__(self, settings=None) -> None:
        pass

    def find(self, seen: str) -> list[Span]:
        if SPELLED_HINT_RE.search(seen) is None:
            return []
        return [
            Span(m.start(), m.end(), "PERSON", m.group(0), "context:spelled", 0.85)
            for m in SPELLED_RE.finditer(seen)
        ]
