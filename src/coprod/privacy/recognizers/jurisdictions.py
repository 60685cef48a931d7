"""Evidence against a place: the jurisdiction a public hearing's testimony is about.

Not a recognizer: like `speech_repairs`, the analyzer asks it which of the spans found are no
identifier. Testimony at a public hearing (a city council, a planning commission, a county
board, a state legislature's committee) is spoken to the body that governs one place, about
that place's policy: the place is the record's published setting, named in the body's own
title, and says nothing about a speaker that the hearing's title does not. A participant's
home town in an interview is another thing: named in a life story, with no body addressed and
no talk of the town as a polity page after page. So a place is the text's jurisdiction only
when all of these hold in the transcript (the analyzer's whole batch text):

- the text is testimony: a word of `cues/hearing_cues.txt` ("testify", "testimony",
  "commission", "chairman", "ordinance", "zoning", "proposal" …) occurs;
- the polity is its subject: a polity noun ("city", "county", "state", "province") occurs at
  least `MIN_POLITY` times outside the place's own name ("the city", "our city", "this
  city's"), at least once every `WORDS_PER_POLITY` words: a long interview that says "the
  city" now and then does not qualify;
- the place is named as that polity: "Anytown City", "City of Anytown", "Anyshire County",
  "State of Anyland", or by its people's name ("Anytowners", "Anytownians", "Anytownites"), and
  the gazetteer knows it as a place of the polity's kind (a city for "city", a region for the
  others);
- no other place of the text has as much of that evidence (one jurisdiction, or none).

Then its mentions (alone, or with its polity word) are kept. A registered place is replaced
whatever the text says (the register always wins); the other places of the text (a speaker's
neighbourhood, a borough, another city) are untouched.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words, place_key, world_places
from .text_index import TextIndex

name = "jurisdictions"

# polity noun -> the gazetteer kind of a place that can be one
POLITIES = {"city": "city", "county": "region", "state": "region", "province": "region"}
MIN_POLITY = 3  # mentions of the polity noun outside the place's name
WORDS_PER_POLITY = 150  # at most this many words per such mention
TYPES = {"PLACE", "NAME", "ORG"}
DEMONYM_ENDS = ("ers", "er", "ians", "ian", "ans", "an", "ns", "n", "ites", "ite", "eans", "ean")
POSSESSIVE_RE = re.compile(r"['’]s$", re.I)


class JurisdictionFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.cues = frozenset(w.casefold() for w in cue_words("hearing_cues", ref_dir))
        self.world = world_places(ref_dir)

    def _key(self, surface: str) -> str:
        return place_key(POSSESSIVE_RE.sub("", surface.strip()))

    def _base(self, key: str, polity: str) -> str:
        """The place a span names, without its polity word ("anytown city" -> "anytown")."""
        if key.endswith(" " + polity):
            return key[: -len(polity) - 1]
        for lead in (f"the {polity} of ", f"{polity} of "):
            if key.startswith(lead):
                return key[len(lead) :]
        return key

    def _demonyms(self, base: str, low: str) -> int:
        stems = {base} | ({base[:-1]} if len(base) > 4 and base[-1] in "aeiosy" else set())
        ends = "|".join(DEMONYM_ENDS)
        alts = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
        return len(re.findall(rf"(?<![\w'’\-])(?:{alts})(?:{ends})(?![\w'’\-])", low))

    def jurisdiction(self, spans: list[Span], text: str, index: TextIndex) -> tuple[str, str] | None:
        """(polity, place key) of the text's jurisdiction, or None."""
        words = index.words
        lows = [w.casefold() for w in words]
        if not self.cues.intersection(lows):
            return None
        low = index.text.casefold()  # the folded view: look-alikes and accents folded
        best: tuple[int, str, str] | None = None
        tie = False
        for polity, kind in POLITIES.items():
            total = lows.count(polity)
            if total < MIN_POLITY:
                continue
            scores: dict[str, list[int]] = {}
            for s in spans:
                if s.type not in TYPES or s.detector == "register":
                    continue
                base = self._base(self._key(text[s.start : s.end]), polity)
                if self.world.get(base, ("", 0))[0] != kind or base in scores:
                    continue
                named = rf"(?:{re.escape(base)} {polity}|{polity} of {re.escape(base)})"
                forms = len(re.findall(rf"(?<![\w'’\-]){named}(?![\w\-])", low))
                scores[base] = [forms, self._demonyms(base, low)]
            for base, (forms, demonyms) in scores.items():
                outside = total - forms
                if forms + demonyms == 0 or outside < MIN_POLITY or outside * WORDS_PER_POLITY < len(words):
                    continue
                if best is not None and forms + demonyms == best[0]:
                    tie = True  # two places named as the polity equally often: neither is sure
                elif best is None or forms + demonyms > best[0]:
                    best, tie = (forms + demonyms, polity, base), False
        if best is None or tie:
            return None
        return best[1], best[2]

    def filter(self, spans: list[Span], text: str, index: TextIndex) -> list[Span]:
        if not any(p in index.distinct or p.capitalize() in index.distinct for p in POLITIES):
            return spans
        found = self.jurisdiction(spans, text, index)
        if found is None:
            return spans
        polity, base = found
        own = {base, f"{base} {polity}", f"{polity} of {base}", f"the {polity} of {base}"}
        return [
            s
            for s in spans
            if s.detector == "register" or s.type not in TYPES or self._key(text[s.start : s.end]) not in own
        ]
