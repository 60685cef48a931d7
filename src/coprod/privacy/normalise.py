"""The one normaliser shared by detection and the audit (and nothing else is shared).

People, software and adversaries write the same name many ways: "Siân" composed or as "Sia" +
U+0302 (NFD), "Mo\u200brag" with a zero-width space, "Drys\u00addale" with a soft hyphen,
"Ｍｏｒａｇ" in fullwidth, "Mоrag" with a Cyrillic "о", "morag" in lower case, "Drys-" / "dale"
hyphenated across a PDF line, "Morag_Drysdale" in a file name. Matching must not depend on
any of that. Three views of a text, all built from one character fold:

- `tidy(text)`: what de-identified text is published as: NFC, format characters (zero-width,
  soft hyphen, BOM, bidi controls) removed. Lossless for meaning.
- `view(text)`: for detectors, *same length* as its input (offsets stay valid): compatibility
  forms (fullwidth, mathematical letters) and look-alike letters folded to Latin, accents
  stripped, `_` read as a space. Case is kept (detectors use capitalisation as evidence);
  `view(text).lower()` is the case-folded form.
- `skeleton(text)`: for the audit: `view` plus format characters removed and whitespace runs
  collapsed; `hyphen_joins` gives the words a line-end hyphen split ("Drys-\\ndale").

`fold_word(w)` is the look-up key for name lists and registers: skeleton + casefold.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that look like Latin ones (Unicode's confusables for the scripts people paste from:
# Cyrillic, Greek, and a few Latin variants). Only what renders identically in common fonts.
CONFUSABLES = {
    # Cyrillic lower / upper
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "Һ": "H", "І": "I", "Ї": "I", "Ј": "J", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I",
    # Greek
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin letters that NFKD does not decompose
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
    "ŀ": "l", "Ŀ": "L", "ƚ": "l", "ɡ": "g", "ß": "s", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O",
    "þ": "t", "Þ": "T", "ð": "d", "Ð": "D",
    # apostrophes and hyphens people and word processors use
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "−": "-",
    "_": " ",
}  # fmt: skip
# Characters that never carry meaning in a name: Unicode format characters (category Cf:
# zero-width space/joiners, word joiner, soft hyphen, BOM, bidi controls) are found by category.
_PLAIN = re.compile(r"[\x20-\x5e\x61-\x7e]*")  # printable ASCII except _ and `


def _is_format(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """One character -> its folded form: '' (format char or combining mark), or one character
    (compatibility + confusable + accent fold). Never longer than one character, so `view`
    keeps offsets; characters whose fold would be longer ('ﬁ') stay as they are."""
    if ch in CONFUSABLES:
        return CONFUSABLES[ch]
    if ch.isascii():
        return ch
    if _is_format(ch) or _is_mark(ch):
        return ""
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not _is_mark(c))
    base = "".join(CONFUSABLES.get(c, c) for c in base)
    return base if len(base) == 1 else ch


def tidy(text: str) -> str:
    """NFC without format characters: the form de-identified text is written in."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    return "".join(c for c in text if not _is_format(c))


_VIEW_TABLE = str.maketrans(CONFUSABLES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match) -> str:
    return fold_char(m.group(0)) or m.group(0)


def view(text: str) -> str:
    """Same-length folded view for detectors. Run it on `tidy` text: there, combining marks are
    already composed and format characters gone; any left over are kept as they are."""
    text = text.translate(_VIEW_TABLE)  # look-alikes, apostrophes, hyphens, "_": all 1:1
    return text if text.isascii() else _NON_ASCII.sub(_fold_match, text)


class _FoldTable(dict):
    """str.translate table filled on first sight of a character: its fold_char."""

    def __missing__(self, code: int) -> str:
        self[code] = fold_char(chr(code))
        return self[code]


_SKELETON_TABLE = _FoldTable()
_SPACES = re.compile(r"\s+")


def skeleton(text: str) -> str:
    """The audit's form: folded, format characters and marks removed, whitespace collapsed,
    line-end hyphenation joined. Case kept. (Each character folded by fold_char, then every
    run of white space made one space: a table look-up per character, not a Python loop.)"""
    if text.isascii():
        return _SPACES.sub(" ", text.replace("_", " ").replace("`", "'"))
    return _SPACES.sub(" ", text.translate(_SKELETON_TABLE))


HYPHEN_BREAK = re.compile(r"([^\W\d_]+)- ([^\W\d_]+)")


def hyphen_joins(skel: str) -> list[str]:
    """Words a line-end hyphen may have split, joined both ways ("Drys- dale" -> "Drysdale",
    "Anne- Marie" -> "Anne-Marie"). Returned as extra text rather than rewritten in place,
    because "Kerr- and Smith" must still show "Kerr"."""
    return [f"{a}{b} {a}-{b}" for a, b in HYPHEN_BREAK.findall(skel)]


def fold_word(word: str) -> str:
    """Look-up key for names and phrases: skeleton, case-folded, straight apostrophes."""
    return skeleton(word).casefold().strip()
