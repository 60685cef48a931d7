"""One tokenisation of a text, shared by the recognizers that read it word by word.

The analyzer builds one `TextIndex` per (folded) text and hands it to each recognizer, so the
words are found once, not once per recognizer; each view is built on first use. Recognizers
also use the set of distinct words to decide per word, once, whether a scan can find anything
at all (a pure function of the word, memoised across texts), and skip the scan when no word can.
"""

from __future__ import annotations

import re

# A word: letters, with inner apostrophes or hyphens ("O'Hara", "Stratford-upon-Avon").
WORD_RE = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*")
# The same on ASCII text (there the letters are A-Z and a-z), with plain ranges: faster to scan.
ASCII_WORD_RE = re.compile(r"[A-Za-z]+(?:['\-][A-Za-z]+)*")
_group = re.Match.group


class TextIndex:
    """The words of one text: `matches` (with offsets), `words` (their strings, same order)
    and `distinct` (the set of them)."""

    __slots__ = ("text", "_matches", "_words", "_distinct")

    def __init__(self, text: str) -> None:
        self.text = text
        self._matches: list[re.Match] | None = None
        self._words: list[str] | None = None
        self._distinct: set[str] | None = None

    @property
    def matches(self) -> list[re.Match]:
        if self._matches is None:
            rx = ASCII_WORD_RE if self.text.isascii() else WORD_RE
            self._matches = list(rx.finditer(self.text))
        return self._matches

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = list(map(_group, self.matches))
        return self._words

    @property
    def distinct(self) -> set[str]:
        if self._distinct is None:
            self._distinct = set(self.words)
        return self._distinct


def index_of(text: str, index: TextIndex | None) -> TextIndex:
    """`index` when it is the given text's, else a new one."""
    return index if index is not None and index.text is text else TextIndex(text)
