"""Shared text processing: word tokens and English Snowball stems, with no NLTK import (which
costs 1.5–2 CPU seconds per job; `coprod.snowball` says why its stems are NLTK's own)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
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


def collocations(
    docs: list[list[str]], min_freq: int, min_pmi: float, candidate: Callable[[str, str], bool]
) -> set[tuple[str, str]]:
    """Adjacent word pairs seen at least `min_freq` times, for which `candidate(a, b)` holds, with
    pointwise mutual information (log2) at least `min_pmi`: what NLTK's BigramCollocationFinder
    (from_documents, apply_freq_filter, apply_ngram_filter, score_ngrams with
    BigramAssocMeasures.pmi) returned, in the same arithmetic, without importing NLTK (whose import
    pulled in scipy.stats and scikit-learn: seconds per job). A pair never spans two documents;
    N counts every word of every document."""
    return collocations_counted(*pair_counts(docs), min_freq, min_pmi, candidate)


def pair_counts(docs: list[list[str]]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Each word's and each adjacent pair's occurrences in `docs` (what `collocations` counts: a
    pair never spans two documents). Counts of a few documents subtracted from them (`Counter`'s
    `-`, which drops what falls to zero) are the counts of the others."""
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        words.update(doc)
        pairs.update(zip(doc, doc[1:], strict=False))
    return words, pairs


def collocations_counted(
    words: Counter[str],
    pairs: Counter[tuple[str, str]],
    min_freq: int,
    min_pmi: float,
    candidate: Callable[[str, str], bool],
) -> set[tuple[str, str]]:
    """`collocations` from the documents' `pair_counts`."""
    n = sum(words.values())
    return {
        (a, b)
        for (a, b), count in pairs.items()
        if count >= min_freq
        and candidate(a, b)
        # NLTK: log2(n_ii * N) - log2(n_ix * n_xi), n_ii = count / (window_size - 1.0)
        and math.log2(count / 1.0 * n) - math.log2(words[a] * words[b]) >= min_pmi
    }


def near(a: str, b: str, limit: int) -> bool:
    """Edit distance (insert, delete, substitute, swap) of at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1] <= limit
