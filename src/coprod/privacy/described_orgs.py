"""Organisation phrases that the corpus itself uses as descriptions, not names.

A run of capitalised words ending in an organisation head noun ("the Coffee Bar", "Mental
Health Services", "The Ambulance Service") is taken as an organisation's name by the context
rules. When every word of it is an ordinary word and the corpus writes the same phrase in lower
case ("the coffee bar", "mental health services") more often than with a capital on every word,
the writers treat it as a kind of service, not as the name of one: the capitals were emphasis,
a survey's heading or a title-case habit. Those spans are dropped before corpus-wide
propagation, so the phrase is neither replaced where it was capitalised nor spread to every
lower-case mention.

The evidence is the corpus's own usage, counted only in transcripts with case information
(speech recognition output writes names in lower case too), so no word list is involved: a
named place ("Anytown Hospital", "Riverside House") is not written in lower case by the people
who go there, and a description written capitalised only as often as in lower case is kept.
"""

from __future__ import annotations

import re

from .detectors import Span
from .normalise import fold_word
from .recognizers.caseless import caseless

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
JOINERS = {"the", "of", "and", "for", "&"}


def _key(phrase: str) -> tuple[str, ...]:
    """The words of the phrase after its last joiner ("Waiting for the Advice Service": a run of
    capitals that began at a sentence start), folded, without a plural -s on the last one."""
    words = [fold_word(w) for w in WORD_RE.findall(phrase)]
    cut = max((k + 1 for k, w in enumerate(words) if w in JOINERS), default=0)
    words = words[cut:]
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return tuple(words)


def _pattern(key: tuple[str, ...]) -> re.Pattern:
    """The phrase in any case, its last word with an optional plural -s, not inside a longer
    word. The character before the phrase is tested after its first word, by a look-behind of
    that word's length plus one (at the start of the text there is no such character, as for a
    look-behind at the start), not before it: a pattern that starts with a look-behind is tried
    at every position of the text, one that starts with a word only where it occurs (a third of
    the time over a 15 MB corpus; the same matches, `tests/test_recognizer_described_orgs.py`)."""
    parts = [re.escape(w) for w in key]
    parts[-1] += "s?"
    before = rf"(?<![\w'’-][\s\S]{{{len(key[0])}}})"
    return re.compile(
        parts[0] + before + "".join(r"\s+" + p for p in parts[1:]) + r"(?![\w'’-])", re.IGNORECASE
    )


def _title(surface: str) -> bool:
    words = WORD_RE.findall(surface)
    return all(w[:1].isupper() for w in words if w.casefold() not in JOINERS)


def descriptions(found: dict, transcripts, ordinary) -> set[tuple[str, ...]]:
    """Keys of the ORG phrases found that the cased part of the corpus writes in lower case
    more often than in title case."""
    keys = set()
    for spans in found.values():
        for s in spans:
            if s.type != "ORG" or s.detector == "register":
                continue
            key = _key(s.canonical)
            every = [fold_word(w) for w in WORD_RE.findall(s.canonical)]
            if len(key) >= 2 and all(w in JOINERS or ordinary(w) for w in every):
                keys.add(key)
    if not keys:
        return set()
    texts = []
    for t in transcripts:
        joined = "\n".join(turn.text for turn in t.turns)
        if not caseless(joined):
            texts.append(joined)
    corpus = "\n".join(texts)
    out = set()
    for key in sorted(keys):
        lower = title = 0
        for m in _pattern(key).finditer(corpus):
            seen = m.group(0)
            if seen == seen.lower():
                lower += 1
            elif _title(seen):
                title += 1
        if lower > title:
            out.add(key)
    return out


def _described(s: Span, keys: set[tuple[str, ...]]) -> bool:
    return s.type == "ORG" and s.detector != "register" and _key(s.canonical) in keys


def drop_descriptions(found: dict[tuple, list[Span]], transcripts, ordinary) -> None:
    """Remove, in place, the ORG spans whose phrase the corpus uses as a description."""
    keys = descriptions(found, transcripts, ordinary)
    if not keys:
        return
    for unit, spans in found.items():
        kept = [s for s in spans if not _described(s, keys)]
        if len(kept) != len(spans):
            found[unit] = kept
