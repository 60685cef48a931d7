"""Military units and warships named by what they are:

- an ordinal before a unit's head noun, with up to two words between ("the 26th anyword
  flotilla", "the Fifth Battalion"; `data/reference/cues/military_units.txt`): one unit, an
  organisation. An ordinal in words counts only before the heads marked so (a flotilla, a
  battalion); "division", "army" or "fleet" only after one in digits ("the second division" is
  as often a league);
- a kind of warship right before a capitalised name ("the destroyer Anyname", "the destroyers
  Anyname, Othername and Thirdname": `cues/ship_classes.txt`): the name is the ship, and each
  name of a list after the plural. Not a stop word, never-word or acronym; a country or people
  ("the cruiser Anycountry" is a ship named after one) is left to the analyzer, which drops it.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..names import NEVER
from ..reference import cue_words
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of

name = "military_units"

_WORD_ORD = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth"
    r"|fiftieth"
)
# an ordinal ending right where the words before the head begin
DIGIT_ORDINAL_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:st|nd|rd|th)[ \t]$", re.I)
WORD_ORDINAL_RE = re.compile(
    rf"(?<![\w'’\-])(?:(?:twenty|thirty|forty|fifty)[ \t-])?(?:{_WORD_ORD})[ \t]$", re.I
)
MAX_BETWEEN = 2  # words between the ordinal and the head ("14th minesweeper flotilla")
MAX_SHIPS = 6  # names in one list after a plural ("the destroyers A, B and C")


class MilitaryUnitRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        self.heads: dict[str, bool] = {}  # head -> an ordinal in words may name it too
        for line in cue_words("military_units", ref):
            head, _, words = line.partition("\t")
            self.heads[head.strip()] = words.strip() == "words"
        self.classes = set()
        for c in cue_words("ship_classes", ref):
            self.classes |= {c, c + "s"}
        self.never = {w.casefold() for w in NEVER}
        self._words = WordFilter(lambda w: w.casefold() in self.heads or w.casefold() in self.classes)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        present = {w.casefold() for w in self._words.among(index.distinct)}
        if not present:
            return []
        strs, starts, ends = index.words, index.starts, index.ends
        spans: list[Span] = []
        for i, w in enumerate(strs):
            low = w.casefold()
            if low not in present:
                continue
            if low in self.heads:
                span = self._unit(seen, starts, ends, strs, i)
            else:
                span = None
                spans += self._ships(seen, starts, ends, strs, i, plural=low.endswith("s"))
            if span is not None:
                spans.append(span)
        return spans

    def _unit(self, seen: str, starts: list[int], ends: list[int], strs: list[str], i: int) -> Span | None:
        head = strs[i].casefold()
        for between in range(MAX_BETWEEN + 1):
            k = i - between  # the first word after the ordinal
            if k < 0 or any(seen[ends[j - 1] : starts[j]] != " " for j in range(k + 1, i + 1)):
                break
            if any(strs[j].casefold() in ENGLISH_STOP_WORDS for j in range(k, i)):
                break
            start = starts[k]
            before = seen[max(0, start - 30) : start]
            m = DIGIT_ORDINAL_RE.search(before)
            if m is None and self.heads[head]:
                m = WORD_ORDINAL_RE.search(before)
            if m is not None:
                a = start - len(before) + m.start()
                b = ends[i]
                return Span(a, b, "ORG", seen[a:b], "context:military-unit", 0.85)
        return None

    def _ships(
        self, seen: str, starts: list[int], ends: list[int], strs: list[str], i: int, plural: bool
    ) -> list[Span]:
        out: list[Span] = []
        k = i + 1
        while k < len(strs) and len(out) < (MAX_SHIPS if plural else 1):
            gap = seen[ends[k - 1] : starts[k]]
            if out:  # the next name of the list: ", Name", " and Name", ", and Name"
                if strs[k] == "and" and gap in (" ", ", ") and k + 1 < len(strs):
                    k += 1
                    gap = seen[ends[k - 1] : starts[k]]
                elif gap != ", ":
                    break
            if gap != " " and not (out and gap == ", "):
                break
            if not self._name_word(strs[k]):
                break
            a, b = starts[k], ends[k]
            out.append(Span(a, b, "ORG", seen[a:b], "context:ship-class", 0.75))
            k += 1
        return out

    def _name_word(self, w: str) -> bool:
        low = w.casefold()
        return (
            w[:1].isupper()
            and not w.isupper()
            and len(w) >= 3
            and low not in ENGLISH_STOP_WORDS
            and low not in self.never
        )
