"""Compile a large list of literal phrases into one fast regular expression (a prefix trie).

Python's `re` tries alternatives one by one, so `a|b|c|…` over thousands of names is slow;
the same set written as a trie (`Mac(?:Leod|Kenzie)|…`) fails fast on the first letters.
"""

from __future__ import annotations

import re


def trie_pattern(words: list[str]) -> str:
    """A regex (no anchors) matching exactly the given literal strings, longest first."""
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
