"""Names before a head noun that the other rules leave:

- in a transcript with no case information (`caseless`), any word before a head noun that is
  rarely used for an unnamed thing (`cues/street_heads.txt`: "anyword avenue", "anyword
  parade"; "anyword hotel" an organisation), unless it is a stop word or a generic modifier
  (`cues/generic_modifiers.txt`: "the main avenue"): the word and the head are one name;
- in any text, a capitalised word (not after a sentence end) before a lower-case head of water
  or coast (`cues/water_heads.txt`: "the Anyname estuary"), unless it is a stop word, a
  never-word, a country or a people ("the English channel").
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..names import NEVER
from ..normalise import view
from ..reference import country_names, cue_words, languages_and_peoples, load_reference
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, index_of

name = "street_heads"
SENTENCE_END_RE = re.compile(r"(?:^|[.!?:;\n\"“”(\[-])[ \t]*$")


class StreetHeadRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        self.street_type = {
            head.strip(): etype.strip() or "PLACE"
            for line in cue_words("street_heads", ref)
            for head, _, etype in [line.partition("\t")]
        }
        self.streets = frozenset(self.street_type)
        self.generic = cue_words("generic_modifiers", ref)
        self.water = cue_words("water_heads", ref)
        self.never = {w.casefold() for w in NEVER}
        # countries, and the peoples and languages a dictionary writes with a capital ("the
        # English channel"); not every language code's name ("Kola" is a language and a place)
        proper = load_reference(str(ref)).proper
        self.geo = {view(n).casefold() for n in country_names()} | (languages_and_peoples() & proper)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        heads = index.distinct & (self.streets | self.water)
        if not heads:
            return []
        strs, starts, ends = index.words, index.starts, index.ends
        flat = None  # whether the text has no case information, decided on first need
        spans: list[Span] = []
        for i in index.where(heads):  # the heads' positions, in order
            if i == 0:
                continue
            head = strs[i]
            if seen[ends[i - 1] : starts[i]] != " ":
                continue
            w = strs[i - 1]
            low = w.casefold()
            if low in ENGLISH_STOP_WORDS or low in self.never or low in self.geo:
                continue
            a, b = starts[i - 1], ends[i]
            if head in self.water and w[:1].isupper() and w[1:].islower() and len(w) >= 3:
                if not SENTENCE_END_RE.search(seen, max(0, a - 3), a):
                    spans.append(Span(a, b, "PLACE", seen[a:b], "context:water-head", 0.8))
                continue
            if head in self.streets and w.islower() and len(w) >= 2 and low not in self.generic:
                if flat is None:
                    flat = caseless(seen)
                if flat:
                    etype = self.street_type[head]
                    spans.append(Span(a, b, etype, seen[a:b], "caseless:street-head", 0.75))
        return spans
