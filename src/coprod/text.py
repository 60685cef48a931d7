"""Shared text processing built only on NLTK's data-free parts (no downloads)."""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer

TOKENIZER = RegexpTokenizer(r"[a-z0-9]+(?:['’][a-z]+)?")
PSEUDONYM_RE = re.compile(r"\[[^\]]{1,40}\]")  # [Person 3], [inaudible], [laughs] …
_STEMMER = SnowballStemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stem(word)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with pseudonym and transcription tags removed."""
    return TOKENIZER.tokenize(PSEUDONYM_RE.sub(" ", text).lower().replace("’", "'"))
