"""A listed place after "the" in caseless speech is a place (a river, a region named like a
town), and a region the gazetteer writes with "the" (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, ArticlePlaceRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words

PAD = "and then we went along and it was all very well you know " * 30  # caseless: 200+ words


def _found(text):
    rec = ArticlePlaceRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert ArticlePlaceRecognizer in REGISTRY


def test_a_listed_place_after_the_is_a_place():
    assert _found(PAD + "we went up the lochgilphead with the tide") == [("lochgilphead", "PLACE")]


def test_a_gazetteer_region_written_with_the_is_a_place_in_lower_case():
    assert _found(PAD + "my aunt had a farm in the highlands for years") == [("highlands", "PLACE")]


def test_common_words_first_names_and_countries_after_the_stay():
    # "borders" is a region with "the" too, but a common word; "france" is a country
    assert _found(PAD + "across the borders into the france of old and the victoria") == []
    assert _found(PAD + "the reading was long and the bath was cold") == []


def test_without_the_or_with_capitals_it_is_not_this_rule():
    assert _found(PAD + "we drove to lochgilphead on sunday") == []
    assert _found("We went up the lochgilphead with Tom and Ann. " * 30) == []


def test_in_the_analyzer_the_place_is_replaced():
    text = PAD + "my aunt had a farm in the highlands for years"
    found = Analyzer([], Settings()).find(text)
    assert ("highlands", "PLACE") in [(text[s.start : s.end], s.type) for s in found]


def test_once_found_after_the_the_place_is_replaced_throughout_its_transcript():
    text = PAD + "we went up the lochgilphead with the tide and lochgilphead was calm"
    assert _found(text) == [("lochgilphead", "PLACE"), ("lochgilphead", "PLACE")]
