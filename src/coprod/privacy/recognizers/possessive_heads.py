"""An institution named after someone, in a transcript with no case information ("anyname's
wood high school", "st anyname's church"): a listed first name in the possessive, then up to
two words and the head noun of an institution (`HEADS`: school, college, hospital, church …)
is one name, an organisation — the possessive says the institution is called after someone,
and speech recognition writes it without the capitals that would have said so.

The first name must be on the lists (`uk_first_names.csv`) and no word of the study's
dictionaries ("will's", "mark's" stay); the words between are no stop words ("john's old
school" is still read: "old" is no stop word, and John is replaced anyway). Only institutions:
a house, a farm or a car after a possessive is someone's, not a name.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, WordFilter, index_of

name = "possessive_heads"

CONFIDENCE = 0.75
HEADS = (
    "school",
    "college",
    "academy",
    "university",
    "hospital",
    "infirmary",
    "church",
    "chapel",
    "cathedral",
    "abbey",
    "priory",
)
RX = re.compile(
    r"(?<![\w'’\-])([a-z]+)['’]s((?:[ \t]+[a-z]+){0,2}?)[ \t]+(?:" + "|".join(HEADS) + r")(?![\w'’\-])"
)


class PossessiveHeadRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        first, _ = folded_names(settings.reference_dir)
        self._heads = WordFilter(lambda w: w in HEADS)
        self._name: dict[str, bool] = {}
        self.first = first
        self.ordinary = ordinary

    def _first_name(self, word: str) -> bool:
        hit = self._name.get(word)
        if hit is None:
            hit = self._name[word] = word in self.first and not self.ordinary(word)
        return hit

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if not self._heads.among(index_of(seen, index).distinct) or not caseless(seen):
            return []
        spans = []
        for m in RX.finditer(seen):
            if not self._first_name(m.group(1)):
                continue
            if any(w in ENGLISH_STOP_WORDS for w in m.group(2).split()):
                continue
            spans.append(Span(m.start(), m.end(), "ORG", m.group(0), "caseless:possessive-head", CONFIDENCE))
        return spans
