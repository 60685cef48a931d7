"""National Insurance numbers read out letter by letter and digit by digit, as speech
recognition writes them ("j t four eight five nine two one b", "J T 4 8 5 9 2 1 B"): two
single letters, six digits (figures or digit words), a suffix letter A-D. The letters follow
the issuing rules of `detectors.NINO_RE` (no D, F, I, Q, U, V first; no O second; some pairs
never issued), so "i a ..." or "a b c" runs are no match. The written forms ("JT 48 59 21 B")
are the pattern detectors'.
"""

from __future__ import annotations

import re

from ..detectors import DIGIT_WORDS, NINO_NEVER, NINO_RE, Span
from .text_index import WordFilter, index_of

name = "said_ni_numbers"

CONFIDENCE = 0.9
_DIGIT = "|".join(sorted([*DIGIT_WORDS, *"0123456789"], key=len, reverse=True))
_SEP = r"[ \t.,-]+"
SAID_RE = re.compile(
    rf"(?<![\w'’-])(?P<a>[a-z]){_SEP}(?P<b>[a-z]){_SEP}"
    rf"(?P<digits>(?:{_DIGIT})(?:{_SEP}(?:{_DIGIT})){{5}}){_SEP}(?P<c>[a-d])(?![\w'’-])",
    re.I,
)
DOUBLE_RE = re.compile(r"(?i:\b(double|triple|treble)[ \t]+)")
# Where a match can start, from the text's word index: its letters follow no letter or joiner
# and are followed by a separator, so the first two are two one-letter words in a row ("j t"),
# or one such word before one of a letter and a hyphen ("j t-four"), or one word that starts
# with both joined by a hyphen ("j-t", "j-t-four")
HYPHENED = WordFilter(lambda w: w[1:2] == "-")


class SaidNiNumberRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index=None) -> list[Span]:
        index = index_of(seen, index)
        lengths = index.lengths
        first = lengths.find(b"\x01\x01")  # no match starts before the first such word
        hyphened = HYPHENED.among(index.distinct)
        if hyphened:
            words = index.words
            for k in index.where(hyphened):
                if first >= 0 and k > first:
                    break
                if words[k][3:4] in ("", "-"):  # "j-t", "j-t-four"
                    first = k if first < 0 else min(first, k)
                    break
                if k and lengths[k - 1] == 1:  # "j t-four"
                    first = k - 1 if first < 0 else min(first, k - 1)
                    break
        if first < 0:
            return []
        return self.read(SAID_RE.finditer(seen, index.starts[first]))

    def read(self, found) -> list[Span]:
        """The spans of SAID_RE's matches that are numbers issued."""
        out: list[Span] = []
        for m in found:
            digits = "".join(DIGIT_WORDS.get(w.lower(), w) for w in re.findall(r"\w+", m["digits"]))
            code = f"{m['a']}{m['b']}{digits}{m['c']}".upper()
            if len(digits) != 6 or code[:2] in NINO_NEVER or not NINO_RE.fullmatch(code):
                continue
            letters = m["a"] + m["b"] + m["c"]
            if not (letters.islower() or letters.isupper()):
                continue
            out.append(Span(m.start(), m.end(), "ID_NUMBER", code, "said:national-insurance", CONFIDENCE))
        return out
