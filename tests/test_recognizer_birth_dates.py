"""Full dates the pattern detectors leave: named months between dashes, US order, and dates of
birth after a cue (invented text)."""

from conftest import random_texts

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
    assert _found("born on fourteen two five") == []  # not six or eight digits, no year of two
    assert _found("His date of birth is twelve four sixty-two.") == [("twelve four sixty-two", "April 1962")]
    assert _found("dob twelve four nineteen sixty two") == [("twelve four nineteen sixty two", "April 1962")]
    assert _found("d.o.b. 12.iv.62") == [("12.iv.62", "April 1962")]
    assert _found("born on the twelfth of the fourth") == [("the twelfth of the fourth", "April")]
    assert _found("born on thirty one oh two fifty two") == []  # no 31 February


def test_roman_numeral_months_and_ordinal_months():
    assert _found("DOB 12.iv.1962 it says") == [("12.iv.1962", "April 1962")]
    assert _found("seen 3/XI/1984 in clinic") == [("3/XI/1984", "November 1984")]
    assert _found("on 12.Iv.1962") == []  # numerals in mixed case: no month
    assert _found("on 31.ii.1962") == []  # no such day
    text = "He was born on the twelfth of the fourth, sixty-two."
    assert _found(text) == [("the twelfth of the fourth, sixty-two", "April 1962")]
    assert _found("on the twenty-first of the third nineteen eighty four") == [
        ("the twenty-first of the third nineteen eighty four", "March 1984")
    ]
    assert _found("on the third of the eleventh 1984, yes") == [
        ("the third of the eleventh 1984", "November 1984")
    ]
    assert _found("the twelfth of the fourth, sixty-two", mode="redact") == [
        ("the twelfth of the fourth, sixty-two", "Date")
    ]
    # without a year or a birth cue no date: "the first of the second two sessions"
    assert _found("the first of the second two sessions") == []
    assert _found("the third of the thirteenth 1984") == []  # no thirteenth month
    # the ordinal scan runs only where "of", "the" and a month ordinal stand in a row, any case
    assert _found("THE TWELFTH OF THE FOURTH, 1962") == [("THE TWELFTH OF THE FOURTH, 1962", "April 1962")]
    assert _found("The Twelfth Of The Fourth 1962") == [("The Twelfth Of The Fourth 1962", "April 1962")]
    assert _found("the twelfth of\tthe  fourth 1962") == [("the twelfth of\tthe  fourth 1962", "April 1962")]
    assert _found("the twelfth of a fourth 1962") == []


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


def _whole_text_find(recognizer, seen):
    """The recognizer's `find` as first written: each scan over the whole text."""
    from coprod.privacy.recognizers.birth_dates import (
        BIRTH_CUE_RE,
        NAMED_RE,
        ORDINAL_RE,
        ROMAN_RE,
        US_RE,
        _distinct,
        _month,
        _year,
    )

    out = []
    if "-" in seen or "/" in seen or "." in seen:
        for m in NAMED_RE.finditer(seen):
            day, month, year = int(m["day"]), _month(m["mon"]), _year(m["year"])
            out.append(recognizer._span(m.start(), m.end(), day, month, year, "named"))
        for m in US_RE.finditer(seen):
            if m["s"] == "-" and len(m["year"]) == 2:
                continue
            day, month, year = int(m["day"]), _month(m["mon"]), _year(m["year"])
            out.append(recognizer._span(m.start(), m.end(), day, month, year, "us-order"))
        for m in ROMAN_RE.finditer(seen):
            day, month, year = int(m["day"]), _month(m["mon"]), _year(m["year"])
            out.append(recognizer._span(m.start(), m.end(), day, month, year, "roman"))
    for m in ORDINAL_RE.finditer(seen):
        out.append(recognizer._ordinal(m) if m["when"] else None)
    for cue in BIRTH_CUE_RE.finditer(seen):
        out.append(recognizer._cued(seen, cue.end()))
    return _distinct([s for s in out if s])


def test_scans_tried_at_their_starts_find_what_the_whole_text_scans_find():
    """The two date scans are tried only at one or two digits before a separator, the cue scan
    only where a word's letter run is "d" or "do" (when the text spells "dob" with dots or
    spaces) or starts with "dob", "date", "born" or "birth", the ordinal scan only in a text
    with "of the" and a month ordinal in a row; on random texts of cues, dates, digits, joiners
    and look-alike letters the recognizer finds what the scans over the whole text find."""

    parts = [
        "DOB", "d.o.b.", "d. o. b.", "D O B", "do b", "d ob", "dob", "x-dob", "o'born", "I'd", "do",
        "Date of birth", "date  of birth", "born on", "Born", "birthday", "birth day", "5born", "ſ", "İ",
        "is", "was", "of", "it was", ":", "14-Feb-1952", "14/feb/52", "3.Mar.1984", "02/14/1952", "7-25-84",
        "14.2.52", "3/4/61", "14-2-1952", "fourteen oh two fifty two", "1.2.3", "12.iv.1962", "3/XI/84",
        "the", "the twelfth", "twenty-first", "of the fourth", "the third", "sixty-two", "1962", "'62",
        "twelve four sixty-two", "xthe", "the  second", "٣/4/61", "12", " ", " ", "OF THE FOURTH",
        "The Twelfth", "of\tthe\tfirst", "of the", "first", "Of", "THE",
        "\t", ",", "-", "/", ".", "\n",
    ]  # fmt: skip
    recognizer, found = BirthDateRecognizer(Settings()), 0
    for text in random_texts(parts, 6, 12):
        want = _whole_text_find(recognizer, text)
        found += bool(want)
        assert recognizer.find(text) == want, text
    assert found > 300
