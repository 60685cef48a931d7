"""Names no list of the team holds: people, places and organisations from public name lists
and gazetteers plus context (titles, first name + surname, head nouns, locatives …); the rules
are in `coprod.privacy.names.NameFinder`."""

from __future__ import annotations

from ..detectors import Span
from ..names import NameFinder
from ..reference import load_reference, ordinary_words

name = "context"


class ContextRecognizer:
    name = name

    def __init__(self, settings, common_words: set[str]) -> None:
        ref = load_reference(str(settings.reference_dir))
        self.finder = NameFinder(ref, set(common_words), set(settings.allow), str(settings.reference_dir))
        languages = tuple(getattr(settings, "languages", ("en",)))
        if any(lang != "en" for lang in languages):
            # ordinary words of the study's other languages are weak evidence of nothing too
            self.finder.extra_ordinary = ordinary_words(languages, str(settings.reference_dir))

    def find(self, seen: str) -> list[Span]:
        return self.finder.find(seen)
