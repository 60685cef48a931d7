"""Generate `confusables.tsv`: the character fold shared by detection and the audit.

    python data/reference/make_confusables.py > data/reference/confusables.tsv

Rows are `code<TAB>fold<TAB>source<TAB>name`: `code` is the character as U+XXXX, `fold` the one
Latin letter (or apostrophe, hyphen, space) it reads as, as U+XXXX, or empty for a character
that is dropped (it has no glyph: an invisible filler). `coprod.privacy.normalise` applies the
table before its NFKD fold, so a row only has to exist where NFKD + accent stripping does not
already give the Latin letter. Sources:

- `hand`: reviewed by eye against Unicode's confusables data (security/confusables.txt, the
  "MA" single-letter mappings): Cyrillic, Greek, Armenian, Cherokee, Lisu, Coptic letters that
  render like a Latin letter in common fonts, and apostrophe/hyphen variants.
- `name`: derived from the Unicode character name (Python's `unicodedata`): "LATIN LETTER SMALL
  CAPITAL X" -> x, "LATIN SMALL LETTER X WITH <anything>" -> x (hooks, strokes, curls NFKD keeps),
  "LATIN SMALL LETTER DOTLESS/SCRIPT X" -> x, regional indicators and squared letters -> X.
- `ignorable`: Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties.txt, assigned
  characters: soft hyphen, combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
  Mongolian variation selectors, zero-width and bidi controls, variation selectors, tag
  characters) plus U+2800 BRAILLE PATTERN BLANK: all render as nothing or a blank, so they are
  removed from names.

The output depends only on this file and the Unicode version of the Python that runs it
(recorded in the header line); re-run after either changes.
"""

from __future__ import annotations

import re
import sys
import unicodedata

HAND = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "ꙇ": "i", "ԍ": "G", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "Һ": "H", "І": "I", "Ї": "I", "Ј": "J", "К": "K",
    "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Ү": "Y",
    # Greek
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ϲ": "c", "ϳ": "j", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    "Ϳ": "J",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "զ": "q", "ց": "g", "Օ": "O", "Ս": "U", "Տ": "S",
    # Cherokee capitals (U+13A0 block) and the small letters (U+AB70 block) that look like
    # Latin small capitals
    "Ꭰ": "D", "Ꭱ": "R", "Ꭲ": "T", "Ꭵ": "i", "Ꭹ": "y", "Ꭺ": "A", "Ꭻ": "J", "Ꭼ": "E",
    "Ꮃ": "W", "Ꮇ": "M", "Ꮋ": "H", "Ꮍ": "Y", "Ꮐ": "G", "Ꮒ": "h", "Ꮓ": "Z", "Ꮟ": "b",
    "Ꮢ": "R", "Ꮤ": "W", "Ꮥ": "S", "Ꮩ": "V", "Ꮪ": "S", "Ꮮ": "L", "Ꮯ": "C", "Ꮲ": "P",
    "Ꮶ": "K", "Ꮷ": "d", "Ᏼ": "B",
    "ꭰ": "d", "ꭱ": "r", "ꭲ": "t", "ꭵ": "i", "ꭹ": "y", "ꭺ": "a", "ꭻ": "j", "ꭼ": "e",
    "ꮃ": "w", "ꮇ": "m", "ꮋ": "h", "ꮍ": "y", "ꮐ": "g", "ꮁ": "r", "ꮓ": "z", "ꮢ": "r",
    "ꮤ": "w", "ꮥ": "s", "ꮩ": "v", "ꮪ": "s", "ꮮ": "l", "ꮯ": "c", "ꮲ": "p", "ꮶ": "k",
    "ᏼ": "b",
    # Lisu (capitals only)
    "ꓐ": "B", "ꓑ": "P", "ꓒ": "d", "ꓓ": "D", "ꓔ": "T", "ꓖ": "G", "ꓗ": "K", "ꓙ": "J",
    "ꓚ": "C", "ꓜ": "Z", "ꓝ": "F", "ꓟ": "M", "ꓠ": "N", "ꓡ": "L", "ꓢ": "S", "ꓣ": "R",
    "ꓦ": "V", "ꓧ": "H", "ꓪ": "W", "ꓫ": "X", "ꓬ": "Y", "ꓮ": "A", "ꓰ": "E", "ꓲ": "I",
    "ꓳ": "O", "ꓴ": "U",
    # Coptic
    "Ⲏ": "H", "Ⲕ": "K", "Ⲙ": "M", "Ⲛ": "N", "Ⲟ": "O", "ⲟ": "o", "Ⲣ": "P", "ⲣ": "p",
    "Ⲥ": "C", "ⲥ": "c", "Ⲧ": "T", "Ⲩ": "Y", "Ⲭ": "X",
    # Latin letters that NFKD does not decompose and whose name does not say the letter
    "ı": "i", "ß": "s", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O", "þ": "t", "Þ": "T", "ð": "d",
    "Ð": "D", "ɑ": "a", "ɩ": "i", "ꞵ": "b", "Ꞵ": "B", "ꭓ": "x", "Ꭓ": "X", "ᴑ": "o",
    "ℓ": "l", "℮": "e",
    # apostrophes and hyphens people and word processors use
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'", "‛": "'", "ꞌ": "'",
    "‐": "-", "‑": "-", "‒": "-", "−": "-",
    "_": " ",
}  # fmt: skip

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt), as ranges.
IGNORABLE_RANGES = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
]  # fmt: skip
BLANKS = [0x2800]  # BRAILLE PATTERN BLANK: not ignorable by Unicode, but renders as nothing

NAMED = [
    (re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])"), str.lower),
    (re.compile(r"LATIN SMALL LETTER (?:DOTLESS |SCRIPT )?([A-Z])(?: WITH .+)?"), str.lower),
    (re.compile(r"LATIN CAPITAL LETTER ([A-Z])(?: WITH .+)?"), str.upper),
    (re.compile(r"(?:NEGATIVE )?(?:SQUARED|CIRCLED) LATIN CAPITAL LETTER ([A-Z])"), str.upper),
    (re.compile(r"REGIONAL INDICATOR SYMBOL LETTER ([A-Z])"), str.upper),
    (re.compile(r"PARENTHESIZED LATIN SMALL LETTER ([A-Z])"), str.lower),
]


def nfkd_fold(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def rows() -> list[tuple[int, str, str]]:
    out: dict[int, tuple[str, str]] = {}
    for ch, fold in HAND.items():
        out[ord(ch)] = (fold, "hand")
    for cp in range(0x80, 0x110000):
        if cp in out:
            continue
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        for rx, case in NAMED:
            m = rx.fullmatch(name)
            if m:
                fold = case(m.group(1))
                if nfkd_fold(ch) != fold:  # NFKD does not already give it
                    out[cp] = (fold, "name")
                break
    for lo, hi in IGNORABLE_RANGES:
        for cp in range(lo, hi + 1):
            if unicodedata.name(chr(cp), "") or unicodedata.category(chr(cp)) == "Cf":
                out[cp] = ("", "ignorable")
    for cp in BLANKS:
        out[cp] = ("", "ignorable")
    return [(cp, *out[cp]) for cp in sorted(out)]


def main() -> None:
    w = sys.stdout.write
    w(f"# generated by make_confusables.py; Unicode {unicodedata.unidata_version}\n")
    w("code\tfold\tsource\tname\n")
    for cp, fold, source in rows():
        code = f"U+{ord(fold):04X}" if fold else ""
        w(f"U+{cp:04X}\t{code}\t{source}\t{unicodedata.name(chr(cp), 'UNNAMED')}\n")


if __name__ == "__main__":
    main()
