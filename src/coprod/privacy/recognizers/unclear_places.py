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

NOTES = "unclear|inaudible|indistinct|unintelligible"
MARK = rf"(?:\?{{2,}}|[\[(](?:{NOTES}|\?+)[\])])"
SAINTS = ("St", "Saint")
# Every match ends with a mark, right after spaces after a prefix's last word: the prefixes are
# looked for only when some mark has such a word before it. (Written from its first
# character, a class, so that a scan skips straight to the next "?", "[" or "(".)
MARK_RE = re.compile(rf"[?\[(](?:(?<=\?)\?+|(?<=[\[(])(?:{NOTES}|\?+)[\])])", re.I)


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
        lasts = sorted({re.split(r"\s+", p)[-1] for p in prefixes}, key=len, reverse=True)
        self._last = re.compile(rf"(?:{'|'.join(map(re.escape, lasts))})\.?\Z", re.I)
        self._last_len = max(map(len, lasts)) + 1

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if "?" not in seen and "(" not in seen and "[" not in seen:
            return []
        # the cheaper test first: a set operation on the word index, then a scan for the marks
        if not self._words.among(index_of(seen, index).distinct):
            return []
        if not self._after_last_word(seen):
            return []
        return [
            Span(m.start(), m.end(), "PLACE", m.group(0), "context:unclear-place", 0.8)
            for m in self.rx.finditer(seen)
        ]

    def _after_last_word(self, seen: str) -> bool:
        """Whether a mark follows spaces after a prefix's last word (and perhaps a full stop):
        where a match would end; a text with none has no match."""
        for m in MARK_RE.finditer(seen):
            end = start = m.start()
            while start > 0 and seen[start - 1] in " \t":
                start -= 1
            if start < end and self._last.search(seen, max(0, start - self._last_len), start):
                return True
        return False
