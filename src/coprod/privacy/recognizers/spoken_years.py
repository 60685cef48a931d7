"""A two-digit year said in words after an event of a life, with `deidentify.dates: all`
("the war broke out thirty nine", "i was called up in forty two", "married fifty one"): the
event says the number is a year, as `life_dates` reads "born in 29" in digits. The events are
`cues/life_events.txt`; the number is a tens word and an optional unit ("thirty nine",
"forty"), after the event and an optional "in"; not before a count, measure or span of time
("joined thirty two men", "married forty years": `cues/count_words.txt`, "years", "days" …).
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words
from .text_index import lowered

name = "spoken_years"

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SPANS = frozenset("second seconds minute minutes hour hours day days week weeks".split()) | frozenset(
    "month months year years".split()
)
CONFIDENCE = 0.85


class SpokenYearRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self.on = settings.date_mode == "all"
        ref = settings.reference_dir
        events = sorted(cue_words("life_events", ref), key=len, reverse=True)
        alt = "|".join(re.escape(e).replace(r"\ ", r"[ \t]+") for e in events)
        year = rf"(?P<year>(?:{_TENS})(?:[ \t-]+(?:{_UNITS}))?)"
        self.rx = re.compile(rf"(?<![\w'’-])(?:{alt})[ \t]+(?:in[ \t]+)?{year}(?![\w'’-])")
        self.counts = cue_words("count_words", ref) | SPANS

    def find(self, seen: str) -> list[Span]:
        if not self.on or not self.rx.pattern:
            return []
        low = lowered(seen)
        if len(low) != len(seen):
            return []
        spans = []
        for m in self.rx.finditer(low):
            a, b = m.span("year")
            nxt = re.match(r"[ \t]*([\w'’]+)", low[b : b + 30])
            if nxt is not None and nxt.group(1) in self.counts:
                continue
            spans.append(Span(a, b, "DATE", "Year", "date:spoken-year", CONFIDENCE))
        return spans
