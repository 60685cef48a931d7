"""One tokenisation of a text, shared by the recognizers that read it word by word.

The analyzer builds one `TextIndex` per (folded) text and hands it to each recognizer, so the
words are found once, not once per recognizer; each view is built on first use. Recognizers
also use the set of distinct words to decide per word, once, whether a scan can find anything
at all (a pure function of the word, memoised across texts), and skip the scan when no word can.
"""

from __future__ import annotations

import re
from itertools import accumulate, chain, compress, count

# A word: letters, with inner apostrophes or hyphens ("O'Hara", "Stratford-upon-Avon").
WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*")
# The same on ASCII text (there the letters are A-Z and a-z), with plain ranges and possessive
# repeats (letters and joiners are disjoint, so nothing is given back): faster to scan.
ASCII_WORD_RE = re.compile(r"[A-Za-z]++(?:['\-][A-Za-z]++)*+")
# The same, as one group: a split of the text keeps the words (`TextIndex.words`).
WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")
ASCII_WORD_SPLIT_RE = re.compile(f"({ASCII_WORD_RE.pattern})")
_group = re.Match.group


class Vocabulary:
    """Every distinct word of the texts indexed with it, in order of first sight: one set
    difference per text finds its new words, and each `WordFilter` then tests only the words
    added since it last looked, instead of comparing the whole text's words with its own."""

    __slots__ = ("known", "order", "ids")

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.order: list[str] = []
        self.ids: dict[str, int] = {}  # a word -> its place in `order`

    def words_of(self, words: list[str]) -> Words:
        out = Words(words)
        new = out - self.known
        if new:
            self.known |= new
            new = list(new)
            self.ids.update(zip(new, count(len(self.order))))
            self.order += new
        out.vocabulary, out.size = self, len(self.order)
        return out


class Words(set):
    """The distinct words of a text indexed with a `Vocabulary`: every one of them is among
    the vocabulary's first `size` words."""

    __slots__ = ("vocabulary", "size")


