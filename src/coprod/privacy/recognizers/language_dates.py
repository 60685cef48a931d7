"""Full dates in the study languages other than English, which the pattern detectors
(`detectors.dates`: English month names) leave, generalised by the study's date mode like any
full date ("[mars 1985]" with `month_year`, the month as the list spells it; "[Date]" with `redact` or `all`):

- a day in figures (an ordinal mark allowed: "1er", "3.", "3º"), a month name of
  `cues/months_other_languages.txt` and a four-digit year, with the languages' little words
  between them ("3 mars 1985", "3. März 1985", "3 de marzo de 1985", "le 1er juin 2001");
- after a birth cue of `cues/birth_cues_other_languages.txt` ("né le", "née le", "geboren am",
  "nacida el", "nato il"), a day and a month without a year ("née le 3 mars"), and in French
  the whole date said in words ("née le vingt-deux juin mille neuf cent quatre-vingt-dix", "né
  le premier mai"): the day a cardinal from one to thirty-one or "premier", the year a French
  cardinal from 1900 to 2099 or four figures.

The day must exist in its month (and year, when there is one). Read in every transcript,
whatever the study's languages: a month name with a day and a four-digit year, or a birth cue
with a day and a month, is a date in any of them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

from ..detectors import Span
from ..normalise import view
from .text_index import CASE_EXTRAS, LETTER_RUN_RE, CueWords, WordFilter, finditer_at, index_of

name = "language_dates"

CONFIDENCE = 0.9
# French cardinals as said ("quatre-vingt-dix", "vingt et un", "mille neuf cent")
FR_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
}  # fmt: skip
FR_WORD = rf"(?:{'|'.join(sorted(FR_UNITS, key=len, reverse=True))}|cents?|mille|mil|et|premier)"
FR_NUMBER = rf"{FR_WORD}(?:[ -]+{FR_WORD})*"
DAY = r"(?P<day>[0-3]?\d)(?:er|ᵉʳ|e|\.|º|°)?"
LINK = r"(?:\s+(?:de|del|di)\s+|\s+)"  # "3 de marzo de 1985", "3 mars 1985"
YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"


def french_number(words: str) -> int | None:
    """The value of a French cardinal said in words ("quatre-vingt-dix" 90, "mille neuf cent
    quatre-vingt-dix" 1990, "vingt et un" 21), or None for anything else."""
    toks = [t for t in re.split(r"[ -]+", words.lower()) if t and t != "et"]
    if not toks:
        return None
    total, current, prev = 0, 0, ""
    for t in toks:
        if t in ("mille", "mil"):
            total += (current or 1) * 1000
            current = 0
        elif t in ("cent", "cents"):
            current = (current or 1) * 100
        elif t in ("vingt", "vingts") and prev == "quatre":
            current += 80 - 4  # "quatre-vingt": four twenties
        elif t in FR_UNITS:
            current += FR_UNITS[t]
        else:
            return None
        prev = t
    return total + current


@lru_cache(maxsize=4)
def _lists(ref_dir: str) -> tuple[dict[str, tuple[int, str]], tuple[str, ...], frozenset[str]]:
    """(month name folded as the detectors read -> (number, name as listed), birth cues, French
    birth cues)."""
    months: dict[str, tuple[int, str]] = {}
    path = Path(ref_dir) / "cues" / "months_other_languages.txt"
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip() and not line.startswith("#"):
            _, number, word = line.split("\t")
            months.setdefault(view(word.strip()).casefold(), (int(number), word.strip()))
    cues, french = [], set()
    path = Path(ref_dir) / "cues" / "birth_cues_other_languages.txt"
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip() and not line.startswith("#"):
            lang, phrase = line.split("\t")
            cue = view(phrase.strip()).casefold()
            cues.append(cue)
            if lang == "fr":
                french.add(cue)
    return months, tuple(sorted(set(cues), key=len, reverse=True)), frozenset(french)


def _exists(day: int, month: int, year: int | None) -> bool:
    try:
        dt.date(year or 2000, month, day)  # 2000: 29 February is a day
    except ValueError:
        return False
    return True


class LanguageDateRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self.date_mode = settings.date_mode
        self.months, cues, self.french_cues = _lists(str(settings.reference_dir))
        month = "|".join(re.escape(m) for m in sorted(self.months, key=len, reverse=True))
        self.month_rx = re.compile(month)
        self.month_words = frozenset(self.months)  # each a run of word characters, lower case
        # a word of the text's index with a letter run that is a month name, in any case (decided
        # once per distinct word): a text with none holds no month as a whole word either
        months = self.month_words
        self._month_in = WordFilter(lambda w: any(r.lower() in months for r in LETTER_RUN_RE.findall(w)))
        self.full_rx = re.compile(rf"(?<![\w./-]){DAY}{LINK}(?P<mon>{month})\.?(?:,?{LINK}){YEAR}", re.I)
        cue = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)
        # every cue match starts, after no word character, with a cue's first letters: the scan
        # is tried where the text's words start with one (None: a cue without them, scan all)
        firsts = [re.match(r"[a-z]+", c.lower()) for c in cues]
        self.cue_words = CueWords([m.group() for m in firsts]) if firsts and all(firsts) else None
        self.cue_rx = re.compile(
            rf"(?<![\w])(?P<cue>{cue})[ \t:,]*(?:(?:le|el|il|am|op|em)\s+)?"
            rf"(?:{DAY}|(?P<dayw>{FR_NUMBER}))[ \t]+(?:de\s+|del\s+)?(?P<mon>{month})(?![\w])"
            rf"(?:\.?,?{LINK}(?:(?P<year>(?:1[89]|20)\d\d)(?!\d)|(?P<yearw>{FR_NUMBER})(?![\w-])))?",
            re.I,
        )

    def _span(self, m: re.Match, day: int | None, year: int | None, end: int, detector: str) -> Span | None:
        month, said = self.months[m.group("mon").casefold()]
        if day is None or not 1 <= day <= 31 or not _exists(day, month, year):
            return None
        if self.date_mode == "month_year":  # the month as the list spells it (the text is folded)
            general = f"{said} {year}" if year else said
        else:
            general = "Date"
        start = m.start("day") if m.group("day") else m.start("dayw")
        return Span(start, end, "DATE", general, detector, CONFIDENCE)

    def find(self, seen: str, index=None) -> list[Span]:
        # every match's month follows a space and comes before a non-word character: it is a
        # whole word of the lower-cased text, so a maximal letter run of a word of the index
        # (whose words are letters with inner apostrophes or hyphens). A text where `lower` and
        # a case-insensitive match can disagree (the long s, the Kelvin sign, the dotted and
        # dotless I) is scanned whole.
        idx = index_of(seen, index)
        if any(c in seen for c in CASE_EXTRAS):
            if self.month_rx.search(seen.lower()) is None:
                return []
        elif not self._month_in.among(idx.distinct):
            return []
        low = seen.lower()
        spans: list[Span] = []
        # a full date starts with its day: a digit after no word character, a digit run's start
        runs = idx.digit_runs
        for m in finditer_at(self.full_rx, seen, [a for a, _ in runs]):
            span = self._span(m, int(m.group("day")), int(m.group("year")), m.end(), "pattern:date-language")
            if span is not None:
                spans.append(span)
        starts = None if self.cue_words is None else self.cue_words.starts(idx)
        for m in self.cue_rx.finditer(low) if starts is None else finditer_at(self.cue_rx, low, starts):
            french = m.group("cue") in self.french_cues
            if m.group("dayw") is not None:
                if not french:
                    continue
                words = m.group("dayw").strip()
                day = 1 if words == "premier" else french_number(words)
            else:
                day = int(m.group("day"))
            year, end = None, m.end("mon")
            if m.group("year"):
                year, end = int(m.group("year")), m.end()
            elif m.group("yearw") and french:
                said = french_number(m.group("yearw"))
                if said is not None and 1900 <= said <= 2099:
                    year, end = said, m.end()
            span = self._span(m, day, year, end, "pattern:date-birth-language")
            if span is not None:
                spans.append(span)
        return spans
