"""Evidence against a place: the jurisdiction a public hearing's testimony is about.

Not a recognizer: like `speech_repairs`, the analyzer asks it which of the spans found are no
identifier, and the corpus step (`drop_jurisdictions`) applies the same answer to every
transcript of the corpus. Testimony at a public hearing (a city council, a planning commission,
a county board, a state legislature's committee) is spoken to the body that governs one place,
about that place's policy: the place is the record's published setting, named in the body's own
title, and says nothing about a speaker that the hearing's title does not. A participant's
home town in an interview is another thing: named in a life story, with no body addressed and
no talk of the town as a polity again and again. So a place is a text's jurisdiction only
when all of these hold in the text (a transcript's turns together):

- the text is testimony: a word of `cues/hearing_cues.txt` ("testify", "testimony",
  "commission", "chairman", "ordinance", "zoning", "proposal" …) occurs;
- the polity is its subject: a polity noun ("city", "county", "state", "province") occurs at
  least `MIN_POLITY` times outside the place's own name ("the city", "our city", "this
  city's"), at least once every `WORDS_PER_POLITY` words: a long interview that says "the
  city" now and then does not qualify;
- the place is named as that polity: "Anytown City", "City of Anytown", "Anyshire County",
  "State of Anyland", or by its people's name ("Anytowners", "Anytownians", "Anytownites"),
  capitalised unless the text has no case at all, and the gazetteer knows it as a place of the
  polity's kind (a city for "city", a region for the others);
- no other place of the text is named so as often (one jurisdiction, or none).

Then its mentions (alone, or with its polity word) are kept, in every transcript of the corpus
(one setting, one decision: a mention replaced in one testimony would be propagated to the
others). A registered place is replaced whatever the text says (the register always wins);
the other places of the text (a speaker's neighbourhood, a borough, another city) are untouched.
"""

from __future__ import annotations

import re
from collections import Counter

from ..detectors import Span
from ..normalise import view
from ..reference import cue_words, ordinary_words, place_key, world_places
from ..stopwords import ENGLISH_STOP_WORDS
from .caseless import caseless
from .text_index import TextIndex, index_of

name = "jurisdictions"

# polity noun -> the gazetteer kind of a place that can be one
POLITIES = {"city": "city", "county": "region", "state": "region", "province": "region"}
MIN_POLITY = 3  # mentions of the polity noun outside the place's name
WORDS_PER_POLITY = 150  # at most this many words per such mention
MAX_WORDS = 3  # words of a place's name
CHARS_PER_WORD = 8  # a generous bound on an English word and its space, for a cheap first test
TYPES = {"PLACE", "NAME", "ORG"}
# the endings of a people's name after a place's ("Anytowners", "Anytownians", "Anytownites");
# the place may lose a last vowel or "s" first ("Anylandia" -> "Anylandian")
DEMONYM_ENDS = ("ers", "er", "ians", "ian", "ans", "an", "ns", "n", "ites", "ite", "eans", "ean")
DEMONYM_RE = re.compile(rf"(?:{'|'.join(DEMONYM_ENDS)})$")
STEM_ENDS = ("", "a", "e", "i", "o", "s", "y")
POSSESSIVE_RE = re.compile(r"['’]s$", re.I)
POLITY_RE = re.compile(rf"(?<![\w'’\-])({'|'.join(POLITIES)})(?![\w\-])")

Jurisdiction = tuple[str, str]  # (polity noun, the place's lookup key)


def _spellings(word: str) -> tuple[str, str, str]:
    """A lower-case word as a text may write it: lower case, capitalised, in capitals."""
    return word, word.capitalize(), word.upper()


def own_forms(found: Jurisdiction) -> frozenset[str]:
    """The lookup keys of a jurisdiction's mentions: the place alone and with its polity word."""
    polity, base = found
    return frozenset({base, f"{base} {polity}", f"{polity} of {base}", f"the {polity} of {base}"})


def span_key(surface: str) -> str:
    return place_key(POSSESSIVE_RE.sub("", surface.strip()))


class JurisdictionFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.cues = frozenset(w.casefold() for w in cue_words("hearing_cues", ref_dir))
        self.cue_forms = frozenset(f for c in self.cues for f in _spellings(c))
        alternatives = "|".join(re.escape(c) for c in sorted(self.cues, key=len, reverse=True))
        self.cue_re = re.compile(rf"(?<![\w'’\-])(?:{alternatives})(?![\w'’\-])")
        self.world = world_places(ref_dir)
        self.ordinary = ordinary_words(tuple(settings.languages), ref_dir)

    def _place(self, words: list[str], kind: str, cased: bool) -> str | None:
        """The lookup key of `words` when they name a place of `kind` (capitalised when the
        text has case), else None."""
        if cased and not all(w[:1].isupper() for w in words):
            return None
        if all(w.casefold() in ENGLISH_STOP_WORDS or self.ordinary(w.casefold()) for w in words):
            return None  # "The City", "Inner City": a gazetteer's odd entry, not this place
        key = place_key(" ".join(words))
        return key if self.world.get(key, ("", 0))[0] == kind else None

    def jurisdiction(self, seen: str, index: TextIndex | None = None) -> Jurisdiction | None:
        """(polity, place key) of the jurisdiction of the (folded) text `seen`, or None."""
        index = index_of(seen, index)
        if self.cue_forms.isdisjoint(index.distinct):
            return None
        words, starts, ends = index.words, index.starts, index.ends
        # a polity noun often enough (a count per spelling, in C) before every word is lowered
        need = max(MIN_POLITY, len(words) / WORDS_PER_POLITY)
        if all(sum(words.count(v) for v in _spellings(p)) < need for p in POLITIES):
            return None
        lows = [w.casefold() for w in words]
        cased = not caseless(seen)

        def joined(a: int, b: int) -> bool:  # words a..b-1 separated by single spaces
            return all(seen[ends[k] : starts[k + 1]] == " " for k in range(a, b - 1))

        best: tuple[int, str, str] | None = None
        tie = False
        for polity, kind in POLITIES.items():
            at = [k for k, w in enumerate(lows) if w == polity]
            if len(at) < MIN_POLITY or len(at) * WORDS_PER_POLITY < len(words):
                continue  # the polity is no subject of the text, whatever place it names
            forms: Counter[str] = Counter()
            for k in at:
                for n in range(MAX_WORDS, 0, -1):  # "Anytown City": the longest place first
                    if k - n >= 0 and joined(k - n, k + 1):
                        key = self._place(words[k - n : k], kind, cased)
                        if key:
                            forms[key] += 1
                            break
                if k + 2 < len(words) and lows[k + 1] == "of":  # "City of Anytown"
                    for n in range(MAX_WORDS, 0, -1):
                        if k + 2 + n <= len(words) and joined(k, k + 2 + n):
                            key = self._place(words[k + 2 : k + 2 + n], kind, cased)
                            if key:
                                forms[key] += 1
                                break
            people: Counter[str] = Counter()
            for j, w in enumerate(lows):
                m = DEMONYM_RE.search(w)
                if m is None or len(w) < 5 or (cased and not words[j][:1].isupper()):
                    continue
                key = self._people(words, lows, j, m.start(), kind, cased, joined)
                if key:
                    people[key] += 1
            for key in forms.keys() | people.keys():
                outside = len(at) - forms[key]
                if outside < MIN_POLITY or outside * WORDS_PER_POLITY < len(words):
                    continue
                score = forms[key] + people[key]
                if best is not None and score == best[0]:
                    tie = True  # two places named as the polity equally often: neither is sure
                elif best is None or score > best[0]:
                    best, tie = (score, polity, key), False
        if best is None or tie:
            return None
        return best[1], best[2]

    def _people(self, words, lows, j, cut, kind, cased, joined) -> str | None:
        """The place whose people's name the word at j is ("Anytowners"), with up to two
        words before it ("New Anytowners"), or None."""
        for stem in (lows[j][:cut] + end for end in STEM_ENDS):
            if len(stem) < 3:
                continue
            for m in range(MAX_WORDS - 1, -1, -1):
                if j - m < 0 or not joined(j - m, j + 1):
                    continue
                before = words[j - m : j]
                if cased and not all(w[:1].isupper() for w in before):
                    continue
                key = place_key(" ".join([*lows[j - m : j], stem]))
                if self.world.get(key, ("", 0))[0] == kind and not self.ordinary(stem):
                    return key
        return None

    def filter(self, spans: list[Span], text: str, index: TextIndex) -> list[Span]:
        if all(index.distinct.isdisjoint(_spellings(p)) for p in POLITIES):
            return spans
        found = self.jurisdiction(index.text, index)
        if found is None:
            return spans
        return keep_jurisdictions(spans, text, own_forms(found))


def keep_jurisdictions(spans: list[Span], text: str, own: frozenset[str]) -> list[Span]:
    return [
        s
        for s in spans
        if s.detector == "register" or s.type not in TYPES or span_key(text[s.start : s.end]) not in own
    ]


def drop_jurisdictions(found: dict, transcripts, analyzer) -> None:
    """Remove, in place, the spans of every transcript that name a jurisdiction some transcript
    of the corpus is testimony about (`JurisdictionFilter`): one setting, one decision."""
    rule = analyzer.jurisdictions
    own: set[str] = set()
    for t in transcripts:
        text = "\n".join(turn.text for turn in t.turns)
        low = text.lower()
        # cheap tests first, on the text as written (folding changes no ASCII letter): a polity
        # noun often enough and a hearing's word; then the folded view and its words
        polities = Counter(POLITY_RE.findall(low))
        # a word and its space take under CHARS_PER_WORD characters: fewer polity nouns than
        # that allows cannot pass the exact test on the words
        need = max(MIN_POLITY, len(low) / (WORDS_PER_POLITY * CHARS_PER_WORD))
        if any(n >= need for n in polities.values()) and rule.cue_re.search(low):
            got = rule.jurisdiction(view(text))
            if got is not None:
                own |= own_forms(got)
    if not own:
        return
    texts = {(t.id, turn.order): turn.text for t in transcripts for turn in t.turns}
    for unit, spans in found.items():
        tid, order, field = unit
        if field != "text" or not spans or (tid, order) not in texts:
            continue
        kept = keep_jurisdictions(spans, texts[(tid, order)], frozenset(own))
        if len(kept) != len(spans):
            found[unit] = kept
