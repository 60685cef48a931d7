"""Military units by an ordinal and a unit's head noun; warships by their kind."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, MilitaryUnitRecognizer


def _found(text):
    return [(text[s.start : s.end], s.type) for s in MilitaryUnitRecognizer(Settings()).find(text)]


def test_registered():
    assert MilitaryUnitRecognizer in REGISTRY


def test_an_ordinal_and_a_unit_head_are_one_unit():
    assert _found("I was appointed to the 14th minesweeping flotilla then") == [
        ("14th minesweeping flotilla", "ORG")
    ]
    assert _found("he served in the Fifth Battalion, as I did") == [("Fifth Battalion", "ORG")]
    assert _found("then the 3rd Army moved up") == [("3rd Army", "ORG")]


def test_no_ordinal_or_an_ordinal_in_words_before_a_loose_head_is_no_unit():
    assert _found("the flotilla sailed at dawn") == []
    assert _found("we were in the second division of the league") == []
    assert _found("the 2nd of the big regiments") == []


def test_a_kind_of_warship_before_a_capitalised_name_is_the_ship():
    assert _found("we escorted the destroyer Tamberly home") == [("Tamberly", "ORG")]
    assert _found("The destroyers Tamberly, Orvane and Quillon came") == [
        ("Tamberly", "ORG"),
        ("Orvane", "ORG"),
        ("Quillon", "ORG"),
    ]


def test_a_lower_case_word_or_a_stop_word_after_the_kind_is_no_ship():
    assert _found("the destroyer was hit; a cruiser came") == []
    assert _found("the cruiser The other") == []
    assert _found("the destroyer Tamberly, Orvane was not") == [("Tamberly", "ORG")]


def test_in_the_analyzer_a_ship_named_for_a_country_is_left():
    found = Analyzer([], Settings()).find("we met the cruiser Portugal there")
    assert found == []
