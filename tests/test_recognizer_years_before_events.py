"""A two-digit year said in words right before its event and subject, with dates: all
(invented sentences)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers import REGISTRY, YearBeforeEventRecognizer


def _found(text, mode="all"):
    return [text[s.start : s.end] for s in YearBeforeEventRecognizer(Settings(date_mode=mode)).find(text)]


def test_registered():
    assert YearBeforeEventRecognizer in REGISTRY


def test_a_year_before_a_subject_and_a_life_event():
    assert _found("and in fifty two we moved to the coast") == ["fifty two"]
    assert _found("then sixty one my brother married a teacher") == ["sixty one"]
    assert _found("so twenty eight she was born in the winter") == ["twenty eight"]


def test_a_year_said_twice_in_a_row_is_both_mentions():
    assert _found("it was fifty two fifty two we moved again") == ["fifty two", "fifty two"]


def test_two_different_numbers_counts_and_addresses_stay():
    assert _found("we had fifty two forty we moved the chairs") == []
    assert _found("at number forty we moved in") == []
    assert _found("there were a hundred and forty we joined together") == []
    assert _found("about sixty we had in the hall") == []  # no life event


def test_only_with_dates_all():
    assert _found("and in fifty two we moved to the coast", mode="month_year") == []
