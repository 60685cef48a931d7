"""A first name that is also an ordinary word ("Bill", "Patience", "joy") where the sentence
says it is a person: a bracketed apposition that names who the person is right after it
("Anyword, my husband, ...", "Anyword, the home help, ..."), or a possessive kin word right
before it with the name as the subject of a verb ("my wife anyword has ...").

Other rules leave such words alone, since as ordinary words ("Bill payments", "Patience runs
thin", "my wife will ring") they must stay. The structure here is the evidence:

- before an apposition: a listed first name (`reference.folded_names`), capitalised or in lower
  case, or a capitalised listed surname or double-barrelled name of listed parts, then ", ", a
  possessive or "the" (`DETERMINERS`), at most `MAX_ROLE_WORDS`
  words with no stop word among them, of which one is a word for a person (a role label or the
  last word of one, a word for people or kin: `cues/role_labels.txt`, `cues/people_nouns.txt`,
  `cues/kin_words.txt`; an agent noun; an adjective of birth order used as a noun, "my eldest"),
  and the apposition closed by a comma right after that word (its head). "Hope, my dear, ..." stays:
  no word for a person.
- after a kin word: a possessive (`POSSESSIVES`), a kin word, the name, then a finite verb of
  which the name is the subject (`FINITE`: "has", "was", "said" ...). "my wife will ring" stays:
  "will" is followed by no finite verb.

The scan is anchored on the words for a person in the text's `TextIndex`: nothing runs on a
text without one.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words, folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, anchored

name = "word_name_appositions"
CONFIDENCE = 0.8
DETERMINERS = frozenset({"my", "our", "his", "her", "their", "your", "the"})
POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "your"})
MAX_ROLE_WORDS = 3
AGENT_RE = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|ant|ent|ee)")
# adjectives of birth order used as a noun for a child: "my eldest", "our youngest"
BIRTH_ORDER = frozenset({"eldest", "oldest", "youngest", "middle"})
# finite verbs whose subject the name is: "my wife anyword has had ..."
FINITE = frozenset(
    {
        "is", "was", "has", "had", "does", "did", "says", "said", "died", "passed", "lives", "lived",
        "works", "worked", "came", "comes", "went", "goes", "gets", "got", "takes", "took", "looks",
        "looked", "helps", "helped", "rang", "rings", "told", "tells", "thinks", "thought", "wants",
        "wanted", "needs", "needed", "knows", "knew", "isn't", "wasn't", "hasn't", "hadn't",
        "doesn't", "didn't",
    }
)  # fmt: skip


class WordNameAppositionRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        self.first, self.last = folded_names(str(ref))
        self.names = self.first | self.last
        self.kin = frozenset(cue_words("kin_words", ref))
        roles = cue_words("role_labels", ref) | cue_words("people_nouns", ref)
        self.people = frozenset(w.split()[-1] for w in roles) | self.kin | BIRTH_ORDER
        self._anchors = WordFilter(self._person_word)

    def _person_word(self, word: str) -> bool:
        return word.islower() and (word in self.people or AGENT_RE.fullmatch(word) is not None)

    def _name(self, word: str) -> bool:
        folded = word.casefold()
        # a stop word may be the name here ("Bill, my husband,"): the structure is the evidence,
        # and a determiner or pronoun is no listed first name
        if len(word) < 3 or not (word.islower() or word.istitle()):
            return False
        if folded in self.first:
            return True
        # before an apposition, a capitalised surname or double-barrelled name is one too
        return word.istitle() and all(len(p) >= 2 and p in self.names for p in folded.split("-"))

    def _before(self, seen: str, starts, ends, strs, k: int) -> int | None:
        """The position of a name before the apposition whose word for a person is word k."""
        for j in range(k - 1, max(-1, k - 1 - MAX_ROLE_WORDS), -1):
            if strs[j] in DETERMINERS:
                break
            if strs[j] in ENGLISH_STOP_WORDS or seen[ends[j] : starts[j + 1]] != " ":
                return None
        else:
            return None
        if j < 1 or seen[ends[j - 1] : starts[j]] != ", ":
            return None
        # the word for a person heads the apposition: a comma closes it right after that word
        if k + 1 >= len(strs) or not seen[ends[k] : starts[k + 1]].startswith(","):
            return None
        return j - 1 if self._name(strs[j - 1]) else None

    def _first(self, word: str) -> bool:
        return len(word) >= 3 and (word.islower() or word.istitle()) and word.casefold() in self.first

    def _after(self, seen: str, starts, ends, strs, k: int) -> int | None:
        """The position of a name right after the kin word k: "my wife anyword has"."""
        if strs[k] not in self.kin or k < 1 or k + 2 >= len(strs):
            return None
        if strs[k - 1].casefold() not in POSSESSIVES:
            return None
        if seen[ends[k - 1] : starts[k]] != " " or seen[ends[k] : starts[k + 1]] != " ":
            return None
        if seen[ends[k + 1] : starts[k + 2]] != " " or strs[k + 2].casefold() not in FINITE:
            return None
        return k + 1 if self._first(strs[k + 1]) else None

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index, at = anchored(seen, index, self._anchors)
        if not at:
            return []
        starts, ends, strs = index.starts, index.ends, index.words
        spans: list[Span] = []
        size = len(seen)
        kin = self.kin
        for k in at:
            # cheap tests first: an apposition's person word is closed by a comma; only a kin word
            # opens "my wife anyword has" (most anchors are agent nouns that are neither)
            e = ends[k]
            before = self._before(seen, starts, ends, strs, k) if e < size and seen[e] == "," else None
            after = self._after(seen, starts, ends, strs, k) if strs[k] in kin else None
            for i in (before, after):
                if i is not None:
                    a, b = starts[i], ends[i]
                    spans.append(Span(a, b, "PERSON", seen[a:b], "context:word-name-apposition", CONFIDENCE))
        return spans
