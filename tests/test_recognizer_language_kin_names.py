"""A name after a possessive and a kin word of German or Spanish (invented names)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers import REGISTRY, LanguageKinNameRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text):
    rec = LanguageKinNameRecognizer(Settings(), ordinary_words(("de", "es", "en"), str(REFERENCE_DIR)))
    return [text[s.start : s.end] for s in rec.find(text)]


def test_registered():
    assert LanguageKinNameRecognizer in REGISTRY


def test_a_name_after_a_kin_phrase():
    assert _found("Meine Tochter, Quirina Strelzbach, kommt morgen.") == ["Quirina Strelzbach"]
    assert _found("Ich rufe meinen Bruder Thorvid an.") == ["Thorvid"]
    assert _found("Mi marido Xabiertxo Urkiolaga trabaja.") == ["Xabiertxo Urkiolaga"]


def test_a_word_after_the_kin_phrase_stays():
    assert _found("Mein Mann arbeitet viel.") == []  # lower case
    assert _found("Mein Sohn Montags nie.") == []  # a frequent German word, no listed name
    assert _found("Mi hija Mañana viene.") == []  # a frequent Spanish word
    assert _found("Der Mann Quirina kam.") == []  # no possessive before the kin word
