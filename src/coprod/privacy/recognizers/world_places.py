"""Places of the world (GeoNames towns of 1,000 people or more, US states and counties, ISO
3166-2 subdivisions: `data/reference/world_places.tsv`), with evidence that the words are used
as a place and not as ordinary words:

- capitalised, with a word no dictionary of the study's languages holds ("Penzance"): a place;
- capitalised but every word ordinary ("Wells"): only after a locative ("in Wells"), and not
  a one-word place spelt as one of the commonest English words (Zipf `TITLE_WORD_ZIPF` or more:
  "Home") after "at" and a capitalised ordinary word: "Hospital at Home", "Care at Home" is a
  service's title-cased name, not a hamlet;
- lower case (speech recognition output): only a town of 5,000 or more or a region, with a word
  of five letters or more that is no ordinary word and no common first name ("penzance",
  "truro"; not "wells", not "oliver"), and not right after a modal verb or a degree adverb
  (`NO_NOUN_BEFORE`: "it would anytown", "a very anytown patient"): there English grammar wants a
  verb or an adjective, so the recogniser mis-heard one (garble), and a place name cannot stand;
- countries, continents and languages are never identifiers (pycountry; see the policy in
  docs/deidentification.md), nor a technology term.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

from ..detectors import Span
from ..reference import (
    COMMON_FIRST_NAME,
    country_names,
    cue_words,
    first_name_births,
    folded_names,
    languages_and_peoples,
    load_reference,
    place_first_words,
    place_key,
    place_prefixes,
    world_places,
)
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import WHERE_MIN_WORDS, TextIndex, WordFilter, _numpy, index_of

name = "world_places"

LOCATIVES = {
    "in",
    "at",
    "from",
    "to",
    "near",
    "around",
    "outside",
    "into",
    "towards",
    "via",
    "through",
    "round",
}
JOINERS = {
    "of",
    "the",
    "de",
    "la",
    "le",
    "du",
    "del",
    "upon",
    "on",
    "in",
    "and",
    "les",
    "des",
    "da",
    "do",
    "y",
}
MAX_WORDS = 4
PAIR_BASE = 1 << 31  # a pair of vocabulary numbers (a, b) is the one integer a * PAIR_BASE + b
# English words after which no noun phrase starts: modal verbs want a verb, degree adverbs an
# adjective or adverb. A lower-case place there is a mis-heard word ("it would anytown"); "will"
# and "may" are left out (also names and a month)
NO_NOUN_BEFORE = frozenset(
    {
        "would", "wouldn't", "could", "couldn't", "should", "shouldn't", "won't", "can't",
        "cannot", "might", "mightn't", "must", "mustn't", "shall", "shan't",
        "very", "quite", "rather", "fairly", "extremely", "awfully",
    }
)  # fmt: skip
# "at" and a capitalised ordinary word before it ("Hospital at Home"): a title's words when the
# place's one word is this common in English ("home" 5.8; "wells", "hope" are under it)
TITLE_WORD_ZIPF = 5.5
ABBREVIATED = {"st", "mt", "ft", "pt"}  # "St. Austell", "Mt. Pleasant"
CONTRACTION_RE = re.compile(r"['’](?:ll|re|ve|d|m|t)$", re.I)  # "We'll" folds to the town Well
# an elided article, pronoun or particle before a word, as French and Italian write them ("J'ai",
# "l'hôpital", "qu'il"): no town when the word after it is an ordinary word of the study's
# languages, whatever the letters fold to ("J'ai" folds to a town "Jai"); "L'Aquila" stays a place
ELISION_RE = re.compile(r"^(?:[cdjlmnst]|qu)['’](?P<rest>[^\W\d_]{2,})$", re.I)
# One word's lookup key, memoised: every word of every text is keyed, and words repeat (a pure
# function of the word, so the cache cannot change a result).
word_key = lru_cache(maxsize=1 << 17)(place_key)


def _member(np, table, values):
    """Whether each of `values` is in the sorted array `table` (a binary search each)."""
    if not len(table):
        return np.zeros(len(values), bool)
    at = np.searchsorted(table, values)
    at[at == len(table)] = 0
    return table[at] == values


@lru_cache(maxsize=4)
def common_first_names(ref_dir: str) -> frozenset[str]:
    return frozenset(n for n, b in first_name_births(ref_dir).items() if b >= COMMON_FIRST_NAME)


SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})


class WorldPlaceRecognizer:
    name = name

    def __init__(self, settings, ordinary, never: set[str] = frozenset()) -> None:
        self.places = world_places(str(settings.reference_dir))
        ref = load_reference(str(settings.reference_dir))
        self.first_names = folded_names(str(settings.reference_dir))[0]
        # in lower case a town is told from a person by how common the first name is: "truro"
        # (no births) is the town, "oliver" (150,921; also a town) the person
        self.common_first = common_first_names(str(settings.reference_dir))
        self.tech = ref.tech | ref.tech_ambiguous
        self.never = {w.casefold() for w in never}
        # a kinship word or a title, also plural or possessive ("to Dad", "my Gran", "the Dr's"),
        # stands for a person: no town of that name is meant
        ref_dir = str(settings.reference_dir)
        people = {w.casefold() for w in cue_words("kin_words", ref_dir) | cue_words("titles", ref_dir)}
        self.never |= {w + end for w in people for end in ("", "s", "'s", "’s")}
        self.never |= SEASONS  # like the months: "in Spring 2021" is a time, not Spring the town
        self.skip = {view.casefold() for view in country_names()} | languages_and_peoples()
        self.ordinary = ordinary  # word (lower case) -> True when it is an ordinary word
        self.first_words = place_first_words(str(settings.reference_dir)) - JOINERS
        self.prefixes = place_prefixes(str(settings.reference_dir))
        self._live: dict[str, tuple[bool, bool]] = {}  # word -> _starts_place(word)
        self._starters = WordFilter(self._can_start)
        # a word -> the words after it -> their two keys start or are a place
        self._pairs: dict[str, dict[str, bool]] = {}
        self._verdicts: dict[tuple[str, ...], tuple[bool, bool, float, str] | None] = {}
        # the word pairs decided so far, as numbers of a vocabulary (`_visits`)
        self._decided_vocabulary = None
        self._decided = self._passing = None

    def _elided(self, w: str) -> bool:
        """An elision before an ordinary word ("J'ai", "d'accord"): no place name."""
        m = ELISION_RE.match(w)
        return m is not None and self.ordinary(m["rest"].casefold())

    def _plain(self, w: str) -> bool:
        low = w.casefold()
        return low in ENGLISH_STOP_WORDS or self.ordinary(low) or low in self.never

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        index = index_of(seen, index)
        strs, starts, ends = index.words, index.starts, index.ends
        live, pairs = self._live, self._pairs
        starters = self._starters.among(index.distinct)
        spans: list[Span] = []
        prefixes, places, skip, tech = self.prefixes, self.places, self.skip, self.tech
        count = len(strs)
        resume = 0  # the word after the last place found: a place's own words start nothing
        # only the words that can start a place are visited (a third of the words start a place
        # name somewhere in the world; most of those can neither be one alone nor begin a longer one)
        for i in self._visits(index, starters):
            if i < resume:
                continue
            alone, prefix = live[strs[i]]
            if not prefix:  # a place of this word alone (`alone`: a listed key, neither skipped nor tech)
                span = self._judge(seen, starts, ends, strs, i, 1, word_key(strs[i]))
                if span is not None:
                    spans.append(span)
                    resume = i + 1
                continue
            if not alone:  # only a longer place can start here: is the next word's key one on?
                if i + 1 == count:
                    continue
                first, second = strs[i], strs[i + 1]
                after = pairs.get(first)
                if after is None:
                    after = pairs[first] = {}
                ok = after.get(second)
                if ok is None:
                    two = f"{word_key(first)} {word_key(second)}"
                    ok = after[second] = two in places or two in prefixes
                if not ok:
                    continue
            # keys of 1..MAX_WORDS words that are places, as long as they are a place's prefix
            found, key = [], ""
            for n in range(1, min(MAX_WORDS, count - i) + 1):
                if n > 1:
                    gap = seen[ends[i + n - 2] : starts[i + n - 1]]
                    if gap != " " and not (gap == ". " and key in ABBREVIATED):
                        break  # "St. Austell", not "… in Paris. Texas …"
                part = word_key(strs[i + n - 1])
                key = part if n == 1 else f"{key} {part}"
                if key in places and key not in skip and key not in tech:
                    found.append((n, key))
                if key not in prefixes:
                    break
            for n, k in reversed(found):  # longest first
                span = self._judge(seen, starts, ends, strs, i, n, k)
                if span is not None:
                    spans.append(span)
                    resume = i + n
                    break
        return spans

    def _visits(self, index: TextIndex, starters: set[str]) -> list[int]:
        """The positions of `starters` that `find` visits, in order. A word that starts only a
        longer place ("to", "a": most of the visits) is visited only where it and the next word
        start or are a place (the pair test of `find`, a pure function of the two words), read
        at every such position at once: each pair of vocabulary numbers is one integer, and the
        pairs decided so far are two sorted arrays (decided, and of those, the ones that pass);
        a pair not decided yet is decided here, as `find` decides it."""
        words = index.words
        if index.vocabulary is None or len(words) < WHERE_MIN_WORDS:
            return index.where(starters)
        live = self._live
        longer = {w for w in starters if not live[w][0]}
        if not longer:
            return index.where(starters)
        np = _numpy()
        alone = index.where(starters - longer)
        at = np.flatnonzero(index._marked(longer)[:-1])  # a next word after each
        ids = index.ids()
        codes = ids[at] * PAIR_BASE + ids[at + 1]
        if self._decided_vocabulary is not index.vocabulary:  # the numbers are the vocabulary's
            self._decided_vocabulary = index.vocabulary
            self._decided, self._passing = np.zeros(0, np.int64), np.zeros(0, np.int64)
        known = _member(np, self._decided, codes)
        if not known.all():
            new = np.unique(codes[~known])
            order, pairs = index.vocabulary.order, self._pairs
            passing = []
            for code in new.tolist():
                first, second = order[code // PAIR_BASE], order[code % PAIR_BASE]
                after = pairs.get(first)
                if after is None:
                    after = pairs[first] = {}
                ok = after.get(second)
                if ok is None:
                    two = f"{word_key(first)} {word_key(second)}"
                    ok = after[second] = two in self.places or two in self.prefixes
                if ok:
                    passing.append(code)
            self._decided = np.union1d(self._decided, new)
            if passing:
                self._passing = np.union1d(self._passing, np.array(passing, np.int64))
        chosen = at[_member(np, self._passing, codes)].tolist()
        if not alone:
            return chosen
        return sorted(alone + chosen)

    def _can_start(self, word: str) -> bool:
        alone, prefix = self._live[word] = self._starts_place(word)
        return alone or prefix

    def _starts_place(self, word: str) -> tuple[bool, bool]:
        """Whether `word` can start a place found here: (it may be a place on its own — the
        word alone does not rule it out —, it starts a longer place name). A pure function of
        the word."""
        key = word_key(word)
        if key not in self.first_words:
            return False, False
        alone = (
            key in self.places
            and key not in self.skip
            and key not in self.tech
            and self._verdict((word,), key) is not None
        )
        return alone, key in self.prefixes

    def _verdict(self, ws: tuple[str, ...], key: str) -> tuple[bool, bool, float, str] | None:
        """What the words alone say, decided once per distinct word sequence: None (never a
        place here), or (a capitalised name: the next word must not continue it, needs a
        locative before it, confidence, detector)."""
        verdict = self._verdicts.get(ws, False)
        if verdict is not False:
            return verdict
        verdict = None
        main = [w for w in ws if w.casefold() not in JOINERS]
        if (
            not main
            or ws[0].casefold() in JOINERS
            or ws[-1].casefold() in JOINERS
            or all(w.casefold() in self.never for w in main)  # months, weekdays, "God" ("in March")
            # a function word ("Near Me", "in To"): gazetteers hold places spelt like them
            or all(w.casefold() in ENGLISH_STOP_WORDS for w in main)
            # a contraction ("We'll", "He'll", "Can't") is no town, whatever its letters
            or any(CONTRACTION_RE.search(w) or w.casefold().endswith("n't") for w in ws)
            or any(self._elided(w) for w in ws)
        ):
            pass
        else:
            kind, pop = self.places[key]
            distinctive = [w for w in main if not self._plain(w) and len(w) >= 3]
            if all(w[:1].isupper() for w in main):
                if any(sum(c.isupper() for c in w) > 1 for w in main):
                    pass  # an acronym or a product shape ("LA", "SARs", "iPad") is no town
                elif distinctive:
                    single_first = len(ws) == 1 and key in self.first_names
                    verdict = (True, False, 0.6 if single_first else 0.85, "world-place")
                elif key not in self.first_names:
                    verdict = (True, True, 0.7, "world-place:locative")
            elif not any(w[:1].isupper() for w in main):  # mixed case ("Truro road"): head-noun rules
                big = kind == "region" or pop >= 5000
                if big and any(len(w) >= 5 and w.casefold() not in self.common_first for w in distinctive):
                    verdict = (False, False, 0.75, "world-place:lower-case")
        self._verdicts[ws] = verdict
        return verdict

    def _in_title(self, seen: str, starts, ends, strs: list[str], i: int, key: str) -> bool:
        """The word at i follows "at" and a capitalised ordinary word, and is one of English's
        commonest words: a title-cased phrase ("Hospital at Home")."""
        if i < 2 or seen[ends[i - 2] : starts[i - 1]] != " ":
            return False
        before = strs[i - 2]
        return (
            before[:1].isupper()
            and self.ordinary(before.casefold())
            and zipf_frequency(key, "en") >= TITLE_WORD_ZIPF
        )

    def _judge(self, seen: str, starts, ends, strs: list[str], i: int, n: int, key: str) -> Span | None:
        verdict = self._verdict(tuple(strs[i : i + n]), key)
        if verdict is None:
            return None
        capitalised, locative, conf, detector = verdict
        a, b = starts[i], ends[i + n - 1]
        if not capitalised and i > 0 and seen[ends[i - 1] : a] == " ":
            if strs[i - 1].casefold().replace("’", "'") in NO_NOUN_BEFORE:
                return None  # "it would anytown": a mis-heard verb or adjective, no place
        if capitalised:
            if i + n < len(strs) and seen[b : starts[i + n]] == " " and strs[i + n][:1].isupper():
                # part of a longer name that is no place ("Monte Carlo Method") — unless the
                # next word is a region, the place's own ("Anytown Anyshire", no comma)
                if self.places.get(word_key(strs[i + n]), ("", 0))[0] != "region":
                    return None
            if locative:
                prev = strs[i - 1].casefold() if i > 0 else ""
                gap = seen[ends[i - 1] : a] if i > 0 else ""
                if prev not in LOCATIVES or gap.strip(" ,") != "":
                    return None  # every word ordinary ("Wells"): only after one ("in Wells")
                if prev == "at" and n == 1 and self._in_title(seen, starts, ends, strs, i, key):
                    return None  # "Hospital at Home": a service's name, not the hamlet Home
        return Span(a, b, "PLACE", seen[a:b], detector, conf)
