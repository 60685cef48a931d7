"""A lower-case name before a head noun ("tregenna road", "penzance hospital"): speech recognition
writes places and organisations without capitals, so the head noun
(`data/reference/cues/lowercase_heads.txt`) is the evidence, and the word before it must be a
name-list word (first name, surname, place) that is no ordinary word in the study's languages.
Capitalised forms are left to the context rules."""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words, folded_names, world_places
from ..stopwords import ENGLISH_STOP_WORDS

name = "lowercase_heads"


class LowercaseHeadRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.heads = {}
        for line in cue_words("lowercase_heads", settings.reference_dir):
            head, _, etype = line.partition("\t")
            self.heads[head.strip()] = etype.strip() or "PLACE"
        first, surnames = folded_names(str(settings.reference_dir))
        self.first, self.surnames = first, surnames
        self.places = world_places(str(settings.reference_dir))
        self.ordinary = ordinary
        heads = "|".join(sorted(map(re.escape, self.heads)))
        self.rx = re.compile(rf"(?<![\w'’\-])([a-z][a-z'’\-]{{2,}}) ({heads})(?![\w'’\-])")

    def find(self, seen: str) -> list[Span]:
        spans = []
        for m in self.rx.finditer(seen):
            w = m.group(1)
            if w in ENGLISH_STOP_WORDS or self.ordinary(w) or w.endswith(("'s", "’s")):
                continue
            if w not in self.first and w not in self.surnames and w not in self.places:
                continue
            etype = self.heads[m.group(2)]
            spans.append(Span(m.start(), m.end(), etype, m.group(0), "context:lower-case-head", 0.75))
        return spans
