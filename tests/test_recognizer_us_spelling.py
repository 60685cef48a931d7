"""American spellings of dictionary words are ordinary words, not unknown names."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.reference import english_words, ordinary_words
from coprod.privacy.us_spelling import american_form, british_forms

ENGLISH = english_words()


def test_regular_respellings():
    assert "centre" in british_forms("center")
    assert "colour" in british_forms("color")
    assert "organise" in british_forms("organize")
    assert "analyse" in british_forms("analyze")
    assert "catalogue" in british_forms("catalog")
    assert "defence" in british_forms("defense")
    assert "travelled" in british_forms("traveled")


def test_american_forms_are_ordinary():
    ordinary = ordinary_words(("en",))
    for w in ("center", "color", "neighborhood", "organization", "defense", "theater"):
        assert american_form(w, ENGLISH), w
        assert ordinary(w), w


def test_short_unknown_and_name_words_are_not():
    assert not american_form("tor", ENGLISH)  # too short to trust a respelling
    assert not american_form("truro", ENGLISH)  # no respelling is a word
    assert not american_form("trevor", ENGLISH)
    assert not american_form("centre", ENGLISH)  # the dictionary's own spelling: in it already


def test_lower_case_american_word_is_no_town():
    analyzer = Analyzer([], Settings())
    assert analyzer.find("they run the community center there") == []
    assert analyzer.find("the data center went down") == []
    found = analyzer.find("we lived in penzance then")
    assert [(s.canonical, s.type) for s in found] == [("penzance", "PLACE")]
