"""A lower-case first name and surname side by side: the pair is the evidence (invented names)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, LowercasePairRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = LowercasePairRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert LowercasePairRecognizer in REGISTRY


def test_a_first_name_and_a_rare_or_patronymic_surname():
    assert _found("that was wee morwenna pengelly from up the road") == [("morwenna pengelly", "PERSON")]
    assert _found("aye tamsin mckenzie came round") == [("tamsin mckenzie", "PERSON")]


def test_ordinary_words_frequent_surnames_and_capitals_are_left():
    assert _found("we will brown the onions") == []  # ordinary words
    assert _found("morwenna smith came round") == []  # a surname frequent in English text
    assert _found("Morwenna Pengelly came round") == []  # capitals: the other recognizers'
    assert _found("morwenna, pengelly came round") == []  # not side by side
    assert _found("morwenna came round") == []


def test_in_the_analyzer():
    text = "aye that was wee morwenna pengelly from up the road"
    assert [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)] == [
        ("morwenna pengelly", "PERSON")
    ]
