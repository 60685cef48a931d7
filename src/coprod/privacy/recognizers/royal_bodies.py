"""A body named "royal …" in a transcript with no case information ("the royal anyword
association", "royal anyword society"): in English the word "royal" before an organisation's
head noun (`cues/org_heads.txt`: association, society, club, hospital …) starts the name of
one chartered body or institution, so in lower-case speech recognition output it is the
evidence capitals would have been. Up to two words between "royal" and the head, none a stop
word; a national body (`national_bodies.csv`) is still kept by the analyzer's allow-list.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, index_of

name = "royal_bodies"

CONFIDENCE = 0.8
MAX_BETWEEN = 2


class RoyalBodyRecognizer:
    name = name

    def __init__(self, settings) -> None:
        heads = sorted(
            {h.lower() for h in cue_words("org_heads", settings.reference_dir)}, key=len, reverse=True
        )
        self.rx = re.compile(
            rf"(?<![\w'’\-])royal((?:[ \t]+[a-z][a-z'’\-]*){{0,{MAX_BETWEEN}}}?)[ \t]+"
            rf"(?:{'|'.join(map(re.escape, heads))})(?![\w'’\-])"
        )

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if "royal" not in index_of(seen, index).distinct or not caseless(seen):
            return []
        spans = []
        for m in self.rx.finditer(seen):
            if any(w in ENGLISH_STOP_WORDS for w in m.group(1).split()):
                continue
            spans.append(Span(m.start(), m.end(), "ORG", m.group(0), "caseless:crown-body", CONFIDENCE))
        return spans
