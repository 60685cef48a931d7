"""Continental addresses: a street head before its name ("12 rue des Anyname", "Via Anyname 12")
and a five-figure postcode before a town ("29300 Anytown"), read in every transcript (invented
text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.normalise import view
from coprod.privacy.recognizers import IDENTIFIER_RECOGNIZERS, REGISTRY, StreetAddressBeforeRecognizer


def _found(text):
    rec = StreetAddressBeforeRecognizer(Settings())
    return [(text[s.start : s.end], s.type) for s in rec.find(view(text))]


def test_registered():
    assert StreetAddressBeforeRecognizer in REGISTRY
    assert StreetAddressBeforeRecognizer in IDENTIFIER_RECOGNIZERS


def test_a_french_street_with_its_number_before_the_head():
    assert _found("J'habite au 12 rue des Grives-Basses, pas loin.") == [
        ("12 rue des Grives-Basses", "ADDRESS")
    ]
    assert _found("au 3 bis avenue Anselme Tardieu") == [("3 bis avenue Anselme Tardieu", "ADDRESS")]
    assert _found("le 8, Impasse de la Forge") == [("8, Impasse de la Forge", "ADDRESS")]


def test_a_street_with_its_number_after_the_name():
    assert _found("vivo en Calle Olmedilla 5, tercero") == [("Calle Olmedilla 5", "ADDRESS")]
    assert _found("abito in Via dei Gelsomini 12.") == [("Via dei Gelsomini 12", "ADDRESS")]


def test_a_postcode_before_its_town():
    got = _found("Le bureau est à 29300 Quimperlé, à côté.")
    assert got == [("29300", "POSTCODE"), ("Quimperlé", "PLACE")]
    assert _found("Schreiben Sie an 10115 Berlin bitte") == [("10115", "POSTCODE"), ("Berlin", "PLACE")]
    assert _found("75001 PARIS") == [("75001", "POSTCODE"), ("PARIS", "PLACE")]


def test_numbers_that_are_no_address_stay():
    assert _found("we met 3 times via Zoom, Via Zoom 3 times a week") == []
    assert _found("about 12000 The rest, £25000 Salary, 123456 People, 3.14159 Pi") == []
    assert _found("on 10000 BC and 20000 January") == []
    assert _found("the 12 rue and the 4 avenue were closed") == []  # no name after the head


def test_in_the_analyzer_the_address_is_replaced():
    text = "Elle habite 14 rue des Grives-Basses, 29300 Quimperlé."
    spans = Analyzer([], Settings()).find(text)
    got = {(text[s.start : s.end], s.type) for s in spans}
    assert ("14 rue des Grives-Basses", "ADDRESS") in got
    assert ("29300", "POSTCODE") in got
