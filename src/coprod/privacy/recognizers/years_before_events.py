"""A two-digit year said in words right before its event, with `deidentify.dates: all` ("in
thirty four we moved", "forty one i joined", "fifty two my sister married"): the speaker puts
the year first and the event of a life follows with its subject, which says the number is a
year, as `spoken_years` reads "joined up in forty one" with the event first. The number said
twice in a row (a speaker's restart, "thirty four thirty four we moved") is the same year.

The events are `cues/life_events.txt` and a move ("moved"; the annotation of a life's dates
counts moves); the subject is a personal pronoun, "my" and one word, or "the family"; the
year is a tens word and an optional unit, not after "number", "hundred", "thousand" or a count
word ("number forty we moved" is an address, "a hundred and forty we moved" a count).
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words
from .text_index import TextIndex, WordFilter, index_of

name = "years_before_events"

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_YEAR = rf"(?:{_TENS})(?:[ \t-]+(?:{_UNITS}))?"
SUBJECTS = r"we|i|he|she|they|my[ \t]+[a-z]+|the[ \t]+family"
MOVES = ("moved",)
CONFIDENCE = 0.8
NOT_AFTER = frozenset("number no hundred thousand".split())


class YearBeforeEventRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self.on = settings.date_mode == "all"
        events = sorted({*cue_words("life_events", settings.reference_dir), *MOVES}, key=len, reverse=True)
        alt = "|".join(re.escape(e).replace(r"\ ", r"[ \t]+") for e in events)
        self.rx = re.compile(
            rf"(?P<year>{_YEAR})(?:[ \t]+(?P<again>{_YEAR}))?[ \t]+(?:{SUBJECTS})[ \t]+"
            rf"(?:was[ \t]+|were[ \t]+|got[ \t]+)?(?:{alt})(?![\w'’-])",
            re.I,
        )
        self.counts = cue_words("count_words", settings.reference_dir) | NOT_AFTER
        tens = frozenset(_TENS.split("|"))
        self._tens = WordFilter(lambda w: w.lower() in tens)  # where a year can start

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if not self.on:
            return []
        idx = index_of(seen, index)
        tens = self._tens.among(idx.distinct)
        if not tens:
            return []
        spans = []
        done = 0
        for k in idx.where(tens):
            a = idx.starts[k]
            if a < done or (a and (seen[a - 1].isalnum() or seen[a - 1] in "'’-")):
                continue
            m = self.rx.match(seen, a)
            if m is None:
                continue
            before = re.search(r"([\w'’]+)[ \t]+(?:(and)[ \t]+)?$", seen[max(0, a - 30) : a])
            if before is not None and before.group(1).lower() in self.counts:
                continue  # "number forty", "a hundred and forty": a count or an address
            done = m.end()
            again = m.group("again")
            if again is not None and again.lower().split() != m.group("year").lower().split():
                continue  # two different numbers: a count or a range, not a year said twice
            for part in ("year", "again"):
                if m.group(part) is not None:
                    a, b = m.span(part)
                    spans.append(Span(a, b, "DATE", "Year", "date:year-before-event", CONFIDENCE))
        return spans
