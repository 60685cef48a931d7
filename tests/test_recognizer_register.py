"""The register recognizer: registered forms in any case, guarded ordinary words, handles."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.normalise import view
from coprod.privacy.recognizers.register import RegisterRecognizer, handles
from coprod.privacy.register import Entity


def _find(entities, text):
    rec = RegisterRecognizer(entities, Settings())
    return [(text[s.start : s.end], s.type, s.canonical) for s in rec.find(view(text))]


def test_registered_person_any_case_and_accents():
    found = _find([Entity("PERSON", "Morwenna Quayle")], "then morwenna quayle and MORWÉNNA spoke")
    assert ("morwenna quayle", "PERSON", "Morwenna Quayle") in found
    assert ("MORWÉNNA", "PERSON", "Morwenna Quayle") in found


def test_ordinary_word_form_needs_its_capital():
    found = _find([Entity("PERSON", "Hope Trelawny")], "I hope so, said Hope.")
    assert [f[0] for f in found] == ["Hope"]


def test_handle_with_a_registered_name_inside():
    text = "log in as mtrelawny01 today"
    assert handles(text) == [(10, 21)]
    found = _find([Entity("PERSON", "Morwenna Trelawny")], text)
    assert found == [("mtrelawny01", "PERSON", "Morwenna Trelawny")]


def test_nothing_registered_finds_nothing():
    assert _find([], "Morwenna Trelawny went to Pendeen") == []
