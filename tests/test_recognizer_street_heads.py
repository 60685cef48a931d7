"""A street head in caseless text names the word before it; a capitalised name before a
lower-case water head is a place with it."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers import REGISTRY, StreetHeadRecognizer

FILLER = " ".join(["and then we went along there for a while"] * 30)


def _found(text):
    return [(text[s.start : s.end], s.type) for s in StreetHeadRecognizer(Settings()).find(text)]


def test_registered():
    assert StreetHeadRecognizer in REGISTRY


def test_caseless_street_head_takes_any_word_but_a_generic_one():
    text = f"{FILLER} we lived in quarry avenue near the main avenue {FILLER}"
    assert _found(text) == [("quarry avenue", "PLACE")]
    assert _found(f"{FILLER} up the grand parade to the {FILLER}") == []
    assert _found(f"{FILLER} back at the quarry hotel or a local hotel {FILLER}") == [("quarry hotel", "ORG")]


def test_street_head_needs_a_caseless_text():
    assert _found("We lived on quarry avenue. Then we moved.") == []


def test_capitalised_name_before_a_water_head():
    assert _found("we sailed into the Tamar estuary at dawn") == [("Tamar estuary", "PLACE")]
    assert _found("across the English channel and the Indian ocean") == []
    assert _found("We stopped. Sailing bay by bay") == []
