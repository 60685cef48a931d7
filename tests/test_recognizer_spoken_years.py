"""A two-digit year said in words after an event of a life is a year (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, SpokenYearRecognizer


def _found(text, mode="all"):
    rec = SpokenYearRecognizer(Settings(date_mode=mode))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert SpokenYearRecognizer in REGISTRY


def test_after_an_event_of_a_life():
    assert _found("well by then the war ended forty five so we came home") == [("forty five", "DATE")]
    assert _found("i was called up in forty two and married fifty one") == [
        ("forty two", "DATE"),
        ("fifty one", "DATE"),
    ]


def test_a_count_a_span_of_time_or_no_event_is_no_year():
    assert _found("we were married forty years") == []
    assert _found("he joined thirty two men on the ship") == []
    assert _found("there were thirty nine of us") == []


def test_only_with_dates_all():
    assert _found("the war broke out thirty nine", mode="month_year") == []


def test_in_the_analyzer_it_is_a_year():
    text = "the war started thirty nine when i was an apprentice"
    found = Analyzer([], Settings(date_mode="all")).find(text)
    assert [(text[s.start : s.end], s.type) for s in found] == [("thirty nine", "DATE")]
