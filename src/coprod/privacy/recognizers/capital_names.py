"""A full name written in capitals inside running text ("I wrote to HAMISH DRUMMOND-LOCKE at
the council"): the context rules read capitalised words, and a word in capitals reads there as
an acronym or emphasis. Two or three words in capitals: the first a listed first name that is
no ordinary word, stop word or known acronym; each further word (or each part of a hyphenated
one) no ordinary word, stop word or known acronym: "JOHN SAID" is emphasis, whatever the
surname lists hold (and "JOHN SMITH" is left for that reason). A first name
alone in capitals ("PAT") is left: emphasis and acronyms look the same.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words, folded_names
from ..stopwords import ENGLISH_STOP_WORDS
from .text_index import finditer_at

name = "capital_names"

CONFIDENCE = 0.85
_WORD = r"[A-Z][A-Z'’]+(?:-[A-Z][A-Z'’]+)*"
RUN_RE = re.compile(rf"(?<![\w'’-])({_WORD})((?: {_WORD}){{1,2}})(?![\w'’-])")

# Where the scan can start in an ASCII text: a run's first word starts with two capitals, a
# capital and an apostrophe before a capital, or a capital and an apostrophe that no letter
# follows (a capital and an apostrophe before a small letter, "I'm", cannot be followed by the
# space the pattern needs after a word). Found in the text's shape: each capital made "A", each
# small letter "a", the apostrophe kept and everything else a space, by one byte translate.
_SHAPE = (
    bytes(
        ord("A") if chr(b).isupper() else ord("a") if chr(b).islower() else b if chr(b) == "'" else ord(" ")
        for b in range(128)
    )
    + b" " * 128
)
NEEDLES = (b"AA", b"A'A", b"A' ", b"A''")


def run_starts(seen: str) -> list[int] | None:
    """Where a run of capital words can start in an ASCII text (a superset, in order); None
    for any other text (then it is scanned whole)."""
    if not seen.isascii():
        return None
    shape = seen.encode("ascii").translate(_SHAPE) + b" "
    starts: set[int] = set()
    find = shape.find
    for needle in NEEDLES:
        at = find(needle)
        while at >= 0:
            if at == 0 or shape[at - 1] == 32:  # no letter or apostrophe before it
                starts.add(at)
            at = find(needle, at + 1)
    return sorted(starts)


class CapitalNameRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        self.first, self.surnames = folded_names(str(settings.reference_dir))
        self.ordinary = ordinary
        self.acronyms = {w.casefold() for w in cue_words("known_acronyms", settings.reference_dir)}

    def _plain(self, low: str) -> bool:
        return low in ENGLISH_STOP_WORDS or low in self.acronyms or self.ordinary(low)

    def _surname(self, word: str) -> bool:
        parts = [p.casefold() for p in word.split("-")]
        if any(p in ENGLISH_STOP_WORDS or p in self.acronyms for p in parts):
            return False
        return not any(self.ordinary(p) for p in parts)

    def find(self, seen: str, index=None) -> list[Span]:
        if not any(c.islower() for c in seen):
            return []  # all in capitals: every word is; the context rules read it as it is
        starts = run_starts(seen)
        runs = RUN_RE.finditer(seen) if starts is None else finditer_at(RUN_RE, seen, starts)
        return self.spans(seen, runs)

    def spans(self, seen: str, runs) -> list[Span]:
        """The names among `runs` (matches of RUN_RE in `seen`)."""
        out: list[Span] = []
        for m in runs:
            first = m.group(1).casefold()
            if first not in self.first or self._plain(first) or "-" in first:
                continue
            end = m.end(1)
            for w in re.finditer(rf" ({_WORD})", m.group(2)):
                if not self._surname(w.group(1)):
                    break
                end = m.start(2) + w.end()
            if end > m.end(1):
                out.append(
                    Span(m.start(), end, "PERSON", seen[m.start() : end], "context:capital-name", CONFIDENCE)
                )
        return out
