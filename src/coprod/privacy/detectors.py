"""Pattern detectors for structured identifiers, each with the rule that validates it.

Every detector yields `Span`s (start, end, type, canonical value, detector name, confidence).
Checksums keep precision high: an NHS or CHI number must pass its check digit, a CHI number
must also start with a real date of birth, a postcode must follow Royal Mail's letter rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    canonical: str
    detector: str
    confidence: float


# ----------------------------------------------------------------------------- e-mail, URL
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"']+|"
    r"(?<![\w@.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org\.uk|gov\.uk|co\.uk|ac\.uk|nhs\.uk|scot|com|org|net)"
    r"(?:/[^\s<>\"']*)?(?![\w@])",
    re.I,
)


def emails(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "EMAIL", m.group(0).lower(), "pattern:email", 1.0)
        for m in EMAIL_RE.finditer(text)
    ]


def urls(text: str) -> list[Span]:
    out = []
    for m in URL_RE.finditer(text):
        end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip(".,;:)!?")))
        out.append(Span(m.start(), end, "URL", text[m.start() : end].lower(), "pattern:url", 0.95))
    return out


# ----------------------------------------------------------------------------- postcodes
# Royal Mail: outward code A9, A99, A9A, AA9, AA99, AA9A (+ inward 9AA); letters restricted by
# position (no Q/V/X first; no I/J/Z second; inward never C, I, K, M, O, V); GIR 0AA. Written in
# capitals or all in lower case ("eh1 2ab"), with a space, a hyphen or nothing between the halves.
POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR[ -]?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"(?:[ -]|  )?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.I,
)
ORDINAL_TAIL = re.compile(r"\d(?:st|nd|rd|th)$", re.I)  # "b2 4th" is no postcode
# Outward codes alone ("the EH10 area") count only with a postcode-area cue word after them.
OUTWARD_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?)(?= (?:area|postcode|district|patch))"
)


def _postcode(raw: str) -> str | None:
    """The canonical "EH1 2AB" of a matched postcode, or None for mixed case or an ordinal."""
    if not (raw.isupper() or raw.islower()) or (raw.islower() and ORDINAL_TAIL.search(raw)):
        return None
    code = re.sub(r"[ -]", "", raw).upper()
    return f"{code[:-3]} {code[-3:]}"


def postcodes(text: str) -> list[Span]:
    out = []
    for m in POSTCODE_RE.finditer(text):
        code = _postcode(m.group(0))
        if code:
            out.append(Span(m.start(), m.end(), "POSTCODE", code, "pattern:postcode", 0.95))
    for m in OUTWARD_RE.finditer(text):
        out.append(Span(m.start(), m.end(), "POSTCODE", m.group(0), "pattern:postcode-outward", 0.8))
    return out


# ----------------------------------------------------------------------------- phones
def is_phone(match: phonenumbers.PhoneNumberMatch) -> bool:
    """libphonenumber's VALID numbers, plus full-length UK numbers it calls merely possible
    (Ofcom's drama ranges, e.g. 07700 900xxx); short digit runs such as years are not phones."""
    if phonenumbers.is_valid_number(match.number):
        return True
    digits = re.sub(r"\D", "", match.raw_string)
    return len(digits) >= 10 and match.raw_string.lstrip("(").startswith(("0", "+44"))


def phones(text: str) -> list[Span]:
    out = []
    for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        if is_phone(m):
            e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            out.append(Span(m.start, m.end, "PHONE", e164, "pattern:phone", 0.9))
    return out


DIGIT_WORDS = {
    "oh": "0",
    "o": "0",
    "zero": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_DW = r"(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine)"
_DWX = rf"(?:(?:double|triple)\s+{_DW}|{_DW})"  # a digit word, possibly doubled/tripled
SPOKEN_RE = re.compile(rf"(?<!\w){_DWX}(?:[\s,.-]+{_DWX}){{5,}}(?!\w)", re.I)


def spoken_digits(phrase: str) -> str:
    words = re.findall(r"[a-z]+", phrase.lower())
    digits, repeat = [], 1
    for w in words:
        if w in ("double", "triple"):
            repeat = 2 if w == "double" else 3
            continue
        digits.append(DIGIT_WORDS[w] * repeat)
        repeat = 1
    return "".join(digits)


def spoken_phones(text: str) -> list[Span]:
    """Phone numbers read out as words ("oh seven seven oh oh, nine double oh, ...")."""
    out = []
    for m in SPOKEN_RE.finditer(text):
        digits = spoken_digits(m.group(0))
        if len(digits) >= 10 and digits.startswith("0"):
            out.append(Span(m.start(), m.end(), "PHONE", digits, "pattern:phone-spoken", 0.85))
    return out


# ----------------------------------------------------------------------------- NHS / CHI / NI
def mod11_check(digits: str) -> bool:
    """NHS/CHI mod-11: weights 10..2 on the first nine digits; 11 - r is the check (11 -> 0,
    10 -> invalid)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def luhn_check(digits: str) -> bool:
    """Mod-10 (Luhn) check, the scheme for CHI numbers issued since February 2026."""
    if not digits.isdigit():
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def chi_date_ok(digits: str) -> bool:
    """CHI numbers start with the date of birth as DDMMYY (any century)."""
    try:
        dt.date(2000 + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        try:  # 29 February in a 1900s leap year
            dt.date(1900 + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
        except ValueError:
            return False
    return True


# Ten digits as 3-3-4 or 6-4 (CHI: DDMMYY + 4) or DD-MM-YY-4, with one kind of separator: a
# space, dot, hyphen, en dash or slash ("943.476.5919", "120348-5735", "12-03-48-5735").
TEN_DIGITS_RE = re.compile(
    r"(?<![\d+])(?<!\d[./\-–])(?:\d{3}(?P<a>[ ./\-–]?)\d{3}(?P=a)\d{4}|\d{6}[ ./\-–]?\d{4}"
    r"|\d\d(?P<b>[ ./\-–])\d\d(?P=b)\d\d[ ./\-–]?\d{4})(?![\d]|[./\-–]\d)"
)


def health_numbers(text: str) -> list[Span]:
    """NHS numbers (3-3-4, mod-11) and CHI numbers (DDMMYY + 4, mod-11 or mod-10)."""
    out = []
    for m in TEN_DIGITS_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if mod11_check(digits):
            kind = "chi" if chi_date_ok(digits) else "nhs"
            out.append(Span(m.start(), m.end(), "ID_NUMBER", digits, f"pattern:{kind}-mod11", 0.95))
        elif chi_date_ok(digits) and luhn_check(digits):
            out.append(Span(m.start(), m.end(), "ID_NUMBER", digits, "pattern:chi-mod10", 0.85))
    return out


# National Insurance numbers: two prefix letters (not D, F, I, Q, U, V; second not O; some pairs
# never issued), three pairs of digits, suffix A-D; in capitals or lower case, spaced, dotted or
# hyphenated ("ab 12 34 56 c", "AB-12-34-56-C").
NINO_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][ .-]?[A-CEGHJ-NPR-TW-Z]"
    r"[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?[A-D](?![A-Za-z0-9])",
    re.I,
)
NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def ni_numbers(text: str) -> list[Span]:
    out = []
    for m in NINO_RE.finditer(text):
        raw = m.group(0)
        code = re.sub(r"[ .-]", "", raw).upper()
        letters = re.sub(r"[^A-Za-z]", "", raw)
        if code[:2] in NINO_NEVER or not (letters.isupper() or letters.islower()):
            continue
        out.append(Span(m.start(), m.end(), "ID_NUMBER", code, "pattern:nino", 0.95))
    return out


# ----------------------------------------------------------------------------- dates
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
MONTH_HINT_RE = re.compile(r"Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sep|Oct|Nov|Dec")
DATE_RES = [
    re.compile(rf"(?<!\w)(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?(?!\w)"),
    re.compile(rf"(?<!\w){_MON}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR})?(?!\w)"),
    re.compile(r"(?<![\w/])(?P<day>[0-3]?\d)/(?P<mon>[01]?\d)/(?P<year>(?:19|20)?\d\d)(?![\w/])"),
]


def _month_name(mon: str) -> str | None:
    if mon.isdigit():
        n = int(mon)
        return MONTHS[n - 1] if 1 <= n <= 12 else None
    return next((m for m in MONTHS if m.lower().startswith(mon.lower()[:3])), None)


def dates(text: str, mode: str = "month_year") -> list[Span]:
    """Full dates (a day and a month). The canonical value is what replaces them:
    'month_year' keeps month and year ("[March 2020]"), 'redact' gives "[Date]"."""
    out = []
    has_month = MONTH_HINT_RE.search(text) is not None
    for k, rx in enumerate(DATE_RES):
        if (k < 2 and not has_month) or (k == 2 and "/" not in text):
            continue  # month-name forms need a month; the numeric form needs a slash
        for m in rx.finditer(text):
            month = _month_name(m.group("mon"))
            day = int(m.group("day"))
            if month is None or not 1 <= day <= 31:
                continue
            year = m.group("year") or ""
            if len(year) == 2:
                year = "20" + year
            general = f"{month} {year}".strip() if mode == "month_year" else "Date"
            out.append(Span(m.start(), m.end(), "DATE", general, "pattern:date", 0.9))
    out.sort(key=lambda s: (s.start, -s.end))
    return [s for k, s in enumerate(out) if k == 0 or s.start >= out[k - 1].end]


# ----------------------------------------------------------------------------- addresses
STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Place|Crescent|Terrace|Court|Gardens|Square|Way|Wynd|"
    "Close|Row|Brae|Loan|Gate|Walk|View|Grove|Quay|Vennel|Parade|Circus|Mews|Green|Park|Hill"
)
ADDRESS_RE = re.compile(
    rf"(?<![\w/])(?:(?:Flat|Unit)\s+[\w/]+,?\s+)?\d{{1,4}}[A-Za-z]?(?:/\d+)?,?\s+"
    rf"(?:[A-Z][a-z'’]+\s+){{1,3}}(?:{STREET_TYPES})(?!\w)"
)


def addresses(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "ADDRESS", re.sub(r"\s+", " ", m.group(0)), "pattern:address", 0.9)
        for m in ADDRESS_RE.finditer(text)
    ]


DIGIT_RE = re.compile(r"\d")
URL_HINTS = ("www.", "http", ".uk", ".scot", ".com", ".org", ".net")
SPOKEN_HINTS = ("oh ", "zero", "double", "nought", "triple")


def pattern_hints(text: str) -> dict[str, bool]:
    """Which detector families could match anywhere in `text` (checked once for a whole batch)."""
    lower = text.lower()
    return {
        "email": "@" in text,
        "url": any(h in lower for h in URL_HINTS),
        "spoken": any(h in lower for h in SPOKEN_HINTS),
        "digit": DIGIT_RE.search(text) is not None,
    }


ALL_HINTS = {"email": True, "url": True, "spoken": True, "digit": True}


def all_patterns(text: str, date_mode: str = "month_year", hints: dict[str, bool] = ALL_HINTS) -> list[Span]:
    """Every pattern detector over one text; cheap substring hints skip detectors that cannot
    match (most interview turns hold no digit, '@' or web address). `hints` from a whole batch
    can rule families out before the per-text checks."""
    spans: list[Span] = []
    if hints["email"] and "@" in text:
        spans += emails(text)
    if hints["url"] and any(h in text for h in URL_HINTS):
        spans += urls(text)
    if hints["spoken"] and any(h in text.lower() for h in SPOKEN_HINTS):
        spans += spoken_phones(text)
    if hints["digit"] and DIGIT_RE.search(text):  # every other pattern (dates included) needs a digit
        spans += postcodes(text) + addresses(text) + dates(text, date_mode)
        digits = len(DIGIT_RE.findall(text))
        if digits >= 6:
            spans += ni_numbers(text)
        if digits >= 10:  # phone, NHS and CHI numbers have ten digits or more
            spans += phones(text) + health_numbers(text)
    return spans
