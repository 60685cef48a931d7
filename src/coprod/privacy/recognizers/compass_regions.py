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
ALONE_RE = re.compile(
    rf"(?<![\w'’\-])(?P<cue>[A-Za-z]+) (?P<adj>{ADJECTIVE})(?=\s*(?:[.,;:!?)\]]|$)|\s+(?:{ENDS})(?![\w'’\-]))"
)


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
        if "ern" not in seen:
            return []
        spans = []
        for m in BEFORE_PLACE_RE.finditer(seen):
            n = self._region(m.group("place"))
            if n:
                end = m.start("place") + len(" ".join(m.group("place").split(" ")[:n]))
                surface = seen[m.start() : end]
                spans.append(Span(m.start(), end, "PLACE", surface, "context:compass-region", 0.8))
        for m in ALONE_RE.finditer(seen):
            if m.group("cue").casefold() in self.locatives:
                start, end = m.start("adj"), m.end("adj")
                spans.append(Span(start, end, "PLACE", seen[start:end], "context:compass-region", 0.7))
        return spans
