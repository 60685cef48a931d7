"""Full dates with another language's month name, and dates of birth said after another
language's birth cue, in figures or (French) in words (invented text)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.normalise import view
from coprod.privacy.recognizers import IDENTIFIER_RECOGNIZERS, REGISTRY, LanguageDateRecognizer
from coprod.privacy.recognizers.language_dates import french_number


def _found(text, mode="month_year"):
    rec = LanguageDateRecognizer(Settings(date_mode=mode))
    return [(text[s.start : s.end], s.canonical) for s in rec.find(view(text))]


def test_registered():
    assert LanguageDateRecognizer in REGISTRY
    assert LanguageDateRecognizer in IDENTIFIER_RECOGNIZERS


def test_french_cardinals():
    assert french_number("vingt-deux") == 22
    assert french_number("trente et un") == 31
    assert french_number("soixante-dix-sept") == 77
    assert french_number("mille neuf cent quatre-vingt-dix") == 1990
    assert french_number("mil neuf cent soixante et onze") == 1971
    assert french_number("deux mille trois") == 2003
    assert french_number("deux pommes") is None


def test_a_full_date_with_another_language_month_loses_its_day():
    assert _found("Il est arrivé le 3 mars 1985 à Brest.") == [("3 mars 1985", "mars 1985")]
    assert _found("am 3. März 1985 geboren") == [("3. März 1985", "märz 1985")]
    assert _found("el 3 de marzo de 1985") == [("3 de marzo de 1985", "marzo 1985")]
    assert _found("le 1er décembre 2019", "redact") == [("1er décembre 2019", "Date")]


def test_after_a_birth_cue_the_year_may_be_missing_or_said_in_words():
    assert _found("Je suis née le 14 juillet, comme tout le monde.") == [("14 juillet", "juillet")]
    said = "vingt-deux juin mille neuf cent quatre-vingt-dix"
    assert _found(f"je suis née le {said} à Vannes") == [(said, "juin 1990")]
    assert _found("il est né le premier mai") == [("premier mai", "mai")]


def test_what_is_no_date_stays():
    assert _found("le 30 février 1990 n'existe pas") == []
    assert _found("three Mars bars and 3 mars") == []  # no year, no birth cue
    assert _found("le 14 juillet on fait la fête") == []  # a holiday, no year, no birth cue
    assert _found("on mange à deux heures le vingt-deux juin") == []  # words without a birth cue
