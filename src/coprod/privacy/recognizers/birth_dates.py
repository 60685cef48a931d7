"""Full dates in the forms the pattern detectors leave (`coprod.privacy.detectors.dates`),
generalised by the study's date mode like any full date ("[February 1952]" with `month_year`,
"[Date]" with `redact` or `all`):

- a day, an abbreviated or full month name and a year joined by dashes, slashes or dots
  ("14-Feb-1952", "14/Feb/52", "3.Mar.1984");
- a date in US order, month first, where the day cannot be a month ("02/14/1952", "2/14/52",
  "7-25-1984": the second number is 13-31, so the reading is not in doubt; with dashes only
  with a four-digit year);
- after a date-of-birth cue ("DOB", "d.o.b.", "date of birth", "born on", "birthday"):
  a day and a month in figures with a two-digit year however short ("14.2.52", "3/4/61", which
  the pattern detectors leave elsewhere as version numbers), or the date said as digits in
  words ("fourteen oh two fifty two": day, month, year).

The day must exist in its month and year. A date that is already a pattern date is the
pattern detectors' (the analyzer resolves the overlap).
"""

from __future__ import annotations

import datetime as dt
import re

from ..detectors import DIGIT_WORDS, MONTHS, TEENS, TENS, Span, spoken_digits
from .text_index import CueWords, finditer_at, index_of

name = "birth_dates"

CONFIDENCE = 0.9
_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# "14-Feb-1952", "14/feb/52", "3.Mar.1984": one separator, used twice
# Both start with a digit: the lookahead first lets the regex engine skip to digits instead of
# trying the look-behind at every position (the same matches)
NAMED_RE = re.compile(
    rf"(?=\d)(?<![\w./-])(?P<day>[0-3]?\d)(?P<s>[-/.])(?i:{_MON})\.?(?P=s)(?P<year>(?:19|20)\d\d|\d\d)(?![\w]|[./-]\d)"
)
# "02/14/1952", "7-25-84": month first, a day of 13 or more
US_RE = re.compile(
    r"(?=\d)(?<![\w./-])(?P<mon>0?[1-9]|1[0-2])(?P<s>[-/])(?P<day>1[3-9]|2\d|3[01])(?P=s)"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\w]|[./-]\d)"
)
# After a birth cue: "14.2.52", "3/4/61", "14-2-1952"
CUED_FIGURES_RE = re.compile(
    r"(?P<day>[0-3]?\d)(?P<s>[-/.])(?P<mon>[01]?\d)(?P=s)(?P<year>(?:19|20)\d\d|\d\d)(?![\w]|[./-]\d)"
)
_NUMBER_WORD = "|".join(sorted([*DIGIT_WORDS, *TEENS, *TENS], key=len, reverse=True))
# After a birth cue: six or eight digits said in words ("fourteen oh two fifty two")
CUED_WORDS_RE = re.compile(rf"(?i:(?:{_NUMBER_WORD})(?:[ \t,-]+(?:{_NUMBER_WORD})){{2,7}})(?![\w'’-])")
BIRTH_CUE_RE = re.compile(
    r"(?i:(?<![\w.])(?:d\.?[ \t]?o\.?[ \t]?b\.?|date[ \t]+of[ \t]+birth|born(?:[ \t]+on)?|birth[ \t]?day)"
    r"(?:[ \t]+(?:is|was|of))?(?:[ \t]+it[ \t]+was)?[ \t:,-]*)"
)

# Where each scan can start: the two date scans at a run of one or two digits before a
# separator (the day, or the month in US order: the look-behind puts no digit before it), the
# cue scan where a word's letter run is "d" or "do" ("d.o.b.", "do b") or starts with "dob",
# "date", "born" or "birth" (in any case)
CUES = CueWords(["dob", "date", "born", "birth"], whole=["d", "do"])


def date_starts(seen: str, runs: list[tuple[int, int]]) -> list[int]:
    """Where a named or US-order date can start: one or two digits before "-", "/" or "."."""
    return [start for start, end in runs if end - start <= 2 and seen[end : end + 1] in ("-", "/", ".")]


def _year(raw: str) -> int:
    """A two-digit year read as 19xx above 30, else 20xx (as `detectors._full_year`)."""
    return int(raw) if len(raw) == 4 else (1900 if int(raw) > 30 else 2000) + int(raw)


def _month(raw: str) -> int | None:
    if raw.isdigit():
        n = int(raw)
        return n if 1 <= n <= 12 else None
    low = raw.lower()[:3]
    return next((k + 1 for k, m in enumerate(MONTHS) if m.lower().startswith(low)), None)


def _valid(day: int, month: int | None, year: int) -> bool:
    if month is None:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


class BirthDateRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self.date_mode = settings.date_mode

    def _span(self, start: int, end: int, day: int, month: int | None, year: int, how: str) -> Span | None:
        if not _valid(day, month, year):
            return None
        general = f"{MONTHS[month - 1]} {year}" if self.date_mode == "month_year" else "Date"
        return Span(start, end, "DATE", general, f"date:{how}", CONFIDENCE)

    def find(self, seen: str, index=None) -> list[Span]:
        out: list[Span] = []
        index = index_of(seen, index)
        if "-" in seen or "/" in seen or "." in seen:
            starts = date_starts(seen, index.digit_runs)
            for m in finditer_at(NAMED_RE, seen, starts):
                s = self._span(m.start(), m.end(), int(m["day"]), _month(m["mon"]), _year(m["year"]), "named")
                out += [s] if s else []
            for m in finditer_at(US_RE, seen, starts):
                if m["s"] == "-" and len(m["year"]) == 2:
                    continue  # "7-25-84" with dashes and a short year: a range or a score
                s = self._span(
                    m.start(), m.end(), int(m["day"]), _month(m["mon"]), _year(m["year"]), "us-order"
                )
                out += [s] if s else []
        cues = CUES.starts(index)
        for cue in BIRTH_CUE_RE.finditer(seen) if cues is None else finditer_at(BIRTH_CUE_RE, seen, cues):
            s = self._cued(seen, cue.end())
            out += [s] if s else []
        return out

    def _cued(self, seen: str, at: int) -> Span | None:
        m = CUED_FIGURES_RE.match(seen, at)
        if m is not None:
            return self._span(m.start(), m.end(), int(m["day"]), _month(m["mon"]), _year(m["year"]), "birth")
        m = CUED_WORDS_RE.match(seen, at)
        if m is None:
            return None
        digits = spoken_digits(m.group(0))
        if len(digits) not in (6, 8):
            return None
        day, month, year = int(digits[:2]), int(digits[2:4]), _year(digits[4:])
        return self._span(m.start(), m.end(), day, month if 1 <= month <= 12 else None, year, "birth-words")
