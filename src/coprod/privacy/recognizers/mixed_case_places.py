"""A place whose later words the transcriber left in lower case ("down to Anyname court",
"we moved to Anyname green"): a writer who capitalises the first word of a name often writes
its head noun as a common word. In a transcript with case information, a capitalised word
(not at a sentence start) right after a locative (`LOCATIVES`: "in", "to", "at", "from" …)
and followed by one or two lower-case words is a place when those words together are a town of
the world places (`world_places.tsv`, MIN_POPULATION people or more) and no country, people or
technology term. The whole phrase is the place ("[Place n]"). Written all capitalised, the
world-place rule reads it already; all in lower case, the caseless rules do.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import country_names, languages_and_peoples, load_reference, place_key, world_places
from .caseless import caseless
from .text_index import TextIndex, WordFilter, index_of

name = "mixed_case_places"

CONFIDENCE = 0.8
MIN_POPULATION = 5000
LOCATIVES = frozenset("in at from to into near towards via outside around through".split())
AFTER_RE = re.compile(r"([A-Z][a-z'’]+)((?:[ \t]+[a-z]+){1,2})(?![\w'’\-])")
SENTENCE_START_RE = re.compile(r"(?:^|[\n.!?:;\"“”(\[]\s*)$")


class MixedCasePlaceRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        self.places = world_places(ref)
        reference = load_reference(str(ref))
        self.never = {c.casefold() for c in country_names()} | {w.casefold() for w in languages_and_peoples()}
        self.never |= reference.tech | reference.tech_ambiguous
        firsts = {p.split(" ", 1)[0] for p in self.places if " " in p}
        self._starts = WordFilter(lambda w: w[:1].isupper() and w.lower().replace("'", "") in firsts)
        self._locatives = WordFilter(lambda w: w.lower() in LOCATIVES)

    def _place(self, words: list[str]) -> int:
        """How many words, from the first, are a listed town (0: none)."""
        for n in (3, 2):
            if len(words) < n:
                continue
            key = place_key(" ".join(words[:n]))
            hit = self.places.get(key)
            if hit is not None and hit[1] >= MIN_POPULATION and key not in self.never:
                return n
        return 0

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        idx = index_of(seen, index)
        firsts = self._starts.among(idx.distinct)
        if not firsts:
            return []
        # a listed first word right after a locative, found at every word at once
        found = idx.after(self._locatives.among(idx.distinct), firsts)
        if not found or caseless(seen):
            return []
        spans = []
        words, starts, ends = idx.words, idx.starts, idx.ends
        for k in found:
            if k + 1 >= len(words):
                continue
            a = starts[k]
            m = AFTER_RE.match(seen, a)
            if m is None or SENTENCE_START_RE.search(seen[max(0, a - 3) : a]):
                continue
            if seen[ends[k - 1] : a] not in (" ", "\t"):
                continue
            phrase = [m.group(1), *m.group(2).split()]
            n = self._place(phrase)
            if n:
                b = a + len(" ".join(phrase[:n]))
                if seen[a:b].split() == phrase[:n]:
                    spans.append(Span(a, b, "PLACE", seen[a:b], "context:mixed-case-place", CONFIDENCE))
        return spans
