"""A lower-case name before a head noun ("tregenna road", "penzance hospital"): speech recognition
writes places and organisations without capitals, so the head noun
(`data/reference/cues/lowercase_heads.txt`) is the evidence, and the word before it must be a
name-list word (first name, surname, place) that is no ordinary word in the study's languages.
Before a head that names nothing but a street (`STREET_ONLY`: "road", "street", "lane" …) an
unlisted word counts too when it is rare in English use (`surname_tails.rare_word`:
"quarrybrae road"; not "yeah road" nor "gonna street"). Capitalised forms are left to the
context rules."""

from __future__ import annotations

import re
from functools import lru_cache

from ..detectors import Span
from ..reference import cue_words, folded_names, world_places
from ..stopwords import ENGLISH_STOP_WORDS
from .surname_tails import rare_word
from .text_index import WORD_RE, Phrases, TextIndex, WordFilter, index_of, matches_at, matches_at_words

name = "lowercase_heads"
STREET_ONLY = frozenset("road street lane avenue crescent terrace drive".split())
NAME_SHAPE_RE = re.compile(r"[a-z][a-z'’\-]{2,}")  # the word before a head, as the scan takes it


@lru_cache(maxsize=4)
def _odd_names(ref_dir: str) -> tuple[str, ...]:
    """Listed names of the scan's shape that are no whole word of an index ("ava-", "o''x")."""
    first, surnames = folded_names(ref_dir)
    out = set()
    for names in (first, surnames, world_places(ref_dir)):
        odd = [w for w in names if "-" in w or "'" in w or "’" in w]
        out.update(w for w in odd if NAME_SHAPE_RE.fullmatch(w) and not WORD_RE.fullmatch(w))
    return tuple(sorted(out))


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
        # The scan is tried only where a word that can be a name before a head occurs (a pure
        # function of the word, memoised): such a name is a whole word of the text's index, or
        # one of the few listed names no index word can be ("ava-"). That is exact as long as
        # no head noun can itself be such a name (a match could otherwise hide one).
        self._words = WordFilter(self._name)
        self._odd = tuple(w for w in _odd_names(str(settings.reference_dir)) if self._name(w))
        # an odd name the scan takes is a whole token (no letter, digit or joiner before it, a
        # space after it), so each of its letter runs ("ava") is a letter run of a word of the
        # text's index: on an ASCII text only the odd names whose runs all are are looked for
        # (each is a search of the whole text, and they are almost never there)
        self._odd_present = Phrases(self._odd)
        self._exact = not any(self._name(w) for h in self.heads for w in h.split())

    def _name(self, w: str) -> bool:
        """The filter `find` applies to the word before a head (and the scan's shape of it)."""
        if not NAME_SHAPE_RE.fullmatch(w):
            return False
        if w in ENGLISH_STOP_WORDS or self.ordinary(w) or w.endswith(("'s", "’s")):
            return False
        return w in self.first or w in self.surnames or w in self.places or rare_word(w)

    def _matches(self, seen: str, index: TextIndex) -> list[re.Match]:
        """self.rx's matches whose word can be a name (see __init__)."""
        if not self._exact:
            return list(self.rx.finditer(seen))
        odd = self._odd_present.literals(index)
        names = self._words.among(index.distinct)
        # a match starts after no letter, digit or joiner: the names that are index words are
        # tried where the index has them
        if index.text is not seen:
            return matches_at(self.rx, seen, [*(self._odd if odd is None else odd), *names], self._accept)
        return matches_at_words(self.rx, index, names, self._odd if odd is None else odd, self._accept)

    def _accept(self, m: re.Match) -> bool:
        return self._name(m.group(1))

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        spans = []
        for m in self._matches(seen, index_of(seen, index)):
            w = m.group(1)
            if w in ENGLISH_STOP_WORDS or self.ordinary(w) or w.endswith(("'s", "’s")):
                continue
            if w not in self.first and w not in self.surnames and w not in self.places:
                if not (m.group(2) in STREET_ONLY and rare_word(w)):
                    continue
            etype = self.heads[m.group(2)]
            spans.append(Span(m.start(), m.end(), etype, m.group(0), "context:lower-case-head", 0.75))
        return spans
