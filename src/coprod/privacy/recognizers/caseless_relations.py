"""Places told by a place beside them, in a transcript with no case information (the
caseless recognizer's evidence, for three more patterns):

- a listed place before "(just) outside", "near" or "north/south/east/west of" and another
  listed place ("at anytown just outside bigtown"): the nearer place is said by where it
  is, so it is the place, not the ordinary reading of a surname or word. The first must be no
  common first name and four letters or more, and no ordinary word unless a spatial cue comes
  before it ("at anyword just outside bigtown", not "a cottage near bigtown");
- after a spatial cue, one word and a head noun of a natural or built feature
  (`cues/feature_heads.txt`: point, head, ness, fort …) right before a listed place, or before
  "in" and one ("at anyword point in anytown", "to anyword point anytown"): the feature of that
  town. The word may be an ordinary word ("black point"), but no stop word;
- a word that is also a city of BARE_CITY people or more, four letters or more, bare after
  "from", "into" or "via" (not "to": "to run it" is a verb) and before a function word
  ("from anyword you went up"): a noun there would take an article ("from the hull"); not a
  word in -ing ("from reading it").

Places are the caseless recognizer's: the gazetteers' places and world places of 5,000 people
or more, and regions.
"""

from __future__ import annotations

from ..detectors import Span
from ..reference import cue_words
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import SPATIAL_CUES, WORD_RE, CaselessRecognizer, caseless

name = "caseless_relations"

# a word that is also a city of this many people, bare after one of these cues and before a
# function word ("from anyword you went"), is the city: a noun there takes an article
BARE_CITY = 100_000
BARE_CUES = frozenset("from into via".split())  # not "to": an infinitive follows it ("to run")
NEAR = (("just", "outside"), ("outside",), ("near",), ("just", "off"))
COMPASS_OF = frozenset("north south east west".split())


class CaselessRelationRecognizer(CaselessRecognizer):
    name = name

    def __init__(self, settings, ordinary, base: CaselessRecognizer | None = None) -> None:
        if base is None:
            super().__init__(settings, ordinary)
        else:  # the analyzer's caseless recognizer has built the same lists already
            self.__dict__.update(base.__dict__)
        self.features = cue_words("feature_heads", settings.reference_dir)

    def _listed(self, words: list[str], i: int) -> int:
        """How many words from i make a listed place (0: none); up to three words, not starting
        with a stop word, and a single word no ordinary word ("the", "morning")."""
        if i >= len(words) or words[i] in ENGLISH_STOP_WORDS:
            return 0
        for n in (3, 2, 1):
            if n == 1 and self._plain(words[i]):
                return 0
            if i + n <= len(words) and " ".join(words[i : i + n]) in self.places:
                return n
        return 0

    def find(self, seen: str) -> list[Span]:
        if not caseless(seen):
            return []
        toks = list(WORD_RE.finditer(seen))
        words = [t.group(0).casefold() for t in toks]
        spans: list[Span] = []

        def joined(i: int, j: int) -> bool:
            return all(seen[toks[k].end() : toks[k + 1].start()] == " " for k in range(i, j - 1))

        for i, w in enumerate(words):
            # "anytown just outside bigtown"
            cued = i > 0 and words[i - 1] in SPATIAL_CUES and joined(i - 1, i + 1)
            plain = w in ENGLISH_STOP_WORDS or (self._plain(w) and not cued)
            if w in self.places and not plain and len(w) >= 4 and w not in self.common_first:
                for rel in (*NEAR, *((c, "of") for c in COMPASS_OF)):
                    j = i + 1 + len(rel)
                    if tuple(words[i + 1 : j]) == rel and joined(i, j + 1) and self._listed(words, j):
                        a, b = toks[i].span()
                        spans.append(Span(a, b, "PLACE", seen[a:b], "caseless:place-near", 0.8))
                        break
            # "from anyword you went": a city's name that is also a word, bare after a cue
            if (
                0 < i
                and words[i - 1] in BARE_CUES
                and self._plain(w)
                and w not in ENGLISH_STOP_WORDS
                and not w.endswith("ing")
                and len(w) >= 4
                and self.towns.get(w, ("", 0))[1] >= BARE_CITY
                and (i + 1 == len(words) or words[i + 1] in ENGLISH_STOP_WORDS)
                and joined(i - 1, i + 2 if i + 1 < len(words) else i + 1)
            ):
                a, b = toks[i].span()
                spans.append(Span(a, b, "PLACE", seen[a:b], "caseless:bare-city", 0.7))
            # "at anyword point in anytown", "to anyword point anytown"
            if (
                0 < i
                and i + 2 < len(words)
                and words[i - 1] in SPATIAL_CUES
                and w not in ENGLISH_STOP_WORDS
                and len(w) >= 3
                and words[i + 1] in self.features
                and joined(i - 1, i + 2)
            ):
                j = i + 3 if words[i + 2] == "in" else i + 2
                if j < len(words) and joined(i + 1, j + 1) and self._listed(words, j):
                    a, b = toks[i].start(), toks[i + 1].end()
                    spans.append(Span(a, b, "PLACE", seen[a:b], "caseless:feature-place", 0.8))
        return spans
