"""Places of the world (GeoNames towns of 1,000 people or more, US states and counties, ISO
3166-2 subdivisions: `data/reference/world_places.tsv`), with evidence that the words are used
as a place and not as ordinary words:

- capitalised, with a word no dictionary of the study's languages holds ("Penzance"): a place;
- capitalised but every word ordinary ("Wells"): only after a locative ("in Wells");
- lower case (speech recognition output): only a town of 5,000 or more or a region, with a word
  of five letters or more that is no ordinary word and no common first name ("penzance",
  "truro"; not "wells", not "oliver");
- countries, continents and languages are never identifiers (pycountry; see the policy in
  docs/deidentification.md), nor a technology term.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..detectors import Span
from ..reference import (
    country_names,
    first_name_births,
    folded_names,
    languages_and_peoples,
    load_reference,
    place_first_words,
    place_key,
    place_prefixes,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS

name = "world_places"

WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*")
LOCATIVES = {
    "in",
    "at",
    "from",
    "to",
    "near",
    "around",
    "outside",
    "into",
    "towards",
    "via",
    "through",
    "round",
}
JOINERS = {
    "of",
    "the",
    "de",
    "la",
    "le",
    "du",
    "del",
    "upon",
    "on",
    "in",
    "and",
    "les",
    "des",
    "da",
    "do",
    "y",
}
MAX_WORDS = 4
ABBREVIATED = {"st", "mt", "ft", "pt"}  # "St. Austell", "Mt. Pleasant"
CONTRACTION_RE = re.compile(r"['’](?:ll|re|ve|d|m|t)$", re.I)  # "We'll" folds to the town Well
COMMON_FIRST_NAME = 1000  # births: a lower-case word this common as a first name is no town
# One word's lookup key, memoised: every word of every text is keyed, and words repeat (a pure
# function of the word, so the cache cannot change a result).
word_key = lru_cache(maxsize=1 << 17)(place_key)


@lru_cache(maxsize=4)
def common_first_names(ref_dir: str) -> frozenset[str]:
    return frozenset(n for n, b in first_name_births(ref_dir).items() if b >= COMMON_FIRST_NAME)


class WorldPlaceRecognizer:
    name = name

    def __init__(self, settings, ordinary, never: set[str] = frozenset()) -> None:
        self.places = world_places(str(settings.reference_dir))
        ref = load_reference(str(settings.reference_dir))
        self.first_names = folded_names(str(settings.reference_dir))[0]
        # in lower case a town is told from a person by how common the first name is: "truro"
        # (no births) is the town, "oliver" (150,921; also a town) the person
        self.common_first = common_first_names(str(settings.reference_dir))
        self.tech = ref.tech | ref.tech_ambiguous
        self.never = {w.casefold() for w in never}
        self.skip = {view.casefold() for view in country_names()} | languages_and_peoples()
        self.ordinary = ordinary  # word (lower case) -> True when it is an ordinary word
        self.first_words = place_first_words(str(settings.reference_dir)) - JOINERS
        self.prefixes = place_prefixes(str(settings.reference_dir))

    def _plain(self, w: str) -> bool:
        low = w.casefold()
        return low in ENGLISH_STOP_WORDS or self.ordinary(low) or low in self.never

    def find(self, seen: str) -> list[Span]:
        words = list(WORD_RE.finditer(seen))
        spans: list[Span] = []
        prefixes, places = self.prefixes, self.places
        i = 0
        while i < len(words):
            if word_key(words[i].group(0)) not in self.first_words:
                i += 1
                continue
            # keys of 1..MAX_WORDS words that are places, as long as they are a place's prefix
            found, key = [], ""
            for n in range(1, min(MAX_WORDS, len(words) - i) + 1):
                w = words[i + n - 1]
                gap = seen[words[i + n - 2].end() : w.start()] if n > 1 else " "
                if gap != " " and not (gap == ". " and key in ABBREVIATED):
                    break  # "St. Austell", not "… in Paris. Texas …"
                part = word_key(w.group(0))
                key = part if n == 1 else f"{key} {part}"
                if key in places and key not in self.skip and key not in self.tech:
                    found.append((n, key))
                if key not in prefixes:
                    break
            hit = None
            for n, k in reversed(found):  # longest first
                span = self._judge(seen, words, i, n, k)
                if span is not None:
                    hit = (n, span)
                    break
            if hit:
                spans.append(hit[1])
                i += hit[0]
            else:
                i += 1
        return spans

    def _judge(self, seen: str, words, i: int, n: int, key: str) -> Span | None:
        ws = [w.group(0) for w in words[i : i + n]]
        main = [w for w in ws if w.casefold() not in JOINERS]
        if not main or ws[0].casefold() in JOINERS or ws[-1].casefold() in JOINERS:
            return None
        if all(w.casefold() in self.never for w in main):
            return None  # months, weekdays, "God": never a place ("in March")
        if any(CONTRACTION_RE.search(w) or w.casefold().endswith("n't") for w in ws):
            return None  # a contraction ("We'll", "He'll", "Can't") is no town, whatever its letters
        kind, pop = self.places[key]
        a, b = words[i].start(), words[i + n - 1].end()
        distinctive = [w for w in main if not self._plain(w) and len(w) >= 3]
        prev = words[i - 1].group(0).casefold() if i > 0 else ""
        gap = seen[words[i - 1].end() : a] if i > 0 else ""
        after_locative = prev in LOCATIVES and gap.strip(" ,") == ""
        if all(w[:1].isupper() for w in main):
            if any(sum(c.isupper() for c in w) > 1 for w in main):
                return None  # an acronym or a product shape ("LA", "SARs", "iPad") is no town
            nxt = words[i + n] if i + n < len(words) else None
            if nxt is not None and seen[b : nxt.start()] == " " and nxt.group(0)[:1].isupper():
                return None  # part of a longer name that is no place ("Monte Carlo method")
            if distinctive:
                single_first = n == 1 and key in self.first_names
                conf = 0.6 if single_first else 0.85
                return Span(a, b, "PLACE", seen[a:b], "world-place", conf)
            if after_locative and key not in self.first_names:
                return Span(a, b, "PLACE", seen[a:b], "world-place:locative", 0.7)
            return None
        if any(w[:1].isupper() for w in main):
            return None  # mixed case ("Truro road"): the head-noun rules decide
        big = kind == "region" or pop >= 5000
        long_distinct = [w for w in distinctive if len(w) >= 5 and w.casefold() not in self.common_first]
        if big and long_distinct:
            return Span(a, b, "PLACE", seen[a:b], "world-place:lower-case", 0.75)
        return None
