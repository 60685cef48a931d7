"""A state or territory no larger than a city is a place; a larger country never is."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, SmallStateRecognizer
from coprod.privacy.reference import REFERENCE_DIR, country_names, ordinary_words, small_states


def _found(text):
    rec = SmallStateRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert SmallStateRecognizer in REGISTRY


def test_small_states_are_not_countries():
    assert {"Monaco", "Andorra", "Liechtenstein", "Bermuda"} <= small_states()
    assert not small_states() & {"France", "India", "Peru", "Egypt"}
    assert "Monaco" not in country_names() and "France" in country_names()


def test_capitalised_small_state_is_a_place():
    assert _found("we stopped at Monaco and then Andorra") == [("Monaco", "PLACE"), ("Andorra", "PLACE")]
    assert _found("she was born in Liechtenstein.") == [("Liechtenstein", "PLACE")]


def test_every_word_ordinary_needs_a_locative():
    assert _found("the feast of Saint Martin in the calendar") == []
    assert _found("we flew to Saint Martin that night") == [("Saint Martin", "PLACE")]


def test_lower_case_only_when_no_word_is_ordinary():
    assert _found("two years out in andorra with the family") == [("andorra", "PLACE")]
    assert _found("two years out in saint martin") == []


def test_larger_country_stays():
    assert _found("we went to France and Peru") == []
    spans = Analyzer([], Settings()).find("Then we sailed to France and on to Monaco.")
    assert [("Monaco", "PLACE")] == [(s.canonical, s.type) for s in spans]


def test_lower_case_name_as_a_modifier_is_no_place():
    # "bermuda shorts", "bermuda grass": a kind of thing, not where someone was
    assert _found("he wore bermuda shorts all summer") == []
    assert _found("the lawn is bermuda grass now") == []
    # after a locative it is the place again, and before a stop word too
    assert _found("we sailed to bermuda shortly after") == [("bermuda", "PLACE")]
    assert _found("two years in bermuda with the navy") == [("bermuda", "PLACE")]
    assert _found("flown back from bermuda grass farms") == [("bermuda", "PLACE")]
