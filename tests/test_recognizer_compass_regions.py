"""Regions named by a compass adjective: before a place below country level, or alone after a
locative where no noun follows."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, CompassRegionRecognizer


def _found(text):
    rec = CompassRegionRecognizer(Settings())
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert CompassRegionRecognizer in REGISTRY


def test_adjective_before_a_place_in_any_case():
    assert _found("we moved to southwestern Penzance after that") == [("southwestern Penzance", "PLACE")]
    assert _found("She drove across Northern Ontario twice.") == [("Northern Ontario", "PLACE")]
    assert _found("the north-eastern Truro office") == [("north-eastern Truro", "PLACE")]


def test_adjective_before_a_country_or_people_or_nothing_known_is_no_place():
    assert _found("He served in northern France and western Germany.") == []
    assert _found("like most Western countries, and southern Europeans") == []
    assert _found("the eastern Blorpton estate") == []  # no known place after it


def test_adjective_alone_after_a_locative():
    assert _found("they built it down in southeastern, so we went") == [("southeastern", "PLACE")]
    assert _found("She came from northwestern when she was small.") == [("northwestern", "PLACE")]
    assert _found("I grew up in western.") == [("western", "PLACE")]


def test_adjective_with_a_noun_or_without_a_locative_is_nothing():
    assert _found("in southern parts of the county and in western medicine") == []
    assert _found("the southern hemisphere; it was very northern, and cold") == []
    assert _found("the oldest of southeastern, so to speak") == []  # "of" is no locative here


def test_region_of_an_allowed_setting_is_still_replaced():
    # the study publishes its setting (allowed); a region of it narrows where someone lives
    a = Analyzer([], Settings(allow=("Ontario",)))
    text = "We lived in northern Ontario, then Ontario's south."
    assert [(text[s.start : s.end], s.type) for s in a.find(text)] == [("northern Ontario", "PLACE")]
