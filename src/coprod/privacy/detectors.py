"""Pattern detectors for structured identifiers, each with the rule that validates it.

Every detector yields `Span`s (start, end, type, canonical value, detector name, confidence).
Checksums keep precision high: an NHS or CHI number must pass its check digit, a CHI number
must also start with a real date of birth, a postcode must follow Royal Mail's letter rules.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from .normalise import view


@dataclass(frozen=True, init=False)
class Span:
    start: int
    end: int
    type: str
    canonical: str
    detector: str
    confidence: float

    def __init__(self, start: int, end: int, type: str, canonical: str, detector: str, confidence: float):
        # what the generated frozen __init__ does (one object.__setattr__ per field), in one
        # update of the instance's dict: half the cost, and detection makes thousands of spans
        self.__dict__.update(
            start=start, end=end, type=type, canonical=canonical, detector=detector, confidence=confidence
        )


# ----------------------------------------------------------------------------- e-mail, URL
# An e-mail address; a caption cue break may leave a space beside the "@" ("amit.sharma@ example.com")
# or after the last dot ("amit.sharma@example. com") once the cues are joined, or inside the local
# part after a dot or underscore ("amit.shar ma@example.com": a word with a dot or underscore
# inside, ending in a letter or digit, right before the address, is its start).
_TLD = r"(?:com|org|net|uk|scot|io|info|me|co|eu|ie|edu|gov)"
EMAIL_RE = re.compile(
    r"(?<![\w.+-])(?:[\w+-]+[._][\w.+-]*[\w+-] )?[\w.+-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    rf"(?:\.[A-Za-z0-9-]+|\. {_TLD}(?![\w.]))"
)
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"']+|"
    r"(?<![\w@.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org\.uk|gov\.uk|co\.uk|ac\.uk|nhs\.uk|scot|com|org|net)"
    r"(?:/[^\s<>\"']*)?(?![\w@])",
    re.I,
)


def emails(text: str) -> list[Span]:
    """E-mail addresses, looked for around each "@" (a scan of the whole text for a local part
    would try every word)."""
    out: list[Span] = []
    at = text.find("@")
    while at >= 0:
        for m in EMAIL_RE.finditer(text, max(0, at - 100), min(len(text), at + 150)):
            if m.start() <= at < m.end() and (not out or m.start() >= out[-1].end):
                out.append(
                    Span(
                        m.start(), m.end(), "EMAIL", m.group(0).replace(" ", "").lower(), "pattern:email", 1.0
                    )
                )
        at = text.find("@", at + 1)
    return out


URL_LOWER_RE = re.compile(URL_RE.pattern)  # the same pattern, case-sensitive, for lower-cased text
URL_ANCHOR_RE = re.compile(r"https?://|www\.|\.(?:uk|scot|com|org|net)\b")  # on lower-cased text


def urls(text: str) -> list[Span]:
    """Web addresses, looked for around each scheme, "www." or known ending (the address regex
    over every word of a long turn is slow)."""
    out: list[Span] = []
    lower = text.lower()
    rx = URL_LOWER_RE if len(lower) == len(text) else URL_RE
    src = lower if rx is URL_LOWER_RE else text
    for anchor in URL_ANCHOR_RE.finditer(lower if rx is URL_LOWER_RE else text.lower()):
        a = anchor.start()
        if out and a < out[-1].end:
            continue
        for m in rx.finditer(src, max(0, a - 120), min(len(src), a + 400)):
            if m.start() <= a < m.end() and (not out or m.start() >= out[-1].end):
                end = m.end() - (len(m.group(0)) - len(m.group(0).rstrip(".,;:)!?")))
                out.append(Span(m.start(), end, "URL", text[m.start() : end].lower(), "pattern:url", 0.95))
                break
    return out


# Contacts said aloud: "amit dot sharma at example dot com", "example dot co dot uk",
# "call underscore name" (a user name).
_SAY_TLD = r"(?:com|org|net|scot|io|info|(?:co|org|ac|nhs|gov)\s+dot\s+uk)"
_SAY_PART = r"[a-z0-9][a-z0-9'-]*"
# a number said after the local part ("anyname dot roe seventy at ..."), its digits part of it
_SAY_NUMBER = (
    r"(?:oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|double|triple|treble|\d+)"
)
SPOKEN_EMAIL_RE = re.compile(
    rf"(?<![\w'’-])(?P<local>{_SAY_PART}(?:\s+(?:dot|underscore|dash|hyphen)\s+{_SAY_PART})*)"
    rf"(?P<number>(?:\s+{_SAY_NUMBER}){{1,4}}(?=\s+(?:at|\(at\)|\[at\])\s))?"
    rf"\s+(?:at|\(at\)|\[at\])\s+(?P<domain>{_SAY_PART}(?:\s+dot\s+{_SAY_PART})*?\s+dot\s+{_SAY_TLD})(?![\w'’-])",
    re.I,
)
SPOKEN_URL_RE = re.compile(
    rf"(?<![\w'’-]){_SAY_PART}(?:\s+dot\s+{_SAY_PART})*?\s+dot\s+{_SAY_TLD}(?![\w'’-])", re.I
)
SPOKEN_HANDLE_RE = re.compile(rf"(?<![\w'’-]){_SAY_PART}(?:\s+underscore\s+{_SAY_PART})+(?![\w'’-])", re.I)


def _said(phrase: str) -> str:
    out = re.sub(r"\s+dot\s+", ".", phrase.lower())
    out = re.sub(r"\s+underscore\s+", "_", out)
    return re.sub(r"\s+(?:dash|hyphen)\s+", "-", out)


def spoken_contacts(text: str) -> list[Span]:
    """E-mail addresses, web addresses and user names read out in words. A one-word local part
    that is an ordinary English word ("looked at nhs dot scot") is no address."""
    from .names import english_words

    common = english_words()
    out: list[Span] = []
    for m in SPOKEN_EMAIL_RE.finditer(text):
        local = m.group("local")
        if " " not in local and local.lower() in common:
            start = m.start("domain")
            out.append(Span(start, m.end(), "URL", _said(m.group("domain")), "pattern:url-spoken", 0.85))
            continue
        if m.group("number"):
            said = m.group("number")
            local += said if said.strip().isdigit() else " " + spoken_digits(said)
        value = f"{_said(local).replace(' ', '')}@{_said(m.group('domain'))}"
        out.append(Span(m.start(), m.end(), "EMAIL", value, "pattern:email-spoken", 0.9))
    taken = [(s.start, s.end) for s in out]
    for rx, kind, det in (
        (SPOKEN_URL_RE, "URL", "pattern:url-spoken"),
        (SPOKEN_HANDLE_RE, "EMAIL", "pattern:handle-spoken"),
    ):
        for m in rx.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append(Span(m.start(), m.end(), kind, _said(m.group(0)), det, 0.85))
                taken.append((m.start(), m.end()))
    return out


# A word spelt out letter by letter ("A-M-I-T", "A.M.I.T.", "A. M. I. T.", "a m i t"): four or
# more single letters with one kind of separator, all capitals or all lower case. Letters
# separated by spaces are how captions write acronyms ("D P I A", "G D P R"), so a spaced run in
# capitals counts only after a spelling cue ("spelt", "spelled", "spell it"), or when its letters
# are a listed first name or surname ("O K O N J O": no acronym). Kept: ordinary words spelt for
# emphasis, known acronyms (computing list, technology terms, UK public bodies), alphabet runs
# ("A B C D").
SPELT_RE = re.compile(
    r"(?<![\w.'’-])[A-Za-z](?P<sep>\. |[-. ])[A-Za-z](?:(?P=sep)[A-Za-z]){2,}\.?(?![\w'’-])"
)
SPELLING_CUE_RE = re.compile(r"(?i:\bspel(?:t|led|ling|l)\b[^.?!]{0,30}$)")
PUBLIC_ACRONYMS = frozenset(
    "nhse camhs hscp cosla scvo hmrc dvla rnib rnli nspcc sssc nhsggc ahps snap nhsi unison".split()
)


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Lower-case letters-only forms that a spelt run may legitimately form: English words,
    computing acronyms, technology terms ("TF-IDF" -> "tfidf") and UK public bodies."""
    from .names import REFERENCE_DIR, english_words

    words = set(english_words()) | PUBLIC_ACRONYMS
    words |= {a.casefold() for a in english_words(name="computing_acronyms.txt")}
    path = REFERENCE_DIR / "technology_terms.csv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            words.add(re.sub(r"[^a-z]", "", line.split(",")[0].casefold()))
    return frozenset(words)


