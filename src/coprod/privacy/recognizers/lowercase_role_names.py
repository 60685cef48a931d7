"""A family name said in lower case right after the role or title that introduces it: "the ward
sister anysurname said ...", "the consultant mr anysurname", "dr anysurname rang". Speech
recognition writes names in lower case, so capitals are no evidence; the role before the word
and the word being in no dictionary are.

The role is a word for a person (`cues/role_labels.txt` and the last word of its phrases,
`cues/kin_words.txt`) after "the", "my", "our", "his", "her" or "their" within two words, or a
title in lower case (`TITLES`: "mr", "mrs", "dr" ...; "the consultant mr ..." is read at the
title), optionally followed by a title ("the nurse mrs ..."). The word after it is a name when it
is in lower case, of `MIN_LETTERS` letters or more, no stop word, and no ordinary word of the
study's languages (the analyzer's dictionary test) nor a frequent word of English text
(`MAX_ZIPF`) unless a listed surname: "the consultant said", "the nurse practitioner", "the carer
wifi" and "dr who" stay. An agent noun is no role here ("the document ingestion", "the
consultant radiologist": too many ordinary nouns end like one, and a dictionary lacks many).

The scan is anchored on those role and title words in the text's `TextIndex`.
"""

from __future__ import annotations

from wordfreq import zipf_frequency

from ..detectors import Span
from ..reference import cue_words, folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, anchored

name = "lowercase_role_names"
CONFIDENCE = 0.75
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "mx", "sister", "nurse", "doctor", "prof"})
DETERMINERS = frozenset({"the", "my", "our", "his", "her", "their", "your"})
MIN_LETTERS = 4
# a word this frequent in English text (wordfreq's Zipf scale) is common usage, not a family
# name: "wifi", "covid" are in no dictionary but in every conversation
MAX_ZIPF = 3.0


class LowercaseRoleNameRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        self.ordinary = ordinary
        _, self.surnames = folded_names(str(ref))
        roles = cue_words("role_labels", ref) | cue_words("kin_words", ref)
        self.roles = frozenset(w.split()[-1] for w in roles) | TITLES
        self._anchors = WordFilter(self._role)
        self._seen: dict[str, bool] = {}

    def _role(self, word: str) -> bool:
        return word.islower() and word in self.roles

    def _name(self, word: str) -> bool:
        """Decided once per distinct word (a frequency lookup and the ordinary-word test)."""
        got = self._seen.get(word)
        if got is None:
            got = self._seen[word] = self._decide(word)
        return got

    def _decide(self, word: str) -> bool:
        return (
            word.islower()
            and len(word) >= MIN_LETTERS
            and word.isalpha()
            and word not in ENGLISH_STOP_WORDS
            and not self.ordinary(word)
            and (zipf_frequency(word, "en") < MAX_ZIPF or word in self.surnames)
        )

    def _introduced(self, strs, k: int) -> bool:
        """Whether the role word k is introduced: a title, or a determiner within two words before."""
        if strs[k] in TITLES:
            return True
        return any(strs[j] in DETERMINERS for j in range(max(0, k - 2), k))

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index, at = anchored(seen, index, self._anchors)
        if not at:
            return []
        starts, ends, strs = index.starts, index.ends, index.words
        spans: list[Span] = []
        for k in at:
            n = k + 1
            if n < len(strs) and strs[n] in TITLES and seen[ends[k] : starts[n]] == " ":
                n += 1  # "the consultant mr anysurname"
            if n >= len(strs):
                continue
            gap = seen[ends[n - 1] : starts[n]]
            if gap != " " and not (gap == ". " and strs[n - 1] in TITLES):  # "dr. anysurname"
                continue
            if not self._introduced(strs, k) or not self._name(strs[n]):
                continue
            if spans and spans[-1].end >= starts[n]:
                continue
            a, b = starts[n], ends[n]
            spans.append(Span(a, b, "PERSON", seen[a:b], "context:lowercase-role", CONFIDENCE))
        return spans
