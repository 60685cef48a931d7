"""A town whose later words the transcriber left in lower case, after a locative (invented
sentences)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, MixedCasePlaceRecognizer


def _found(text):
    return [(text[s.start : s.end], s.type) for s in MixedCasePlaceRecognizer(Settings()).find(text)]


def test_registered():
    assert MixedCasePlaceRecognizer in REGISTRY


def test_a_town_with_its_head_in_lower_case_after_a_locative():
    assert _found("After the course we moved to Golders green for a year.") == [("Golders green", "PLACE")]
    assert _found("My cousin came from Camden town on the bus.") == [("Camden town", "PLACE")]


def test_no_locative_a_sentence_start_or_no_town_is_nothing():
    assert _found("We said Golders green was nice.") == []
    assert _found("Then. Golders green was where we met.") == []
    assert _found("We went to Sunday school every week.") == []


def test_caseless_text_is_left_to_the_caseless_rules():
    assert _found("and then we moved to golders green for a year " * 30) == []


def test_in_the_analyzer_the_whole_phrase_is_the_place():
    text = "After the course we moved to Golders green for a year."
    found = Analyzer([], Settings()).find(text)
    assert ("Golders green", "PLACE") in [(text[s.start : s.end], s.type) for s in found]
