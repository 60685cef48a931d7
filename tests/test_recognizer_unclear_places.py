"""A kind of place before what the transcriber could not make out is a place."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, UnclearPlaceRecognizer


def _found(text):
    return [(text[s.start : s.end], s.type) for s in UnclearPlaceRecognizer(Settings()).find(text)]


def test_registered():
    assert UnclearPlaceRecognizer in REGISTRY


def test_prefix_then_a_mark_is_a_place():
    assert _found("We were at St. ?????... and then") == [("St. ?????", "PLACE")]
    assert _found("stopping at Port ???? on the way") == [("Port ????", "PLACE")]
    assert _found("we climbed Mount (inaudible) that year") == [("Mount (inaudible)", "PLACE")]
    assert _found("on the Isle of [unclear] for a week") == [("Isle of [unclear]", "PLACE")]


def test_a_mark_alone_a_single_question_or_a_prefix_inside_a_word_is_nothing():
    assert _found("We were at ?????... and then") == []
    assert _found("Was it the port? I forget") == []
    assert _found("the Passport ??? office") == []
    assert _found("a sort of (unclear) thing") == []


def test_in_the_analyzer_the_whole_is_replaced():
    found = Analyzer([], Settings()).find("We were at St. ?????... and then")
    assert [(s.type, s.start, s.end) for s in found] == [("PLACE", 11, 20)]
