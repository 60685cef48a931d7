"""Evidence against a name: a capitalised word that opens a short phrase of another language.

Not a recognizer: like `common_uses`, the analyzer asks it which of the spans found are no
mention of a person, place or organisation. Speech in the study's language quotes greetings,
thanks and toasts of languages a study cannot list in `deidentify.languages` (no word
frequencies for Scottish Gaelic; Urdu and Punjabi written in Latin letters): "Anyword mhath, I
always say". Written capitalised, the phrase's first word looks like a name to the weakest rule.
The words after it say otherwise: a name is followed by words of the sentence's own language.

A span is such a phrase's first word when

- only its shape found it (`context:proper-noun`, the neutral "[Name n]"), it is one word, and no
  name list holds it as a first name or a surname;
- one to four lower-case words follow it, then a comma, a full stop, "!" or "?" (the phrase
  ends there), and every one of them of two letters or more is no ordinary word of the study's
  languages and no listed first name or surname ("Anyword a tha thu,": "a" is too short to tell).

"Anyname said no." or "Anyname went home." keep the name (words of the language follow it); a
mis-typed verb alone ("Anyname sed.") is read as a phrase: the limit of the rule.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..normalise import fold_word
from ..reference import folded_names, ordinary_words

name = "other_language_phrases"

WEAKEST = "context:proper-noun"
TAIL_RE = re.compile(r"((?: [^\W\d_A-Z][^\W\d_]*){1,4})[,.!?]")


class OtherLanguagePhraseFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.first, self.surnames = folded_names(ref_dir)
        self.ordinary = ordinary_words(tuple(settings.languages), ref_dir)

    def _phrase_start(self, text: str, span: Span) -> bool:
        surface = fold_word(text[span.start : span.end])
        if " " in surface or surface in self.first or surface in self.surnames:
            return False
        m = TAIL_RE.match(text, span.end)
        if m is None:
            return False
        words = [fold_word(w) for w in m.group(1).split()]
        if any(not w.islower() for w in words):
            return False
        judged = [w for w in words if len(w) >= 2]
        return bool(judged) and not any(
            self.ordinary(w) or w in self.first or w in self.surnames for w in judged
        )

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        """The spans that open no other language's phrase."""
        return [s for s in spans if not (s.detector == WEAKEST and self._phrase_start(text, s))]
