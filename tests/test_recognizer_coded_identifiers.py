"""Identifiers known by their shape: letter-prefixed reference codes, Spanish DNI/NIE, Eircodes,
Spanish phones in their national groups and IBANs with failing check digits but their country's
structure (all values invented)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import IDENTIFIER_RECOGNIZERS, REGISTRY, CodedIdentifierRecognizer


def _found(text):
    return [text[s.start : s.end] for s in CodedIdentifierRecognizer(Settings()).find(text)]


def test_registered():
    assert CodedIdentifierRecognizer in REGISTRY and CodedIdentifierRecognizer in IDENTIFIER_RECOGNIZERS


def test_letter_prefixed_codes_with_six_digits_or_more():
    assert _found("my badge says QX-771204 on it") == ["QX-771204"]
    assert _found("quote RB/2019/55301 on the form") == ["RB/2019/55301"]
    assert _found("COVID-19, ISO-9001, A-1234 and 2020-2021 stay") == []


def test_spanish_dni_and_nie():
    assert _found("el DNI 30517264-T y el NIE X-1234567-L") == ["30517264-T", "X-1234567-L"]
    assert _found("el año 30517264 fue") == []  # no check letter


def test_eircodes():
    assert _found("it's at T12 X7PK now") == ["T12 X7PK"]
    assert _found("the A65 CAFE is open") == []  # no digit in the unique identifier
    assert _found("route M50 2345 ends") == []  # M is not a routing key letter


def test_spanish_phones_in_national_groups():
    assert _found("llámame al 655 21 30 98 mañana") == ["655 21 30 98"]
    assert _found("el fijo es 915 230 981") == ["915 230 981"]
    assert _found("we had 512 11 22 33 people") == []  # no Spanish number starts with 5


def test_ibans_with_failing_check_digits_but_their_country_structure():
    assert _found("to GB00 WEST 1234 5698 7654 32 please") == ["GB00 WEST 1234 5698 7654 32"]
    assert _found("to GB00 WEST 1234 5698 7654 3 please") == []  # one digit short for GB
    assert _found("to GB82 WEST 1234 5698 7654 32 please") == []  # a valid one is the bank recognizer's


def test_in_the_analyzer():
    text = "My badge says QX-771204 and the Eircode is T12 X7PK."
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans if s.type != "NAME"] == [
        ("QX-771204", "ID_NUMBER"),
        ("T12 X7PK", "POSTCODE"),
    ]