def _listed_name(low: str) -> bool:
    """A lower-case form that is in the first-name or surname lists."""
    from .reference import REFERENCE_DIR, folded_names

    first, last = folded_names(str(REFERENCE_DIR))
    return low in first or low in last


def spelt_words(text: str) -> list[Span]:
    out = []
    for m in SPELT_RE.finditer(text):
        raw = m.group(0).rstrip(".")
        letters = re.sub(r"[-. ]", "", raw)
        if not (letters.isupper() or letters.islower()):
            continue
        low = letters.lower()
        if (
            m.group("sep") == " "
            and letters.isupper()
            and not SPELLING_CUE_RE.search(text, 0, m.start())
            and not _listed_name(low)
        ):
            continue  # "D P I A": an acronym as captions write it
        if all(ord(b) - ord(a) == 1 for a, b in zip(low, low[1:], strict=False)):
            continue  # "a b c d": a list, not a name
        if low in _known_words() or low.rstrip("s") in _known_words():
            continue
        out.append(Span(m.start(), m.start() + len(raw), "PERSON", letters.title(), "pattern:spelt", 0.85))
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
POSTCODE_UPPER_RE = re.compile(POSTCODE_RE.pattern)
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


# The inward code ("2AB") anchors the postcode search: a digit then two letters is rare in speech.
INWARD_RE = re.compile(r"\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![A-Za-z0-9])")


OUTWARD_CUE_RE = re.compile(r" (?:area|postcode|district|patch)")


def postcodes(text: str) -> list[Span]:
    out: list[Span] = []
    for inward in INWARD_RE.finditer(text):
        b = inward.end()
        for m in POSTCODE_RE.finditer(text, max(0, b - 10), b):
            if m.end() == b and (not out or m.start() >= out[-1].end):
                code = _postcode(m.group(0))
                if code:
                    out.append(Span(m.start(), m.end(), "POSTCODE", code, "pattern:postcode", 0.95))
                break
    for cue in OUTWARD_CUE_RE.finditer(text):  # "the EH10 area": found back from the cue word
        for m in OUTWARD_RE.finditer(text, max(0, cue.start() - 5), cue.end()):
            out.append(Span(m.start(), m.end(), "POSTCODE", m.group(0), "pattern:postcode-outward", 0.8))
    return out


