"""Hospital, patient and other reference numbers after the word that names them (invented)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, RecordNumberRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in RecordNumberRecognizer(Settings()).find(text)]


def test_registered():
    assert RecordNumberRecognizer in REGISTRY


def test_numbers_after_their_cue():
    assert _found("My hospital number is K482913, on the wristband.") == [("K482913", "K482913")]
    assert _found("MRN: 00482913") == [("00482913", "00482913")]
    assert _found("policy no. AB-12345-6 I think") == [("AB-12345-6", "AB123456")]
    assert _found("patient ID 4471902") == [("4471902", "4471902")]


def test_short_numbers_or_no_cue_are_left():
    assert _found("room number 12 on the left") == []
    assert _found("case number four") == []
    assert _found("the number K482913") == []  # no kind of record named
    assert _found("hospital number one priority") == []


def test_in_the_analyzer():
    text = "My hospital number is K482913, on the wristband."
    assert [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)] == [
        ("K482913", "ID_NUMBER")
    ]
