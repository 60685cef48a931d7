"""`caseless` for the text the analyzer is reading, decided once: the recognizers that read only
caseless (or only cased) transcripts ask about the same text one after another, and the
answer is a scan of its capitals. One entry, keyed by the text object itself."""

from __future__ import annotations

from .caseless import caseless

_last: list = [None, False]


def caseless_once(text: str) -> bool:
    if _last[0] is not text:
        _last[0], _last[1] = text, caseless(text)
    return _last[1]
