"""Capitalised words used the way names are not: a count noun after the indefinite article, a
concept named after someone."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.detectors import Span
from coprod.privacy.recognizers.common_uses import CommonUseFilter

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


def test_count_noun_is_kept_and_the_same_form_everywhere_in_the_text():
    assert _found("We bought a Zorvex, you know, the little one.") == []
    assert _found("It's like an Ogrent or a kettle.") == []
    # one decision per form: the same word elsewhere in the text is kept too
    assert _found("We bought a Zorvex, you know. The Zorvex broke.") == []


def test_unknown_word_without_the_article_is_still_a_name():
    assert _found("We spoke with Zorvex about it.") == [("Zorvex", "NAME")]


def test_a_family_name_or_a_first_name_after_the_article_stays_a_person():
    assert _found("She was a Campbell, and proud of it.") == [("Campbell", "PERSON")]
    assert _found("I met a Ruth Henderson, yes.") == [("Ruth Henderson", "PERSON")]
    assert _found("There was a Sarah, and she sang.") == [("Sarah", "PERSON")]


def test_article_before_a_noun_phrase_that_goes_on_is_not_a_count_noun():
    # "a Zorvex engineer": the word modifies a noun, nothing says it is no name
    assert _found("He was a Zorvex engineer for years.") == [("Zorvex", "NAME")]


def test_eponymous_terms_are_no_mention_of_the_person():
    assert _found("That was the Tremblay Doctrine in practice.") == []
    assert _found("It's Ogilvy's Law again, everything breaks.") == []
    assert _found("she has Brankley Syndrome, the doctor said") == []


def test_a_surname_head_counts_only_after_a_possessive():
    assert _found("We watched Denis Law play.") == [("Denis Law", "PERSON")]


def test_only_shape_evidence_is_overruled():
    f = CommonUseFilter(Settings())
    text = "we use a Zorvex, you know"
    start = text.index("Zorvex")
    register = Span(start, start + 6, "PERSON", "Zorvex", "register", 1.0)
    weak = Span(start, start + 6, "NAME", "Zorvex", "context:proper-noun", 0.4)
    assert f.filter([register], text) == [register]  # the team's register always wins
    assert f.filter([weak], text) == []


def test_product_before_a_product_noun():
    assert _found("Just get the Zorvex app and log in.") == []
    assert _found("We kept the Quillam card in a drawer.") == []
    # a listed name before the noun stays a person: "Sarah's account" is hers
    assert _found("I opened Sarah account for her.") == [("Sarah", "PERSON")]


def test_medicine_by_its_context_even_when_a_town_has_its_name():
    assert _found("She got a prescription for Zorvex today.") == []
    assert _found("I was prescribed Quillam last week.") == []
    assert _found("He takes Ogrent 20 mg at night.") == []
    # the same word with no medicine context is still found
    assert _found("We drove through Quillam at night.") != []


def test_substance_after_an_amount_or_a_container():
    assert _found("Add a couple of drops of Zorvex to the tank.") == []
    assert _found("He brought a bottle of Quillam, and we drank it.") == []
    # "of" after another word is still a locative
    assert _found("the people of Zorvex came") != []


def test_a_name_before_a_lower_case_head_noun_is_no_count_noun():
    # the article belongs to the head noun ("an inlet of Tarrowby"), so the name stays found,
    # and so does its other mention in the same text
    text = "We sailed into a Tarrowby inlet, and later back to the Tarrowby inlet again."
    assert _found(text) == [("Tarrowby inlet", "PLACE"), ("Tarrowby inlet", "PLACE")]


def test_an_unexplained_word_listed_among_plain_nouns_is_a_thing():
    # items of one list are of one kind: drinks, foods, not people or places
    assert _found("They drank soda pop, soft drinks, Zorvex Fizz, and water.") == []
    assert _found("We had bread, Quillam and milk.") == []
    # the same word said elsewhere in that text is kept too (one decision per form)
    assert _found("We had bread, Quillam and milk. Quillam was cheap.") == []


def test_a_list_with_people_or_no_plain_noun_keeps_the_name():
    assert _found("I saw my cousins, Zorvex and me.") == [("Zorvex", "NAME")]
    assert _found("I met friends, neighbours, Zorvex and Ogrent.") == [("Zorvex", "NAME"), ("Ogrent", "NAME")]
    assert _found("It was thanks, Zorvex, for the help.") == [("Zorvex", "NAME")]
    # a listed first name or a known place is evidence of its own, whatever the list
    assert _found("We had bread, Sarah and milk.") == [("Sarah", "PERSON")]
    assert _found("We had bread, Penzance and milk.") == [("Penzance", "PLACE")]


def test_medicine_after_a_taking_verb_with_a_medicine_word_near():
    assert _found("The doctor switched me to Zorvex last week, the tablets made me sleep.") == []
    assert _found("She was on Quillam for her nerves, the pills were strong.") == []
    assert _found("She came off the Ogrent, withdrawal was awful.") == []


def test_taking_someone_somewhere_or_no_medicine_word_keeps_the_name():
    assert _found("He was taking Zorvex to the pharmacy for his meds.") == [("Zorvex", "NAME")]
    assert _found("The doctor switched me to Zorvex last week.") != []
    assert _found("I was taking Sarah along, her tablets in my bag.") == [("Sarah", "PERSON")]


def test_a_public_body_by_its_generic_title_is_kept_a_named_one_is_not():
    # a body head after ordinary words only: a kind of body every area has
    assert _found("It went to the Quality Review Board first.") == []
    assert _found("The Housing and Welfare Partnership pays for it.") == []
    # a listed surname or an unknown word in the title makes it one body's name
    assert _found("The Campbell Partnership pays for it.") == [("The Campbell Partnership", "ORG")]
    assert [t for _, t in _found("It went to the Zorvex Review Board first.")] == ["ORG"]


def test_a_place_opening_a_title_cased_eponymous_term_is_kept():
    assert _found("Her Aberdeen Frailty Index was high.") == []
    assert _found("They used the Glenmorven Postnatal Depression Scale.") == []
    # the place alone, or before words that end in no eponym head, is still a place
    assert _found("She moved to Aberdeen Frailty Unit.") != []
    assert _found("She moved to Aberdeen last year.") != []