class TextIndex:
    """The words of one text: `matches` (with offsets), `words` (their strings, same order)
    and `distinct` (the set of them). With a `Vocabulary` (one per analyzer), `distinct` is
    also recorded there."""

    __slots__ = (
        "text",
        "vocabulary",
        "_matches",
        "_words",
        "_starts",
        "_ends",
        "_distinct",
        "_digit_runs",
        "_lengths",
        "_ids",
    )

    def __init__(self, text: str, vocabulary: Vocabulary | None = None) -> None:
        self.text = text
        self.vocabulary = vocabulary
        self._matches: list[re.Match] | None = None
        self._words: list[str] | None = None
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._distinct: set[str] | None = None
        self._digit_runs: list[tuple[int, int]] | None = None
        self._lengths: bytes | None = None
        self._ids = None  # each word's place in the vocabulary, as an array (`where`)

    @property
    def matches(self) -> list[re.Match]:
        """The words as match objects (the recognizers read `words`, `starts` and `ends`)."""
        if self._matches is None:
            rx = ASCII_WORD_RE if self.text.isascii() else WORD_RE
            self._matches = list(rx.finditer(self.text))
        return self._matches

    def _split(self) -> None:
        # one split of the text at its words (kept, by the pattern's group): the pieces are
        # what lies before the first word, the first word, what lies between it and the next
        # … and what follows the last; the running sum of their lengths is where each word
        # starts and ends (all in C: no match object per word)
        rx = ASCII_WORD_SPLIT_RE if self.text.isascii() else WORD_SPLIT_RE
        parts = rx.split(self.text)
        bounds = list(accumulate(map(len, parts)))
        self._words = parts[1::2]
        self._starts = bounds[0:-1:2]
        self._ends = bounds[1::2]

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._split()
        return self._words

    @property
    def starts(self) -> list[int]:
        """Where each word starts, in order (`matches[k].start()`)."""
        if self._starts is None:
            self._split()
        return self._starts

    @property
    def ends(self) -> list[int]:
        """Where each word ends, in order (`matches[k].end()`)."""
        if self._ends is None:
            self._split()
        return self._ends

    @property
    def distinct(self) -> set[str]:
        if self._distinct is None:
            if self.vocabulary is None:
                self._distinct = set(self.words)
            else:
                self._distinct = self.vocabulary.words_of(self.words)
        return self._distinct

    def where(self, among: set[str]) -> list[int]:
        """`positions(self.words, among)`: the positions of the words that are `among` the given
        set, in order. With a vocabulary and more than a few words, found without a pass of
        Python-level set tests over the words: each word is its number in the vocabulary (one
        array, made once per text), the wanted numbers are marked in a table, and the table read
        at every word at once (several recognizers ask, each for its own set)."""
        words = self.words
        if self.vocabulary is None or len(words) < WHERE_MIN_WORDS:
            return positions(words, among)
        wanted = among & self.distinct
        if not wanted:
            return []
        return _numpy().flatnonzero(self._marked(wanted)).tolist()

    def _marked(self, wanted: set[str]):
        """A boolean array, one entry a word: whether the word is one of `wanted` (words of
        this text's vocabulary), read from a table of vocabulary numbers (`where`)."""
        np = _numpy()
        table = np.zeros(len(self.vocabulary.order), bool)
        if wanted:
            table[np.fromiter(map(self.vocabulary.ids.__getitem__, wanted), np.intp, len(wanted))] = True
        return table[self.ids()]

    def ids(self):
        """Each word's number in the vocabulary, as an array (made once per text; the index
        needs a vocabulary)."""
        if self._ids is None:
            np, words = _numpy(), self.words
            self._ids = np.fromiter(map(self.vocabulary.ids.__getitem__, words), np.intp, len(words))
        return self._ids

    def after(self, before: set[str], among: set[str]) -> list[int]:
        """The positions k of the words `among` the given set whose word before (k - 1) is one of
        `before`, in order: `[k for k in self.where(among) if k and self.words[k - 1] in before]`,
        with both tests read at every word at once (see `where`)."""
        words = self.words
        if self.vocabulary is None or len(words) < WHERE_MIN_WORDS:
            return [k for k in positions(words, among) if k and words[k - 1] in before]
        distinct = self.distinct
        wanted, first = among & distinct, before & distinct
        if not wanted or not first:
            return []
        np = _numpy()
        hits = self._marked(wanted)[1:] & self._marked(first)[:-1]
        return (np.flatnonzero(hits) + 1).tolist()

    @property
    def lengths(self) -> bytes:
        """Each word's length, one byte a word in order (255 for a longer word): where words of
        some lengths stand in a row, found by a bytes search ("\\x01\\x01": two one-letter words)."""
        if self._lengths is None:
            try:
                self._lengths = bytes(map(len, self.words))
            except ValueError:  # a word of 256 letters or more
                self._lengths = bytes(min(len(w), 255) for w in self.words)
        return self._lengths

    @property
    def digit_runs(self) -> list[tuple[int, int]]:
        """(start, end) of each maximal run of digits (`\\d`, any decimal digit), in order: where
        the scans whose matches start at or just before a number can start."""
        if self._digit_runs is None:
            text = self.text
            if not text.isascii():
                self._digit_runs = [m.span() for m in DIGIT_RUN_RE.finditer(text)]
            else:
                # every digit made "0" in one byte translate, then memchr-speed finds of "0" (a
                # regex scan for digits costs several times more)
                zeros = text.encode("ascii").translate(_DIGITS_TO_ZERO)
                find, runs = zeros.find, []
                at = find(b"0")
                while at >= 0:
                    end = at + 1
                    while zeros[end : end + 1] == b"0":
                        end += 1
                    runs.append((at, end))
                    at = find(b"0", end)
                self._digit_runs = runs
        return self._digit_runs


DIGIT_RUN_RE = re.compile(r"\d+")
# Below this many words `TextIndex.where` tests each word in Python: the array's fixed cost is more.
WHERE_MIN_WORDS = 200


def _numpy():
    """numpy, imported on first use (a short text never needs it)."""
    import numpy

    return numpy


_DIGITS_TO_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)


_LOWERED: tuple[str | None, str] = (None, "")


def lowered(text: str) -> str:
    """`text.lower()`, made once for the last text asked: the recognizers of one text each ask
    for the same lower-cased text (one tuple, replaced whole, so a reader sees a text and its own
    lower case; the text is held, so its identity cannot be reused)."""
    global _LOWERED
    last = _LOWERED
    if last[0] is text:
        return last[1]
    low = text.lower()
    _LOWERED = (text, low)
    return low


def positions(words: list[str], among: set[str]) -> list[int]:
    """The positions in `words` of the words that are `among` the given set, in order (what
    `[i for i, w in enumerate(words) if w in among]` gives, without a Python loop)."""
    return list(compress(count(), map(among.__contains__, words)))