# A postcode said aloud: "E H one two A B", "G twelve, eight Q Q".
_PC_WORD = r"(?:[A-Z]|\d|(?i:oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_PC_WORD += r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))"
SPOKEN_POSTCODE_RE = re.compile(rf"(?<![\w'’-])[A-Z](?:[ ,-]+{_PC_WORD}){{4,7}}(?![\w'’-])")
_PC_VALUES = {
    "oh": "0", "zero": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20",
}  # fmt: skip


def spoken_postcodes(text: str) -> list[Span]:
    out = []
    for m in SPOKEN_POSTCODE_RE.finditer(text):
        tokens = re.findall(r"[A-Za-z]+|\d", m.group(0))
        # the longest run of tokens from the start that reads as a whole postcode
        for n in range(len(tokens), 4, -1):
            code = "".join(t if len(t) == 1 else _PC_VALUES.get(t.lower(), "?") for t in tokens[:n])
            if POSTCODE_RE.fullmatch(code) and code.isupper():
                end = (
                    m.start() + re.search(r"[ ,-]+".join(re.escape(t) for t in tokens[:n]), m.group(0)).end()
                )
                out.append(
                    Span(
                        m.start(),
                        end,
                        "POSTCODE",
                        f"{code[:-3]} {code[-3:]}",
                        "pattern:postcode-spoken",
                        0.85,
                    )
                )
                break
    return out


# ----------------------------------------------------------------------------- phones
def is_phone(match: phonenumbers.PhoneNumberMatch) -> bool:
    """libphonenumber's VALID numbers, plus full-length UK numbers it calls merely possible
    (Ofcom's drama ranges, e.g. 07700 900xxx), written nationally ("07700 …"), with "+44",
    or with the country code but no "+" ("0044 7700 …", "44 7700 …"); short digit runs such as
    years are not phones."""
    if phonenumbers.is_valid_number(match.number):
        return True
    raw = match.raw_string.lstrip("(")
    digits = re.sub(r"\D", "", raw)
    if match.number.country_code != 44 or len(digits) < 10:
        return False
    return raw.startswith(("0", "+44")) or (
        digits.startswith("44") and len(str(match.number.national_number)) == 10
    )


# Ten or more digits in one run, with the separators phone numbers are written with.
PHONE_HINT_RE = re.compile(r"\d(?:[ ().\-–/]{0,3}\d){9,}")


