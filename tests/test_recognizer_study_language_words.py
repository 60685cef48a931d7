"""A study language's own common nouns, capitalised in a sentence of that language, are no names
(`coprod.privacy.recognizers.study_language_words`); names in the same sentences still are."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.register import Entity

FRENCH = Analyzer([], Settings(languages=("en", "fr")))
ENGLISH = Analyzer([], Settings())


def _found(analyzer, text):
    return [(text[s.start : s.end], s.type) for s in analyzer.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "On part chez ma mère, et à la Toussaint on reste ici.",  # a listed surname, after "la"
        "À Pâques, on fait la chasse aux œufs avec les enfants.",  # no list holds it
        "J'ai attendu deux heures, puis la Sécu a perdu mon dossier.",  # a world place, after "la"
    ],
)
def test_french_common_nouns_in_french_sentences_are_kept(text):
    assert _found(FRENCH, text) == []


def test_the_same_words_are_still_found_without_the_study_language():
    # the rule is the study language's: an English-only study reads them as before
    assert _found(ENGLISH, "À Pâques, on fait la chasse aux œufs avec les enfants.") != []
    assert _found(ENGLISH, "On part chez ma mère, et à la Toussaint on reste ici.") != []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a plural article names a family
        ("On allait chez les Dupont le dimanche avec les enfants.", "Dupont"),
        # a listed surname with no article before it
        ("Alors j'ai vu Moreau hier, et il était content.", "Moreau"),
        # a listed first name after the article ("la Marie", regional speech)
        ("Et puis la Marie est venue, elle était contente.", "Marie"),
        # an English sentence of the same study: the English rules alone
        ("Then we went to the Toussaint place for lunch with them.", "Toussaint"),
    ],
)
def test_names_in_french_study_are_still_found(text, name):
    assert any(name in found for found, _ in _found(FRENCH, text)), _found(FRENCH, text)


def test_a_name_with_a_particle_before_the_article_is_still_a_name():
    # "de la Fontaine": the article is part of the name, not the noun's
    found = _found(FRENCH, "Et puis Jean de la Fontaine nous a écrit, avec les autres.")
    assert any("Fontaine" in f for f, _ in found), found


def test_a_place_after_a_place_preposition_and_the_article_stays_a_place():
    # the word some world place is spelt as: after "à la" it may be that place
    found = _found(FRENCH, "Elle est partie à la Sécu avec les enfants.")
    assert ("Sécu", "PLACE") in found, found


# a registered person whose surname is also a French common noun, written in lower case
REGISTERED = [Entity(type="PERSON", name="Aurore Berger", role="interviewer")]
FRENCH_TEAM = Analyzer(REGISTERED, Settings(languages=("en", "fr")))
ENGLISH_TEAM = Analyzer(REGISTERED, Settings())


@pytest.mark.parametrize(
    "text",
    [
        "Mon grand-père, il était berger dans la montagne avec son frère.",  # pronoun, copula
        "Elle est devenue berger comme son père, dans les Alpes.",  # pronoun, copula
        "Il a toujours eu le caractère d'un berger, calme et patient.",  # an indefinite article
        "Je voulais un berger allemand pour la maison.",
        "Le berger du village descend les bêtes en octobre.",  # a definite article
        "On a parlé au berger de la vallée avant de partir.",  # a contracted article
    ],
)
def test_a_registered_surname_as_a_lower_case_french_noun_is_kept(text):
    assert _found(FRENCH_TEAM, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # capitalised: the person, whatever the article
        "Il a parlé avec un Berger de la mairie, je crois, et avec les autres.",
        # no determiner or predicate before it: the name in lower-case speech
        "Alors j'ai vu berger hier, et elle était contente de nous voir.",
        # a capitalised word before the article: part of a name, the rule does not apply
        "Alors Marie le berger nous a appelés, je crois, pour le rendez-vous.",
        # "c'est" presents a person: the name
        "Ah oui, c'est berger qui nous a appelés pour le rendez-vous.",
        # the first person introduces herself
        "Bonjour, je suis berger, de l'université, pour l'entretien.",
        # an English sentence of the same study: the English rules alone
        "She said it was berger again on the phone, to be honest.",
    ],
)
def test_the_registered_surname_is_still_found(text):
    assert any(f.lower() == "berger" for f, _ in _found(FRENCH_TEAM, text)), _found(FRENCH_TEAM, text)


def test_an_english_only_study_keeps_matching_the_registered_surname():
    text = "Mon grand-père, il était berger dans la montagne avec son frère."
    assert ("berger", "PERSON") in _found(ENGLISH_TEAM, text)


GERMAN = Analyzer([], Settings(languages=("en", "de")))


@pytest.mark.parametrize(
    "text",
    [
        "Die Wohngeldstelle schickt nur Briefe.",  # a compound of the language's words
        "Am Ende hat die Rentenversicherungsanstalt gezahlt.",  # compound of compounds, linking "s"
        "Freitags kommt der Hausarzt.",  # one function word of German, none of English
        "Mein Mann hat heute frei.",  # a very common noun after a possessive
    ],
)
def test_german_nouns_in_german_sentences_are_kept(text):
    assert _found(GERMAN, text) == []


def test_german_names_are_still_found():
    # a surname whose parts are no common words, after an article; a first name after a possessive
    assert _found(GERMAN, "Gestern war der Quärzlinger wieder da.") != []
    assert _found(GERMAN, "Mein Mann, Heribert Quärzlinger, war Lehrer.") != []
    # the same compound in an English study is not the rule's
    assert _found(ENGLISH, "We rang the Wohngeldstelle twice.") != []
