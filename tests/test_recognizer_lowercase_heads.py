"""Lower-case places and organisations before a head noun need a name-list word before it."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.lowercase_heads import LowercaseHeadRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = LowercaseHeadRecognizer(Settings(), ordinary_words(("en",)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_name_list_word_before_a_head_noun():
    assert _found("we lived on pengelly road for years") == [("pengelly road", "PLACE")]
    assert _found("she is in penzance hospital now") == [("penzance hospital", "ORG")]


def test_ordinary_words_before_a_head_noun_are_kept():
    assert _found("the main road and the old house and my school") == []


def test_a_rare_unlisted_word_before_a_street_head():
    assert _found("i walked home along quarrybrae road every night") == [("quarrybrae road", "PLACE")]
    assert _found("we went along gonna street") == []  # a frequent word
    assert _found("out to quarrybrae hospital") == []  # not a street head: a listed name only