def phones(text: str) -> list[Span]:
    """libphonenumber's matcher, run on a window around each run of ten or more digits (its
    own scan of a long turn is the slowest step of the pattern detectors)."""
    out: list[Span] = []
    windows: list[list[int]] = []
    for run in PHONE_HINT_RE.finditer(text):
        a, b = max(0, run.start() - 40), min(len(text), run.end() + 40)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    for a, b in windows:
        while a > 0 and not text[a - 1].isspace():  # start and end on word boundaries
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        for m in phonenumbers.PhoneNumberMatcher(text[a:b], "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            if is_phone(m) and (not out or a + m.start >= out[-1].end):
                e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
                out.append(Span(a + m.start, a + m.end, "PHONE", e164, "pattern:phone", 0.9))
    return out


# Numbers read out in words. A phone is read digit by digit ("oh seven seven oh oh"), with
# repeats ("double oh", "treble five"), pairs ("seventy seven"), hundreds ("nine hundred") and
# sometimes a whole group as a number ("ninety thousand two hundred and eleven"); each piece
# gives its digits in turn.
DIGIT_WORDS = {
    "oh": "0", "o": "0", "zero": "0", "nought": "0", "nil": "0",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
REPEATS = {"double": 2, "triple": 3, "treble": 3}
_NUMBER_WORDS = "|".join(
    sorted([*DIGIT_WORDS, *TEENS, *TENS, *REPEATS, "hundred", "thousand"], key=len, reverse=True)
)
_NW = rf"(?:{_NUMBER_WORDS})"
_NSEP = r"(?:[\s,.]+|\s*-\s*|\s+and\s+)"
SPOKEN_RE = re.compile(rf"\b{_NW}(?:{_NSEP}{_NW}){{4,}}(?![\w'’])")  # run on lower-cased text
SPOKEN_WORD_RE = re.compile(rf"{_NW}|and|[,.;]", re.I)  # a comma ends a number said as a number


def _cardinal(words: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) of a number said as a number from words[i] ("two hundred and
    eleven", "ninety thousand", "seventy seven"), or None where words[i] starts no such number."""
    total, cur, last, j, end = 0, 0, "", i, i
    while j < len(words):
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else ""
        if (
            w in DIGIT_WORDS
            and DIGIT_WORDS[w] != "0"
            and (last in ("", "and", "tens") or (last == "thousand" and nxt == "hundred"))
        ):  # "nine hundred one two three" is 900 123; "nine hundred and one" is 901
            cur += int(DIGIT_WORDS[w])
            last = "unit"
        elif w in TEENS and last in ("", "and", "hundred"):
            cur += TEENS[w]
            last = "unit"
        elif w in TENS and last in ("", "and", "hundred"):
            cur += TENS[w]
            last = "tens"
        elif w == "hundred" and last in ("unit", "tens") and 0 < cur % 1000 < 100:
            cur = cur - cur % 1000 + (cur % 1000) * 100
            last = "hundred"
        elif w == "thousand" and last in ("unit", "tens", "hundred") and total == 0:
            total, cur = (total + cur) * 1000, 0
            last = "thousand"
        elif w == "and" and last in ("hundred", "thousand"):
            last = "and"
            j += 1
            continue
        else:
            break
        j += 1
        end = j
    if end == i or (last == "unit" and end == i + 1 and words[i] in DIGIT_WORDS):
        return None  # a lone digit word is read as a digit
    return total + cur, end


def spoken_digits(phrase: str) -> str:
    """The digits a run of number words says, each piece in turn: "oh seven seven double oh" ->
    "07700", "nine hundred" -> "900", "seventy seven" -> "77"."""
    words = [w.lower() for w in SPOKEN_WORD_RE.findall(phrase)]
    digits, i = [], 0
    while i < len(words):
        w = words[i]
        if w in REPEATS and i + 1 < len(words) and words[i + 1] in DIGIT_WORDS:
            digits.append(DIGIT_WORDS[words[i + 1]] * REPEATS[w])
            i += 2
            continue
        number = _cardinal(words, i)
        if number is not None:
            digits.append(str(number[0]))
            i = number[1]
            continue
        if w in DIGIT_WORDS:
            digits.append(DIGIT_WORDS[w])
        i += 1  # a stray "and", comma or repeat word says no digit
    return "".join(digits)


# An identifier cue before a number said in words: "my patient number is ninety thousand …"
ID_CUE_RE = re.compile(
    r"(?:number|no\.?|ID|reference|ref|account|code|PIN|extension|ext\.?|CHI|NHS)(?:\s+(?:is|was|it's))?[\s:,]+$",
    re.I,
)


def spoken_phones(text: str) -> list[Span]:
    """Phone numbers read out as words ("oh seven seven oh oh, nine double oh, ..."), NHS and CHI
    numbers (ten digits with a valid check digit), and other numbers of five digits or more
    said in words right after an identifier cue ("number", "ref", "CHI", ...)."""
    out = []
    for m in SPOKEN_RE.finditer(_lower(text)):
        if m.start() and text[m.start() - 1] in "'’":
            continue  # "o'clock", "'one'"
        digits = spoken_digits(m.group(0))
        if len(digits) >= 10 and digits.startswith(("0", "44")):
            out.append(Span(m.start(), m.end(), "PHONE", digits, "pattern:phone-spoken", 0.85))
        elif len(digits) == 10 and (mod11_check(digits) or (chi_date_ok(digits) and luhn_check(digits))):
            # an NHS or CHI number read out ("one two oh four six two, five four three, three"):
            # its check digit is the evidence, as for the written forms (`health_numbers`)
            out.append(Span(m.start(), m.end(), "ID_NUMBER", digits, "pattern:health-number-spoken", 0.9))
        elif len(digits) >= 5 and ID_CUE_RE.search(text, max(0, m.start() - 30), m.start()):
            out.append(Span(m.start(), m.end(), "ID_NUMBER", digits, "pattern:number-spoken", 0.85))
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
# space, dot, hyphen, en dash or slash ("943.476.5919", "120348-5735", "12-03-48-5735"), or read
# out digit by digit ("9 4 3 4 7 6 5 9 1 9", one separator, no eleventh digit after it).
# Every form starts with a digit, so the first digit is matched first and the look-behinds
# follow it (each one character longer): a pattern that starts with a character class is scanned
# by skipping to the next digit, one that starts with a look-behind is tried at every position
# (about ten times slower over a turn; the same matches, `tests/test_patterns_structured.py`).
TEN_DIGITS_RE = re.compile(
    r"\d(?<![\d+]\d)(?<!\d[./\-–]\d)(?:\d\d(?P<a>[ ./\-–]?)\d{3}(?P=a)\d{4}|\d{5}[ ./\-–]?\d{4}"
    r"|\d(?P<b>[ ./\-–])\d\d(?P=b)\d\d[ ./\-–]?\d{4}"
    r"|(?<!\d \d)(?P<c>[ .\-])\d(?:(?P=c)\d){8}(?!(?P=c)\d))(?![\d]|[./\-–]\d)"
)


def health_numbers(text: str) -> list[Span]:
    """NHS numbers (3-3-4, mod-11) and CHI numbers (DDMMYY + 4, mod-11 or mod-10)."""
    out = []
    for m in TEN_DIGITS_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if mod11_check(digits):
            kind = "community-health-index" if chi_date_ok(digits) else "nhs"
            out.append(Span(m.start(), m.end(), "ID_NUMBER", digits, f"pattern:{kind}-mod11", 0.95))
        elif chi_date_ok(digits) and luhn_check(digits):
            label = "pattern:community-health-index-luhn"
            out.append(Span(m.start(), m.end(), "ID_NUMBER", digits, label, 0.85))
    return out


# National Insurance numbers: two prefix letters (not D, F, I, Q, U, V; second not O; some pairs
# never issued), three pairs of digits, suffix A-D; in capitals or lower case, spaced, dotted or
# hyphenated ("ab 12 34 56 c", "AB-12-34-56-C"); in mixed case ("Ab-12-34-56-C", as a phone's
# keyboard capitalises) only with one separator between every group, the printed shape, or
# with only the first letter and the suffix in capitals ("Ab 123456 C").
NINO_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][ .-]?[A-CEGHJ-NPR-TW-Z]"
    r"[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?[A-D](?![A-Za-z0-9])",
    re.I,
)
NINO_NEVER = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}
NINO_DIGITS_RE = re.compile(r"\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?[A-Da-d](?![A-Za-z0-9])")
NINO_GROUPED_RE = re.compile(r"^[A-Za-z]{2}([ .-])\d{2}\1\d{2}\1\d{2}\1[A-Da-d]$")


