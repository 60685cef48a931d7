"""Names written in another script inside Latin-script speech ("my mother, نسرین اختر,", "my
sister-in-law Ольга Петренко", "Mr Γιώργος Παπαδόπουλος"). The name lists and the context rules
read Latin letters, and the folded view turns look-alike Cyrillic and Greek letters into Latin ones
("Петренко" reads "Пetpehko"), so such a name escaped them, whole or in part. Read on the text as
written:

- a run of one to four words in a non-Latin alphabet (Cyrillic, Greek, Arabic, Hebrew, Devanagari
  ..., every letter outside the Latin script) right after a person cue — a kinship word (also
  "sister-in-law", "step-mother"), a word for a person ("neighbour", "friend") or a title
  ("Mr", "Dr.") — with a comma or a space between, is a PERSON;
- a run of two to four such words each starting with a capital (Cyrillic, Greek, Armenian have
  case) is a full name by its shape, as "Firstname Surname" is in Latin letters.

Only in a text whose letters are mostly Latin: a transcript written in another script is that
language's own text, not a name inside English speech."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..detectors import Span
from ..names import TITLES
from ..reference import cue_words

name = "other_scripts"

# a word of letters (and inner apostrophes or hyphens) with no Latin, digit or underscore in it
WORD = r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff][^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff'’\-]*"
RUN_RE = re.compile(rf"(?<![\w'’\-]){WORD}(?: {WORD}){{0,3}}(?![\w'’\-])")
# the word before a run, and what may stand between ("mother, ", "Mr ", "Dr. ")
BEFORE_RE = re.compile(r"([^\W\d_][\w'’\-]*)\.?,? $")
MAX_BEFORE = 40
IN_LAW = ("-in-law", "-in-laws")
STEP = ("step-", "step", "great-", "grand-")


@lru_cache(maxsize=4096)
def _latin_letter(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def _other_word(word: str) -> bool:
    """Every letter of `word` outside the Latin script (and at least one letter)."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and not any(_latin_letter(c) for c in letters)


# the ASCII characters that are no letter (deleted before the ASCII letters are counted)
_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def mostly_latin(text: str) -> bool:
    """More of the text's letters are Latin than not. (The ASCII letters are counted in C, by
    dropping everything else; only the characters outside ASCII are looked at one by one.)"""
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    other = 0
    for ch in _NON_ASCII_RE.findall(text):
        if ch.isalpha():
            if _latin_letter(ch):
                latin += 1
            else:
                other += 1
    return latin > other


class OtherScriptRecognizer:
    """Runs of words in a non-Latin script after a person cue, or capitalised like a full name."""

    name = name

    def __init__(self, settings) -> None:
        ref = settings.reference_dir
        self.cues = (
            cue_words("kin_words", ref)
            | cue_words("people_nouns", ref)
            | {t.casefold().rstrip(".") for t in TITLES}
        )

    def _cued(self, text: str, start: int) -> bool:
        m = BEFORE_RE.search(text, max(0, start - MAX_BEFORE), start)
        if m is None:
            return False
        word = m.group(1).casefold().replace("’", "'")
        for tail in IN_LAW:
            word = word.removesuffix(tail)
        for head in STEP:
            word = word.removeprefix(head)
        return word in self.cues or word.rstrip("s") in self.cues

    def find(self, text: str) -> list[Span]:
        if text.isascii() or not mostly_latin(text):
            return []
        spans = []
        for m in RUN_RE.finditer(text):
            words = m.group(0).split(" ")
            if not all(_other_word(w) for w in words):
                continue
            if self._cued(text, m.start()):
                spans.append(Span(m.start(), m.end(), "PERSON", m.group(0), f"{name}:cue", 0.85))
            elif len(words) >= 2 and all(w[:1].isupper() for w in words):
                spans.append(Span(m.start(), m.end(), "NAME", m.group(0), f"{name}:capitals", 0.8))
        return spans