def index_of(text: str, index: TextIndex | None) -> TextIndex:
    """`index` when it is the given text's, else a new one."""
    return index if index is not None and index.text is text else TextIndex(text)


def anchored(text: str, index: TextIndex | None, anchors: WordFilter) -> tuple[TextIndex, list[int]]:
    """The text's index and, in order, the positions of its words that `anchors` accepts (none
    when no distinct word of the text is one): where a word-anchored recognizer looks."""
    index = index_of(text, index)
    among = anchors.among(index.distinct)
    return index, (positions(index.words, among) if among else [])


class WordFilter:
    """A test of a word that depends on nothing else, run once per distinct word (across texts):
    `among(words)` is the set of the given words that pass, found with set operations. Given a
    text's `Words` (an index with a `Vocabulary`), the words to test are the vocabulary's words
    added since the last call (a test of a word no text given here holds yet is only early)."""

    __slots__ = ("test", "seen", "passed", "vocabulary", "tested")

    def __init__(self, test) -> None:
        self.test = test
        self.seen: set[str] = set()
        self.passed: set[str] = set()
        self.vocabulary: Vocabulary | None = None
        self.tested = 0  # how many of the vocabulary's words were tested

    def among(self, words: set[str]) -> set[str]:
        vocabulary = getattr(words, "vocabulary", None)
        if vocabulary is None:
            new = words - self.seen
            if new:
                self.seen |= new
                self.passed.update(w for w in new if self.test(w))
        else:
            if vocabulary is not self.vocabulary:
                self.vocabulary, self.tested = vocabulary, 0
            if self.tested < words.size:
                test = self.test
                self.passed.update(w for w in vocabulary.order[self.tested : words.size] if test(w))
                self.tested = words.size
        return words & self.passed


def matches_at(rx: re.Pattern, text: str, words, accept, find_in: str | None = None) -> list[re.Match]:
    """What `rx.finditer(text)` yields that `accept`s, when only matches starting where one of
    `words` occurs (in `find_in`, a same-length view of `text`; `text` itself by default) can be
    accepted and no match that is not accepted can overlap one that is (the caller's proof): `rx`
    is tried at each occurrence, in order, not at every position."""
    where = text if find_in is None else find_in
    starts = set()
    for w in words:
        at = where.find(w)
        while at >= 0:
            starts.add(at)
            at = where.find(w, at + 1)
    return _tried_at(rx, text, starts, accept)


def matches_at_words(rx: re.Pattern, index: TextIndex, words: set[str], others, accept) -> list[re.Match]:
    """`matches_at(rx, index.text, [*words, *others], accept)` when `words` are words of the
    index and no match of `rx` starts inside a word (a letter, digit, underscore, apostrophe or
    hyphen before it): each of `words` is tried where the index has it (`TextIndex.where`), not
    at every occurrence of its letters in the text; each of `others` where it occurs."""
    text, begins = index.text, index.starts
    starts = {begins[i] for i in index.where(words)} if words else set()
    for w in others:
        at = text.find(w)
        while at >= 0:
            starts.add(at)
            at = text.find(w, at + 1)
    return _tried_at(rx, text, starts, accept)


def _tried_at(rx: re.Pattern, text: str, starts: set[int], accept) -> list[re.Match]:
    """`rx` tried at each of `starts` in order, a start inside an accepted match skipped."""
    out: list[re.Match] = []
    end = 0
    for at in sorted(starts):
        if at < end:
            continue
        m = rx.match(text, at)
        if m is not None and accept(m):
            out.append(m)
            end = m.end()
    return out


# The letters of an ASCII word, and of a lower-cased phrase.
ASCII_RUN_RE = re.compile(r"[a-z]+")


