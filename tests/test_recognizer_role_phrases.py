"""Speaker labels that are an ordinary phrase name a role, not a person (role_phrases): the
name lists decide, so a first name or a common surname that is also a word stays a name."""

import pytest

from coprod.ingest import Transcript, Turn
from coprod.privacy.corpus_rules import is_role_label
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts
from coprod.privacy.role_phrases import is_role_phrase


@pytest.mark.parametrize(
    "label",
    [
        "Support Worker",  # two dictionary words, neither a first name
        "Family Member 2",  # with a number
        "Social Worker B",  # with a letter
        "Grandparent",
        "Advocate",
        "Ward Manager",  # a common surname is a word inside a phrase
        "Befriender",  # an agent noun on a dictionary word ("befriend")
        "Vice-chair",  # a bound prefix joined by a hyphen
        "Dad",
        "Headteacher",  # a compound of a word and a role word
        "Practice Nurse",  # a title word last is a role ("Nurse Baker" is a name)
    ],
)
def test_ordinary_phrases_are_roles(label):
    assert is_role_label(label), label


@pytest.mark.parametrize(
    "label",
    [
        "Grace",  # a first name that is also a word
        "Holly Turner",
        "Baker",  # a common surname alone labels a person
        "Brown",
        "Mrs Wood",  # a title
        "Tamsin",  # not a word at all
        "Pengelly",
        "Morwenna Pengelly",
        "Kowalski",  # a surname wordfreq knows, not a dictionary word
        "Ruaridh",
        "Zeller",  # agent-noun ending on no dictionary word
        "OZ",  # initials
        "Sue",  # a listed first name that is also a word
        "Nightingale",  # a surname that is also a word, rarer as a word
        "Nurse Baker",  # a title before a name
        "Kissinger",  # an agent-noun shape that the surname list holds
    ],
)
def test_names_are_not_roles(label):
    assert not is_role_label(label), label


def test_allowed_word_inside_a_label():
    assert not is_role_phrase("trelawny coordinator")
    assert is_role_phrase("trelawny coordinator", allow=("Trelawny",))


def test_study_language_words_count():
    """A French study's label in French: an ordinary French phrase is a role too."""
    assert not is_role_phrase("enseignant")
    assert is_role_phrase("enseignant", languages=("en", "fr"))


def test_role_phrase_label_is_kept_and_its_word_stays_a_word():
    turns = [
        Turn("Interviewer", "interviewer", "Who helps at home?", 0),
        Turn("Support Worker", "participant", "I do. Being a support worker is tiring.", 1),
        Turn("Tamsin Roe", "participant", "And I help Tamsin on Fridays.", 2),
    ]
    t = Transcript("t001", "", "txt", "utf-8", turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings())
    out = docs[0]["turns"]
    assert out[1]["speaker"] == "Support Worker"
    assert out[1]["text"] == "I do. Being a support worker is tiring."
    assert "Tamsin" not in out[2]["speaker"] and "Tamsin" not in out[2]["text"]


def test_a_role_the_labels_name_is_kept_where_speech_says_it():
    """ "Key Worker:" labels a role; "the Key Worker came" in speech is that role, not a name,
    while a name beside it is still replaced."""
    turns = [
        Turn("Interviewer", "interviewer", "Who visits?", 0),
        Turn("Carer", "participant", "The Link Worker came, with Morwenna Pengelly.", 1),
        Turn("Link Worker", "participant", "Yes, and the Carer made tea.", 2),
    ]
    t = Transcript("t001", "", "txt", "utf-8", turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings())
    out = docs[0]["turns"]
    assert out[1]["text"].startswith("The Link Worker came, with ")
    assert "Morwenna" not in out[1]["text"] and "Pengelly" not in out[1]["text"]
    assert out[2]["text"] == "Yes, and the Carer made tea."


def test_a_first_name_another_study_language_counts_as_a_word_is_a_name():
    """wordfreq counts many first names as words of French ("yves"): in a label with a
    surname they still name a person, while a French role phrase stays a role."""
    langs = ("en", "fr", "pl")
    assert not is_role_phrase("yves marchand", languages=langs)
    assert not is_role_label("Yves Marchand", languages=langs)
    assert is_role_phrase("infirmière", languages=langs)
    assert is_role_phrase("babcia", languages=langs)


def test_a_registered_name_as_a_label_is_never_a_role():
    """A label of ordinary words of the study's languages that is a registered person's name
    is that person: replaced, not kept as a role."""
    from coprod.privacy.register import Entity

    turns = [
        Turn("Blanc Chevalier", "interviewer", "Bonjour, merci d'être là.", 0),
        Turn("Participant", "participant", "Bonjour.", 1),
    ]
    t = Transcript("t001", "", "txt", "utf-8", turns)
    settings = Settings(languages=("en", "fr"))
    assert is_role_label("Blanc Chevalier", languages=("en", "fr"))  # words alone: a role
    docs, _ = deidentify_transcripts([t], [Entity("PERSON", "Blanc Chevalier")], PseudonymKey(), settings)
    speaker = docs[0]["turns"][0]["speaker"]
    assert "Blanc" not in speaker and "Chevalier" not in speaker, speaker
