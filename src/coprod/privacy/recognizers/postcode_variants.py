"""UK postcodes in the variant forms the pattern detectors (`detectors.postcodes`,
`detectors.spoken_postcodes`) leave:

- written in capitals with a comma, or more than one space, between the halves ("AB10, 7QJ"),
  or with the inward code split ("G3 8 JU", "G3, 8 JU");
- said letter by letter in lower case, as speech recognition writes it ("e h six, five b q"),
  after a postcode cue ("postcode", "post code"): lower-case single letters are ordinary words
  ("a", "i"), so the cue is required there.

Every code must follow Royal Mail's letter rules (`detectors.POSTCODE_RE`); a written one is
in capitals, so "room A4, 5 pm" (mixed case; M is never in an inward code anyway) is left.
"""

from __future__ import annotations

import re

from ..detectors import _PC_VALUES, _PC_WORD, POSTCODE_RE, Span
from .text_index import CASE_EXTRAS, finditer_at, index_of, lowered

name = "postcode_variants"

CONFIDENCE = 0.9
# outward code, then a comma and/or spaces, then the inward digit, an optional space, two letters
SPLIT_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<out>[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?))"
    r"(?P<sep>,[ \t]*|[ \t]{2,}|[ \t]+(?=\d[ \t]))(?P<in>\d[ \t]?[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)
CUE_RE = re.compile(r"(?i:post[ \t]?code)(?:[ \t]+(?:is|was|it's))?[ \t:,-]*")
# letters and number words said one by one, in lower case
_SAID = _PC_WORD.replace("[A-Z]", "[a-z]")
SAID_RE = re.compile(rf"[a-z](?:[ \t,-]+{_SAID}){{4,7}}(?![\w'’-])")

# Where the split scan can start: an outward code's first letter, one or two letters before the
# run of digits its district starts with
AREA_FIRST = frozenset("ABCDEFGHIJKLMNOPRSTUWYZ")
AREA_SECOND = frozenset("ABCDEFGHKLMNOPQRSTUVWXY")


def split_starts(seen: str, runs: list[tuple[int, int]]) -> list[int]:
    """Where a split postcode can start: a letter right before a run of digits, or two."""
    out = []
    for start, _ in runs:
        if start >= 2 and seen[start - 1] in AREA_SECOND and seen[start - 2] in AREA_FIRST:
            out.append(start - 2)
        if start >= 1 and seen[start - 1] in AREA_FIRST:
            out.append(start - 1)
    return out


def cue_starts(low: str) -> list[int] | None:
    """Where the cue scan can start in the lower-cased text: each "post" (None when the text
    holds a letter the case-insensitive scan reads as ASCII that lower-casing keeps)."""
    if not low.isascii() and any(c in low for c in CASE_EXTRAS):
        return None
    out, at = [], low.find("post")
    while at >= 0:
        out.append(at)
        at = low.find("post", at + 1)
    return out


def _spoken(seen: str, at: int) -> Span | None:
    m = SAID_RE.match(seen, at)
    if m is None:
        return None
    tokens = list(re.finditer(r"[A-Za-z]+|\d", m.group(0)))
    for n in range(len(tokens), 4, -1):  # the longest run that reads as a whole postcode
        words = [t.group(0) for t in tokens[:n]]
        code = "".join(w.upper() if len(w) == 1 else _PC_VALUES.get(w.lower(), "?") for w in words)
        if POSTCODE_RE.fullmatch(code):
            return Span(
                at, at + tokens[n - 1].end(), "POSTCODE", f"{code[:-3]} {code[-3:]}", "postcode:said", 0.85
            )
    return None


class PostcodeVariantRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index=None) -> list[Span]:
        out: list[Span] = []
        runs = index_of(seen, index).digit_runs
        for m in finditer_at(SPLIT_RE, seen, split_starts(seen, runs)):
            code = m["out"] + m["in"].replace(" ", "").replace("\t", "")
            if POSTCODE_RE.fullmatch(code):
                out.append(
                    Span(
                        m.start(),
                        m.end(),
                        "POSTCODE",
                        f"{m['out']} {code[-3:]}",
                        "postcode:split",
                        CONFIDENCE,
                    )
                )
        low = lowered(seen)
        if "post" in low and len(low) == len(seen):
            starts = cue_starts(low)
            for cue in CUE_RE.finditer(low) if starts is None else finditer_at(CUE_RE, low, starts):
                s = _spoken(low, cue.end())
                out += [s] if s else []
        return out
