"""Evidence against a name: a capitalised phrase whose head noun says what kind of thing it names.

Not a recognizer: like `common_uses`, the analyzer asks it which of the spans found are no
mention of a person, place or organisation. The last word of a title-cased phrase is its head,
and two heads say the phrase names no one:

- an instrument (`cues/instrument_heads.txt`: Scale, Score, Index, Questionnaire...) with at
  least one word between the first word and the head that is an ordinary English word or a word
  no name list holds ("the Anyname Coma Scale", "Anytown Postnatal Depression Scale", "the
  Anyname Pain Scale"): a published assessment tool, named after a city or its author. The name
  inside names the instrument, not a person or a place anyone lives in, so every span inside the
  phrase is dropped (the first word's other mentions are judged on their own). A name right
  before the head with nothing between ("the Anyname Scale") is `common_uses`'s eponym rule;
- a role ("Link Worker", "Advanced Nurse Practitioner", "Peer Support Worker"): two to four
  words, the last an English agent noun (an ordinary word with an agent ending on a dictionary
  word, `role_phrases`; "practitioner" of "practice") or a role word (`cues/role_labels.txt`),
  no head of an organisation's, a place's or a product's name ("Civic Center":
  `cues/org_heads.txt`, `place_heads.txt`...), no common surname (0.002% of the surname list or
  more: "Walker", "Baker", "Turner" stay surnames) and no first name; every word an ordinary
  English word, none a first name given 100 times or more ("Will", "Abbey"), and a title only
  before such an agent noun ("Nurse Practitioner", not "Nurse Anyname");
- a team ("Hospital Discharge Team", "Community Mental Health Team", "the Crisis Team"): the
  head "Team", every word before it (an opening "The" aside) an ordinary English word, none a
  first name given 100 times or more, a common surname ("the Walker Team") or a region's or a
  town's name of 5,000 people or more ("North East", "Riverside": a team of that place). A team
  is a service's working unit, named for what it does; a person cue after it ("the Crisis Team
  said") is no evidence of a person, so it does not keep the span.

A span the register found, or one with a person cue right after the phrase ("Link Worker
said"), is kept: the rule reads the phrase, never overrides the team's list or a cue.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..normalise import fold_word
from ..reference import (
    cue_words,
    english_words,
    first_name_births,
    folded_names,
    ordinary_words,
    place_key,
    world_places,
)
from ..role_phrases import AGENT_ENDINGS, FIRST_NAME_BIRTHS, MIN_STEM, TITLE_WORDS, _common_surnames

name = "named_kinds"

TYPES = {"PERSON", "NAME", "PLACE", "ORG"}
CAP = r"[A-Z][\w'’\-]*"
BEFORE_RE = re.compile(rf"(?:{CAP} ){{1,4}}$")
AFTER_RE = re.compile(rf"(?: {CAP}){{1,4}}")
PERSON_CUE_RE = re.compile(r" (?:said|says|told|asked|was|is|who|and I)\b")
MAX_WORDS = 5
TEAM_HEADS = frozenset({"team", "teams"})
# a world place this large (or a region) inside a team's name says where the team works
PLACE_POPULATION = 5000
HEAD_CUES = ("org_heads", "place_heads", "street_heads", "water_heads", "product_heads", "lowercase_heads")


class NamedKindFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.instruments = frozenset(cue_words("instrument_heads", ref_dir))
        self.roles = frozenset(w.casefold() for w in cue_words("role_labels", ref_dir))
        # heads of an organisation's, a place's or a thing's name are no agent nouns ("Center")
        self.thing_heads = frozenset(
            w.casefold()
            for cue in (
                "org_heads",
                "place_heads",
                "street_heads",
                "water_heads",
                "product_heads",
                "lowercase_heads",
            )
            for w in cue_words(cue, ref_dir)
        )
        self.first, self.surnames = folded_names(ref_dir)
        self.births = first_name_births(ref_dir)
        self.common_surnames = _common_surnames(ref_dir)
        self.english = english_words(ref_dir)
        self.ordinary = ordinary_words(("en",), ref_dir)
        self.places = world_places(ref_dir)

    def _phrase(self, text: str, span: Span) -> tuple[int, int] | None:
        """The title-cased phrase around the span (start, end), or None if it is one word."""
        start, end = span.start, span.end
        m = BEFORE_RE.search(text, max(0, start - 60), start)
        if m is not None:
            start = m.start()
        m = AFTER_RE.match(text, end)
        if m is not None:
            end = m.end()
        words = text[start:end].split()
        if not 2 <= len(words) <= MAX_WORDS:
            return None
        return start, end

    def _agent(self, word: str) -> bool:
        if word in self.roles:
            return True
        if word.endswith("tioner") and word[:-6] + "ce" in self.english:
            return True  # "practitioner" of "practice"
        for ending in AGENT_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                stem = word[: -len(ending)]
                if stem in self.english or stem + "e" in self.english:
                    return True
        return False

    def _instrument(self, words: list[str]) -> bool:
        if len(words) < 3 or words[-1] not in self.instruments:
            return False
        for w in words[1:-1]:
            f = fold_word(w)
            if not (self.ordinary(f) or (f not in self.first and f not in self.surnames)):
                return False
        return True

    def _role(self, words: list[str]) -> bool:
        folded = [fold_word(w) for w in words]
        head = folded[-1]
        if not (self.ordinary(head) and self._agent(head)):
            return False
        if head in self.common_surnames or head in self.first or head in self.thing_heads:
            return False
        for k, w in enumerate(folded):
            if not self.ordinary(w) or self.births.get(w, 0) >= FIRST_NAME_BIRTHS:
                return False
            if w in TITLE_WORDS and k < len(folded) - 1 and not self._agent(folded[k + 1]):
                return False
        return True

    def _team(self, words: list[str]) -> bool:
        folded = [fold_word(w) for w in words]
        if folded[0] == "the":
            folded = folded[1:]
        if len(folded) < 2 or folded[-1] not in TEAM_HEADS:
            return False
        for w in folded[:-1]:
            if (
                not self.ordinary(w)
                or self.births.get(w, 0) >= FIRST_NAME_BIRTHS
                or w in self.common_surnames
            ):
                return False
            kind, population = self.places.get(place_key(w), ("", 0))
            if kind == "region" or population >= PLACE_POPULATION:
                return False
        return True

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        """The spans that lie in no instrument's, role's or team's name."""
        out = []
        for s in spans:
            if s.detector != "register" and s.type in TYPES:
                bounds = self._phrase(text, s)
                if bounds is not None:
                    words = text[bounds[0] : bounds[1]].split()
                    if self._team(words):
                        continue
                    if not PERSON_CUE_RE.match(text, bounds[1]) and (
                        self._instrument(words) or self._role(words)
                    ):
                        continue
            out.append(s)
        return out
