"""An organisation phrase of ordinary words that the corpus writes in lower case more often than
capitalised is a description ("the advice service"), not a name: neither replaced nor propagated."""

from answers import one_turn_corpus as _corpus
from answers import replaced as _replaced

from coprod.privacy.described_orgs import _key, descriptions
from coprod.privacy.detectors import Span
from coprod.privacy.reference import ordinary_words


def test_a_phrase_written_mostly_in_lower_case_is_a_description():
    out = _replaced(
        "Waiting for the Advice Service took all morning.",
        "Then the advice service rang me back at last.",
        "I think the advice service is short of people.",
    )
    assert not any("dvice" in s for s in out)


def test_a_name_of_ordinary_words_written_only_capitalised_is_still_replaced():
    out = _replaced(
        "Waiting for the Advice Service took all morning.",
        "Then the Advice Service rang me back at last.",
    )
    assert any("Advice Service" in s for s in out)


def test_as_often_capitalised_as_not_is_still_a_name():
    out = _replaced(
        "Waiting for the Advice Service took all morning.",
        "Then the advice service rang me back at last.",
    )
    assert any("Advice Service" in s for s in out)


def test_a_phrase_with_a_word_no_dictionary_holds_is_kept_as_a_name():
    out = _replaced(
        "The nurses at the Quillerby Centre were kind.",
        "the quillerby centre was closed",
        "I rang the quillerby centre twice.",
    )
    assert any("Quillerby Centre" in s for s in out)


def test_lower_case_text_without_case_information_is_no_evidence():
    asr = " ".join(["we went down to the advice service and then we went home again"] * 20)
    spans = {("t000", 0, "text"): [Span(13, 27, "ORG", "Advice Service", "context:org-head", 0.8)]}
    corpus = _corpus("Waiting for the Advice Service took all morning.", asr)
    assert descriptions(spans, corpus, ordinary_words(("en",))) == set()
    cased = _corpus("Waiting for the Advice Service took all morning.", asr.replace("again", "on Monday"))
    assert descriptions(spans, cased, ordinary_words(("en",))) == {("advice", "service")}


def test_the_key_drops_the_article_and_a_plural():
    assert _key("The Advice Services") == ("advice", "service")
    assert _key("Waiting for the Advice Service") == ("advice", "service")
    assert _key("Business Class") == ("business", "class")
