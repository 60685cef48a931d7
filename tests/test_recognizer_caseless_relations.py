"""Places told by a place beside them in caseless speech (invented text)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers import REGISTRY, CaselessRelationRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words

PAD = "and then we went along and it was all very well you know " * 30  # caseless: 200+ words


def _found(text, pad=True):
    rec = CaselessRelationRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    text = (PAD if pad else "") + text
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert CaselessRelationRecognizer in REGISTRY


def test_a_listed_place_just_outside_another():
    assert _found("the camp was at newton just outside warrington and") == [("newton", "PLACE")]
    assert _found("we had a flat in penzance near truro for a year") == [("penzance", "PLACE")]


def test_an_ordinary_word_needs_a_spatial_cue_before_it():
    assert _found("it was a newton just outside warrington") == []


def test_a_feature_before_a_town():
    assert _found("i was at black point in montrose by then") == [("black point", "PLACE")]
    assert _found("then i went to black point montrose again") == [("black point", "PLACE")]


def test_a_stop_word_or_no_town_after_is_nothing():
    assert _found("at some point in montrose we") == []
    assert _found("i was at black point in the morning") == []


def test_text_with_case_information_is_left_alone():
    assert _found("I was at black point in Montrose with Margaret. " * 60, pad=False) == []


def test_a_city_named_like_a_word_bare_after_from():
    assert _found("loaded up from hull you went up the river") == [("hull", "PLACE")]
    assert _found("we came from the hull you know") == []
    assert _found("he wanted to run it himself") == []
    assert _found("i got it from reading it myself") == []
