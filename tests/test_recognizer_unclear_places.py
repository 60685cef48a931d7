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


def test_spaces_and_tabs_between_prefix_and_mark_and_marks_after_no_prefix():
    # the scan runs only where a mark follows spaces after a prefix's last word: a run of
    # spaces or a tab still counts, another word between does not, nor a prefix word's tail
    assert _found("down at Lake   ??? last summer") == [("Lake   ???", "PLACE")]
    assert _found("past Cape\t(indistinct) and home") == [("Cape\t(indistinct)", "PLACE")]
    assert _found("at the Loch, ??? we think") == []
    assert _found("the airport ??? then Fort ?? too") == [("Fort ??", "PLACE")]
    assert _found("a comfort [inaudible] anyway") == []
