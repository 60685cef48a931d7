"""An institution named after someone in caseless speech: a first name's possessive before an
institution's head noun (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, PossessiveHeadRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words

PAD = "and then we went along and it was all very well you know " * 30  # caseless: 200+ words


def _found(text):
    rec = PossessiveHeadRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert PossessiveHeadRecognizer in REGISTRY


def test_a_first_names_possessive_before_an_institution_is_one_name():
    assert _found(PAD + "i won a place at rosalind's meadow high school in the end") == [
        ("rosalind's meadow high school", "ORG")
    ]
    assert _found(PAD + "we were married at imogen's church") == [("imogen's church", "ORG")]


def test_ordinary_words_stop_words_and_homes_are_not_institutions():
    assert _found(PAD + "it was will's school and the mark's college") == []  # ordinary words
    assert _found(PAD + "rosalind's house and imogen's farm") == []  # someone's, not a name
    assert _found(PAD + "rosalind's at the school") == []  # a stop word between


def test_text_with_case_information_is_left_to_the_context_rules():
    assert _found("We were married at imogen's church with Tom and Ann. " * 30) == []


def test_in_the_analyzer_the_institution_is_replaced():
    text = PAD + "we were married at imogen's church"
    found = Analyzer([], Settings()).find(text)
    assert any("church" in text[s.start : s.end] for s in found)