def ni_numbers(text: str) -> list[Span]:
    out: list[Span] = []
    for digits in NINO_DIGITS_RE.finditer(text):  # found from the digits (rare) back to the letters
        m = NINO_RE.search(text, max(0, digits.start() - 5), digits.end())
        if m is None or (out and m.start() < out[-1].end):
            continue
        raw = m.group(0)
        code = re.sub(r"[ .-]", "", raw).upper()
        letters = re.sub(r"[^A-Za-z]", "", raw)
        grouped = NINO_GROUPED_RE.match(raw) is not None
        # "Ty 432109 A": the phone's capital on the first letter only, the suffix typed as a capital
        keyboard = len(letters) == 3 and letters[0] + letters[2] == (letters[0] + letters[2]).upper()
        keyboard = keyboard and letters[1].islower()
        if code[:2] in NINO_NEVER or not (letters.isupper() or letters.islower() or grouped or keyboard):
            continue
        out.append(Span(m.start(), m.end(), "ID_NUMBER", code, "pattern:national-insurance", 0.95))
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
_MON_DOT = rf"{_MON}\.?"  # "Mar. 7th"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# A year: four digits, or two after an apostrophe ('84), or two right after a month-name date
# and before punctuation or the end ("7 Mar 84."; not "7 March 84 people").
_YEAR = r"(?P<year>(?:19|20)\d\d|['’]\d\d|\d\d(?=\s*(?:[,.;:!?)]|$)))"
MONTH_HINT_RE = re.compile(r"Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sep|Oct|Nov|Dec")
MONTH_TOKEN_RE = re.compile(_MON)  # no \b: a leading class keeps the scan fast; the date regex checks
# "7.3.1984", "1984-03-", "07-03-84": every form starts with a digit, matched first (one
# character class to skip to, instead of three alternatives tried at every position)
NUMERIC_DATE_HINT_RE = re.compile(
    r"\d(?:[.-]\d\d?[.-](?:19|20)\d\d|(?<=1)9\d\d[-./][01]?\d[-./]|(?<=2)0\d\d[-./][01]?\d[-./]"
    r"|\d[.-][01]\d[.-]\d\d(?![\d]))"
)
_YEAR_WORDS = (
    r"(?P<yw>(?:nineteen|twenty)[\s-]+(?:(?:oh|o)[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)"
    r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"|two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]+(?:one|two|three|four|five))?))?)"
)
DATE_RES = [
    # "3rd March 2020", "the 3rd of March, nineteen eighty four"
    re.compile(
        rf"(?<!\w)(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON_DOT}(?:,?\s+(?:{_YEAR}|(?i:{_YEAR_WORDS})))?(?!\w)"
    ),
    re.compile(rf"(?<!\w){_MON_DOT}\s+(?:the\s+)?{_DAY}(?:,?\s+(?:{_YEAR}|(?i:{_YEAR_WORDS})))?(?!\w)"),
    # 03/04/2021, 3/4/21
    re.compile(r"(?<![\w/])(?P<day>[0-3]?\d)/(?P<mon>[01]?\d)/(?P<year>(?:19|20)?\d\d)(?![\w/])"),
    # 07.03.1984, 07-03-1984 (a four-digit year: "2.3.12" is a version number)
    re.compile(
        r"(?<![\w./-])(?P<day>[0-3]?\d)(?P<s>[.-])(?P<mon>[01]?\d)(?P=s)(?P<year>(?:19|20)\d\d)(?![\w]|[./-]\d)"
    ),
    # 07.03.84, 07-03-84: a two-digit year only with a two-digit day and month (so "2.3.12",
    # a version number, is left)
    re.compile(r"(?<![\w./-])(?P<day>[0-3]\d)(?P<s>[.-])(?P<mon>[01]\d)(?P=s)(?P<year>\d\d)(?![\w]|[./-]\d)"),
    # ISO 1984-03-07 (also with dots or slashes)
    re.compile(
        r"(?<![\w./-])(?P<year>(?:19|20)\d\d)(?P<s>[-./])(?P<mon>[01]?\d)(?P=s)(?P<day>[0-3]?\d)(?![\w]|[./-]\d)"
    ),
]
# Dates said in words: "the seventh of March nineteen eighty four", "March the 7th, two thousand and one"
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_ORD = (
    r"(?P<ord>(?:(?:twenty|thirty)[\s-]+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
    r"|twentieth|thirtieth)"
)
_MONTH_FULL = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)"
)
_SPOKEN_YEAR = rf"(?:,?\s+(?:in\s+)?(?:{_YEAR_WORDS}|(?P<year>(?:19|20)\d\d)))?"
SPOKEN_DATE_RES = [
    re.compile(rf"(?<!\w)(?:[Tt]he\s+)?(?i:{_ORD})\s+(?:of\s+)?{_MONTH_FULL}(?i:{_SPOKEN_YEAR})(?!\w)"),
    re.compile(rf"(?<!\w){_MONTH_FULL}\s+(?:the\s+)?(?i:{_ORD}{_SPOKEN_YEAR})(?!\w)"),
]


