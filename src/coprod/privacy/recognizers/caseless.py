"""Names in a transcript with no case information (speech recognition output: lower case, no
punctuation). There capitals cannot be the evidence, so this recognizer looks for other
evidence, and only in such a transcript (`caseless`: almost no capitalised word inside a line):

- a place of the lists (world places of 5,000 people or more and regions, the gazetteers'
  places) after a spatial cue ("in", "at", "from", "to", "near" …): "we lived in anytown",
  "up to north anytown" — a one-word place must be no ordinary word in the study's languages
  and no common first name ("to florence"); a compass word and a word no dictionary holds
  after such a cue are one region too ("in east anyword");
- an unknown word before a head noun of `cues/lowercase_heads.txt` ("anyword station",
  "anyword road": a place; "anyword hotel": an organisation) or after a place prefix ("isle of
  anyword", "river anyword": `cues/caseless_place_prefixes.txt`): a word no dictionary of the
  study's languages holds, which speech recognition only writes for a name; a house number
  said in words after "at" or "number" goes with the street ("at forty two anyword road": an
  address); with one ordinary noun between the word and the head too ("anyword signal
  station", "anyword holiday camp");
- a place of the lists before "in" and a country or region ("anytown in anycountry"), when it
  is no ordinary word, nor a common first name unless a city's ("florence in italy");
- a first name of the lists, no ordinary word, after a person cue ("said to anyname", "a
  colleague anyname": `cues/caseless_person_cues.txt`) or before one ("anyname was", "anyname
  and i": `cues/name_cues_after.txt`); a common first name wins over a town of that name here.

A transcript with case information is left to the other recognizers, which read capitals.
"""

from __future__ import annotations

import re

from ..detectors import DIGIT_WORDS, TEENS, TENS, Span
from ..normalise import view
from ..reference import (
    country_names,
    cue_words,
    folded_names,
    load_reference,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS
from .world_places import LOCATIVES, common_first_names

name = "caseless"

WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’]*")
WORD_START_RE = re.compile(r"(?<![\w'’])[^\W\d_a-z]")
# a capitalised word after the start of a line or a sentence end is no evidence of case
SENTENCE_START_RE = re.compile(r"(?:^|[\n.!?:;\"“”(\[]\s*)$")
I_FORMS = {"I", "I'm", "I’m", "I'll", "I’ll", "I've", "I’ve", "I'd", "I’d"}
CASELESS_MIN_WORDS = 200  # too little text says nothing about how it is written
CASELESS_MAX_SHARE = 0.005  # capitalised words inside lines, of all words
MAX_PLACE_WORDS = 4
BIG_PLACE = 5000
CITY_OVER_NAME = 100_000  # a common first name before "in" and a country is a city this big
NOUGHTS = {"oh", "o", "zero", "nought", "nil"}
NUMBER_WORDS = (set(DIGIT_WORDS) - NOUGHTS) | set(TEENS) | set(TENS) | {"hundred"}
HOUSE_CUES = {"at", "number"}  # "at forty two anyword road": a house number, not a count
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "our", "their", "your"}
SPATIAL_CUES = LOCATIVES | {"past", "beyond", "across"}
COMPASS = frozenset(
    "north south east west northeast northwest southeast southwest central upper lower".split()
)


