"""A family name in lower case right after the role or title that introduces it (invented
names)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, LowercaseRoleNameRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = LowercaseRoleNameRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [text[s.start : s.end] for s in rec.find(text)]


def test_registered():
    assert LowercaseRoleNameRecognizer in REGISTRY


def test_a_name_after_a_role_or_a_title():
    assert _found("the staff nurse adeyinka-obi came") == []  # hyphenated: not one plain word
    assert _found("the charge nurse quarrendale said wait") == ["quarrendale"]
    assert _found("the physio mrs oyelaran came twice") == ["oyelaran"]
    assert _found("then dr. vellacott rang us") == ["vellacott"]
    assert _found("our social worker thistlewood is great") == ["thistlewood"]


def test_an_ordinary_or_frequent_word_after_the_role_stays():
    assert _found("the consultant said it was fine") == []
    assert _found("the nurse practitioner came") == []
    assert _found("the carer wifi was down") == []  # frequent in English text
    assert _found("a consultant quarrendale came") == []  # no determiner before the role


def test_in_the_analyzer():
    text = "the charge nurse quarrendale said wait"
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("quarrendale", "PERSON")]


def test_an_agent_noun_is_no_role():
    assert _found("the document ingestion runs nightly") == []
    assert _found("the consultant radiologist leads it") == []
