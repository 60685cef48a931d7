"""A first name after "the" in caseless speech names a thing (a ship, a river, a station), not a
person (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, ArticleNameRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words

PAD = "and then we went along and it was all very well you know " * 30  # caseless: 200+ words


def _found(text):
    rec = ArticleNameRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert ArticleNameRecognizer in REGISTRY


def test_a_first_name_after_the_is_a_name():
    assert _found(PAD + "we sailed up the rosalind and tied up") == [("rosalind", "NAME")]
    assert _found(PAD + "the train came into the imogen at nine") == [("imogen", "NAME")]


def test_a_first_name_without_the_or_an_ordinary_word_is_not_this_rule():
    assert _found(PAD + "i went with rosalind to the shop") == []
    assert _found(PAD + "we read the will and paid the bill and found the mark") == []


def test_a_common_word_or_a_possessive_stays():
    assert _found(PAD + "the george was there") == []  # common in English
    assert _found(PAD + "the rosalind's house was next door") == []  # a family's


def test_text_with_case_information_is_left_to_the_context_rules():
    assert _found("We sailed up the rosalind with Tom and Ann. Then home. " * 40) == []


def test_in_the_analyzer_the_name_is_replaced():
    text = PAD + "we sailed up the rosalind and tied up"
    found = Analyzer([], Settings()).find(text)
    assert "rosalind" in [text[s.start : s.end] for s in found]


def test_once_found_after_the_the_name_is_replaced_throughout_its_transcript():
    # the audit checks a weak single word that is no ordinary word in any case in its transcript
    text = PAD + "we sailed up the rosalind and tied up and rosalind was quiet"
    assert _found(text) == [("rosalind", "NAME"), ("rosalind", "NAME")]
