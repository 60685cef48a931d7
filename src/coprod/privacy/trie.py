"""Compile a large list of literal phrases into one fast regular expression (a prefix trie).

Python's `re` tries alternatives one by one, so `a|b|c|…` over thousands of names is slow;
the same set written as a trie (`Mac(?:Leod|Kenzie)|…`) fails fast on the first letters.
"""

from __future__ import annotations

import re

# The trie is emitted recursively, one level per character: strings longer than this (a run of
# "Mr Mr Mr …" merged into one span) are added as plain alternatives instead.
MAX_TRIE_DEPTH = 200


def trie_pattern(words: list[str]) -> str:
    """A regex (no anchors) matching exactly the given literal strings, longest first."""
    longs = sorted({w for w in words if len(w) > MAX_TRIE_DEPTH}, key=lambda w: (-len(w), w))
    words = [w for w in words if len(w) <= MAX_TRIE_DEPTH]
    if longs:
        body = "|".join([*(re.escape(w) for w in longs), *([trie_pattern(words)] if words else [])])
        return f"(?:{body})"
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _emit(trie)


def _emit(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch != ""]
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    body = "|".join(branches)
    return f"(?:{body})?" if end else f"(?:{body})"
