"""Bank details: a UK sort code after its cue ("sort code 83-21-07", "sort code: 83 21 07",
"sortcode 832107"), an account number of six to ten digits after an account cue ("account
31926485", "account number: 3192 6485", "acc no. 31926485"), and an IBAN anywhere (country
letters, two check digits, up to 30 letters and digits, spaced in fours or not) that passes
its ISO 13616 mod-97 check. Without a cue six digits in pairs are a date or a score and eight
digits a count, so the cue is the evidence; the IBAN's checksum is its own.
"""

from __future__ import annotations

import re

from ..detectors import Span
from .text_index import CueWords, finditer_at, index_of, lowered

name = "bank_details"

CONFIDENCE = 0.9
SORT_CODE_RE = re.compile(
    r"(?i:\bsort[ \t-]?code(?:[ \t]+(?:is|was))?[ \t:,-]*)(?P<code>\d\d(?P<s>[ \t-]?)\d\d(?P=s)\d\d)(?![\d])"
)
ACCOUNT_RE = re.compile(
    r"(?i:\b(?:account|acc(?:t)?\.?)(?:[ \t]+(?:number|no\.?|num\.?|#))?(?:[ \t]+(?:is|was))?[ \t:,-]*)"
    r"(?P<number>\d{2,4}(?:[ \t-]?\d{2,4}){1,3})(?![\d])"
)
IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])(?P<iban>[A-Z]{2}\d\d(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])"
)

# Where each scan can start: the cue scans at a word starting "sort" or "acc" (in any case), the
# IBAN at two capitals right before a run of two digits or more
SORT_CUES = CueWords(["sort"])
ACCOUNT_CUES = CueWords(["acc"])
CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def iban_starts(seen: str, runs: list[tuple[int, int]]) -> list[int]:
    """Where an IBAN can start: two capitals right before a run of two or more digits."""
    return [
        start - 2
        for start, end in runs
        if end - start >= 2 and start >= 2 and seen[start - 2] in CAPITALS and seen[start - 1] in CAPITALS
    ]


def iban_ok(raw: str) -> bool:
    code = re.sub(r"[ \t]", "", raw)
    if not 15 <= len(code) <= 34:
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


class BankDetailRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index=None) -> list[Span]:
        out: list[Span] = []
        index = index_of(seen, index)
        low = lowered(seen)
        if "sort" in low:
            starts = SORT_CUES.starts(index)
            found = SORT_CODE_RE.finditer(seen) if starts is None else finditer_at(SORT_CODE_RE, seen, starts)
            for m in found:
                value = re.sub(r"\D", "", m["code"])
                out.append(
                    Span(m.start("code"), m.end("code"), "ID_NUMBER", value, "bank:sort-code", CONFIDENCE)
                )
        if "acc" in low:
            starts = ACCOUNT_CUES.starts(index)
            found = ACCOUNT_RE.finditer(seen) if starts is None else finditer_at(ACCOUNT_RE, seen, starts)
            for m in found:
                value = re.sub(r"\D", "", m["number"])
                if 6 <= len(value) <= 10:
                    out.append(
                        Span(
                            m.start("number"), m.end("number"), "ID_NUMBER", value, "bank:account", CONFIDENCE
                        )
                    )
        for m in finditer_at(IBAN_RE, seen, iban_starts(seen, index.digit_runs)):
            if iban_ok(m["iban"]):
                out.append(
                    Span(m.start(), m.end(), "ID_NUMBER", re.sub(r"\s", "", m["iban"]), "bank:iban", 0.95)
                )
        return out
