"""Names spelt out letter by letter."""

from coprod.privacy.recognizers.spelled import SpelledRecognizer


def _found(text):
    return [text[s.start : s.end] for s in SpelledRecognizer().find(text)]


def test_letters_joined_by_hyphens():
    assert _found("that's T-R-E-V-O-S-E, and p - e - n - z") == ["T-R-E-V-O-S-E", "p - e - n - z"]


def test_short_or_ordinary_hyphenations_are_kept():
    assert _found("an X-ray, a T-shirt, the A-B-C and a well-known co-op") == []
