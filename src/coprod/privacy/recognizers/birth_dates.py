"""Full dates in the forms the pattern detectors leave (`coprod.privacy.detectors.dates`),
generalised by the study's date mode like any full date ("[February 1952]" with `month_year`,
"[Date]" with `redact` or `all`):

- a day, an abbreviated or full month name and a year joined by dashes, slashes or dots
  ("14-Feb-1952", "14/Feb/52", "3.Mar.1984");
- a date in US order, month first, where the day cannot be a month ("02/14/1952", "2/14/52",
  "7-25-1984": the second number is 13-31, so the reading is not in doubt; with dashes only
  with a four-digit year);
- a day, a month in Roman numerals and a four-digit year, the clinical notation ("12.iv.1962",
  "3/XI/1984"; the numerals in one case);
- a day and a month said as ordinals with a year ("the twelfth of the fourth, sixty-two", "the
  third of the eleventh 1984": "of the" and a month ordinal, first to twelfth);
- after a date-of-birth cue ("DOB", "d.o.b.", "date of birth", "born on", "birthday"):
  a day and a month in figures with a two-digit year however short ("14.2.52", "3/4/61", which
  the pattern detectors leave elsewhere as version numbers; "12.iv.62"), the ordinal form
  without a year ("born on the twelfth of the fourth"), or the date said in number words:
  digit by digit ("fourteen oh two fifty two": day, month, year) or as three numbers
  ("twelve four sixty-two", "twelve four nineteen sixty-two").

The day must exist in its month and year. A date that is already a pattern date is the
pattern detectors' (the analyzer resolves the overlap).
"""

from __future__ import annotations

import datetime as dt
import re

