"""UK vehicle registration numbers (invented plates)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, VehicleRegistrationRecognizer


def _found(text):
    return [
        (text[s.start : s.end], s.canonical) for s in VehicleRegistrationRecognizer(Settings()).find(text)
    ]


def test_registered():
    assert VehicleRegistrationRecognizer in REGISTRY


def test_current_format_in_capitals():
    assert _found("The van's registration is SK19 XHT if you see it.") == [("SK19 XHT", "SK19XHT")]
    assert _found("parked, SK69XHT, on the corner") == [("SK69XHT", "SK69XHT")]


def test_not_registrations():
    assert _found("In FY22 NHS funding fell.") == []  # a financial year
    assert _found("the AB45 THE road") == []  # spaced before a word
    assert _found("SK49 XHT") == []  # no such age identifier
    assert _found("SI19 XHT") == []  # no I in the region letters
    assert _found("sk19 xht") == []  # lower case without a cue


def test_lower_case_and_older_formats_after_a_cue():
    assert _found("the reg is sk19 xht") == [("sk19 xht", "SK19XHT")]
    assert _found("number plate: A123 BCD") == [("A123 BCD", "A123BCD")]
    assert _found("registration ABC 123D") == [("ABC 123D", "ABC123D")]
    assert _found("registered A123 BCD") == []


def test_in_the_analyzer():
    text = "The van's registration is SK19 XHT if you see it."
    assert ("SK19 XHT", "ID_NUMBER") in [
        (text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)
    ]
