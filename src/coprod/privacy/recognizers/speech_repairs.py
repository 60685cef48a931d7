"""Evidence against a name: a false start the speaker repairs at once.

Not a recognizer: like `common_uses`, the analyzer asks it which of the spans found are no
mention of a person, place or organisation. Speech (and its transcription) restarts a noun
phrase that went wrong: "the Brantle, uh, the branch", "the Wuzzit, sorry, the website". The
capitalised word there is the false start, not a name, when

- only its shape was evidence (the weakest rule's neutral name: no list explains it) and no
  list holds it as a first name or a surname;
- an article comes before it ("the", "a", "an"): a person's name takes none;
- right after it come an editing term ("uh", "um", "er", "sorry", "I mean": `EDITING`), the
  same article restarted, and a lower-case English word (the dictionary's, or wordfreq Zipf 3
  or more) with the same first letter, the word the speaker was reaching for; not a word for a
  person (`cues/people_nouns.txt`, kin words, role labels: "the Anyname, uh, the teacher" may
  describe someone).
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ..detectors import Span
from ..normalise import fold_word
from ..reference import cue_words, folded_names

name = "speech_repairs"

WEAKEST = "context:proper-noun"
ZIPF_WORD = 3.0  # a word the dictionary lacks but English text uses ("website")
EDITING = ("uh", "um", "er", "erm", "ah", "sorry", "I mean", "no")
ARTICLE_BEFORE_RE = re.compile(r"(?<![\w'’\-])(?:the|a|an) $")
EDIT = "|".join(re.escape(e) for e in EDITING)
REPAIR_RE = re.compile(rf",? (?:(?:{EDIT})[,.]? )+(?P<article>the|a|an) (?P<word>[a-z]+)(?![\w'’\-])")


class SpeechRepairFilter:
    name = name

    def __init__(self, settings, english) -> None:
        ref_dir = str(settings.reference_dir)
        self.english = english  # lower-case ordinary English words
        self.first, self.surnames = folded_names(ref_dir)
        lists = ("kin_words", "people_nouns", "role_labels")
        self.people = frozenset(w.casefold() for name in lists for w in cue_words(name, ref_dir))

    def _repaired(self, text: str, span: Span) -> bool:
        if span.detector != WEAKEST:
            return False
        surface = text[span.start : span.end]
        if not re.fullmatch(r"[A-Z][a-z]+", surface):
            return False
        folded = fold_word(surface)
        if folded in self.first or folded in self.surnames:
            return False
        before = ARTICLE_BEFORE_RE.search(text, max(0, span.start - 4), span.start)
        if before is None:
            return False
        m = REPAIR_RE.match(text, span.end)
        if m is None or m.group("article").casefold() != before.group(0).strip().casefold():
            return False
        word = m.group("word")
        if word[0] != folded[0] or word == folded:
            return False
        if word not in self.english and zipf_frequency(word, "en") < ZIPF_WORD:
            return False
        return word not in self.people and word.rstrip("s") not in self.people

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        return [s for s in spans if not self._repaired(text, s)]
