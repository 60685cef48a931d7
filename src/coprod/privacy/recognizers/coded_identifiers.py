"""Identifiers recognised by their shape alone, with no cue word needed before them:

- a letter-prefixed reference code: one to three capitals, a hyphen or slash, then digit groups
  joined by hyphens or slashes, six digits or more in all ("AB-123456", "QX-2019-40771"): staff
  IDs, case and authorisation references. "COVID-19", "ISO 9001" or "A-1234" stay: too few
  digits for a record;
- a Spanish DNI (eight digits and a check letter, "12345678-Z") or NIE ("X1234567L"): the shape
  is the evidence, the letter is not checked (a transcript's letter may be misheard);
- an Irish Eircode: a routing key (a letter of the Eircode alphabet and two digits, or D6W) and a
  four-character unique identifier of that alphabet with a digit and a letter in it ("A65 F4E2");
- a Spanish phone number written in its national groups ("612 34 56 78", "912 345 678") that
  libphonenumber calls valid for Spain: nine digits, below the ten the phone pattern reads;
- an IBAN whose check digits fail but whose country's registered BBAN structure (python-stdnum's
  IBAN registry) it has exactly: an account number with a digit misheard or mistyped is still one
  (the bank recognizer takes those whose checksum holds).

Every scan is anchored on the text's digit runs (`TextIndex.digit_runs`): nothing runs on a text
without digits.
"""

from __future__ import annotations

import re

import phonenumbers
from stdnum import iban as stdnum_iban

from ..detectors import Span
from .bank_details import CAPITALS, IBAN_RE, iban_ok, iban_starts
from .text_index import TextIndex, finditer_at, index_of

name = "coded_identifiers"
CONFIDENCE = 0.9
MIN_CODE_DIGITS = 6

CODE_RE = re.compile(r"(?<![\w/-])[A-Z]{1,3}[-/]\d+(?:[-/]\d+)*(?![\w/-])")
DNI_RE = re.compile(r"(?<![\w-])(?:\d{8}|[XYZ][- ]?\d{7})[- ]?[A-HJ-NP-TV-Z](?![\w-])")
# the Eircode alphabet: digits and the letters A C D E F H K N P R T V W X Y
EIR = "0-9ACDEFHKNPRTV-Y"
EIRCODE_RE = re.compile(rf"(?<![\w-])(?:[ACDEFHKNPRTV-Y]\d\d|D6W)[ \t]?(?P<id>[{EIR}]{{4}})(?![\w-])")
ES_PHONE_RE = re.compile(r"(?<![\w+-])[6789]\d\d(?: \d\d \d\d \d\d| \d{3} \d{3})(?![\w-]| \d)")


def _structured_iban(raw: str) -> bool:
    """Whether an IBAN-shaped string has its country's registered length and BBAN structure."""
    code = re.sub(r"[ \t]", "", raw)
    info = stdnum_iban._ibandb.info(code)
    structure = info[0][1].get("bban", "") if info and info[0][1] else ""
    return bool(structure) and stdnum_iban._struct_to_re(structure).match(code[4:]) is not None


class CodedIdentifierRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index: TextIndex | None = None) -> list[Span]:
        runs = index_of(seen, index).digit_runs
        if not runs:
            return []
        out: list[Span] = []
        # where each shape can start, from the digit runs: a code at the capitals before a run
        # that follows "-" or "/"; a DNI at a run of eight digits, a NIE at its letter; an
        # Eircode at the letter before a two-digit run (or D6W); a phone at a three-digit run
        # opening with 6-9; an IBAN at two capitals right before a run
        code_at, dni_at, eir_at, phone_at = [], [], [], []
        for a, b in runs:
            if a >= 2 and seen[a - 1] in "-/" and seen[a - 2] in CAPITALS:
                k = a - 2
                while k > 0 and a - 2 - k < 2 and seen[k - 1] in CAPITALS:
                    k -= 1
                code_at.append(k)
            if b - a == 8:
                dni_at.append(a)
            elif b - a == 7 and a >= 1:
                dni_at.append(a - 1 if seen[a - 1] in "XYZ" else max(0, a - 2))
            if b - a == 2 and a >= 1 and seen[a - 1] in CAPITALS:
                eir_at.append(a - 1)
            elif b - a == 1 and a >= 1 and seen[a - 1] == "D":
                eir_at.append(a - 1)
            if b - a == 3 and seen[a] in "6789":
                phone_at.append(a)
        for m in finditer_at(CODE_RE, seen, code_at):
            if sum(c.isdigit() for c in m.group()) >= MIN_CODE_DIGITS:
                out.append(Span(m.start(), m.end(), "ID_NUMBER", m.group(), "coded:reference", CONFIDENCE))
        for m in finditer_at(DNI_RE, seen, sorted(set(dni_at))):
            value = re.sub(r"[- ]", "", m.group())
            out.append(Span(m.start(), m.end(), "ID_NUMBER", value, "coded:dni", CONFIDENCE))
        for m in finditer_at(EIRCODE_RE, seen, eir_at):
            uid = m["id"]
            if any(c.isdigit() for c in uid) and any(c.isalpha() for c in uid):
                value = re.sub(r"[ \t]", "", m.group())
                out.append(Span(m.start(), m.end(), "POSTCODE", value, "coded:eircode", CONFIDENCE))
        for m in finditer_at(ES_PHONE_RE, seen, phone_at):
            number = phonenumbers.parse(m.group(), "ES")
            if phonenumbers.is_valid_number(number):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                out.append(Span(m.start(), m.end(), "PHONE", e164, "coded:phone-es", CONFIDENCE))
        for m in finditer_at(IBAN_RE, seen, iban_starts(seen, runs)):
            raw = m["iban"]
            if not iban_ok(raw) and _structured_iban(raw):
                value = re.sub(r"\s", "", raw)
                out.append(Span(m.start(), m.end(), "ID_NUMBER", value, "coded:iban", CONFIDENCE))
        return sorted(out, key=lambda s: (s.start, s.end))