class Phrases:
    """Where a scan for literal phrases (matched in any case, each starting a word and ending
    one) can start in an ASCII text, found from the text's index instead of a regex scan:
    `literals(index)` gives the lower-cased phrases whose letter runs ("my", "aunt") are all
    letter runs of the text's words, or None when the text is not ASCII (then scan it all).
    A phrase with a letter outside a-z cannot be in an ASCII text and is left out. Every match
    of such a scan starts where one of the literals occurs in the lower-cased text.
    With `plural`, the scan may also match a phrase with an "s" after it (a plural possessive,
    "the Drysdales' house"): the phrase's last run may then be a word's run less its "s"."""

    __slots__ = (
        "by_first",
        "single",
        "longer",
        "always",
        "plural",
        "needles",
        "_words",
        "_runs",
        "_every",
        "_head_last",
    )

    def __init__(self, phrases, plural: bool = False) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.always: list[str] = []  # no letters to look for: always tried
        self.plural = plural
        for p in sorted({p.lower() for p in phrases}):
            if not p.isascii():
                continue
            runs = tuple(ASCII_RUN_RE.findall(p))
            if runs:
                self.by_first.setdefault(runs[0], []).append((runs, p))
            else:
                self.always.append(p)
        # by first run, the phrases of that run alone and those of more runs (in by_first order),
        # each of these with the set of its runs (with `plural`: of its runs but the last, and
        # the last), tested against the text's runs as sets
        self.single: dict[str, list[str]] = {}
        self.longer: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._every: dict[str, list[tuple[frozenset[str], str]]] = {}
        self._head_last: dict[str, list[tuple[frozenset[str], str, str]]] = {}
        for r, group in self.by_first.items():
            for runs, p in group:
                if len(runs) == 1:
                    self.single.setdefault(r, []).append(p)
                else:
                    self.longer.setdefault(r, []).append((runs, p))
                    self._head_last.setdefault(r, []).append((frozenset(runs[:-1]), runs[-1], p))
            self._every[r] = [(frozenset(runs), p) for runs, p in group]
        runs = {r for group in self.by_first.values() for rs, _ in group for r in rs}
        self.needles = _needles([(p, rs) for group in self.by_first.values() for rs, p in group])
        self._runs: dict[str, list[str]] = {}  # a word -> its letter runs (lower-cased), once
        if plural:
            self._words = WordFilter(lambda w: any(r in runs or r[:-1] in runs for r in self._runs_of(w)))
        else:
            self._words = WordFilter(lambda w: any(r in runs for r in self._runs_of(w)))

    def _runs_of(self, word: str) -> list[str]:
        runs = self._runs.get(word)
        if runs is None:
            runs = self._runs[word] = ASCII_RUN_RE.findall(word.lower())
        return runs

    def literals(self, index: TextIndex) -> list[str] | None:
        if not index.text.isascii():
            return None
        # every word that passed was tested, its runs kept
        present = set(chain.from_iterable(map(self._runs.__getitem__, self._words.among(index.distinct))))
        out = list(self.always)
        if not self.plural:
            single, longer, every = self.single, self.longer, self._every
            for r in present:
                if r in single:
                    if r in longer:
                        out += [p for runs, p in every[r] if runs <= present]
                    else:
                        out += single[r]
                elif r in longer:
                    out += [p for runs, p in every[r] if runs <= present]
            return out
        # the last run may be followed by the plural "s" (and only the last: after it the match ends)
        last = present | {r[:-1] for r in present if r.endswith("s")}
        single, head_last = self.single, self._head_last
        for r in last:
            if r in single:
                out += single[r]  # one run: it is in `last`
            if r in present and r in head_last:
                out += [p for head, end, p in head_last[r] if end in last and head <= present]
        return out


def _needles(phrases: list[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, int]]:
    """For each phrase with a letter run of three letters or more, the run a search for it looks
    for and the run's offset in the phrase: the run that most phrases share, weighted by its
    length (a longer string is found faster and is rarer), so that one search of the text finds
    where a dozen phrases can be ("fraser" for "dr fraser", "mrs. fraser", "councillor fraser";
    "scotland" for the national bodies), and each is then checked where its run is."""
    share: dict[str, int] = {}
    for _, runs in phrases:
        for r in set(runs):
            share[r] = share.get(r, 0) + 1
    out: dict[str, tuple[str, int]] = {}
    for p, runs in phrases:
        best = max(
            (r for r in runs if len(r) >= 3),
            key=lambda r: (share[r] * min(len(r), 8), len(r), r),
            default=None,
        )
        if best is not None and best != p:
            out[p] = (best, p.index(best))
    return out


