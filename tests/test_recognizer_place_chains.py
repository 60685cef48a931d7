"""Places whose words are ordinary, told by a compass word or by a place written beside them."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, PlaceChainRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = PlaceChainRecognizer(Settings(), ordinary_words(("en",)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert PlaceChainRecognizer in REGISTRY


def test_compass_word_before_an_ordinary_word_place():
    assert _found("I grew up in North Reading, then moved.") == [("North Reading", "PLACE")]
    assert _found("She canvassed all of Southeast Bath last spring.") == [("Southeast Bath", "PLACE")]


def test_compass_before_a_distinctive_place_and_before_a_street():
    assert _found("We drove round Greater Penzance.") == [("Greater Penzance", "PLACE")]
    assert _found("We lived on South Reading Road.") == [("South Reading", "PLACE")]


def test_compass_without_a_place_is_nothing():
    assert _found("The North Star was bright and the East End was loud.") == []
    assert _found("They went to South Africa and the North Sea.") == []
    assert _found("we went north reading the map") == []


def test_ordinary_word_place_after_a_distinctive_place():
    assert _found("I live in Penzance Reading these days.") == [("Reading", "PLACE")]
    assert _found("She was born in Truro, Bath is where she works.") == [("Bath", "PLACE")]


def test_no_pair_when_either_word_does_not_fit():
    assert _found("We had a Reading Bath afternoon.") == []  # the first word is ordinary too
    assert _found("The Penzance Committee met.") == []  # the second word is no place
    assert _found("Tyler Reading spoke first.") == []  # a first name and a surname: a person


def test_the_analyzer_replaces_the_address_whole():
    text = "I am a resident of Astoria Reading and I support this."
    found = [(text[s.start : s.end], s.type) for s in Analyzer([]).find(text)]
    assert ("Reading", "PLACE") in found or ("Astoria Reading", "PLACE") in found
    assert all("Reading" not in f or t == "PLACE" for f, t in found)


def test_kind_of_place_before_its_name():
    assert _found("We camped by Lake Tremorna and crossed the River Polgrean.") == [
        ("Lake Tremorna", "PLACE"),
        ("River Polgrean", "PLACE"),
    ]
    assert _found("He lived on the Isle of Anvarra, then at Mount Tregoning.") == [
        ("Isle of Anvarra", "PLACE"),
        ("Mount Tregoning", "PLACE"),
    ]


def test_kind_of_place_before_nothing_named():
    assert _found("The River was high. The Lake The. Mount it on the wall.") == []
    assert _found("We went to the river and the lake.") == []
    assert _found("Set up Port Forwarding, then Lake Formation and the Mount Point.") == []


def test_two_ordinary_words_that_name_a_state_or_a_large_town():
    assert _found("They left for places like New Jersey and Long Beach.") == [
        ("New Jersey", "PLACE"),
        ("Long Beach", "PLACE"),
    ]


def test_two_ordinary_words_at_a_sentence_start_or_naming_nothing():
    assert _found("Long Beach parties were fun.") == []
    assert _found("Offices in the North East and the South West.") == []
    assert _found("It was a Good Friday and a New Year with the Red Cross.") == []


def test_region_named_without_its_compass_word():
    rec = PlaceChainRecognizer(Settings(), ordinary_words(("en",)))
    assert "lanarkshire" in rec.halves  # the gazetteer holds North and South Lanarkshire only
    assert "cape" not in rec.halves and "australia" not in rec.halves and "district" not in rec.halves
    assert _found("She grew up in Lanarkshire and moved.") == [("Lanarkshire", "PLACE")]
    assert _found("we went back up to lanarkshire") == [("lanarkshire", "PLACE")]
