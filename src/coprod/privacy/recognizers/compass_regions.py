"""Regions named by a compass adjective ("-ern"), which speakers say in lower case:

- before a place below country level ("southeastern Anyshire", "Northern Anytown"): the pair is
  one region, a place of its own, even where the place alone is kept (a study's published
  setting in `deidentify.allow`: its region still narrows where a speaker lives). Before a
  country, continent or people ("northern France", "Western countries") it is no place;
- alone after a locative, where no noun follows ("down in southeastern.", "from
  northwestern, and"): the adjective stands for the region's name ("southeastern" for
  "Southeast Anyshire").

`context:compass-place` (`place_chains`) reads the capitalised compass nouns ("Southeast
Anyshire"); this reads the adjectives, in any case.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import country_names, cue_words, languages_and_peoples, place_key, world_places

name = "compass_regions"

ADJECTIVE = r"(?:[Nn]orth|[Ss]outh)(?:-?(?:[Ee]ast|[Ww]est))?ern|[Ee]astern|[Ww]estern"
CAP = r"[A-Z][^\W\d_]*(?:['’\-][^\W\d_]+)*"
BEFORE_PLACE_RE = re.compile(rf"(?<![\w'’\-])(?:{ADJECTIVE}) (?P<place>{CAP}(?: {CAP})?)(?![\w'’\-])")
# words that end a noun phrase: after one of them the adjective has no noun of its own
ENDS = "and|or|but|so|when|where|because|then|there|now|too|though|while|until|as|if|which|that|you"
# (the adjective is searched first and the word before it read back: most words are no cue)
ALONE_RE = re.compile(rf"(?<![\w'’\-])(?P<adj>{ADJECTIVE})(?=\s*(?:[.,;:!?)\]]|$)|\s+(?:{ENDS})(?![\w'’\-]))")
ERN_RE = re.compile(r"ern(?![\w'’\-])")
CUE_BEFORE_RE = re.compile(r"(?<![\w'’\-])([A-Za-z]+) $")


class CompassRegionRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.places = world_places(ref_dir)
        self.skip = {place_key(n) for n in country_names()} | languages_and_peoples()
        self.locatives = frozenset(w.casefold() for w in cue_words("locatives", ref_dir)) - {"of"}

    def _region(self, words: str) -> int:
        """How many of the capitalised words (one or two) name a place below country level."""
        parts = words.split(" ")
        for n in range(len(parts), 0, -1):
            key = place_key(" ".join(parts[:n]))
            if key in self.places and key not in self.skip:
                return n
            if key in self.skip:
                return 0  # "northern France": a part of a country, no place below it
        return 0

    def find(self, seen: str) -> list[Span]:
        spans = []
        # every adjective ends in "ern": a literal scan for that ending, then the word read whole
        for e in ERN_RE.finditer(seen):
            start = e.start()
            while start > 0 and (seen[start - 1].isalpha() or seen[start - 1] == "-"):
                start -= 1
            m = BEFORE_PLACE_RE.match(seen, start)
            if m is not None:
                n = self._region(m.group("place"))
                if n:
                    end = m.start("place") + len(" ".join(m.group("place").split(" ")[:n]))
                    surface = seen[m.start() : end]
                    spans.append(Span(m.start(), end, "PLACE", surface, "context:compass-region", 0.8))
                continue
            m = ALONE_RE.match(seen, start)
            if m is None:
                continue
            cue = CUE_BEFORE_RE.search(seen, max(0, m.start() - 20), m.start())
            if cue is not None and cue.group(1).casefold() in self.locatives:
                start, end = m.start("adj"), m.end("adj")
                spans.append(Span(start, end, "PLACE", seen[start:end], "context:compass-region", 0.7))
        return spans