def matches_from(rx: re.Pattern, text: str, low: str, literals, needles=None) -> list[re.Match]:
    """What `rx.finditer(text)` yields when every match starts where one of `literals` occurs
    in `low` (`text` lower-cased, same length): `rx` is tried at each occurrence, in order.
    With `needles` (`Phrases.needles`), a literal is found from the occurrences of its needle
    (the same occurrences: the needle is part of it, at a known offset), one search for all the
    literals that share it."""
    if needles is None:
        return matches_at(rx, text, literals, _any, find_in=low)
    groups: dict[str, list[tuple[str, int]]] = {}
    for p in literals:
        needle, offset = needles.get(p, (p, 0))
        groups.setdefault(needle, []).append((p, offset))
    starts = set()
    startswith = low.startswith
    for needle, group in groups.items():
        at = low.find(needle)
        while at >= 0:
            for p, offset in group:
                c = at - offset
                if c >= 0 and startswith(p, c):
                    starts.add(c)
            at = low.find(needle, at + 1)
    return _tried_at(rx, text, starts, _any)


def _any(m: re.Match) -> bool:
    return True


# The characters a case-insensitive pattern reads as an ASCII letter that `str.lower` does not
# lower to one: the long s ("s"), the Kelvin sign ("k"), the dotted and the dotless I ("i").
CASE_EXTRAS = ("\u017f", "\u212a", "\u0130", "\u0131")
# A letter run of a word (its parts between apostrophes and hyphens), in either word pattern.
LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


class CueWords:
    """Where a scan can start whose every match starts, at a word boundary, with one of some
    ASCII `prefixes` in any case ("sort", "acc", "hospital"), or with a letter run that is one
    of the `whole` words followed by no letter ("d" of "d.o.b."), found from the text's word index
    instead of trying the pattern at every position. A match starts at a letter after a
    non-word character (or at the text's start), and every such letter starts a word of the
    index or a letter run inside one (after an apostrophe or hyphen): `starts(index)` gives the
    offsets of the runs that start with a prefix (lower-cased), in order, found by looking for
    the words that hold one in the text: a superset of where a match can start. None when the
    text holds a character that a case-insensitive pattern reads as an ASCII letter but `lower`
    keeps ("ſ", the Kelvin sign, "İ", "ı"): scan it all then. Each distinct word is tested once
    (`WordFilter`)."""

    __slots__ = ("prefixes", "whole", "filter", "offsets")

    def __init__(self, prefixes, whole=()) -> None:
        self.prefixes = tuple(sorted({p.lower() for p in prefixes}))
        self.whole = frozenset(w.lower() for w in whole)  # runs that pass only whole ("d", "do")
        self.offsets: dict[str, list[int]] = {}  # a word that passed -> its runs' offsets in it
        self.filter = WordFilter(self._test)

    def _test(self, word: str) -> bool:
        prefixes, whole = self.prefixes, self.whole
        found = [
            m.start()
            for m in LETTER_RUN_RE.finditer(word)
            if m.group().lower().startswith(prefixes) or m.group().lower() in whole
        ]
        if found:
            self.offsets[word] = found
        return bool(found)

    def starts(self, index: TextIndex) -> list[int] | None:
        text = index.text
        if not text.isascii() and any(c in text for c in CASE_EXTRAS):
            return None
        passed = self.filter.among(index.distinct)
        if not passed:
            return []
        offsets = self.offsets
        if index.vocabulary is not None and len(index.words) >= WHERE_MIN_WORDS:
            # where those words stand: the index's positions of them (read at every word at once,
            # `TextIndex.where`), each with its runs' offsets
            words, begins = index.words, index.starts
            out = []
            for i in index.where(passed):
                at = begins[i]
                runs = offsets[words[i]]
                if len(runs) == 1:
                    out.append(at + runs[0])
                else:
                    out += [at + off for off in runs]
            return out
        # each such word found in the text (an occurrence inside a longer word only adds a start)
        out: set[int] = set()
        find = text.find
        for word in passed:
            runs = offsets[word]
            at = find(word)
            while at >= 0:
                out.update([at + off for off in runs])
                at = find(word, at + 1)
        return sorted(out)


def finditer_at(rx: re.Pattern, text: str, starts) -> list[re.Match]:
    """What `rx.finditer(text)` yields when every match of `rx` starts at one of `starts` (in
    order; more starts only cost time) and none is empty: `rx` tried at each start, a start
    inside the last match skipped, as `finditer` goes on from a match's end. (A look-behind or
    `\\b` at a start sees the text before it, as in `finditer`.)"""
    out: list[re.Match] = []
    end = 0
    match = rx.match
    for at in starts:
        if at < end:
            continue
        m = match(text, at)
        if m is not None:
            out.append(m)
            end = m.end()
    return out
