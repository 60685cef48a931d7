"""A first name and a surname in lower case, side by side ("anyname macroe", as speech
recognition writes them): with no capital to go by, the pair itself is the evidence, and only
a strong one counts. The first word is a listed first name of three letters or more that is no
ordinary word of the study's languages, no stop word, never-word or ambiguous first name
(`cues/ambiguous_first_names.txt`); the second, after one space, a listed surname of four
letters or more that is no ordinary word or stop word and is rare in English use (wordfreq's
Zipf under `surname_tails.RARE_ZIPF`) or has the Gaelic patronymic shape ("mac…", "mc…": a
common surname is frequent in English text). Capitalised pairs are the other recognizers'."""

from __future__ import annotations

from ..detectors import Span
from ..names import AMBIGUOUS, NEVER
from ..reference import folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .joined_names import PATRONYMIC_RE
from .surname_tails import rare_word
from .text_index import TextIndex, WordFilter, index_of

name = "lowercase_pairs"
CONFIDENCE = 0.8


class LowercasePairRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.first, self.last = folded_names(str(settings.reference_dir))
        self.ordinary = ordinary
        never = {w.casefold() for w in NEVER}
        ambiguous = {w.casefold() for w in AMBIGUOUS}
        self.blocked = never | ambiguous | set(ENGLISH_STOP_WORDS)
        self._firsts = WordFilter(self._first_name)

    def _plain(self, word: str, size: int) -> bool:
        return word.islower() and len(word) >= size and word not in self.blocked and not self.ordinary(word)

    def _first_name(self, word: str) -> bool:
        return self._plain(word, 3) and word in self.first

    def _surname(self, word: str) -> bool:
        if not (self._plain(word, 4) and word in self.last):
            return False
        return rare_word(word) or PATRONYMIC_RE.fullmatch(word) is not None

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        firsts = self._firsts.among(index.distinct)
        if not firsts:
            return []
        strs, starts, ends = index.words, index.starts, index.ends
        spans: list[Span] = []
        for i in index.where(firsts):
            if i + 1 >= len(strs) or spans and spans[-1].end > starts[i]:
                continue
            if seen[ends[i] : starts[i + 1]] != " " or not self._surname(strs[i + 1]):
                continue
            spans.append(
                Span(
                    starts[i],
                    ends[i + 1],
                    "PERSON",
                    seen[starts[i] : ends[i + 1]],
                    "context:lowercase-pair",
                    CONFIDENCE,
                )
            )
        return spans
