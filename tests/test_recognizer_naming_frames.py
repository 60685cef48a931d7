"""A name given in a naming frame in caseless speech: "one was called the anyword anyword"
(invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, NamingFrameRecognizer

PAD = "and then we went along and it was all very well you know " * 30  # caseless: 200+ words


def _found(text):
    rec = NamingFrameRecognizer(Settings())
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert NamingFrameRecognizer in REGISTRY


def test_the_two_words_after_called_the_are_a_name():
    text = PAD + "we had two boats one was called the silver heron and the other one was called the dawn"
    assert _found(text) == [("silver heron", "NAME"), ("dawn", "NAME")]
    assert _found(PAD + "a little boat named the merry piper went out") == [("merry piper", "NAME")]


def test_a_pronoun_subject_gives_a_term_or_a_call_not_a_name():
    text = PAD + "it was called the blitz and they called the doctor and what we called the galley"
    assert _found(text) == []


def test_stop_words_and_count_words_end_the_name():
    assert _found(PAD + "one was called the first one") == []
    assert _found(PAD + "one was called the harebell and she sank") == [("harebell", "NAME")]


def test_text_with_case_information_is_left_to_the_context_rules():
    text = "We had two boats with Tom and Ann. One was called the silver heron, a fine boat. " * 20
    assert _found(text) == []


def test_in_the_analyzer_the_name_is_replaced():
    text = PAD + "one was called the silver heron she was"
    found = Analyzer([], Settings()).find(text)
    assert "silver heron" in [text[s.start : s.end] for s in found]
