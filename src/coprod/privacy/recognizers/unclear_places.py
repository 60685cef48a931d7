"""A word for a kind of place before what the transcriber could not make out ("St. ???",
"Port (unclear)", "Mount [inaudible]"): the place's name was said there, so the prefix and the
mark are one place — replacing them loses nothing, and leaving the prefix would say more
than the mark does. The prefixes are `data/reference/cues/place_prefixes.txt` and a saint's
("St", "St.", "Saint"); the marks are runs of question marks and the usual bracketed notes.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words
from .text_index import TextIndex, WordFilter, index_of

name = "unclear_places"

MARK = r"(?:\?{2,}|[\[(](?:unclear|inaudible|indistinct|unintelligible|\?+)[\])])"
SAINTS = ("St", "Saint")


class UnclearPlaceRecognizer:
    name = name

    def __init__(self, settings) -> None:
        prefixes = sorted(
            {*cue_words("place_prefixes", settings.reference_dir), *SAINTS}, key=len, reverse=True
        )
        firsts = {p.split()[0].casefold() for p in prefixes}
        self._words = WordFilter(lambda w: w.casefold() in firsts)
        alt = "|".join(re.escape(p).replace(r"\ ", r"[ \t]+") for p in prefixes)
        self.rx = re.compile(rf"(?<![\w'’\-])(?:{alt})\.?[ \t]+{MARK}", re.I)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if "?" not in seen and "(" not in seen and "[" not in seen:
            return []
        if not self._words.among(index_of(seen, index).distinct):
            return []
        return [
            Span(m.start(), m.end(), "PLACE", m.group(0), "context:unclear-place", 0.8)
            for m in self.rx.finditer(seen)
        ]
