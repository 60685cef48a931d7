"""Evidence against a name from the frame a capitalised word is used in.

Not a recognizer: the analyzer asks it which of the spans the rules found are no mention of a
person, place or organisation (after `common_uses`). Each rule needs positive evidence in the
text around one capitalised word that no register entry holds:

- a holiday or festival (`data/reference/cues/holidays.txt`) right after a time word
  (`cues/year_cues.txt`: "during Anyfest", "before Anyfest", "over Anyfest"): a time, even
  where a gazetteer holds the word; and alone anywhere when only a name list's rule found it
  ("Anyfest was hard"): the word's listed sense is the festival, and a person of that name is
  still found with a title or a surname ("Mr Anyfest", "Ann Anyfest");
- a holiday of another study language, spelt as that language writes it
  (`cues/holidays_<language>.txt`: "Noël", "Pâques" with French), when only a name list's or a
  word's shape rule found it;
- an eponymous condition in its possessive short form: "Anyname's" where `eponymous_terms.csv`
  lists "Anyname's disease" or "Anyname's syndrome" (people say "her Anyname's");
- an assessment's eponym: "the Anyname scale", "the Anyname criteria" (`cues/assessment_heads.txt`,
  lower-case heads; "the" before the word, the head right after it), and so a public report or
  inquiry named after who led it: "the Anyname report", "the Anyname inquiry"
  (`cues/term_heads.txt`);
- a numbered thing: a capitalised ordinary word a town list holds, right before a number of
  one to three figures ("to Ward 7", "in Bay 12"), as the register reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..detectors import Span
from ..normalise import fold_word
from ..reference import _read_csv, cue_words, ordinary_words

name = "usage_frames"

TYPES = {"PERSON", "NAME", "PLACE", "ORG"}
# rules that read only a word's shape or a name list: a festival's word alone is the festival
SHAPE = ("names:", "context:")
# the number ends the phrase: punctuation, the end, or a word that starts no unit ("7 for")
NUMBER_AFTER_RE = re.compile(
    r" \d{1,3}(?=[.,;:!?)\n]|$| (?:for|on|at|in|with|but|so|then|when|where|because|was|is|has|had)\b)"
)
WORD_RE = re.compile(r"[^\W\d_][\w\-]*(?:['’]s)?")


class UsageFrameFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.holidays = frozenset(h.casefold() for h in cue_words("holidays", ref_dir) if " " not in h)
        # another study language's holidays, as written with their accents ("Noël", not "Noel")
        self.written = frozenset(
            h.casefold()
            for lang in settings.languages
            if (Path(ref_dir) / "cues" / f"holidays_{lang}.txt").is_file()
            for h in cue_words(f"holidays_{lang}", ref_dir)
            if " " not in h
        )
        times = sorted(cue_words("year_cues", ref_dir), key=len, reverse=True)
        self.time_before = re.compile(
            r"(?<![\w'’\-])(?:" + "|".join(re.escape(t) for t in times) + r") (?:the )?$", re.I
        )
        self.possessive = frozenset(
            fold_word(m.group(1)) + "'s"
            for row in _read_csv(Path(ref_dir) / "eponymous_terms.csv")
            if (m := re.match(r"([^\W\d_][\w\-]*)['’]s\b", row["term"]))
        )
        heads = cue_words("assessment_heads", ref_dir) | cue_words("term_heads", ref_dir)
        heads = sorted(heads, key=len, reverse=True)
        self.head_after = re.compile(r" (?:" + "|".join(re.escape(h) for h in heads) + r")(?![\w'’\-])")
        self.ordinary = ordinary_words(tuple(settings.languages), ref_dir)
        self.the_before = re.compile(r"(?<![\w'’\-])[Tt]he $")

    def _framed(self, text: str, span: Span) -> bool:
        if span.detector == "register" or span.type not in TYPES:
            return False
        surface = text[span.start : span.end]
        if not WORD_RE.fullmatch(surface):
            return False
        folded = fold_word(surface.replace("’", "'"))
        if not surface.isascii() and surface.casefold() in self.written and span.detector.startswith(SHAPE):
            return True  # "entre Noël et", "by Pâques" in a study with French
        before = text[max(0, span.start - 24) : span.start]
        if folded in self.holidays and (self.time_before.search(before) or span.detector.startswith(SHAPE)):
            return True  # "during Anyfest"; "Anyfest was hard" on a name list's word alone
        if folded.endswith("'s"):
            return folded in self.possessive  # "her Anyname's" (a listed condition)
        if span.detector.startswith("world-place") and self._numbered(text, span, surface):
            return True  # "to Ward 7": a numbered thing
        return bool(self.the_before.search(before) and self.head_after.match(text, span.end))

    def _numbered(self, text: str, span: Span, surface: str) -> bool:
        """A capitalised ordinary word right before a number that ends the phrase ("Ward 7",
        "Bay 12"): a numbered thing, as the register reads it, not the town of that word."""
        return self.ordinary(surface.casefold()) and NUMBER_AFTER_RE.match(text, span.end) is not None

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        return [s for s in spans if not self._framed(text, s)]