def _month_name(mon: str) -> str | None:
    if mon.isdigit():
        n = int(mon)
        return MONTHS[n - 1] if 1 <= n <= 12 else None
    return next((m for m in MONTHS if m.lower().startswith(mon.lower()[:3])), None)


def _full_year(year: str) -> str:
    """A written year as four digits; two digits ('84, 21) are read as 19xx above 30, else 20xx
    (a date of birth in 1984, an interview in 2021)."""
    year = year.lstrip("'’")
    if len(year) == 2:
        return f"{19 if int(year) > 30 else 20}{year}"
    return year


def _spoken_year(words: str) -> str:
    w = re.findall(r"[a-z]+", words.lower())
    if w[:2] == ["two", "thousand"]:
        rest = [x for x in w[2:] if x != "and"]
        number = _cardinal(rest, 0) if rest else (0, 0)
        return str(2000 + (number[0] if number else int(DIGIT_WORDS.get(rest[0], "0"))))
    century = 19 if w[0] == "nineteen" else 20
    rest = w[1:]
    if rest[:1] in (["oh"], ["o"]):
        return f"{century}0{DIGIT_WORDS[rest[1]]}"
    number = _cardinal(rest, 0)
    return f"{century}{number[0]:02d}" if number else ""


def _day_ok(day: int, month: str, year: str) -> bool:
    try:
        dt.date(int(year) if year else 2000, MONTHS.index(month) + 1, day)  # 2000: 29 February is a day
    except ValueError:
        return False
    return True


def dates(text: str, mode: str = "month_year") -> list[Span]:
    """Full dates (a day and a month), written in figures (3rd March 2020, Mar. 7th, 1984,
    03/04/2021, 07.03.1984, 07-03-84, 1984-03-07, 7 Mar '84) or said in words (the seventh of March
    nineteen eighty four). The canonical value is what replaces them: 'month_year' keeps month
    and year ("[March 2020]"), 'redact' gives "[Date]"."""
    out = []
    numeric = NUMERIC_DATE_HINT_RE.search(text) is not None
    found: list[tuple[int, re.Match]] = []
    for mon in MONTH_TOKEN_RE.finditer(text):  # month-name forms, looked for around each month
        a, b = mon.start(), mon.end()
        for k, m in (
            (0, DATE_RES[0].search(text, max(0, a - 20), min(len(text), b + 48))),
            (1, DATE_RES[1].match(text, a, min(len(text), b + 60))),
        ):
            if m is not None and m.start("mon") == a:
                found.append((k, m))
    for k, rx in enumerate(DATE_RES[2:], start=2):
        if (k == 2 and "/" not in text) or (k > 2 and not numeric):
            continue  # the numeric forms need a slash, or a dot or dash before a year
        found += [(k, m) for m in rx.finditer(text)]
    for k, m in found:
        month = _month_name(m.group("mon"))
        day = int(m.group("day"))
        year = _full_year(m.group("year") or "")
        if not year and m.groupdict().get("yw"):
            year = _spoken_year(m.group("yw"))
        if month is None or not 1 <= day <= 31 or (k >= 3 and not _day_ok(day, month, year)):
            continue
        general = f"{month} {year}".strip() if mode == "month_year" else "Date"
        out.append(Span(m.start(), m.end(), "DATE", general, "pattern:date", 0.9))
    out.sort(key=lambda s: (s.start, -s.end))
    return [s for k, s in enumerate(out) if k == 0 or s.start >= out[k - 1].end]


MONTH_WORD_RE = re.compile(rf"\b{_MONTH_FULL}\b")


def spoken_dates(text: str, mode: str = "month_year") -> list[Span]:
    """Dates said in words: an ordinal day and a month, with the year in words or figures.
    Found from each month name outwards (a month scan is cheap; an ordinal scan is not)."""
    out = []
    for month_match in MONTH_WORD_RE.finditer(text):
        a, b = month_match.start(), month_match.end()
        found = [
            SPOKEN_DATE_RES[0].search(text, max(0, a - 40), min(len(text), b + 60)),
            SPOKEN_DATE_RES[1].match(text, a, min(len(text), b + 90)),
        ]
        for m in found:
            if m is None or not m.start() <= a < m.end():
                continue
            month = _month_name(m.group("mon"))
            ordinal = re.findall(r"[a-z]+", m.group("ord").lower())
            day = sum(ORDINALS.get(w, TENS.get(w, 0)) for w in ordinal)
            year = m.group("year") or (_spoken_year(m.group("yw")) if m.group("yw") else "")
            if month is None or not _day_ok(day, month, year):
                continue
            general = f"{month} {year}".strip() if mode == "month_year" else "Date"
            out.append(Span(m.start(), m.end(), "DATE", general, "pattern:date-spoken", 0.9))
            break
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


