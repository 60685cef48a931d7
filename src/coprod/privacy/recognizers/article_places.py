"""A place of the lists after "the", in a transcript with no case information ("down the
anyriver", "we loved the highlands"): a town's name takes no article, so a listed place with
"the" is a river, a region or a feature named like it, or the place itself heard with an
article; either way a place.

Two forms, both only in a caseless transcript (`caseless`; with capitals the context rules and
the gazetteers read the word):
- "the" + one word that is a world place or a gazetteer place of any size
  (`world_places.tsv`, `data/reference/*.csv`), of MIN_LETTERS letters or more, no word of the
  study's dictionaries and not common in English (wordfreq Zipf below MAX_ZIPF); not a first
  name (`article_names` reads those), country, people, technology term or never-word;
- a region the gazetteer itself writes with "the" (`regions.csv` aliases: "the Highlands"), in
  lower case, when its word is not common in English (Zipf below COMMON_ZIPF, the line the
  project draws for a word that is ordinary in a language: "the borders", "the islands" stay).
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import zipf_frequency

from ..detectors import Span
from ..names import NEVER
from ..reference import (
    _read_csv,
    _split,
    country_names,
    cue_words,
    folded_names,
    languages_and_peoples,
    load_reference,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS
from .article_names import after_the
from .caseless import caseless
from .text_index import TextIndex, WordFilter, index_of

name = "article_places"

CONFIDENCE = 0.7
MIN_LETTERS = 4
MAX_ZIPF = 4.5
COMMON_ZIPF = 4.0
NOT_NAMES = ("kin_words", "people_nouns", "role_labels", "never_names")


def _zipf(word: str, languages: tuple[str, ...]) -> float:
    return max(zipf_frequency(word, lang) for lang in languages)


class ArticlePlaceRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        first, _ = folded_names(ref)
        places = world_places(ref)
        reference = load_reference(str(ref))
        gazetteer = {n.casefold() for n, (kind, _) in reference.gazetteer.items() if kind == "PLACE"}
        never = {w.casefold() for w in NEVER} | {c.casefold() for c in country_names()}
        never |= {w.casefold() for w in languages_and_peoples()}
        never |= reference.tech | reference.tech_ambiguous
        for list_name in NOT_NAMES:
            never |= {w.casefold() for w in cue_words(list_name, ref)}
        languages = tuple(settings.languages)
        self.regions: set[str] = set()
        for row in _read_csv(Path(ref) / "regions.csv"):
            for alias in _split(row.get("aliases")):
                words = alias.casefold().split()
                if len(words) == 2 and words[0] == "the" and _zipf(words[1], languages) < COMMON_ZIPF:
                    self.regions.add(words[1])

        def test(word: str) -> bool:
            if word in self.regions:
                return True
            return (
                len(word) >= MIN_LETTERS
                and word.islower()
                and (word in places or word in gazetteer)
                and word not in first
                and word not in ENGLISH_STOP_WORDS
                and word not in never
                and not ordinary(word)
                and _zipf(word, languages) < MAX_ZIPF
            )

        self._places = WordFilter(test)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        idx = index_of(seen, index)
        places = self._places.among(idx.distinct)
        if not places or not caseless(seen):
            return []
        return after_the(seen, idx, places, "PLACE", "caseless:article-place", CONFIDENCE)
