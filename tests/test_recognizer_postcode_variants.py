"""UK postcodes with a comma or a split inward code, and said letter by letter in lower case
after a postcode cue (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, PostcodeVariantRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in PostcodeVariantRecognizer(Settings()).find(text)]


def test_registered():
    assert PostcodeVariantRecognizer in REGISTRY


def test_comma_or_split_inward_code():
    assert _found("Post code is AB10, 7QJ.") == [("AB10, 7QJ", "AB10 7QJ")]
    assert _found("It's G3 8 JU, the flat.") == [("G3 8 JU", "G3 8JU")]
    assert _found("It's G3, 8 JU.") == [("G3, 8 JU", "G3 8JU")]


def test_not_postcodes():
    assert _found("Room A4, 5 PM") == []  # M is never in an inward code
    assert _found("the g3, 8 ju flat") == []  # lower case written: no
    assert _found("QA1, 2BB") == []  # Q never starts a postcode
    assert _found("Plan B, 7AB") == []  # no outward digit


def test_said_in_lower_case_after_a_cue():
    assert _found("our postcode is e h six, five b q.") == [("e h six, five b q", "EH6 5BQ")]
    assert _found("post code: g twelve eight q q") == [("g twelve eight q q", "G12 8QQ")]


def test_said_in_lower_case_without_a_cue_is_left():
    assert _found("i said e h six, five b q") == []
    assert _found("my postcode is a b c d e f") == []  # no valid code


def test_in_the_analyzer():
    text = "Post code is AB10, 7QJ."
    assert [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)] == [
        ("AB10, 7QJ", "POSTCODE")
    ]