# A house number in words before a street ("forty eight Thornhill Road"): two or more number
# words, or one after "at" / "number" ("at six Mill Lane"); "three Park Road residents" is a count.
_HOUSE_WORDS = "|".join(
    sorted(
        [*(w for w, d in DIGIT_WORDS.items() if d != "0"), *TEENS, *TENS, "hundred"], key=len, reverse=True
    )
)
# Found from the street word back (a literal scan is cheap; a number-word scan of every turn
# is not): the number words, then one to three capitalised words, then the street type.
STREET_WORD_RE = re.compile(rf" (?=[A-Z])(?:{STREET_TYPES})\b")
# In lower-case speech-recognition text the street word is the evidence: only the words that
# name nothing but a street ("road", not "way", "park" or "close").
LOWER_STREET_TYPES = "road|street|lane|avenue|crescent|terrace|gardens|grove|drive"
LOWER_STREET_WORD_RE = re.compile(rf" (?:{LOWER_STREET_TYPES})(?![\w'’-])")
WORD_ADDRESS_RE = re.compile(
    rf"(?<![\w'’])(?P<cue>(?:[Aa]t|[Nn]umber|No\.?)\s+)?"
    rf"(?P<num>(?:{_HOUSE_WORDS})(?:(?:\s+|-|\s+and\s+)(?:{_HOUSE_WORDS})){{0,4}})"
    rf",?\s+(?P<street>(?:[A-Z][a-z'’]+\s+){{0,2}}[A-Z][a-z'’]+)$",
    re.I,
)


def addresses(text: str) -> list[Span]:
    """Street addresses with a house number in figures, looked for back from each street word."""
    out: list[Span] = []
    for street in STREET_WORD_RE.finditer(text):
        b = street.end()
        for m in ADDRESS_RE.finditer(text, max(0, b - 120), b):
            if m.end() == b and (not out or m.start() >= out[-1].end):
                out.append(
                    Span(m.start(), b, "ADDRESS", re.sub(r"\s+", " ", m.group(0)), "pattern:address", 0.9)
                )
                break
    return out


# Function words that never name a street ("two hundred yards down the road"); the general stop
# word list would also drop street names ("mill", "fire", "hill").
STREET_NEVER = frozenset(
    "the a an of to in on at by for from with down up along across round around past off into onto"
    " over under through this that these those my his her our their your its and or but so then"
    " i we you he she they it me him them us".split()
)


def _lower_street_ok(m: re.Match) -> bool:
    """A lower-case street name ("fifty two anyname road"): the number words and the name are
    in lower case, the name is one or two words that are no stop words, number words or
    measures ("forty five minute drive")."""
    from .reference import cue_words

    words = m.group("street").split()
    if len(words) > 2 or not m.group(0).islower():
        return False
    never = STREET_NEVER | cue_words("count_words") | set(_HOUSE_WORDS.split("|"))
    return not any(w in never for w in words)


def word_addresses(text: str) -> list[Span]:
    """Street addresses whose house number is said in words: before a capitalised street
    ("forty eight Thornhill Road"), or all in lower case before a lower-case street word."""
    out = []
    streets = [(s, True) for s in STREET_WORD_RE.finditer(text)]
    streets += [(s, False) for s in LOWER_STREET_WORD_RE.finditer(text)]
    for street, capital in sorted(streets, key=lambda x: x[0].start()):
        lo = max(0, street.start() - 100)
        m = WORD_ADDRESS_RE.search(text, lo, street.start())
        if m is None:
            continue
        if capital and (
            not m.group("street")[:1].isupper() or not all(w[:1].isupper() for w in m.group("street").split())
        ):
            continue  # the street name must be capitalised even though the number words need not be
        if not capital and not _lower_street_ok(m):
            continue
        words = re.findall(r"[a-z]+", m.group("num").lower())
        words = [w for w in words if w != "and"]
        if len(words) == 1:
            if (
                not m.group("cue")
                or words[0] not in DIGIT_WORDS
                and words[0] not in TEENS
                and words[0] not in TENS
            ):
                continue  # one number word is a count ("three Park Road residents") unless cued
            number: tuple[int, int] | None = (0, 1)
        else:
            number = _cardinal(re.findall(r"[a-z]+", m.group("num").lower()), 0)
            if number is None or number[1] != len(re.findall(r"[a-z]+", m.group("num").lower())):
                continue
        start = m.start("num")
        value = re.sub(r"\s+", " ", text[start : street.end()])
        out.append(Span(start, street.end(), "ADDRESS", value, "pattern:address-words", 0.85))
    return out


DIGIT_RE = re.compile(r"\d")
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")  # ASCII text: one digit to find
URL_HINTS = ("www.", "http", ".uk", ".scot", ".com", ".org", ".net")
ORDINAL_HINT_RE = re.compile(  # run on lower-cased text
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|teenth|tieth"
)
# its alternatives, tested as substrings (the same answer as a search, in half the time)
ORDINAL_HINTS = tuple(ORDINAL_HINT_RE.pattern.split("|"))
# What must be in a text for each family of detectors to have anything to find: substrings of
# the lower-cased text (str.find is far cheaper than a regex scan) or, for three families, a
# regex. A batch of texts is scanned once per family (`pattern_hints`); each text is then
# looked up, not scanned again.
HINT_WORDS = {
    "email": ("@",),
    "url": URL_HINTS,
    "contact": (" dot ", " underscore "),  # said aloud
    # a phone said aloud has a zero in it ("double oh", "four four seven seven oh oh …");
    # other numbers said aloud follow "number"
    "spoken": ("oh ", "zero", "nought", "number"),
}
HINT_RES = {
    "digit": DIGIT_RE,
    "street": re.compile(rf"{STREET_WORD_RE.pattern}|{LOWER_STREET_WORD_RE.pattern}"),
    "month": re.compile(
        r"[JFMASOND](?:anuary|ebruary|arch|pril|ay|une|uly|ugust|eptember|ctober|ovember|ecember)"
    ),
    # two single letters in a row: "A-M-I-T", "A.M.I.T", "a m i t", "E H one two A B" (a text
    # that starts with one is caught by _starts_spelt)
    "spelt": re.compile(r" [A-Za-z](?:[ .-]|\. )[A-Za-z][ .-]"),
}
FAMILIES = (*HINT_WORDS, *HINT_RES)
BATCH_SEP = "\n\x00\n"  # how a batch joins its texts (deidentify.SEP); any other joining still works


