"""Ships named by what is said of them, without a prefix ("HMS") or a class noun before them:

- a name right before a singular kind of warship (`cues/ship_classes.txt`): "the anytown
  battleship", "a Anyname cruiser" — the word is the ship's name when it is a name of the
  lists (a first name, surname, world place or gazetteer place: ships are named after people
  and places) and no word of the study's dictionaries, stop word, country, people or
  never-word ("the German battleship", "the escort destroyer", "a ten thousand ton
  battleship" and a prefix such as "anti" are no names);
- "the X" as the subject of what only a ship does (`SHIP_DEEDS`: "the anyword was sunk",
  "the Anyword was also on the Arctic convoys", "the anyword was torpedoed"): X is a rare
  word (wordfreq Zipf below MAX_ZIPF in every language of the study: "the ship was sunk", "the
  convoy was attacked" and "the boat was torpedoed" stay, their nouns are common), or no word
  at all; not a stop word, country, people, kin, role or never-word. Any case: the frame, not
  the capital, is the evidence;
- "the X" in a list with a ship the text names with a prefix ("HMS Anyname … the anyword, the
  anyname and one other"): X, next to "the [ship]" with only a comma or "and" between, is a
  ship too when it is a rare word or no word, as above.

Each such name is an organisation (ships are identifiers, like military units); its other
mentions in the transcript are carried by the corpus rules (`corpus_rules.propagate`).
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ..detectors import Span
from ..names import NEVER
from ..reference import (
    country_names,
    cue_words,
    folded_names,
    is_people,
    languages_and_peoples,
    load_reference,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of

name = "ship_frames"

MAX_ZIPF = 3.5  # a word rarer than this in English is not the common noun of a ship frame
CLASS_CONFIDENCE = 0.8
DEED_CONFIDENCE = 0.75
# what a ship, and hardly anything else called "the X", is said to have done or been: not
# "launched", "commissioned" or "mined", which reports, murals and ores are too
SHIP_DEEDS = (
    r"sunk|torpedoed|scuttled|bombed\s+and\s+sunk"
    r"|on\s+(?:(?:um|er|erm)[,]?\s+)?(?:the\s+|a\s+|an\s+)?(?:[a-z]+\s+){0,2}convoys?"
)
DEED_RE = re.compile(
    rf"(?<![\w'’\-])the\s+([A-Za-z][a-z]{{3,}})\s+(?:was|were)\s+(?:(?:also|then|later|still|once)\s+)?"
    rf"(?:{SHIP_DEEDS})(?![\w'’\-])",
    re.I,
)
LIST_SEP = r"(?:,[ \t]*|[ \t]+and[ \t]+|,[ \t]*and[ \t]+)"
DEED_WORDS = frozenset(
    "sunk torpedoed scuttled convoy convoys".split()
)  # a text without one of these has no deed frame
NOT_NAMES = ("kin_words", "people_nouns", "role_labels", "never_names", "count_words")


class _Listed:
    """Whether a lower-cased word is a name of the lists (no set union of them built)."""

    __slots__ = ("sets",)

    def __init__(self, *sets) -> None:
        self.sets = sets

    def __contains__(self, word: str) -> bool:
        return any(word in s for s in self.sets)


class ShipFrameRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = settings.reference_dir
        self.ordinary = ordinary
        self.languages = tuple(settings.languages)
        classes = sorted(w for w in cue_words("ship_classes", ref) if " " not in w)
        self.classes = frozenset(classes)
        self._class_words = WordFilter(lambda w: w.lower() in self.classes)
        self._deed_words = WordFilter(lambda w: w.lower() in DEED_WORDS)
        self.before_re = re.compile(r"([A-Za-z][a-z]{2,})[ \t]+$")
        self.never = {w.casefold() for w in NEVER} | {view.casefold() for view in country_names()}
        self.never |= {w.casefold() for w in languages_and_peoples()}
        for list_name in NOT_NAMES:
            self.never |= {w.casefold() for w in cue_words(list_name, ref)}
        prefixes = sorted(cue_words("vessel_prefixes", ref), key=len, reverse=True)
        self._prefix_words = WordFilter(lambda w: w.lower() in prefixes)
        self.prefix_re = re.compile(
            rf"(?<![\w'’\-])(?:{'|'.join(map(re.escape, prefixes))})\.?[ \t]+([A-Za-z][a-z]{{2,}})", re.I
        )
        first, surnames = folded_names(ref)
        reference = load_reference(str(ref))
        gazetteer = {n.casefold() for n in reference.gazetteer}
        self.listed = _Listed(first, surnames, world_places(ref), gazetteer)
        self.proper = reference.proper
        self._name: dict[str, bool] = {}
        self._rare: dict[str, bool] = {}

    def _not_a_name(self, low: str) -> bool:
        return low in ENGLISH_STOP_WORDS or low in self.never or low.rstrip("s") in self.never

    def _class_name(self, low: str) -> bool:
        """A word before a ship's class noun that can only be a name."""
        hit = self._name.get(low)
        if hit is None:
            hit = self._name[low] = (
                low in self.listed
                and not self._not_a_name(low)
                and not self.ordinary(low)
                and not is_people(low, self.proper, self.never)
            )
        return hit

    def _rare_subject(self, low: str) -> bool:
        """A word as "the X was sunk" that is no common noun."""
        hit = self._rare.get(low)
        if hit is None:
            hit = self._rare[low] = not self._not_a_name(low) and (
                not self.ordinary(low) or max(zipf_frequency(low, lang) for lang in self.languages) < MAX_ZIPF
            )
        return hit

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        words = index_of(seen, index).distinct
        spans: list[Span] = []
        classes = self._class_words.among(words)
        if classes:
            idx = index_of(seen, index)
            for k in idx.where(classes):
                start = idx.starts[k]
                m = self.before_re.search(seen, max(0, start - 40), start)
                if m is not None and self._class_name(m.group(1).lower()):
                    if m.start() and (seen[m.start() - 1].isalnum() or seen[m.start() - 1] in "'’-"):
                        continue
                    a, b = m.span(1)
                    spans.append(Span(a, b, "ORG", seen[a:b], "context:ship-before-class", CLASS_CONFIDENCE))
        if self._deed_words.among(words):
            for m in DEED_RE.finditer(seen):
                if self._rare_subject(m.group(1).lower()):
                    a, b = m.span(1)
                    spans.append(Span(a, b, "ORG", seen[a:b], "context:ship-deed", DEED_CONFIDENCE))
        if self._prefix_words.among(words):
            spans += self._listed(seen)
        return spans

    def _listed(self, seen: str) -> list[Span]:
        """The "the X" next to "the [ship]" in a list, the ship named with a prefix in the text."""
        ships = {m.group(1).lower() for m in self.prefix_re.finditer(seen)} - ENGLISH_STOP_WORDS
        if not ships:
            return []
        alt = "|".join(map(re.escape, sorted(ships)))
        item = r"the[ \t]+([A-Za-z][a-z]{3,})"
        ship = rf"the[ \t]+(?:{alt})(?![\w'’\-])"
        rx = re.compile(rf"(?<![\w'’\-])(?:{item}{LIST_SEP}{ship}|{ship}{LIST_SEP}{item})(?![\w'’\-])", re.I)
        spans = []
        for m in rx.finditer(seen):
            k = 1 if m.group(1) is not None else 2
            low = m.group(k).lower()
            if low not in ships and self._rare_subject(low):
                a, b = m.span(k)
                spans.append(Span(a, b, "ORG", seen[a:b], "context:ship-list", DEED_CONFIDENCE))
        return spans
