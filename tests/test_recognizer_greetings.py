"""A first name greeted or thanked is a person, in any case; the greeting is the evidence."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers import REGISTRY, GreetingRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = GreetingRecognizer(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert GreetingRecognizer in REGISTRY


def test_lower_case_name_after_thanks_or_before_how_are_you():
    assert _found("ok that is all thank you morwenna") == [("morwenna", "PERSON")]
    assert _found("hello, tamsin nice of you") == [("tamsin", "PERSON")]
    assert _found("and then kieran p how are you") == [("kieran p", "PERSON")]


def test_ordinary_word_or_no_greeting_is_nothing():
    assert _found("thank you very much") == []
    assert _found("thank you will do") == []
    assert _found("we met kieran at the shop") == []
    assert _found("thank you april") == []


def test_capitalised_ordinary_first_name_counts():
    assert _found("Thank you Rose, that was great") == [("Rose", "PERSON")]
    assert _found("thank you rose, that was great") == []


def test_alright_is_a_greeting_before_a_name():
    # the British "alright, Anyname?" greets someone; an ordinary word after it is no name
    assert _found("he knocked and said alright tamsin it's only me") == [("tamsin", "PERSON")]
    assert _found("it's alright then, we can go") == []
    assert _found("that's alright will do") == []


def test_longer_thanks_phrases_name_the_person_thanked():
    assert _found("thanks a million morwenna that was great") == [("morwenna", "PERSON")]
    assert _found("thank you so much tamsin, really") == [("tamsin", "PERSON")]
    assert _found("thanks a million that was great") == []
