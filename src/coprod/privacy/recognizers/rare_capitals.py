"""A rare dictionary word the transcript always writes capitalised, after a locative with no
determiner ("on loan to Anyword", "back to Anyword"): in a transcript with case information a
common noun after "to" takes an article ("to the harbour") unless it is a name, and a writer
who capitalises the word every time, never in lower case, is writing a name — a place whose
name is also a word (a transcriber's spelling of a place it did not know, a town named like an
animal or a trade).

Conditions, all needed: the text has case information (`caseless` is false); the word follows
a locative of `cues/place_locatives.txt` directly; it is capitalised, not at a sentence start,
at least MIN_MENTIONS times in the text and never written in lower case there; it is a word of
the study's dictionaries but a rare one (Zipf below MAX_ZIPF: "church", "school", "town" or
"heaven", which take no article after "to" as institutions, are common words); and it is no
kin or people word, month, day, holiday, season, role or technology term (`technology_terms.csv`:
"migrate to Azure"). A word the
dictionaries do not hold is left to the context rules, which read it as a name already.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ..detectors import Span
from ..reference import cue_words, load_reference
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, WordFilter, index_of

name = "rare_capitals"

MIN_MENTIONS = 2
MAX_ZIPF = 3.5  # rarer than this in English: not a word that names an institution after "to"
CONFIDENCE = 0.7  # replaced throughout its transcript, capitalised (corpus_rules.propagate)
WORD_RE = re.compile(r"(?<![\w'’\-])([A-Za-z][a-z]+)(?![\w\-]|['’]\w)")
CAPITALISED_RE = re.compile(r"[A-Z][a-z]+")  # how a WORD_RE word capitalised starts its index word
SENTENCE_START_RE = re.compile(r"(?:^|[\n\x00.!?:;\"“”(\[-]\s*|['‘]\s*)$")
NOT_NAMES = ("kin_words", "people_nouns", "holidays", "named_days", "role_labels", "never_names")
CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter".split()
)


class RareCapitalRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        self.ordinary = ordinary
        self.languages = tuple(settings.languages)
        self.locatives = cue_words("place_locatives", ref)
        self.never = set(CALENDAR)
        for list_name in NOT_NAMES:
            self.never |= {w.casefold() for w in cue_words(list_name, ref)}
        tech = load_reference(str(ref))
        self.never |= {w.casefold() for w in tech.tech | tech.tech_ambiguous}  # "to Azure": a product
        self._rare: dict[str, bool] = {}
        self._rare_heads = WordFilter(
            lambda w: (head := CAPITALISED_RE.match(w)) is not None and self._rare_word(head.group(0).lower())
        )
        # the only words `find` can take: a capitalised WORD_RE word right after a locative and
        # one space or tab (never a sentence start there), found in one scan; the text's other
        # words are read only when one of them is a rare dictionary word
        words = sorted(w for w in self.locatives if re.fullmatch(r"[A-Za-z][a-z]+", w))
        self._locative_words = frozenset(words)
        self._cued_re = (
            re.compile(rf"(?<![\w'’\-])(?:{'|'.join(words)})[ \t]([A-Z][a-z]+)(?![\w\-]|['’]\w)")
            if words
            else None
        )

    def _rare_word(self, low: str) -> bool:
        hit = self._rare.get(low)
        if hit is None:
            hit = self._rare[low] = (
                len(low) >= 4
                and low not in ENGLISH_STOP_WORDS
                and low not in self.never
                and bool(self.ordinary(low))
                and max(zipf_frequency(low, lang) for lang in self.languages) < MAX_ZIPF
            )
        return hit

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if self._cued_re is None:
            return []
        rare = self._rare_word
        # first from the text's word index: a cued word is a whole index word right after a
        # locative's, and `_cued_re` reads the text only when one such word is rare
        index = index_of(seen, index)
        # none of the text's words starts as a rare word capitalised: no locative's next word can
        # (a pure function of the word, decided once per distinct word across texts)
        if not self._rare_heads.among(index.distinct):
            return []
        strs = index.words
        last = len(strs) - 1
        if not any(
            rare(head.group(0).lower())
            for i in index.where(self._locative_words)
            if i < last and (head := CAPITALISED_RE.match(strs[i + 1])) is not None
        ):
            return []
        cued = [
            (m.start(1), m.end(1), low)
            for m in self._cued_re.finditer(seen)
            if rare(low := m.group(1).lower())
        ]
        if not cued or caseless(seen):
            return []  # no rare word right after a locative: nothing to count
        spans = []
        named: dict[str, bool] = {}
        for a, b, low in cued:
            hit = named.get(low)
            if hit is None:
                hit = named[low] = self._always_capital(seen, low)
            if hit:
                spans.append(Span(a, b, "PLACE", seen[a:b], "context:rare-capital", CONFIDENCE))
        return spans

    @staticmethod
    def _always_capital(seen: str, low: str) -> bool:
        """Whether the word (`low`: [a-z]+) is written capitalised, not at a sentence start, at
        least MIN_MENTIONS times in `seen` and never in lower case (as whole WORD_RE words)."""
        capital = 0
        for m in re.finditer(rf"(?<![\w'’\-])(?:({low.capitalize()})|{low})(?![\w\-]|['’]\w)", seen):
            if m.group(1) is None:
                return False
            if not SENTENCE_START_RE.search(seen[max(0, m.start() - 3) : m.start()]):
                capital += 1
        return capital >= MIN_MENTIONS
