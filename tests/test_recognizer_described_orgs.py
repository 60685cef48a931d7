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


def _old_pattern(key):
    """The phrase pattern as first written: the look-behind before the first word."""
    import re

    parts = [re.escape(w) for w in key]
    parts[-1] += "s?"
    return re.compile(r"(?<![\w'’-])" + r"\s+".join(parts) + r"(?![\w'’-])", re.IGNORECASE)


def test_the_phrase_pattern_finds_what_a_look_behind_first_found():
    """The pattern tests the character before a phrase after its first word (it is tried only
    where that word occurs): the same matches, at the start of a text, after a letter, digit,
    apostrophe, hyphen or line end, in any case (a long s and a Kelvin sign match "s" and "k"),
    next to each other and overlapping another key's."""
    import random

    from coprod.privacy.described_orgs import _pattern

    keys = [("advice", "service"), ("day", "centre"), ("mental", "health", "service"), ("health", "service")]
    pieces = [
        "Advice Service", "advice  services", "ADVICE\nservice", "day centre", "Day Centres", "x",
        "mental health service", "Mental Health Services", "ſervice", "\u212aey", "a", "'", "’", "-",
        "_", "3", " ", "\n", "é", "the", "advice", "centre", "serviceman", "health\tservice",
    ]  # fmt: skip
    rng = random.Random(4)
    texts = ["advice service", "Advice Service, then x-advice service", "day centred"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    found = 0
    for key in keys:
        new, old = _pattern(key), _old_pattern(key)
        for text in texts:
            spans = [m.span() for m in old.finditer(text)]
            assert [m.span() for m in new.finditer(text)] == spans, (key, text)
            found += len(spans)
    assert found > 500  # the texts hold the phrases often (the test is not vacuous)
