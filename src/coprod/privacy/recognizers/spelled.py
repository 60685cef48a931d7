"""A name spelt out letter by letter ("T-R-E-V-O-S-E", "t - r - e", "T R E V O S E",
"T. R. E. V."): four or more single letters joined by hyphens (with or without spaces), or four
or more capital letters separated by spaces or dots with at least two different letters (a
transcriber's way of writing spelt letters; a run of "I I I I" is a stammer), is a name or
handle being spelt for the listener; typed as a person (the nearest type the key has)."""

from __future__ import annotations

import re

from ..detectors import Span

name = "spelled"
SPELLED_RE = re.compile(r"(?<![\w-])[^\W\d_](?: ?- ?[^\W\d_]){3,}(?![\w-])")
# in every match (two of its hyphens with a letter between); found by a fast scan for "-"
SPELLED_HINT_RE = re.compile(r"- ?[^\W\d_] ?-")
# capitals written apart: "O K O N J O", "O. K. O. N.", "O.K.O.N." (the view has folded accents
# and look-alikes to Latin; not after a word character, dot or hyphen, so the tail of a longer
# run or of an abbreviation is not matched alone)
SPACED_RE = re.compile(r"(?<![\w.\-])[A-Z](?:(?:\. ?| )[A-Z]){3,}\.?(?![\w\-])")


class SpelledRecognizer:
    name = name

    def __init__(self, settings=None) -> None:
        pass

    def find(self, seen: str) -> list[Span]:
        found = []
        if SPELLED_HINT_RE.search(seen) is not None:
            found = [
                Span(m.start(), m.end(), "PERSON", m.group(0), "context:spelled", 0.85)
                for m in SPELLED_RE.finditer(seen)
            ]
        for m in SPACED_RE.finditer(seen):
            if len({c for c in m.group(0) if c.isalpha()}) >= 2:
                found.append(Span(m.start(), m.end(), "PERSON", m.group(0), "context:spelled", 0.85))
        return found
