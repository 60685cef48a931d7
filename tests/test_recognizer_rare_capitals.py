"""A rare dictionary word always written capitalised, after a locative with no article, is a
place (invented sentences)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, RareCapitalRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = RareCapitalRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


TWICE = "In the spring we were posted to Heron for a month. Later I went back to Heron on my own."


def test_registered():
    assert RareCapitalRecognizer in REGISTRY


def test_a_rare_word_capitalised_twice_after_to_is_a_place():
    assert _found(TWICE) == [("Heron", "PLACE"), ("Heron", "PLACE")]


def test_said_once_or_also_in_lower_case_it_is_the_word():
    assert _found("In the spring we were posted to Heron for a month.") == []
    assert _found(TWICE + " A heron stood in the shallows.") == []


def test_after_an_article_or_at_a_sentence_start_it_is_no_evidence():
    assert _found("We drove to the Heron twice. Then to the Heron again.") == []
    assert _found("Heron was the name. Heron, we said, as a joke.") == []


def test_common_words_and_people_words_are_not_places():
    # institutions and kin take no article after "to" as words: common words are not read
    assert _found("She went to Church on Sunday and back to Church on Monday.") == []
    assert _found("We wrote to Granny every week, and went to Granny at Easter.") == []


def test_no_case_information_no_evidence():
    text = ("and then we went down to heron and " * 60) + "back to Heron and to Heron again"
    assert _found(text) == []


def test_in_the_analyzer_each_mention_is_replaced():
    found = Analyzer([], Settings()).find(TWICE)
    assert [(TWICE[s.start : s.end], s.type) for s in found] == [("Heron", "PLACE"), ("Heron", "PLACE")]


def test_a_technology_term_is_a_product_not_a_place():
    assert _found("We had to migrate to Azure last year. Then back to Azure again.") == []
