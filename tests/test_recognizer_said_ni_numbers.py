"""National Insurance numbers read out letter by letter and digit by digit (invented values)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, SaidNiNumberRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in SaidNiNumberRecognizer(Settings()).find(text)]


def test_registered():
    assert SaidNiNumberRecognizer in REGISTRY


def test_said_in_words_or_figures():
    said = "j t four eight five nine two one b"
    assert _found(f"my ni number is {said} ok") == [(said, "JT485921B")]
    assert _found("it's J T 4 8 5 9 2 1 B.") == [("J T 4 8 5 9 2 1 B", "JT485921B")]
    assert _found("j t, four eight, five nine, two one, b") == [
        ("j t, four eight, five nine, two one, b", "JT485921B")
    ]


def test_issuing_rules_and_shape():
    assert _found("d t four eight five nine two one b") == []  # D never starts one
    assert _found("a o four eight five nine two one b") == []  # O never second
    assert _found("g b four eight five nine two one b") == []  # a pair never issued
    assert _found("j t four eight five nine two one e") == []  # suffix A-D only
    assert _found("j t four eight five nine two b") == []  # five digits
    assert _found("J t four eight five nine two one b") == []  # mixed case letters


def test_in_the_analyzer():
    text = "my ni number is j t four eight five nine two one b"
    assert ("j t four eight five nine two one b", "ID_NUMBER") in [
        (text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)
    ]
