"""Names spelt out letter by letter."""

from coprod.privacy.recognizers.spelled import SpelledRecognizer


def _found(text):
    return [text[s.start : s.end] for s in SpelledRecognizer().find(text)]


def test_letters_joined_by_hyphens():
    assert _found("that's T-R-E-V-O-S-E, and p - e - n - z") == ["T-R-E-V-O-S-E", "p - e - n - z"]


def test_short_or_ordinary_hyphenations_are_kept():
    assert _found("an X-ray, a T-shirt, the A-B-C and a well-known co-op") == []


def test_capitals_written_apart_by_spaces_or_dots():
    text = "it's W E N S L E Y, or W. E. N. S. and K.E.R.R.Y. on the form"
    assert _found(text) == ["W E N S L E Y", "W. E. N. S.", "K.E.R.R.Y."]


def test_short_runs_stammers_and_lower_case_letters_are_kept():
    assert _found("the U.K. and U.S.A., I I I I mean, a b c d e, the B B C") == []
