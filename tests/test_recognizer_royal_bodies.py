"""A body named "royal ..." before an organisation's head noun in caseless speech (invented
text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, RoyalBodyRecognizer

PAD = "and then we went along and it was all very well you know " * 30  # caseless: 200+ words


def _found(text):
    return [(text[s.start : s.end], s.type) for s in RoyalBodyRecognizer(Settings()).find(text)]


def test_registered():
    assert RoyalBodyRecognizer in REGISTRY


def test_royal_before_an_organisation_head_is_one_body():
    assert _found(PAD + "i chaired the royal lantern society for years") == [("royal lantern society", "ORG")]
    assert _found(PAD + "she joined the royal anyford rowing club") == [("royal anyford rowing club", "ORG")]


def test_no_head_or_a_stop_word_between_is_no_body():
    assert _found(PAD + "the royal family came and the royal visit was lovely") == []
    assert _found(PAD + "it was royal and the club was shut") == []


def test_text_with_case_information_is_left_to_the_context_rules():
    assert _found("I chaired the royal lantern society with Tom and Ann. " * 30) == []


def test_in_the_analyzer_the_body_is_replaced():
    text = PAD + "i chaired the royal lantern society for years"
    found = Analyzer([], Settings()).find(text)
    assert ("royal lantern society", "ORG") in [(text[s.start : s.end], s.type) for s in found]
