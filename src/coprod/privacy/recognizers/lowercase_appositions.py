"""A lower-case name in apposition to a role ("anyname anysurname my old team lead", "anyname,
our developer"): speech recognition writes names in lower case, and a phrase saying who the
person is, right after the name, is the evidence capitals would have been.

The name is a listed first name in lower case that is no ordinary word of the study's
languages, no stop word, never-word or ambiguous first name, no country (the same test as
`lowercase_pairs`), optionally followed by one more lower-case word that is a listed surname
or a word rare in English and no ordinary word ("anyname anysurname"). Then, after a space or
a comma, a possessive or "the" (`DETERMINERS`) and up to `MAX_ROLE_WORDS` words with no stop
word among them, one of which is a word for a person: a role label, a word for people or kin
(`cues/role_labels.txt`, `cues/people_nouns.txt`, `cues/kin_words.txt`) or an agent noun
("developer", "mentor", "consultant"). "give alfie my car" and "in paris my old hometown"
stay: no word for a person follows.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..names import AMBIGUOUS, NEVER
from ..normalise import view
from ..reference import country_names, cue_words, folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .surname_tails import rare_word
from .text_index import TextIndex, WordFilter, index_of

name = "lowercase_appositions"
CONFIDENCE = 0.8
DETERMINERS = frozenset({"my", "our", "his", "her", "their", "your", "the"})
MAX_ROLE_WORDS = 3  # "my old team lead": words of the role after the determiner
AGENT_RE = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|ant|ent|ee)")


class LowercaseAppositionRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        self.first, self.last = folded_names(str(ref))
        self.ordinary = ordinary
        never = {w.casefold() for w in NEVER} | {w.casefold() for w in AMBIGUOUS}
        self.blocked = never | set(ENGLISH_STOP_WORDS) | {view(n).casefold() for n in country_names()}
        self.people = frozenset().union(
            *(cue_words(n, ref) for n in ("role_labels", "people_nouns", "kin_words"))
        )
        self._firsts = WordFilter(self._first_name)

    def _plain(self, word: str) -> bool:
        return word.islower() and word not in self.blocked and not self.ordinary(word)

    def _first_name(self, word: str) -> bool:
        return len(word) >= 3 and word in self.first and self._plain(word)

    def _surname(self, word: str) -> bool:
        return self._plain(word) and (word in self.last or rare_word(word))

    def _person_word(self, word: str) -> bool:
        return word in self.people or AGENT_RE.fullmatch(word) is not None

    def _role_follows(self, seen: str, starts, ends, strs, j: int) -> bool:
        """Whether word j is a determiner opening a role, after a space or a comma."""
        if j >= len(strs) or strs[j] not in DETERMINERS:
            return False
        if seen[ends[j - 1] : starts[j]] not in (" ", ", "):
            return False
        for k in range(j + 1, min(len(strs), j + 1 + MAX_ROLE_WORDS)):
            if seen[ends[k - 1] : starts[k]] != " " or strs[k] in ENGLISH_STOP_WORDS:
                return False
            if self._person_word(strs[k]):
                return True
        return False

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        firsts = self._firsts.among(index.distinct)
        if not firsts:
            return []
        starts, ends, strs = index.starts, index.ends, index.words
        spans: list[Span] = []
        for i in index.where(firsts):
            if spans and spans[-1].end > starts[i]:
                continue
            end = i + 1
            if (
                end < len(strs)
                and seen[ends[i] : starts[end]] == " "
                and strs[end] not in DETERMINERS
                and self._surname(strs[end])
            ):
                end += 1
            if not self._role_follows(seen, starts, ends, strs, end):
                continue
            a, b = starts[i], ends[end - 1]
            spans.append(Span(a, b, "PERSON", seen[a:b], "context:lowercase-apposition", CONFIDENCE))
        return spans