from ..detectors import (
    _ORD,
    _YEAR_WORDS,
    DIGIT_WORDS,
    MONTHS,
    ORDINALS,
    SPOKEN_WORD_RE,
    TEENS,
    TENS,
    Span,
    _cardinal,
    _spoken_year,
    spoken_digits,
)
from .text_index import CueWords, WordFilter, finditer_at, index_of, lowered

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
# "12.iv.1962", "3/XI/1984": a month in Roman numerals (one case), a four-digit year
_ROMAN = r"(?P<mon>i{1,3}|iv|vi{0,3}|ix|xi{0,2}|I{1,3}|IV|VI{0,3}|IX|XI{0,2})"
ROMAN_RE = re.compile(
    rf"(?=\d)(?<![\w./-])(?P<day>[0-3]?\d)(?P<s>[-/.]){_ROMAN}(?P=s)(?P<year>(?:19|20)\d\d)(?![\w]|[./-]\d)"
)
ROMAN_MONTHS = {r: k + 1 for k, r in enumerate("i ii iii iv v vi vii viii ix x xi xii".split())}
# "the twelfth of the fourth, sixty-two": an ordinal day, "of the" and an ordinal month, and a
# year in words ("sixty-two", "nineteen sixty-two") or figures; the year is optional only
# after a birth cue (`_cued`)
MONTH_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth",
    "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
)  # fmt: skip
_MONTH_ORD = rf"(?P<mord>{'|'.join(MONTH_ORDINAL_WORDS)})"
_TWO = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[ \t-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
)
ORDINAL_RE = re.compile(
    rf"(?i:(?:the )?{_ORD}[ \t]+of[ \t]+the[ \t]+{_MONTH_ORD}(?![\w'’-])"
    rf"(?P<when>[ \t]*,?[ \t]*(?:in[ \t]+)?"
    rf"(?:{_YEAR_WORDS}|(?P<two>{_TWO})|(?P<year>(?:19|20)\d\d|['’]\d\d))(?![\w'’-]))?)"
)
# "02/14/1952", "7-25-84": month first, a day of 13 or more
US_RE = re.compile(
    r"(?=\d)(?<![\w./-])(?P<mon>0?[1-9]|1[0-2])(?P<s>[-/])(?P<day>1[3-9]|2\d|3[01])(?P=s)"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\w]|[./-]\d)"
)
# After a birth cue: "14.2.52", "3/4/61", "14-2-1952"
CUED_FIGURES_RE = re.compile(
    rf"(?P<day>[0-3]?\d)(?P<s>[-/.])(?:(?P<mon>[01]?\d)|{_ROMAN.replace('mon', 'rom')})(?P=s)"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\w]|[./-]\d)"
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
# a cue that starts with a run "d" or "do" is "dob" spelt with dots or spaces between: in a text
# whose lower case holds none, only the runs that start with a cue word can start one (the
# frequent word "do" is then no start)
SPELT_DOB_RE = re.compile(r"d\.?[ \t]?o\.?[ \t]?b")
WORD_CUES = CueWords(["dob", "date", "born", "birth"])
# the ordinal scan at "the" before an ordinal day, or at the ordinal ("twenty-first": "twenty")
ORDINAL_CUES = CueWords(["the", *ORDINALS, "twenty", "thirty"])
# Every ordinal match holds "of the" and a month ordinal, each a whole word with only spaces or
# tabs between: on an ASCII text with no such three words in a row the scan can find nothing
# (most texts: "the" alone starts thousands of tries a pass)
_MONTH_ORDINAL_SET = frozenset(MONTH_ORDINAL_WORDS)
MONTH_ORDINALS = WordFilter(lambda w: w.lower() in _MONTH_ORDINAL_SET)


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
    if raw.lower() in ROMAN_MONTHS:
        return ROMAN_MONTHS[raw.lower()]
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
            for m in finditer_at(ROMAN_RE, seen, starts):
                s = self._span(m.start(), m.end(), int(m["day"]), _month(m["mon"]), _year(m["year"]), "roman")
                out += [s] if s else []
        if not seen.isascii() or _of_the_month(index):
            starts = ORDINAL_CUES.starts(index)
            for m in ORDINAL_RE.finditer(seen) if starts is None else finditer_at(ORDINAL_RE, seen, starts):
                s = self._ordinal(m) if m["when"] else None
                out += [s] if s else []
        cues = (CUES if SPELT_DOB_RE.search(lowered(seen)) else WORD_CUES).starts(index)
        for cue in BIRTH_CUE_RE.finditer(seen) if cues is None else finditer_at(BIRTH_CUE_RE, seen, cues):
            s = self._cued(seen, cue.end())
            out += [s] if s else []
        return _distinct(out)

    def _ordinal(self, m: re.Match) -> Span | None:
        """The date of an ORDINAL_RE match (its year, if any, in words or figures)."""
        day = sum(ORDINALS.get(w, TENS.get(w, 0)) for w in re.findall(r"[a-z]+", m["ord"].lower()))
        month = ORDINALS[m["mord"].lower()]
        if m["yw"]:
            year = int(_spoken_year(m["yw"]) or 0)
        elif m["two"]:
            year = _year(str(_cardinal(re.findall(r"[a-z]+", m["two"].lower()), 0)[0]))
        elif m["year"]:
            year = _year(m["year"].lstrip("'’"))
        else:
            year = 2000  # no year said (after a birth cue): any leap year checks the day
        span = self._span(m.start(), m.end(), day, month, year or 2000, "ordinal")
        if span is not None and not m["when"]:
            general = MONTHS[month - 1] if self.date_mode == "month_year" else "Date"
            span = Span(span.start, span.end, "DATE", general, span.detector, CONFIDENCE)
        return span

    def _cued(self, seen: str, at: int) -> Span | None:
        m = CUED_FIGURES_RE.match(seen, at)
        if m is not None:
            month = _month(m["mon"] or m["rom"])
            return self._span(m.start(), m.end(), int(m["day"]), month, _year(m["year"]), "birth")
        m = ORDINAL_RE.match(seen, at)
        if m is not None:
            return self._ordinal(m)
        m = CUED_WORDS_RE.match(seen, at)
        if m is None:
            return None
        digits = spoken_digits(m.group(0))
        if len(digits) in (6, 8):
            day, month, year = int(digits[:2]), int(digits[2:4]), _year(digits[4:])
        else:  # three numbers: "twelve four sixty-two", "twelve four nineteen sixty-two"
            said = _numbers(m.group(0))
            if len(said) == 4 and said[2] in (19, 20) and said[3] < 100:
                said = [said[0], said[1], said[2] * 100 + said[3]]
            if len(said) != 3 or not (10 <= said[2] < 100 or 1900 <= said[2] < 2100):
                return None
            day, month, year = said[0], said[1], _year(str(said[2]).zfill(2))
        return self._span(m.start(), m.end(), day, month if 1 <= month <= 12 else None, year, "birth-words")


def _of_the_month(index) -> bool:
    """Whether the (ASCII) text's words hold "of", "the" and a month ordinal in a row, any case."""
    found = MONTH_ORDINALS.among(index.distinct)
    if not found:
        return False
    words = index.words
    return any(
        k >= 2 and words[k - 1].lower() == "the" and words[k - 2].lower() == "of" for k in index.where(found)
    )


def _distinct(spans: list[Span]) -> list[Span]:
    """`spans` without repeats (a cued ordinal date is also one of the ordinal scan), in order."""
    seen: set[tuple[int, int]] = set()
    out = []
    for s in spans:
        if (s.start, s.end) not in seen:
            seen.add((s.start, s.end))
            out.append(s)
    return out


def _numbers(phrase: str) -> list[int]:
    """The numbers a run of number words says, each a number said as a number ("sixty-two") or
    one digit word: "twelve four sixty-two" -> [12, 4, 62]."""
    words = [w.lower() for w in SPOKEN_WORD_RE.findall(phrase) if w not in ",.;"]
    out, i = [], 0
    while i < len(words):
        number = _cardinal(words, i)
        if number is not None:
            out.append(number[0])
            i = number[1]
        elif words[i] in DIGIT_WORDS:
            out.append(int(DIGIT_WORDS[words[i]]))
            i += 1
        else:
            return []  # "and", "double": no plain list of numbers
    return out
