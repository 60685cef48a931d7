"""A name given in a naming frame, in a transcript with no case information ("one was called
the anyword anyword", "a boat called the anyword"): speech recognition writes no capitals, but
"X was called the …" names a thing — a ship, a house, a station — and the one or two words
after "the" are its name, whatever they mean as words.

Conditions: the transcript is caseless (`caseless`); the frame is a subject, an optional "was",
"were", "is", "are" or "being", then "called" or "named", then "the"; the subject is no
pronoun or question word ("it was called the …", "they called the …", "what we called the …"
give a term or a call, not a name: `NOT_SUBJECTS`); the name is the next one or two words that
are no stop words, count words, kin, role, people or never-words, and no country. A neutral
name ("[Name n]"): nothing says what kind of thing it is.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..names import NEVER
from ..reference import country_names, cue_words, languages_and_peoples
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, WordFilter, index_of

name = "naming_frames"

CONFIDENCE = 0.75
MAX_WORDS = 2
NOT_SUBJECTS = frozenset(
    "i you he she it we they that this these those what which who there here something anything "
    "everything nothing thing things".split()
)
FRAME_RE = re.compile(rf"(?<![\w'’\-])(?:called|named)[ \t]+the((?:[ \t]+[a-z][a-z'’\-]*){{1,{MAX_WORDS}}})")
# the subject before the frame: a word, then an optional "was", "were", "is", "are" or "being"
SUBJECT_RE = re.compile(r"(?<![\w'’\-])([a-z']+)[ \t]+(?:(?:was|were|is|are|being)[ \t]+)?$")
NOT_NAMES = ("kin_words", "people_nouns", "role_labels", "never_names", "count_words")


class NamingFrameRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        self.never = {w.casefold() for w in NEVER} | {c.casefold() for c in country_names()}
        self.never |= {w.casefold() for w in languages_and_peoples()}
        for list_name in NOT_NAMES:
            self.never |= {w.casefold() for w in cue_words(list_name, ref)}
        self._cue = WordFilter(lambda w: w in ("called", "named"))

    def _name_word(self, word: str) -> bool:
        return len(word) > 1 and word not in ENGLISH_STOP_WORDS and word not in self.never

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        if not self._cue.among(index_of(seen, index).distinct) or not caseless(seen):
            return []
        spans = []
        for m in FRAME_RE.finditer(seen):
            subject = SUBJECT_RE.search(seen, max(0, m.start() - 40), m.start())
            if subject is None or subject.group(1) in NOT_SUBJECTS:
                continue
            words = m.group(1).split()
            n = 0
            for w in words:
                if not self._name_word(w):
                    break
                n += 1
            if n == 0:
                continue
            a = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
            b = a + len(" ".join(words[:n]))
            if seen[a:b].split() != words[:n]:  # a tab or double space between the words
                continue
            spans.append(Span(a, b, "NAME", seen[a:b], "caseless:naming-frame", CONFIDENCE))
        return spans
