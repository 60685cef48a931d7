"""Names after a strong cue, in any case ("my name is morwenna", "thank you priya", "mrs pengelly"):
speech recognition writes names in lower case, where capitals say nothing. The cue phrases are
`data/reference/cues/name_cues.txt` (a kinship word or a title said alone too: "uncle fergus",
"doctor anyname", "nurse anyname"); the word after one must be in the first-name list (a
surname after a title), and neither an ordinary word nor a stop word ("doctor said", "nurse
practitioner" stay); a listed surname right
after it joins the name. A capitalised word with an honorific written after it ("Tanabe-san",
"Kim-ssi", "Sharma-ji"; `cues/honorific_suffixes.txt`) is a person whatever the lists say."""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words, folded_names, world_places
from ..stopwords import ENGLISH_STOP_WORDS
from ..trie import trie_pattern
from .text_index import Phrases, TextIndex, WordFilter, index_of, lowered, matches_at, matches_from

name = "cued_names"
NEXT_RE = re.compile(r" ([^\W\d_][^\W\d_'’\-]*)(?![\w'’\-])")
TITLE_CUES = {"mr", "mrs", "miss", "ms", "dr", "doctor", "nurse", "professor"}  # a surname may follow
AFTER_NAME_RE = re.compile(r"[a-z]{3,}")
BEFORE_SUFFIX_RE = re.compile(r"(?<![\w'’\-])[A-Z][a-z'’]+$")  # the word right before an honorific


class CuedNameRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.first, self.surnames = folded_names(str(settings.reference_dir))
        self.ordinary = ordinary
        cues = sorted(cue_words("name_cues", settings.reference_dir))
        self.rx = re.compile(
            rf"(?<![\w'’])(?P<cue>{trie_pattern(cues)})[ ,.]+"
            rf"(?P<a>[^\W\d_]{{2,}})(?: (?P<b>[^\W\d_]{{3,}}))?",
            re.I,
        )
        # on an ASCII text the cue scan is tried only where a cue whose words are all in the
        # text occurs (a match starts with its cue)
        self._cues = Phrases(cues)

        after = sorted(cue_words("name_cues_after", settings.reference_dir), key=len, reverse=True)
        self._after_tail = rf"(?:(?P<poss>['’]s)|[ ,]+(?:{'|'.join(map(re.escape, after))}))(?![\w'’])"
        self.rx_after = re.compile(rf"(?<![\w'’])(?P<a>[a-z]{{3,}}){self._after_tail}")
        self.places = world_places(str(settings.reference_dir))
        honorifics = sorted(cue_words("honorific_suffixes", settings.reference_dir), key=len, reverse=True)
        suffixes = "|".join(map(re.escape, honorifics))
        # found from the honorific (a scan from every capital would cost more), then the word before
        self.rx_suffix = re.compile(rf"(?:-(?i:{suffixes})| (?:{suffixes}))(?![\w'’\-])")
        # On an ASCII text an `rx_suffix` match ends a word of the index (nothing that joins a
        # word may follow it): the word is the honorific itself or ends in "-" and the honorific,
        # in any case. The scan is skipped when no word of the text is one (exact for honorifics
        # of letters a-z only; otherwise, and on other texts, the text is always scanned).
        lows = frozenset(h.lower() for h in honorifics)
        tails = tuple("-" + h for h in lows)
        self._suffix_exact = bool(lows) and all(re.fullmatch(r"[a-z]+", h) for h in lows)
        self._suffix_words = WordFilter(lambda w: (low := w.lower()) in lows or low.endswith(tails))
        # The scan for a name before a cue is tried only where one of the text's words that can
        # be one occurs (a pure function of the word, memoised): a match's name is always a
        # whole word of the text's index or a part of one between apostrophes and hyphens. That
        # is exact as long as no cue word can itself be such a name (a match could otherwise
        # hide one).
        self._after_words = WordFilter(lambda w: any(self._after_name(p) for p in re.split(r"['’\-]", w)))
        self._after_exact = not any(self._after_name(p) for c in after for p in re.split(r"[ '’\-]", c))

    def _rest_of_name(self, seen: str, end: int, capital: bool) -> int:
        """After "my name is <first>": up to two more listed first names or surnames."""
        for _ in range(2):
            m = NEXT_RE.match(seen, end)
            if m is None:
                break
            w = m.group(1)
            low = w.casefold()
            if low in ENGLISH_STOP_WORDS or w[:1].isupper() != capital:
                break
            if low not in self.first and low not in self.surnames:
                break
            end = m.end()
        return end

    def _after_name(self, a: str) -> bool:
        """Whether `a` can be a name before a cue (the filter `find` applies to each match)."""
        return (
            bool(AFTER_NAME_RE.fullmatch(a))
            and a in self.first
            and not self._plain(a)
            and a not in self.places
        )

    def _after_matches(self, seen: str, index: TextIndex) -> list[re.Match]:
        """rx_after's matches whose name can be one (see __init__)."""
        if not self._after_exact:
            return list(self.rx_after.finditer(seen))
        names = {
            p
            for w in self._after_words.among(index.distinct)
            for p in re.split(r"['’\-]", w)
            if self._after_name(p)
        }
        return matches_at(self.rx_after, seen, names, lambda m: self._after_name(m.group("a")))

    def _plain(self, w: str) -> bool:
        low = w.casefold()
        return low in ENGLISH_STOP_WORDS or self.ordinary(low)

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        spans = []
        index = index_of(seen, index)
        cues = self._cues.literals(index)
        found = (
            self.rx.finditer(seen)
            if cues is None
            else matches_from(self.rx, seen, lowered(seen), cues, self._cues.needles)
        )
        for m in found:
            cue, a, b = m.group("cue").casefold(), m.group("a"), m.group("b")
            titled = cue in TITLE_CUES
            if self._plain(a):
                continue
            if not (a.casefold() in self.first or (titled and a.casefold() in self.surnames)):
                continue
            end = m.end("a")
            if (
                b
                and not self._plain(b)
                and b.casefold() in self.surnames
                and (b[:1].isupper() == a[:1].isupper())
            ):
                end = m.end("b")
            if "name" in cue:  # "my name is morwenna rose pengelly": the whole name, ordinary words too
                end = self._rest_of_name(seen, m.end("a"), a[:1].isupper())
            start = m.start("a")
            spans.append(Span(start, end, "PERSON", seen[start:end], "context:name-cue", 0.85))
        # a lower-case first name before a cue ("morwenna went", "tamsin's"): no ordinary word,
        # no town; capitalised names are the context rules' business
        for m in self._after_matches(seen, index):
            a = m.group("a")
            if a not in self.first or self._plain(a) or a in self.places:
                continue
            spans.append(Span(m.start("a"), m.end("a"), "PERSON", a, "context:name-cue-after", 0.85))
        # "Tanabe-san", "Kim ssi": a capitalised word (no stop word) before an honorific
        if self._suffix_exact and seen.isascii() and not self._suffix_words.among(index.distinct):
            return spans
        for m in self.rx_suffix.finditer(seen):
            w = BEFORE_SUFFIX_RE.search(seen, max(0, m.start() - 40), m.start())
            if w is not None and w.group(0).casefold() not in ENGLISH_STOP_WORDS:
                spans.append(Span(w.start(), w.end(), "PERSON", w.group(0), "context:name-cue-after", 0.85))
        return spans
