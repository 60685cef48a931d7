"""Shared text processing: word tokens and English Snowball stems, with no NLTK import (which
costs 1.5–2 CPU seconds per job; `coprod.snowball` says why its stems are NLTK's own)."""

from __future__ import annotations

import re
from functools import lru_cache

from .snowball import english_stem

# what NLTK's RegexpTokenizer(pattern).tokenize did with this pattern (findall, its default
# flags); the pattern has no case-insensitive or Unicode class, so `re` and `regex` agree
TOKEN_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?", re.UNICODE | re.MULTILINE | re.DOTALL)
PSEUDONYM_RE = re.compile(r"\[[^\]]{1,40}\]")  # [Person 3], [inaudible], [laughs] …


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return english_stem(word)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with pseudonym and transcription tags removed."""
    return TOKEN_RE.findall(PSEUDONYM_RE.sub(" ", text).lower().replace("’", "'"))
