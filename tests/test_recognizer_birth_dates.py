"""Full dates the pattern detectors leave: named months between dashes, US order, and dates of
birth after a cue (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, BirthDateRecognizer


def _found(text, mode="month_year"):
    return [
        (text[s.start : s.end], s.canonical) for s in BirthDateRecognizer(Settings(date_mode=mode)).find(text)
    ]


def test_registered():
    assert BirthDateRecognizer in REGISTRY


def test_named_month_between_dashes_keeps_no_day():
    assert _found("DOB 14-Feb-1952, it says.") == [("14-Feb-1952", "February 1952")]
    assert _found("on 3/mar/84 it was") == [("3/mar/84", "March 1984")]
    assert _found("DOB 14-Feb-1952", mode="redact") == [("14-Feb-1952", "Date")]


def test_us_order_only_where_the_day_cannot_be_a_month():
    assert _found("Date of birth: 02/14/1952 on the form.") == [("02/14/1952", "February 1952")]
    assert _found("signed 7-25-1984 by both") == [("7-25-1984", "July 1984")]
    assert _found("on 02/11/1952") == []  # day first or month first: the pattern detectors' reading
    assert _found("a 7-25-84 score") == []  # dashes with a short year: a range or a score
    assert _found("on 02/30/1952") == []  # no such day


def test_after_a_birth_cue_short_forms_and_digits_in_words():
    assert _found("d.o.b. 14.2.52") == [("14.2.52", "February 1952")]
    assert _found("born on 3/4/61 in the end") == [("3/4/61", "April 1961")]
    assert _found("date of birth fourteen oh two fifty two") == [
        ("fourteen oh two fifty two", "February 1952")
    ]
    assert _found("my birthday is oh three eleven nineteen sixty") == [
        ("oh three eleven nineteen sixty", "November 1960")
    ]
    assert _found("born on fourteen two five") == []  # not six or eight digits
    assert _found("born on thirty one oh two fifty two") == []  # no 31 February


def test_without_a_cue_short_forms_are_left():
    assert _found("version 2.3.12 was out") == []
    assert _found("we had 14.2.52 on the meter") == []
    assert _found("fourteen oh two fifty two people came") == []


def test_in_the_analyzer_the_date_is_generalised():
    text = "DOB 14-Feb-1952, and d.o.b. 14.2.52 again."
    found = [
        (text[s.start : s.end], s.canonical) for s in Analyzer([], Settings()).find(text) if s.type == "DATE"
    ]
    assert ("14-Feb-1952", "February 1952") in found and ("14.2.52", "February 1952") in found
