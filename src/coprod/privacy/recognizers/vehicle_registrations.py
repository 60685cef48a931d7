"""UK vehicle registration numbers. The current format (since 2001: two region letters, a
two-digit age identifier, three letters: "SK19 XHT", "SK19XHT") is specific enough on its own
when written in capitals: no I, Q or Z in the region letters, no I or Q in the last three, and
an age identifier of 02-29 (March) or 51-79 (September); not a financial or academic year
("FY22"), and when spaced not before a word or acronym ("... 22 NHS"). In lower case ("sk19 xht"), and in the
older prefix ("A123 BCD") and suffix ("ABC 123D") formats, which read like part numbers, only
after a vehicle cue ("registration", "reg", "number plate", "plate").
"""

from __future__ import annotations

import re

from ..detectors import Span
from .text_index import CueWords, finditer_at, index_of, lowered

name = "vehicle_registrations"

CONFIDENCE = 0.9
CURRENT = r"[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ \t]?[A-HJ-PR-Z]{3}"
CURRENT_RE = re.compile(rf"(?<![A-Za-z0-9])(?:{CURRENT})(?![A-Za-z0-9])")
OLDER = r"[A-HJ-PR-Y]\d{1,3}[ \t]?[A-HJ-PR-Y]{3}|[A-HJ-PR-Y]{3}[ \t]?\d{1,3}[A-HJ-NPR-Y]"
CUE = r"(?:registration|reg(?:istration)?\.?|number[ \t]+plate|licence[ \t]+plate|plate)"
CUED_RE = re.compile(
    rf"(?i:\b{CUE}(?:[ \t]+(?:number|no\.?))?(?:[ \t]+(?:is|was|it's))?[ \t:,-]*)"
    rf"(?P<reg>(?i:{CURRENT}|{OLDER}))(?![A-Za-z0-9])"
)

# Where each scan can start: a current-format number at two region letters right before a run
# of exactly two digits, a cued one at a word starting with a cue's first word (in any case)
REGION_LETTERS = frozenset("ABCDEFGHJKLMNPRSTUVWXY")
CUES = CueWords(["reg", "number", "licence", "plate"])


def current_starts(seen: str, runs: list[tuple[int, int]]) -> list[int]:
    """Where a current-format number can start: two region letters before two digits."""
    return [
        start - 2
        for start, end in runs
        if end - start == 2
        and start >= 2
        and seen[start - 2] in REGION_LETTERS
        and seen[start - 1] in REGION_LETTERS
    ]


YEAR_ABBREVIATION_RE = re.compile(r"[A-Z]Y\d\d")  # "FY22", "AY23": a financial or academic year


def _alone_ok(reg: str) -> bool:
    """Without a cue: not a year abbreviation before an acronym ("FY22 NHS"), and when spaced,
    the last three letters are no word or acronym ("SK19 XHT", not "FY22 NHS" or "GU24 THE")."""
    from ..detectors import _known_words

    if YEAR_ABBREVIATION_RE.match(reg):
        return False
    return not reg[-4:-3].isspace() or reg[-3:].lower() not in _known_words()


class VehicleRegistrationRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index=None) -> list[Span]:
        index = index_of(seen, index)
        out = [
            Span(
                m.start(),
                m.end(),
                "ID_NUMBER",
                re.sub(r"\s", "", m.group(0)),
                "vehicle:registration",
                CONFIDENCE,
            )
            for m in finditer_at(CURRENT_RE, seen, current_starts(seen, index.digit_runs))
            if _alone_ok(m.group(0))
        ]
        low = lowered(seen)
        if "reg" in low or "plate" in low:
            starts = CUES.starts(index)
            for m in CUED_RE.finditer(seen) if starts is None else finditer_at(CUED_RE, seen, starts):
                reg = m["reg"]
                if any(s.start == m.start("reg") for s in out):
                    continue
                if reg.isupper() or reg.islower() or not any(c.isalpha() for c in reg):
                    value = re.sub(r"\s", "", reg).upper()
                    out.append(
                        Span(m.start("reg"), m.end("reg"), "ID_NUMBER", value, "vehicle:cued", CONFIDENCE)
                    )
        return out
