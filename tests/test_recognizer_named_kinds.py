"""A title-cased phrase whose head noun names an instrument or a role names no one
(`coprod.privacy.recognizers.named_kinds`); a name in it elsewhere, a title before a surname, a
full name ending in a common surname and a person cue after the phrase still make a person."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "We scored him on the Dundee Frailty Scale last week.",  # a city inside an instrument
        "They used the Perth Postnatal Mood Questionnaire at the clinic.",  # words no list holds
        "Her Quarrie Mobility Score went up by two.",  # an author's name inside one
        "We talked about Advanced Nurse Practitioner again, as we do.",  # a title before a role
        "The Link Worker came round on Tuesday afternoon.",
        "She is a Peer Support Worker now, three days a week.",
    ],
)
def test_instrument_and_role_names_are_no_names(text):
    assert _found(text) == []


def test_the_city_alone_is_still_a_place():
    found = _found("She moved to Dundee, and we scored her on the Dundee Frailty Scale.")
    assert found == [("Dundee", "PLACE")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I saw Nurse Walker on the ward.", "Nurse Walker"),  # a title before a surname
        ("Then Dr Baker came in to see us.", "Dr Baker"),
        ("I spoke to Mary Weaver about it.", "Mary Weaver"),  # a common first name
    ],
)
def test_people_with_a_role_shaped_word_are_still_people(text, name):
    assert (name, "PERSON") in _found(text)


def test_a_person_cue_after_the_phrase_keeps_the_name():
    assert _found("I asked and Link Worker said no.") != []


def test_an_instrument_head_needs_a_word_between():
    # "the Anyname Scale" is the eponym rule's (common_uses), not this one's: nothing between
    assert ANALYZER.named_kinds._instrument(["Quarrie", "Scale"]) is False


@pytest.mark.parametrize(
    "text",
    [
        "We talked about Hospital Discharge Team again, as we do every time.",
        "Then the Community Mental Health Team came round on the Monday.",
        "The Crisis Team said they would ring back in the morning.",  # a cue names no person here
        "I was referred to the Home Treatment Team after that.",  # a hamlet's name, an ordinary word
    ],
)
def test_a_team_of_ordinary_words_names_no_one(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We rang the Ayrshire Discharge Team on the Monday.", "Ayrshire"),  # no ordinary word
        ("The North East Crisis Team came out that night.", "North East"),  # a region
        ("Then the Riverside Discharge Team took over the case.", "Riverside"),  # a large town
        ("We called the Walker Team on the Monday, about the house.", "Walker"),  # a common surname
    ],
)
def test_a_team_named_after_a_place_or_a_person_is_still_found(text, name):
    assert any(name in found for found, _ in _found(text)), _found(text)
