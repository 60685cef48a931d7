"""Titles after a presenter's cue ("welcome to The Anytown Hour", "you're listening to Over
the Quay"): a podcast, a programme, an event or a venue the speaker hosts names the speaker's
employer as much as a company does. The cue phrases are `data/reference/cues/show_cues.txt`;
the title is the run of capitalised words after it (with "of", "and", "the", "in", "on" inside
it). Two capitalised words or more are a title whatever they mean ("The Known and the Hidden"
is made of ordinary words); one word only when it is no ordinary or dictionary proper word ("Tuesday"), stop
word or technology term ("welcome to Zoom" is the product). Nothing says what kind of thing it is: a neutral
NAME."""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words, load_reference
from ..stopwords import ENGLISH_STOP_WORDS
from ..trie import trie_pattern
from .text_index import lowered

name = "show_titles"
CAP = r"[A-Z][^\W_]*(?:['’\-][^\W_]+)*"
LINK = r"(?:of|and|the|in|on|a|an|for|to)"
# the characters besides A-Z that re.IGNORECASE matches to a-z (checked over all of Unicode)
CASE_VARIANTS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


class ShowTitleRecognizer:
    name = name

    def __init__(self, settings, ordinary) -> None:
        ref = load_reference(str(settings.reference_dir))
        self.tech = ref.tech | ref.tech_ambiguous
        self.proper = ref.proper  # "Tuesday", "American": words of the language, capitalised
        self.ordinary = ordinary
        cues = sorted(cue_words("show_cues", settings.reference_dir))
        self.cues = tuple(c.lower() for c in cues)
        self.rx = re.compile(
            rf"(?<![\w'’])(?i:{trie_pattern(cues)}) (?P<title>(?:[Tt]he )?{CAP}(?:(?: {LINK})* {CAP})*)"
        )

    def find(self, seen: str) -> list[Span]:
        spans = []
        # a cue is matched in any case: none in the lower-cased text (the letters re.IGNORECASE
        # also takes for i, s and k folded first), no scan
        folded = lowered(seen) if seen.isascii() else seen.translate(CASE_VARIANTS).lower()
        if not any(c in folded for c in self.cues):
            return spans
        for m in self.rx.finditer(seen):
            title = m.group("title")
            start = m.start("title")
            caps = [w for w in title.split(" ") if w[:1].isupper() and w.casefold() != "the"]
            if not caps:
                continue
            if len(caps) == 1:
                low = caps[0].casefold()
                if low in ENGLISH_STOP_WORDS or self.ordinary(low) or low in self.tech or low in self.proper:
                    continue
            if title.casefold() in self.tech:
                continue
            spans.append(Span(start, m.end("title"), "NAME", title, "context:show-title", 0.6))
        return spans
