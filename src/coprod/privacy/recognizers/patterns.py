"""Structured identifiers (e-mail, URL, phones, postcodes, NHS/CHI/NI numbers, full dates,
street addresses): the validated pattern detectors of `coprod.privacy.detectors`."""

from __future__ import annotations

from ..detectors import ALL_HINTS, Span, all_patterns

name = "patterns"


class PatternRecognizer:
    """Runs per text (its cheap substring hints skip most turns), not over a joined batch."""

    name = name
    per_text = True

    def __init__(self, settings) -> None:
        self.date_mode = settings.date_mode

    def find(self, seen: str, hints: dict[str, bool] = ALL_HINTS) -> list[Span]:
        return all_patterns(seen, self.date_mode, hints)
