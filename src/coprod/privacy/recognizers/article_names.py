"""A first name after "the", in a transcript with no case information ("down to the anyname",
"the anyname freezes up in winter"): a person's name takes no article in English, so a listed
first name with "the" names a thing called after someone — a ship, a river, a station, a pub
("the Victoria", "the Lawrence") — or a place heard as a name.

Conditions: the transcript is caseless (`caseless`; with capitals the context rules read the
word); the word follows "the" directly; it is a first name of the lists (`uk_first_names.csv`)
of MIN_LETTERS letters or more that is no word of the study's dictionaries ("the will", "the
bill", "the mark" are words) and not common in English either (wordfreq Zipf below MAX_ZIPF:
"the george", "the taylor" are more often garble of common words); not a country, people, kin,
role or never-word; not a possessive ("the anyname's", a family). A neutral name ("[Name n]"):
nothing says what kind of thing it is.
"""

from __future__ import annotations

from wordfreq import zipf_frequency

from ..detectors import Span
from ..names import NEVER
from ..reference import country_names, cue_words, folded_names, languages_and_peoples
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, WordFilter, index_of

name = "article_names"

CONFIDENCE = 0.7
MIN_LETTERS = 4
MAX_ZIPF = 4.5
NOT_NAMES = ("kin_words", "people_nouns", "role_labels", "never_names")


class ArticleNameRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        first, _ = folded_names(ref)
        never = {w.casefold() for w in NEVER} | {c.casefold() for c in country_names()}
        never |= {w.casefold() for w in languages_and_peoples()}
        for list_name in NOT_NAMES:
            never |= {w.casefold() for w in cue_words(list_name, ref)}
        languages = tuple(settings.languages)

        def test(word: str) -> bool:
            return (
                len(word) >= MIN_LETTERS
                and word.islower()
                and word in first
                and word not in ENGLISH_STOP_WORDS
                and word not in never
                and not ordinary(word)
                and max(zipf_frequency(word, lang) for lang in languages) < MAX_ZIPF
            )

        self._names = WordFilter(test)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        idx = index_of(seen, index)
        names = self._names.among(idx.distinct)
        if not names or not caseless(seen):
            return []
        return after_the(seen, idx, names, "NAME", "caseless:article-name", CONFIDENCE, possessive=False)


APOSTROPHES = ("'", "’")


def after_the(
    seen: str, idx: TextIndex, listed, etype: str, detector: str, confidence: float, possessive: bool = True
) -> list[Span]:
    """Each word of `listed` said right after "the" (one space or tab between; with
    `possessive=False` not when "'s" follows there: a family's), then every mention of such a
    word in the text but its possessives: the word is the thing's name throughout its transcript
    ("the anyname … anyname was"), as the audit checks a weak single word that is no ordinary
    word in any case there. Shared by the article-name and article-place rules."""
    words, starts, ends = idx.words, idx.starts, idx.ends
    at = idx.where(listed)
    found = set()
    for k in at:
        if k and words[k - 1] == "the" and seen[ends[k - 1] : starts[k]] in (" ", "\t"):
            if not possessive and seen[ends[k] : ends[k] + 1] in APOSTROPHES:
                continue
            found.add(words[k])
    spans = []
    for k in at:
        if words[k] in found and seen[ends[k] : ends[k] + 1] not in APOSTROPHES:
            a, b = starts[k], ends[k]
            spans.append(Span(a, b, etype, words[k], detector, confidence))
    return spans
