"""House numbers said after the street or said again, in caseless speech (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, HouseNumberRecognizer

PAD = "so the kettle went on and we sat a while talking it over " * 30  # caseless: 200+ words


def _found(text):
    text = PAD + text
    return [(text[s.start : s.end], s.type) for s in HouseNumberRecognizer(Settings()).find(text)]


def test_registered():
    assert HouseNumberRecognizer in REGISTRY


def test_a_number_after_the_street_is_its_house_number():
    found = _found("i lived in brimley rd forty eight near the crossing")
    assert found == [("brimley rd forty eight", "ADDRESS")]
    assert _found("we were at tolcarne street 14 for years") == [("tolcarne street 14", "ADDRESS")]


def test_a_count_a_time_or_no_street_is_no_house_number():
    assert _found("along the road twelve miles or so") == []
    assert _found("down the high street two days later") == []
    assert _found("we had the house forty years") == []


def test_a_number_said_again_alone_is_left():
    # a bare number as an original would be audited everywhere ("sixty four" of a count)
    text = "the cousins stayed at number sixty four quennell road yes sixty four for a bit"
    assert _found(text) == []


def test_text_with_case_information_is_left_alone():
    assert HouseNumberRecognizer(Settings()).find("I lived in Brimley Road forty eight. " * 40) == []


def test_in_the_analyzer_the_number_is_an_address():
    text = PAD + "i lived in brimley rd forty eight near the crossing"
    found = Analyzer([], Settings()).find(text)
    assert ("brimley rd forty eight", "ADDRESS") in [(text[s.start : s.end], s.type) for s in found]
