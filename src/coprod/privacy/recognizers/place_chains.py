"""Places whose own words are ordinary, told by the place written beside them:

- a compass word before a world place ("Southeast Anyshire", "North Reading", "Greater
  Bath"): the compass word, capitalised, makes the pair one region's name, even when the place
  is also an ordinary word;
- a place after a place ("Astoria, Reading", "Anytown Bath"): a capitalised word that is both
  a world place and an ordinary word ("Reading", "Bath", "Hull"), right after a capitalised world
  place that is no ordinary word, is the larger place of an address — unless the pair reads as
  a person (a listed first name, then a listed surname: "Tyler Reading").

- two ordinary words, capitalised mid-sentence, that together name a state or region or a
  town of BIG people or more ("places like New Anyshire"): what one such word cannot say,
  the pair can — not a compass word first ("the North East" is a direction as often as a
  region);
- a word for a kind of place before a name ("Lake Anyname", "River Anyname", "Isle of
  Anyname"; `data/reference/cues/place_prefixes.txt`): the capitalised word or two after it
  are the place's name when the first is no ordinary word or technology term ("Port
  Forwarding", "Lake Formation" name no place).

- the name of a region without its compass word ("Anyshire" of "North Anyshire"): the
  gazetteer holds the region only with it, the speaker says it without; only a word that is no
  ordinary word, no country and no other world place, in any case.

Countries, continents and peoples are never taken (the analyzer drops them in any case). The
world places are `data/reference/world_places.tsv`, the same list the world-place recognizer
reads.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..names import NEVER
from ..reference import (
    country_names,
    cue_words,
    folded_names,
    languages_and_peoples,
    load_reference,
    place_key,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import TextIndex, WordFilter, index_of, matches_at_words

name = "place_chains"

COMPASS = (
    "North|South|East|West|Northeast|Northwest|Southeast|Southwest|North-East|North-West|"
    "South-East|South-West|North East|North West|South East|South West|Central|Upper|Lower|"
    "Greater|Inner|Outer"
)
CAP = r"[A-Z][^\W\d_]*(?:['’\-][^\W\d_]+)*"


def words_after_boundary(words: list[str]) -> str:
    r"""`(?<![\w'’\-])(?:w1|w2|…)` written so that a scan skips to the next first letter of a
    word: the alternatives grouped by first letter (their order kept), each group's look-behind
    after that letter. Same matches (no two groups can match at one position)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return (
        "(?:"
        + "|".join(
            rf"{re.escape(c)}(?<![\w'’\-]{re.escape(c)})(?:{'|'.join(map(re.escape, rests))})"
            for c, rests in groups.items()
        )
        + ")"
    )


# (look-behinds follow the first letter, so a scan skips to the next capital)
COMPASS_RE = re.compile(
    rf"{words_after_boundary(COMPASS.split('|'))} (?P<place>{CAP}(?: {CAP})?)(?![\w'’\-])"
)
COMPASS_WORDS = frozenset(w.casefold() for w in re.split(r"[| \-]", COMPASS))
# the word of the index a COMPASS_RE match starts with (as written: "North", "North-East"; the
# first word of "North East"): its capital follows no letter or joiner, and a space or a
# joined word of letters ends it
COMPASS_FIRST = frozenset(w.split(" ")[0] for w in COMPASS.split("|"))
WORD_RE = re.compile(r"(?<![\w'’\-])[^\W\d_]{4,}(?![\w'’\-])")
BIG = 50_000
# words for kinds of place and sky that the gazetteer also holds as a town or a region
FEATURES = frozenset("sea seas ocean coast shore channel sound pole cape star side end wind winds".split())
PAIR_RE = re.compile(rf"(?P<a>[A-Z](?<![\w'’\-][A-Z]){CAP[5:]})(?P<gap>,? )(?P<b>{CAP})(?![\w'’\-])")


class PlaceChainRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref_dir = str(settings.reference_dir)
        self.places = world_places(ref_dir)
        self.first, self.surnames = folded_names(ref_dir)
        self.ordinary = ordinary
        self.skip = {place_key(n) for n in country_names()} | languages_and_peoples()
        ref = load_reference(ref_dir)
        self.tech = ref.tech | ref.tech_ambiguous
        self._place_seen: dict[str, bool] = {}  # words -> _is_place(words), decided once
        self._pairs: dict[tuple[str, str], tuple[bool, bool]] = {}  # (a, b) -> _pair(a, b)
        self.halves = self._halves()
        prefixes = sorted(cue_words("place_prefixes", ref_dir), key=len, reverse=True)
        self.rx_prefix = re.compile(
            rf"{words_after_boundary(prefixes)}\.? (?P<name>{CAP}(?: {CAP})?)(?![\w'’\-])"
        )
        self._halves_in = WordFilter(lambda w: len(w) >= 4 and w.isalpha() and w.casefold() in self.halves)
        # an `rx_prefix` match starts with a word of the index, the prefix's first word as
        # written (it follows no letter or joiner, and a space or a dot ends it) when every
        # prefix is words of letters a-z separated by spaces: a text without one is not scanned
        self._prefix_first = (
            frozenset(p.split(" ")[0] for p in prefixes)
            if all(re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)*", p) for p in prefixes)
            else None
        )

    def _pair(self, a: str, b: str) -> tuple[bool, bool]:
        """What two capitalised words alone say, decided once per pair: (together they name a
        place though each is an ordinary word, the second is a place after a place)."""
        hit = self._pairs.get((a, b))
        if hit is None:
            together = (
                a.casefold() not in COMPASS_WORDS  # "the North East": a direction
                and self._plain(a)
                and self._plain(b)
                and self._place(f"{a} {b}")
            )
            after = not (
                self._plain(a)
                or not self._place(a)
                or not self._plain(b)
                or not self._place(b)
                or b.casefold() in ENGLISH_STOP_WORDS
                # a first name and a surname: a person, not an address
                or (a.casefold() in self.first and b.casefold() in self.surnames)
            )
            hit = self._pairs[(a, b)] = (together, after)
        return hit

    def _place(self, words: str) -> bool:
        hit = self._place_seen.get(words)
        if hit is None:
            hit = self._place_seen[words] = self._is_place(words)
        return hit

    def _is_place(self, words: str) -> bool:
        """A world place and no country; a place whose words are all ordinary ("Star", "Bath")
        only when it is a town of BIG people or more and no word for a kind of place ("Sea",
        "Coast"): most ordinary words are some village's name too."""
        key = place_key(words)
        if key not in self.places or key in self.skip:
            return False
        if not all(self._plain(w) for w in words.split(" ")):
            return True
        kind, pop = self.places[key]
        if " " in key and kind == "region":
            return True  # "New Anyshire": a state or county of two ordinary words
        return kind == "city" and pop >= BIG and key not in FEATURES

    def _halves(self) -> frozenset[str]:
        """Regions named "<compass> <word>" whose word alone is no place, no country and no
        ordinary word."""
        compass = {c.casefold() for c in COMPASS.split("|") if " " not in c and "-" not in c}
        compass |= {"northern", "southern", "eastern", "western"}
        out = set()
        for key, (kind, _) in self.places.items():
            head, _, rest = key.partition(" ")
            if kind != "region" or head not in compass or not rest or " " in rest or "-" in rest:
                continue
            if rest in self.places or rest in self.skip or self._plain(rest) or len(rest) < 4:
                continue
            out.add(rest)
        return frozenset(out)

    @staticmethod
    def _sentence_start(seen: str, start: int) -> bool:
        j = start  # the last character before `start` that is no space (no copy of the text)
        while j > 0 and seen[j - 1] == " ":
            j -= 1
        return j == 0 or seen[j - 1] in '.!?:"“”‘([]\n-–—'

    def _plain(self, word: str) -> bool:
        low = word.casefold()
        return low in ENGLISH_STOP_WORDS or self.ordinary(low)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        spans = []
        index = index_of(seen, index)
        # a text none of whose words is a compass word's first is not scanned for one
        compass = COMPASS_RE.finditer(seen) if not index.distinct.isdisjoint(COMPASS_FIRST) else ()
        for m in compass:
            place = m.group("place")
            end = m.end("place")
            if not self._place(place):
                one = place.split(" ")[0]
                if " " not in place or not self._place(one):
                    continue
                end = m.start("place") + len(one)  # "South Reading Road": the place is one word
            if place.split(" ")[0].casefold() in ENGLISH_STOP_WORDS:
                continue
            spans.append(Span(m.start(), end, "PLACE", seen[m.start() : end], "context:compass-place", 0.8))
        # a WORD_RE match is a whole word of the index (letters only, bounded by no letter,
        # apostrophe or hyphen): the scan is tried only where such a word occurs
        halves = self._halves_in.among(index.distinct)
        for m in matches_at_words(WORD_RE, index, halves, (), lambda m: m.group(0).casefold() in self.halves):
            if m.group(0).casefold() in self.halves:
                spans.append(Span(m.start(), m.end(), "PLACE", m.group(0), "context:region-half", 0.8))
        skip = self._prefix_first is not None and index.distinct.isdisjoint(self._prefix_first)
        for m in self.rx_prefix.finditer(seen) if not skip else ():
            words = m.group("name").split(" ")
            n = 0
            for w in words:
                if w.casefold() in ENGLISH_STOP_WORDS or w in NEVER or w.isupper():
                    break
                n += 1
            if n == 0 or self._plain(words[0]) or words[0].casefold() in self.tech:
                continue  # "Port Forwarding", "Lake Formation", "Mount Point": no place named
            end = m.start("name") + len(" ".join(words[:n]))
            spans.append(Span(m.start(), end, "PLACE", seen[m.start() : end], "context:place-prefix", 0.8))
        pos = 0
        while True:
            m = PAIR_RE.search(seen, pos)
            if m is None:
                break
            pos = m.start("b")  # "A B C": the pair (B, C) is looked at too
            together, after = self._pair(m.group("a"), m.group("b"))
            if together and m.group("gap") == " " and not self._sentence_start(seen, m.start()):
                # two ordinary words that together name a state or a large town ("Long
                # Harbour", "New Anyshire"), capitalised mid-sentence
                det = "context:ordinary-word-place"
                spans.append(Span(m.start(), m.end(), "PLACE", m.group(0), det, 0.75))
                pos = m.end()
                continue
            if after:
                b = m.group("b")
                spans.append(Span(m.start("b"), m.end("b"), "PLACE", b, "context:place-after-place", 0.75))
        unique = {(x.start, x.end): x for x in reversed(spans)}  # the first rule's finding wins
        return sorted(unique.values(), key=lambda x: (x.start, x.end))