def _segments_with(find, segments: list[str], starts: list[int]) -> list[str]:
    """The segments holding a hit of `find(pos) -> position or -1`, skipping to the next
    segment after each hit."""
    found, pos = [], 0
    while True:
        at = find(pos)
        if at < 0:
            return found
        k = bisect.bisect_right(starts, at) - 1
        found.append(segments[k])
        if k + 1 >= len(starts):
            return found
        pos = starts[k + 1]


def pattern_hints(text: str) -> dict:
    """For a batch of texts joined by BATCH_SEP: which detector families could match in which
    text (each family's trigger searched once over the batch, skipping to the next text after a
    hit). A text the batch does not hold is checked on its own."""
    segments = text.split(BATCH_SEP)
    starts = [0]
    for seg in segments[:-1]:
        starts.append(starts[-1] + len(seg) + len(BATCH_SEP))
    seen = text  # non-ASCII texts read through the fold (same length: fullwidth "ｏｈ" is "oh")
    if not text.isascii():
        seen = BATCH_SEP.join(seg if seg.isascii() else view(seg) for seg in segments)
    lower = _lower(seen)
    by_text: dict[str, set[str]] = {}
    for family, words in HINT_WORDS.items():
        for w in words:
            for seg in _segments_with(lambda pos, w=w: lower.find(w, pos), segments, starts):
                by_text.setdefault(seg, set()).add(family)
    for seg in segments:
        if _starts_spelt(seg):
            by_text.setdefault(seg, set()).add("spelt")
    for family, rx in HINT_RES.items():
        if family == "digit" and text.isascii():
            # every ASCII digit made "0" in one byte translate, then a memchr-speed find of "0"
            # (a regex scan for [0-9] costs several times more over a batch)
            zeros = seen.encode("ascii").translate(_DIGITS_TO_ZERO)
            for seg in _segments_with(lambda pos, z=zeros: z.find(b"0", pos), segments, starts):
                by_text.setdefault(seg, set()).add(family)
            continue

        def find(pos: int, rx: re.Pattern = rx) -> int:
            m = rx.search(seen, pos)
            return -1 if m is None else m.start()

        for seg in _segments_with(find, segments, starts):
            by_text.setdefault(seg, set()).add(family)
    return {"texts": frozenset(segments), "by_text": by_text}


ALL_HINTS: dict = {}  # no batch: every text is checked on its own


def _lower(text: str) -> str:
    """Lower case with the same length (a few letters lower-case to two characters: "İ")."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _starts_spelt(text: str) -> bool:
    if text[1:3] == ". ":  # "A. M. I. T."
        return text[:1].isalpha() and text[4:6] == ". "
    return text[1:2] in ("-", ".", " ") and text[3:4] in ("-", ".", " ") and text[:1].isalpha()


def _families(text: str) -> set[str]:
    text = text if text.isascii() else view(text)
    lower = text.lower()
    out = {f for f, words in HINT_WORDS.items() if any(w in lower for w in words)}
    out |= {f for f, rx in HINT_RES.items() if rx.search(text)}
    return out | {"spelt"} if _starts_spelt(text) else out


def all_patterns(text: str, date_mode: str = "month_year", hints: dict = ALL_HINTS) -> list[Span]:
    """Every pattern detector over one text; cheap hints skip detectors that cannot match (most
    interview turns hold no digit, '@' or web address). `hints` from a whole batch
    (`pattern_hints`) say which texts hold what. Text that is not ASCII is read through the
    shared fold first (same length, so offsets hold): fullwidth and other Unicode digits become
    ASCII ones, look-alike letters Latin ones."""
    if hints and text in hints["texts"]:
        may = hints["by_text"].get(text)
        if not may:
            return []
    else:
        may = _families(text)
    if not text.isascii():
        text = view(text)
    spans: list[Span] = []
    if "email" in may:
        spans += emails(text)
    if "url" in may:
        spans += urls(text)
    if "contact" in may:
        spans += spoken_contacts(text)
    if "spoken" in may:
        spans += spoken_phones(text)
    if "street" in may:
        spans += word_addresses(text)
    if "month" in may and any(map(text.lower().__contains__, ORDINAL_HINTS)):
        spans += spoken_dates(text, date_mode)
    if "spelt" in may:
        spans += spelt_words(text) + spoken_postcodes(text)
    if "digit" in may:  # every other pattern (dates included) needs a digit
        spans += postcodes(text) + dates(text, date_mode)
        if "street" in may:
            spans += addresses(text)
        # ten C-level counts on ASCII text (a regex findall makes a list of every digit)
        digits = sum(map(text.count, "0123456789")) if text.isascii() else len(DIGIT_RE.findall(text))
        if digits >= 6:
            spans += ni_numbers(text)
        if digits >= 10:  # phone, NHS and CHI numbers have ten digits or more
            health = health_numbers(text)  # a checked NHS/CHI number is no phone ("07-03-84-1235")
            spans += health + [
                p for p in phones(text) if not any(h.start < p.end and p.start < h.end for h in health)
            ]
    return spans
