"""A lower-case name right before an apposition that says who the person is ("anyname anysurname
my old team lead"): the phrase is the evidence capitals would have been (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, LowercaseAppositionRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = LowercaseAppositionRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [text[s.start : s.end] for s in rec.find(text)]


def test_registered():
    assert LowercaseAppositionRecognizer in REGISTRY


def test_a_name_and_a_role_after_it():
    assert _found("declan quarrington my old team lead wrote it") == ["declan quarrington"]
    assert _found("i asked declan, our developer, about it") == ["declan"]
    assert _found("we had malgorzata the consultant in for a week") == ["malgorzata"]
    assert _found("and then declan my brother came round") == ["declan"]


def test_no_word_for_a_person_after_it_or_an_ordinary_word_stays():
    assert _found("give declan my car and in paris my old hometown") == []
    assert _found("i told declan that my team lead said no") == []  # a stop word before the role
    assert _found("we bought rose my favourite flower") == []  # an ordinary word
    assert _found("Declan my brother came") == []  # capitalised: the other rules read capitals


def test_in_the_analyzer_the_whole_name_is_replaced():
    text = "declan quarrington my old team lead still maintains it"
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("declan quarrington", "PERSON")]
