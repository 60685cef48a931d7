"""House numbers said after the street, in a transcript with no case information (speech
recognition writes "anyword road forty eight" as it hears it): a number (in words, or up to
four digits) right after a street — a word that is no stop word and a street head of
`cues/lowercase_heads.txt` (a PLACE head: road, street, lane …) or `cues/street_heads.txt` —
and not before a count or measure word (`cues/count_words.txt`, "road two miles") nor a time
word ("street two days later"). The street and its number are one ADDRESS ("[Address n]"):
a bare number as the original would be looked for everywhere by the audit, and a number said
again on its own ("it's sixty four") is left for that reason. A text with case information
is left to the pattern detectors, which read written addresses.
"""

from __future__ import annotations

import re

from ..detectors import DIGIT_WORDS, TEENS, TENS, Span
from ..reference import cue_words
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import lowered

name = "house_numbers"

_UNIT = "|".join(sorted((w for w in DIGIT_WORDS if w not in {"oh", "o", "zero", "nought", "nil"}), key=len))
_TEEN = "|".join(sorted(TEENS, key=len, reverse=True))
_TEN = "|".join(sorted(TENS, key=len, reverse=True))
# "forty eight", "twelve", "a hundred and two", "48", "12a"
_HUNDRED = r"(?:(?:a|one|two|three)[ \t]+hundred(?:[ \t]+and)?[ \t]+)?"
NUMBER = rf"(?:{_HUNDRED}(?:(?:{_TEN})(?:[ \t]+(?:{_UNIT}))?|{_TEEN}|{_UNIT})|\d{{1,4}}[a-z]?)"
TIME_WORDS = frozenset("days weeks months years o'clock am pm a.m. p.m. times later ago".split())
CONFIDENCE = 0.8


class HouseNumberRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        heads = {
            head.strip()
            for line in cue_words("lowercase_heads", ref)
            for head, _, etype in [line.partition("\t")]
            if (etype.strip() or "PLACE") == "PLACE"
        }
        heads |= {
            w.partition("\t")[0].strip().casefold() for w in cue_words("street_heads", ref) if "\t" not in w
        }
        # streets, not stations, parks or piers: those have no house numbers
        heads -= {"station", "park", "pier", "harbour", "palace", "gardens"}
        self.counts = cue_words("count_words", ref) | TIME_WORDS
        alt = "|".join(sorted(map(re.escape, heads), key=len, reverse=True))
        self.after_street = re.compile(
            rf"(?<![\w'’-])(?P<name>[a-z][a-z'’]+)[ \t]+(?:{alt})[ \t]+(?P<num>{NUMBER})(?![\w'’-])"
        )

    def _next_word(self, low: str, end: int) -> str:
        m = re.match(r"[ \t]*([\w.'’]+)", low[end : end + 30])
        return m.group(1) if m else ""

    def find(self, seen: str) -> list[Span]:
        if not caseless(seen):
            return []
        low = lowered(seen)
        if len(low) != len(seen):
            return []
        spans: list[Span] = []
        for m in self.after_street.finditer(low):
            a, b = m.start(), m.end("num")
            if m.group("name") in ENGLISH_STOP_WORDS or self._next_word(low, b) in self.counts:
                continue
            # the street and its number, one address (a bare number would be audited everywhere)
            spans.append(Span(a, b, "ADDRESS", seen[a:b], "house-number:after-street", CONFIDENCE))
        return spans