def caseless(text: str) -> bool:
    """True when `text` carries no case information: at least CASELESS_MIN_WORDS words, and
    capitalised words inside a line (not after a sentence end, not "I") are fewer than
    CASELESS_MAX_SHARE of them. The last text's answer is kept: several recognizers ask of
    the same text in turn."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    answer = _caseless(text)
    _last = (text, answer)
    return answer


_last: tuple = (None, False)  # (the text last asked about, its answer); holds the text itself


def _caseless(text: str) -> bool:
    total = text.count(" ") + text.count("\n") + 1  # words, near enough, without a scan
    if total < CASELESS_MIN_WORDS:
        return False
    budget, capital = total * CASELESS_MAX_SHARE, 0
    for m in WORD_START_RE.finditer(text):  # words that do not start with a-z: few to check
        w = WORD_RE.match(text, m.start()).group(0)
        if not w[:1].isupper() or w in I_FORMS or m.start() == 0:
            continue
        if not SENTENCE_START_RE.search(text[max(0, m.start() - 3) : m.start()]):
            capital += 1
            if capital > budget:
                return False
    return True


class CaselessRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref_dir = str(settings.reference_dir)
        self.ordinary = ordinary
        self.first, self.surnames = folded_names(ref_dir)
        self.common_first = common_first_names(ref_dir)
        ref = load_reference(ref_dir)
        # a place of the gazetteers, or a world place of 5,000 people or more (a region): a
        # smaller town's name is more often a mis-heard word than the town
        self.places = {
            k for k, (kind, pop) in world_places(ref_dir).items() if kind == "region" or pop >= BIG_PLACE
        }
        self.towns = world_places(ref_dir)
        self.places |= {k.casefold() for k, (etype, _) in ref.gazetteer.items() if etype == "PLACE"}
        self.tech = ref.tech | ref.tech_ambiguous
        self.countries = {view(n).casefold() for n in country_names()}
        self.heads = {
            head.strip(): etype.strip() or "PLACE"
            for line in cue_words("lowercase_heads", ref_dir)
            for head, _, etype in [line.partition("\t")]
        }
        self.place_prefixes = tuple(tuple(p.split()) for p in cue_words("caseless_place_prefixes", ref_dir))
        self.person_before = tuple(tuple(p.split()) for p in cue_words("caseless_person_cues", ref_dir))
        self.person_after = tuple(
            tuple(p.split()) for p in cue_words("name_cues_after", ref_dir) if p[:1].isalpha()
        )

    def _plain(self, w: str) -> bool:
        return w in ENGLISH_STOP_WORDS or self.ordinary(w) or w in self.tech

    def _unknown(self, w: str) -> bool:
        """A word no dictionary of the study's languages holds (speech recognition writes
        such a word only for a name)."""
        return len(w) >= 3 and not self._plain(w) and "'" not in w and "’" not in w

    def find(self, seen: str) -> list[Span]:
        if not caseless(seen):
            return []
        toks = list(WORD_RE.finditer(seen))
        words = [t.group(0).casefold() for t in toks]
        spans: list[Span] = []

        def joined(i: int, j: int) -> bool:  # tokens i..j-1 separated by single spaces only
            return all(seen[toks[k].end() : toks[k + 1].start()] == " " for k in range(i, j - 1))

        def ends(i: int, phrase: tuple[str, ...]) -> bool:  # the words before i are `phrase`
            n = len(phrase)
            return i >= n and tuple(words[i - n : i]) == phrase and joined(i - n, i + 1)

        i = 0
        while i < len(words):
            span = self._place_after_cue(seen, toks, words, i, joined)
            if span is None:
                span = self._named_place(seen, toks, words, i, ends, joined)
            if span is None:
                span = self._place_in(seen, toks, words, i, joined)
            if span is None:
                span = self._person(toks, words, i, ends, joined)
            if span is not None:
                spans.append(span)
                while i < len(toks) and toks[i].start() < span.end:
                    i += 1
                continue
            i += 1
        return spans

    def _place_after_cue(self, seen, toks, words, i, joined) -> Span | None:
        if i == 0 or words[i - 1] not in SPATIAL_CUES or not joined(i - 1, i + 1):
            return None
        if words[i] in COMPASS and i + 1 < len(words) and joined(i, i + 2) and self._unknown(words[i + 1]):
            # "in east anyword": a compass word and a word no dictionary holds, one region
            a, b = toks[i].start(), toks[i + 1].end()
            return Span(a, b, "PLACE", seen[a:b], "caseless:place-cue", 0.8)
        for n in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
            if not joined(i, i + n):
                continue
            key = " ".join(words[i : i + n])
            if key not in self.places or key in self.tech:
                continue
            main = [w for w in words[i : i + n] if w not in ENGLISH_STOP_WORDS]
            if not main or words[i] in ENGLISH_STOP_WORDS or words[i + n - 1] in ENGLISH_STOP_WORDS:
                continue
            if n == 1 and (self._plain(key) or key in self.common_first or len(key) < 4):
                continue  # "to reading", "to florence": the word or the person, not the town
            if n > 1 and not any(self._unknown(w) for w in main) and len(main) < 2:
                continue
            a, b = toks[i].start(), toks[i + n - 1].end()
            conf = 0.8 if any(self._unknown(w) for w in main) else 0.7
            return Span(a, b, "PLACE", seen[a:b], "caseless:place-cue", conf)
        return None

    def _place_in(self, seen, toks, words, i, joined) -> Span | None:
        """A listed town before "in" and a country or region ("anytown in anycountry"): the
        larger place says what the word is. Not an ordinary word, nor a common first name
        unless a city of CITY_OVER_NAME people has it ("florence in italy", not "sarah in spain")."""
        w = words[i]
        if i + 2 >= len(words) or words[i + 1] != "in" or not joined(i, i + 3):
            return None
        if w not in self.places or self._plain(w) or len(w) < 4:
            return None
        if w in self.common_first and self.towns.get(w, ("", 0))[1] < CITY_OVER_NAME:
            return None  # "anyname in anycountry" is a person there, unless a city's name
        where = words[i + 2]
        if where not in self.countries and self.towns.get(where, ("", 0))[0] != "region":
            return None
        a, b = toks[i].start(), toks[i].end()
        return Span(a, b, "PLACE", seen[a:b], "caseless:place-in", 0.75)

    def _named_place(self, seen, toks, words, i, ends, joined) -> Span | None:
        w = words[i]
        if not self._unknown(w):
            return None
        nxt = words[i + 1] if i + 1 < len(words) else ""
        third = words[i + 2] if i + 2 < len(words) else ""
        if (
            nxt not in self.heads
            and third in self.heads
            and nxt not in ENGLISH_STOP_WORDS
            and self.ordinary(nxt)
            and joined(i, i + 3)
        ):
            # one ordinary noun between the name and its head ("anyword signal station",
            # "anyword holiday camp"): the kind of station or camp, and the name before it
            a, b = toks[i].start(), toks[i + 2].end()
            etype = self.heads[third]
            detector = "caseless:place-head" if etype == "PLACE" else "caseless:org-head"
            return Span(a, b, etype, seen[a:b], detector, 0.8)
        if nxt in self.heads and joined(i, i + 2):
            a, b = toks[i].start(), toks[i + 1].end()
            k = i
            while k > 0 and words[k - 1] in NUMBER_WORDS and joined(k - 1, k + 1) and i - k < 4:
                k -= 1
            etype = self.heads[nxt]
            if etype != "PLACE":
                return Span(a, b, etype, seen[a:b], "caseless:org-head", 0.8)  # "anyword hotel"
            if k < i and k > 0 and words[k - 1] in HOUSE_CUES and joined(k - 1, k + 1):
                a = toks[k].start()  # the house number said in words goes with the street
                return Span(a, b, "ADDRESS", seen[a:b], "caseless:address", 0.8)
            return Span(a, b, "PLACE", seen[a:b], "caseless:place-head", 0.8)
        for p in self.place_prefixes:
            if ends(i, p):
                a, b = toks[i - len(p)].start(), toks[i].end()
                return Span(a, b, "PLACE", seen[a:b], "caseless:place-prefix", 0.8)
        return None

    def _person(self, toks, words, i, ends, joined) -> Span | None:
        w = words[i]
        if w not in self.first or not self._unknown(w):
            return None
        if (w in self.places or w in self.towns) and w not in self.common_first:
            return None  # a town of that name first, unless a common first name ("florence")
        if i > 0 and words[i - 1] in DETERMINERS:
            return None  # "the anyname was", "this anyname and i": a thing, not a person
        if i > 0 and w in self.towns and (words[i - 1] in SPATIAL_CUES or words[i - 1] == "of"):
            return None  # "the suburbs of anytown and i": the town
        cued = any(ends(i, p) for p in self.person_before)
        if not cued:
            for p in self.person_after:
                n = len(p)
                if tuple(words[i + 1 : i + 1 + n]) == p and joined(i, i + 1 + n):
                    cued = True
                    break
        if not cued:
            return None
        a, b = toks[i].start(), toks[i].end()
        return Span(a, b, "PERSON", toks[i].group(0), "caseless:name-cue", 0.85)
