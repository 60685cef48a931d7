"""A first name that is also an ordinary word, made a person by the sentence: a bracketed
apposition after it, or a possessive kin word before it with the name as a verb's subject
(invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, WordNameAppositionRecognizer


def _found(text):
    rec = WordNameAppositionRecognizer(Settings())
    return [text[s.start : s.end] for s in rec.find(text)]


def test_registered():
    assert WordNameAppositionRecognizer in REGISTRY


def test_a_word_name_before_a_bracketed_apposition():
    assert _found("Pearl, my aunt, minds the dog.") == ["Pearl"]
    assert _found("and then Sandy, our eldest, moved out") == ["Sandy"]
    assert _found("Faith, the support worker, was late.") == ["Faith"]
    assert _found("we asked Ruby, his old neighbour, to help") == ["Ruby"]


def test_a_word_name_after_a_possessive_kin_word_as_the_subject():
    assert _found("my husband sandy has had two falls") == ["sandy"]
    assert _found("our daughter pearl said she would come") == ["pearl"]


def test_the_word_used_as_a_word_stays():
    assert _found("Pearl earrings, my aunt says, are back.") == []  # no determiner after the comma
    assert _found("Ruby, my dear, is a stone.") == []  # no word for a person
    assert _found("Faith, the support worker said, is all we have") == []  # apposition not closed
    assert _found("my husband will ring you") == []  # no finite verb after the word
    assert _found("my husband's sandy shoes was lovely") == []  # no kin word right before
    assert _found("the sandy beach was quiet") == []


def test_in_the_analyzer_the_name_is_replaced():
    text = "Pearl, my aunt, minds the dog."
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("Pearl", "PERSON")]


def test_a_surname_or_double_barrelled_name_before_an_apposition():
    assert _found("then Hartley-Fenn, the caretaker, rang") == ["Hartley-Fenn"]
    assert _found("my husband ashby has gone") == []  # after a kin word only a first name
