"""Detection across wrapped lines: a speaker's text that ingest reads as several turns because
the file breaks its lines (speech-recognition output with no blank line is read one turn per
line; a speaker's next paragraph with no sentence end before it) is read by the recognizers as
one text, so a name or a number said across the break ("born in nineteen" / "twenty four",
"at sixty" / "four anyword road") is found whole, then cut back at the break: each turn gets
its part, with the same type and canonical form (so both parts get one pseudonym).

A name's part that is one ordinary word or head noun (`cues/lowercase_heads.txt`) on its own
side of the break ("anyword" / "barracks")
is left as it is: alone it names nothing, and the audit would look for it everywhere.

Two neighbouring turns are joined when they have the same speaker and the first does not end
a sentence (`.`, `?`, `!`, `…`, possibly before a closing quote or bracket). Turns of
different speakers, or after a sentence end, are read apart, as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .detectors import Span
from .reference import cue_words

# a text that ends a sentence: terminal punctuation, then closing quotes or brackets
SENTENCE_END_RE = re.compile(r"[.?!…][\"'’”)\]]*\s*$")
JOIN = " "  # what ingest puts between the lines of one paragraph
MIN_PART = 3  # shorter parts ("st" / "anyword's") are replaced with the rest
NAME_TYPES = {"PERSON", "PLACE", "ORG", "NAME"}


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """The head nouns after a name in caseless speech ("barracks", "road"): words, alone."""
    return frozenset(line.partition("\t")[0].strip() for line in cue_words("lowercase_heads"))


def runs(speakers: list[str], texts: list[str]) -> list[list[int]]:
    """Indices of the turns read as one text, in order: a turn continues the run before it when
    it has the same speaker and the run's last text ends no sentence."""
    out: list[list[int]] = []
    for k, (speaker, text) in enumerate(zip(speakers, texts, strict=True)):
        if (
            out
            and speakers[out[-1][-1]] == speaker
            and texts[out[-1][-1]].strip()
            and text.strip()
            and not SENTENCE_END_RE.search(texts[out[-1][-1]])
        ):
            out[-1].append(k)
        else:
            out.append([k])
    return out


def signature(groups: list[list[int]]) -> str:
    """The runs as a short string (for a cache key: which turns were read together)."""
    return ",".join(str(len(g)) for g in groups)


def split_spans(
    groups: list[list[int]], texts: list[str], found: list[list[Span]], ordinary=None
) -> list[list[Span]]:
    """The spans found in each run's joined text, cut back to the turns: one list per turn. A
    span across a break becomes one span per turn it touches (whitespace at the cut trimmed)."""
    out: list[list[Span]] = [[] for _ in texts]
    for group, spans in zip(groups, found, strict=True):
        starts, pos = [], 0
        for k in group:
            starts.append(pos)
            pos += len(texts[k]) + len(JOIN)
        for s in spans:
            for k, off in zip(group, starts, strict=True):
                a, b = max(s.start, off), min(s.end, off + len(texts[k]))
                if a >= b:
                    continue
                part = texts[k][a - off : b - off]
                lead = len(part) - len(part.lstrip())
                trail = len(part) - len(part.rstrip())
                a, b = a - off + lead, b - off - trail
                if a >= b:
                    continue
                part = texts[k][a:b]
                if (
                    ordinary is not None
                    and s.type in NAME_TYPES
                    and b - a < s.end - s.start - 1
                    and " " not in part
                    and len(part) >= MIN_PART
                    and (ordinary(part.lower()) or part.lower() in _heads())
                ):
                    continue  # "barracks" of "anyword / barracks": a word alone, which the audit would read
                out[k].append(Span(a, b, s.type, s.canonical, s.detector, s.confidence))
    return out


def find_turns(
    detector, speakers: list[str], texts: list[str], others: list[str], ordinary=None
) -> list[list[Span]]:
    """`detector.find_many` over turns read across their wrapped lines, then over `others`
    (speaker labels, read alone): one list of spans per turn text, then one per other text."""
    groups = runs(speakers, texts)
    joined = [JOIN.join(texts[k] for k in g) for g in groups]
    results = detector.find_many(joined + list(others))
    return split_spans(groups, texts, results[: len(groups)], ordinary) + results[len(groups) :]
