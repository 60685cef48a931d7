"""Dates tied to a life, with `deidentify.dates: all`: what the full-date patterns leave — years
("in 1957", "nineteen fifty three", "'61", "the year two thousand", "born in 29" after an
event of a life), decades ("the 70s", "1950s",
"the eighties"), a two-digit year said again just after it was found ("born in 27, I reckon
it was 27"), year ranges ("2003-2004", "2011-12"), months standing as dates ("in
September", "June 52", "the twelfth of may"), and named days and holidays
(`data/reference/cues/named_days.txt`, and `holidays.txt` after a time word: "at Christmas").

Years and decades become "[Year]", anything with a month or a day "[Date]". A number is no year
after a word such as "number" or "page", nor before a count or measure ("1975 people", "2000
pounds"; `cues/count_words.txt`) unless a strong time word comes first ("in 1975 people …"). A
round number ("2000", "over 1900") needs a strong time word ("in", "since", "by" …); a year said
"two thousand and five" or "twenty fifteen" a time word (`cues/year_cues.txt`); "May" and a
lower-case "march" a time word ("in", "since", "last" …) or a day or year with them. A month
alone with no time word is weak (0.75): a person found on the same word ("June said") wins. In
any other mode the recognizer finds nothing.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..reference import cue_words
from ..trie import trie_pattern
from .text_index import lowered

name = "life_dates"

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER_WORDS = frozenset(f"{_UNITS}|{_TEENS}|{_TENS}|hundred|thousand|oh|zero|and".split("|"))
_S = r"[ \t-]+"  # between the words of a number said aloud (never across a line)
# "nineteen fifty three", "nineteen oh five", "nineteen ten", "nineteen hundred (and six)"
# Each pattern starts with a literal or a digit (a look-behind first would make the scan try
# every position: several times slower); what may stand before a match is checked in `_free`.
NINETEEN_RE = re.compile(
    rf"nineteen{_S}(?:hundred(?:{_S}(?:and{_S})?(?:(?:{_TENS})(?:{_S}(?:{_UNITS}))?|{_TEENS}|{_UNITS}))?"
    rf"|(?:oh|o){_S}(?:{_UNITS})|(?:{_TENS})(?:{_S}(?:{_UNITS}))?|{_TEENS})(?![\w'’-])"
)
# "two thousand (and) five", "twenty fifteen", "twenty twenty one": only after a time word
MILLENNIUM_RE = re.compile(
    rf"tw(?:o{_S}thousand(?:{_S}(?:and{_S})?(?:twenty(?:{_S}(?:{_UNITS}))?|{_TEENS}|{_UNITS}))?"
    rf"|enty{_S}(?:{_TEENS}|twenty(?:{_S}(?:{_UNITS}))?))(?![\w'’-])"
)
NUMBER_BEFORE = "£$€#.,:/-"  # no year after these ("£1950", "12,1950", "1.1950")
YEAR_RE = re.compile(r"(?:19|20)\d\d(?!\d|[.,:/]\d|['’]?s\b|%)")
RANGE_RE = re.compile(r"(?P<a>(?:19|20)\d\d) ?[-–—/] ?(?P<b>(?:19|20)\d\d|\d\d)(?![\w%]|[.,:/-]\d)")
APOSTROPHE_YEAR_RE = re.compile(r"['’]\d\d(?![\w'’]|[.,]\d)")
# a bare two-digit year after an event of a life ("born in 29", "I joined up in 43", "married
# 52"): the verb says the number is a year, not an age or a count
LIFE_EVENT_YEAR_RE = re.compile(
    r"(?:born|married|wed|joined(?:[ \t]+up)?|enlisted|called[ \t]+up|conscripted|demobbed|demobili[sz]ed"
    r"|emigrated|retired|widowed)[ \t]+(?:in[ \t]+)?(?P<year>['’]?\d\d)(?![\w'’%]|[.,:]\d)"
)
# a found year's last two digits ("August 43", "born in 29", "'43"), said again nearby
TWO_DIGITS_END_RE = re.compile(r"(?<!\d)['’]?(\d\d)$")
AGAIN_WINDOW = 80
NUMBER_END_RE = re.compile(r"(?![\w'’%]|[.,:]\d)")
DECADE_RE = re.compile(r"\d0['’]?s(?![\w'’])")  # "70s", "'70s", "1950s", "1950's": the start in code
DECADE_WORDS_RE = re.compile(r"(?:twen|thir|for|fif|six|seven|eigh|nine)ties(?![\w'’-])")
# what makes "eighties" a decade rather than an age ("in her eighties"): "the" or "nineteen"
DECADE_LEAD_RE = re.compile(
    r"(?<![\w'’-])(?:(?P<the>the)[ \t]+(?:(?:early|mid|late)[ \t-]+)?|nineteen[ \t-]+)(?:nineteen[ \t-]+)?$"
)
_ORD = (
    r"(?:(?:twenty|thirty)[ \t-]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth|[0-3]?\d(?:st|nd|rd|th)"
)
MONTH_RE = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?![\w'’-])"
)
DAY_BEFORE_RE = re.compile(rf"(?:the[ \t]+)?(?:{_ORD})[ \t]+(?:of[ \t]+)?$")
DAY_AFTER_RE = re.compile(rf"[ \t]+(?:the[ \t]+)?(?:{_ORD}|[0-3]?\d)(?![\w'’]|[.,:]\d)")
TWO_DIGITS_AFTER_RE = re.compile(r",?[ \t]+['’]?\d\d(?![\w'’]|[.,:]\d)")
# a month then its year: "February 1963", "March, 1962", "april of nineteen fifty"
JOIN_RE = re.compile(r",?[ \t]+(?:of[ \t]+|in[ \t]+)?")
# a year cut off by a line end ("the twelfth of may nineteen" / "thirty one")
DANGLING_RE = re.compile(r"[ \t]+(?:nineteen|twenty)[ \t]*(?=\n|$)")
WORD_BEFORE_RE = re.compile(r"([\w.'’]+)[ \t]*$")
WORD_AFTER_RE = re.compile(r"[ \t]*([\w.'’]+)")
POSSESSIVES = frozenset("my his her their your our its one's".split())
# after "may": the modal verb's next words ("in may be", "of may have")
MODAL_NEXT = frozenset(
    "be have not well also just never still already even only as get go come take see do need".split()
)
# ASCII letters to lower case, nothing else: same length, and fast on any text (every word these
# rules read is ASCII in the folded view)
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# units after a bare two-digit number that make it a length of time or a count ("born 12 weeks early")
SPANS = frozenset("second seconds minute minutes hour hours day days week weeks".split()) | frozenset(
    "month months year years times others".split()
)
STRONG = frozenset("in since until till til 'til during year born from by".split())
# the time words that make "May" or a lower-case "march" a month ("in May"); not "of", "that",
# "this" ("sort of march", "this may help")
MONTH_CUES = frozenset("in since until till til 'til during from by early late mid last next".split())


def _words_re(phrases) -> re.Pattern | None:
    """The phrases as one trie regex, each with a space or a hyphen between its words and a
    straight, curly or no apostrophe ("new year's day", "new years day", "v-e day")."""
    forms: set[str] = set()
    for p in phrases:
        variants = [""]
        for k, word in enumerate(w for w in re.split(r"[ -]", p) if w):
            seps = [""] if k == 0 else [" ", "-"]
            spelt = {word.replace("'", a) for a in ("'", "’", "")}
            variants = [v + sep + w for v in variants for sep in seps for w in spelt]
        forms.update(variants)
    if not forms:
        return None
    return re.compile(rf"{trie_pattern(sorted(forms))}(?![\w'’-])")


class LifeDateRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self.on = settings.date_mode == "all"
        ref = settings.reference_dir
        self.cues = cue_words("year_cues", ref)
        self.counts = cue_words("count_words", ref)
        self.named = _words_re(cue_words("named_days", ref))
        self.holidays = _words_re(cue_words("holidays", ref))

    def _before(self, low: str, start: int, skip_the: bool = False) -> str:
        m = WORD_BEFORE_RE.search(low, max(0, start - 40), start)
        word = m.group(1) if m else ""
        if skip_the and word == "the" and m is not None:
            return self._before(low, m.start())
        return word

    def _after(self, low: str, end: int) -> str:
        m = WORD_AFTER_RE.match(low, end)
        return m.group(1).rstrip(".") if m else ""

    def _is_count(self, low: str, start: int, end: int) -> bool:
        """A number that counts or measures: after "number"/"page"…, or before "people",
        "pounds"… unless a strong time word comes first."""
        before = self._before(low, start)
        if before in self.counts or before.rstrip(".") in self.counts:
            return True
        return self._after(low, end) in self.counts and before not in STRONG

    def find(self, seen: str) -> list[Span]:
        if not self.on:
            return []
        low = lowered(seen)
        if len(low) != len(seen):  # a letter that lower-cases to two ("İ")
            low = seen.translate(ASCII_LOWER)
        spans: list[Span] = []
        years: list[tuple[int, int]] = []

        def add(a: int, b: int, label: str, detector: str, confidence: float = 0.9) -> None:
            spans.append(Span(a, b, "DATE", label, f"date:{detector}", confidence))

        for m in RANGE_RE.finditer(low):
            if not _free(low, m.start(), NUMBER_BEFORE):
                continue
            a, b = int(m.group("a")), m.group("b")
            second = int(b) if len(b) == 4 else a - a % 100 + int(b)
            if a < second <= a + 100 and not self._is_count(low, m.start(), m.end()):
                add(m.start(), m.end(), "Year", "year-range")
        for m in YEAR_RE.finditer(low):
            if not _free(low, m.start(), NUMBER_BEFORE) or self._is_count(low, m.start(), m.end()):
                continue
            if int(m.group(0)) % 100 == 0 and self._before(low, m.start()) not in STRONG:
                continue  # "2000", "over 1900" are round numbers unless "in", "since" … say a year
            years.append((m.start(), m.end()))
            add(m.start(), m.end(), "Year", "year")
        for m in NINETEEN_RE.finditer(low):
            if (
                not _free(low, m.start())
                or self._before(low, m.start()) in _NUMBER_WORDS
                or self._is_count(low, m.start(), m.end())
            ):
                continue  # "seventeen nineteen fifty": counting
            years.append((m.start(), m.end()))
            add(m.start(), m.end(), "Year", "year-words")
        for m in MILLENNIUM_RE.finditer(low):
            if not _free(low, m.start()):
                continue
            if self._before(low, m.start()) in self.cues and not self._is_count(low, m.start(), m.end()):
                years.append((m.start(), m.end()))
                add(m.start(), m.end(), "Year", "year-words")
        for m in APOSTROPHE_YEAR_RE.finditer(low):
            if not _free(low, m.start(), "'’"):
                continue
            years.append((m.start(), m.end()))
            add(m.start(), m.end(), "Year", "year")
        for m in LIFE_EVENT_YEAR_RE.finditer(low):
            a, b = m.span("year")
            if _free(low, m.start()) and not self._is_count(low, a, b) and self._after(low, b) not in SPANS:
                years.append((a, b))
                add(a, b, "Year", "life-event-year")
        for m in DECADE_RE.finditer(low):
            start = m.start()
            if low[max(0, start - 2) : start] in ("19", "20"):
                start -= 2  # "1950s"
            elif start and low[start - 1] in "'’":
                start -= 1  # "'70s"
            if _free(low, start, "'’£$€#.,") and self._before(low, start) not in POSSESSIVES:
                add(start, m.end(), "Year", "decade")  # not "in their 70s": an age
        for m in DECADE_WORDS_RE.finditer(low):
            lead = DECADE_LEAD_RE.search(low, max(0, m.start() - 40), m.start())
            if lead is not None and _free(low, m.start()):
                add(m.start() if lead.group("the") else lead.start(), m.end(), "Year", "decade")
        for m in MONTH_RE.finditer(low):
            if not _free(low, m.start()):
                continue
            span = self._month(seen, low, m, years)
            if span is not None:
                add(span[0], span[1], "Date", "month", span[2])
        if self.named is not None:
            for m in self.named.finditer(low):
                if _free(low, m.start()):
                    add(m.start(), m.end(), "Date", "named-day")
        if self.holidays is not None:
            for m in self.holidays.finditer(low):
                if _free(low, m.start()) and self._before(low, m.start(), skip_the=True) in self.cues:
                    add(m.start(), m.end(), "Date", "holiday")
        return _longest(spans + self._said_again(low, spans))

    def _said_again(self, low: str, spans: list[Span]) -> list[Span]:
        """A two-digit year said again close after it was found as one ("I joined up July 43
        … oh, August probably 43", "born in 27, I reckon it was 27"): the same bare number within
        AGAIN_WINDOW characters of the same line is the same year, not a count."""
        out: list[Span] = []
        for s in spans:
            two = TWO_DIGITS_END_RE.search(low, s.start, s.end)
            if two is None or two.end() != s.end:
                continue
            digits = two.group(1)
            stop = low.find("\n", s.end, s.end + AGAIN_WINDOW)
            stop = s.end + AGAIN_WINDOW if stop < 0 else stop
            at = low.find(digits, s.end, stop)
            while at >= 0:
                b = at + 2
                if (
                    _free(low, at, "'’-.,:/£$€#")
                    and NUMBER_END_RE.match(low, b)
                    and not self._is_count(low, at, b)
                    and self._after(low, b) not in SPANS
                ):
                    out.append(Span(at, b, "DATE", "Year", "date:year-again", 0.8))
                at = low.find(digits, b, stop)
        return out

    def _month(self, seen: str, low: str, m: re.Match, years: list[tuple[int, int]]):
        """The span of a month standing as a date, with its day and year, or None."""
        start, end = m.start(), m.end()
        word = m.group(0)
        day = False
        before = DAY_BEFORE_RE.search(low, max(0, start - 40), start)
        if before is not None:
            start, day = before.start(), True
        after = DAY_AFTER_RE.match(low, end)
        if after is not None:
            end, day = after.end(), True
        elif (two := TWO_DIGITS_AFTER_RE.match(low, end)) is not None:
            end, day = two.end(), True  # "June 52"
        join = JOIN_RE.match(low, end)
        year = next((y for y in years if join is not None and y[0] == join.end()), None)
        if year is not None:
            end = year[1]
        elif day and (dangling := DANGLING_RE.match(low, end)) is not None:
            end = dangling.end()
        dated = day or year is not None
        capital = seen[m.start()].isupper()
        cue = self._before(low, m.start()) in MONTH_CUES
        if word == "may":
            if not dated and not (cue and self._after(low, m.end()) not in MODAL_NEXT):
                return None  # the modal verb
        elif word == "march" and not (capital or dated or cue):
            return None  # "to march"
        # a month alone, with no time word, gives way to a person found there ("June said")
        return start, end, 0.9 if dated or cue else 0.75


def _free(low: str, start: int, also: str = "'’-") -> bool:
    """Nothing word-like right before `start`: no letter, digit or underscore, nor any of `also`."""
    if start == 0:
        return True
    c = low[start - 1]
    return not (c.isalnum() or c == "_" or c in also)


def _longest(spans: list[Span]) -> list[Span]:
    """Overlapping findings: the longest wins ("2011-12" over "2015")."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and s.start < out[-1].end:
            if s.end > out[-1].end and s.start == out[-1].start:
                out[-1] = s
            continue
        out.append(s)
    return out
