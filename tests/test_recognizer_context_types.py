"""The context rules' types and stops: a first name that is also a state or a large town is
typed by its context, a product's shape ends a full name, an ordinary first name before "of"
is no person."""

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


def test_first_name_that_is_a_state_is_a_place_after_a_locative():
    assert _found("We drove through Nevada last year.") == [("Nevada", "PLACE")]


def test_first_name_that_is_a_state_with_a_person_cue_is_a_person():
    assert _found("Then Virginia said she would come.") == [("Virginia", "PERSON")]


def test_first_name_that_is_a_state_without_a_cue_is_a_neutral_name():
    assert _found("The Nevada budget was cut again.") == [("Nevada", "NAME")]


def test_a_verb_a_place_takes_too_is_no_person_cue():
    # "is", "was", "and" follow a state's name as readily as a person's: a neutral name
    assert _found("Climate change is real. Nevada is at ground zero.") == [("Nevada", "NAME")]
    assert _found("We moved on. Virginia was hot that year.") == [("Virginia", "NAME")]
    assert _found("Then Virginia told me the news.") == [("Virginia", "PERSON")]


def test_a_first_name_that_is_no_large_place_stays_a_person():
    assert _found("The Oliver budget was cut again.") == [("Oliver", "PERSON")]


def test_a_product_shape_ends_a_full_name():
    found = _found("I sent it to Morag WhatsApp yesterday.")
    assert ("Morag WhatsApp", "PERSON") not in found
    assert ("Morag", "PERSON") in found


def test_an_ordinary_first_name_before_of_is_no_person():
    assert _found("It was the Grace of the place, they said.") == []
    assert _found("I spoke to Grace about it.") == [("Grace", "PERSON")]


def test_a_name_before_a_public_body_head_is_an_organisation():
    assert _found("I called the Willow Department about it.") == [("Willow Department", "ORG")]
    assert _found("Then Morag Inquiry reported.") == [("Morag Inquiry", "ORG")]
    assert _found("I called Morag Fergusson about it.") == [("Morag Fergusson", "PERSON")]
