"""A full name written in capitals inside running text (invented names)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, CapitalNameRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = CapitalNameRecognizer(Settings(), ordinary_words())
    return [text[s.start : s.end] for s in rec.find(text)]


def test_registered():
    assert CapitalNameRecognizer in REGISTRY


def test_first_name_and_surname_in_capitals():
    assert _found("I wrote to HAMISH DRUMMOND-LOCKE at the council.") == ["HAMISH DRUMMOND-LOCKE"]
    assert _found("Ask AMY PATEL about it") == ["AMY PATEL"]


def test_emphasis_and_acronyms_are_left():
    assert _found("I said JOHN SAID NO") == []  # an ordinary word after the first name
    assert _found("We asked the NHS GP practice.") == []
    assert _found("It was a GRACE PERIOD thing") == []
    assert _found("ask HAMISH about it") == []  # a first name alone
    assert _found("I WROTE TO HAMISH DRUMMOND") == []  # all in capitals: the context rules' text


def test_in_the_analyzer():
    text = "I wrote to HAMISH DRUMMOND-LOCKE at the council."
    assert [text[s.start : s.end] for s in Analyzer([], Settings()).find(text)] == ["HAMISH DRUMMOND-LOCKE"]
