"""The context recognizer: unregistered names need positive evidence."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.context import ContextRecognizer


def _found(text):
    return {(text[s.start : s.end], s.type) for s in ContextRecognizer(Settings(), set()).find(text)}


def test_title_and_full_name():
    assert ("Mrs Pengelly", "PERSON") in _found("I spoke to Mrs Pengelly yesterday.")
    assert ("Morwenna Pengelly", "PERSON") in _found("I spoke to Morwenna Pengelly yesterday.")


def test_organisation_head_noun():
    assert ("Trevithick Community Hub", "ORG") in _found("We met at the Trevithick Community Hub on Monday.")


def test_ordinary_capitalised_words_are_kept():
    assert _found("Great. Well, on Monday our Data team was fine.") == set()
