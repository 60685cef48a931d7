"""Ships and shore establishments named with a prefix ("HMS Anyname", "hms anyname"): the
prefix (`data/reference/cues/vessel_prefixes.txt`) is the evidence, in any case; the one to
three words after it that are no stop words are the name (an organisation). Once a ship is named
so, the same name after "the" elsewhere in the text is the ship too, in any case ("HMS Anyname
… the anyname was"), as speakers name a ship they have introduced."""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of

name = "vessels"


class VesselRecognizer:
    name = name

    def __init__(self, settings) -> None:
        prefixes = sorted(cue_words("vessel_prefixes", settings.reference_dir), key=len, reverse=True)
        self.prefixes = frozenset(prefixes)
        self._words = WordFilter(lambda w: any(p.casefold() in self.prefixes for p in w.split("-")))
        self.rx = re.compile(
            rf"(?<![\w'’])(?:{'|'.join(map(re.escape, prefixes))})\.?((?: [^\W\d_][\w'’\-]*){{1,3}})", re.I
        )

    def _possible(self, index: TextIndex) -> bool:
        """Whether a prefix is in the text at all: a prefix the pattern finds is a whole word of
        the index or a hyphenated part of one ("ex-HMS"), in any case."""
        return bool(self._words.among(index.distinct))

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        spans = []
        if not self._possible(index_of(seen, index)):
            return spans
        for m in self.rx.finditer(seen):
            words = m.group(1).split(" ")[1:]
            n = 0
            for w in words:
                if w.casefold() in ENGLISH_STOP_WORDS:
                    break
                n += 1
            if n == 0:
                continue
            end = m.start(1) + len(" " + " ".join(words[:n]))
            spans.append(Span(m.start(), end, "ORG", seen[m.start() : end], "context:vessel", 0.85))
        names = sorted({" ".join(seen[s.start : s.end].split()[1:]).casefold() for s in spans}, key=len)
        names = [n for n in names if len(n) >= 3]
        if names:
            alt = "|".join(re.escape(n) for n in reversed(names))
            rx = re.compile(rf"(?<![\w'’])the ({alt})(?![\w'’\-])", re.I)
            for m in rx.finditer(seen):
                spans.append(Span(m.start(1), m.end(1), "ORG", m.group(1), "context:vessel-again", 0.75))
        return spans
