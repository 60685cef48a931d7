"""`deidentify.dates: all`: years, decades, months, named days and year ranges tied to a life
become "[Year]" or "[Date]"; counts, money, times, versions, ages and the modal "may" stay."""

import pytest

from coprod.ingest import Transcript, Turn
from coprod.privacy.analyzer import Analyzer, Settings, resolve_overlaps
from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts
from coprod.privacy.detectors import Span
from coprod.privacy.recognizers.life_dates import LifeDateRecognizer


def _found(text, mode="all"):
    spans = LifeDateRecognizer(Settings(date_mode=mode)).find(text)
    return [(text[s.start : s.end], s.canonical) for s in spans]


@pytest.mark.parametrize(
    "text,found",
    [
        ("I joined the army in 1957, aged nineteen", [("1957", "Year")]),
        ("by the end of 1962 we had moved.", [("1962", "Year")]),
        ("in 1975 people moved out", [("1975", "Year")]),
        ("since 2000 we have lived here", [("2000", "Year")]),
        ("born in nineteen twenty seven and left", [("nineteen twenty seven", "Year")]),
        ("the year nineteen oh five", [("nineteen oh five", "Year")]),
        ("moved away in nineteen fifty three", [("nineteen fifty three", "Year")]),
        ("in two thousand and five we moved", [("two thousand and five", "Year")]),
        ("by twenty fifteen it had closed", [("twenty fifteen", "Year")]),
        ("I joined up June 52 so", [("June 52", "Date")]),
        ("back in '61 it was cold", [("'61", "Year")]),
        ("we went in the late 70s and early 50s", [("70s", "Year"), ("50s", "Year")]),
        ("a child of the 1950s, or the 1960's", [("1950s", "Year"), ("1960's", "Year")]),
        ("all through the eighties", [("eighties", "Year")]),
        ("from 2003-2004 and in 2011-12", [("2003-2004", "Year"), ("2011-12", "Year")]),
        ("the war years 1939–45 changed", [("1939–45", "Year")]),
        ("I left in February 1963 for good", [("February 1963", "Date")]),
        ("at the end of March, 1962", [("March, 1962", "Date")]),
        ("we moved last October", [("October", "Date")]),
        ("we sailed in November", [("November", "Date")]),
        ("in May we left", [("May", "Date")]),
        ("May 1963 was the end", [("May 1963", "Date")]),
        ("we marched in march to the coast", [("march", "Date")]),
        ("the end of March", [("March", "Date")]),
        ("on Christmas Day and Boxing Day", [("Christmas Day", "Date"), ("Boxing Day", "Date")]),
        ("after D-Day and on VE day", [("D-Day", "Date"), ("VE day", "Date")]),
        ("after d day and ve day", [("d day", "Date"), ("ve day", "Date")]),
        ("we went home just before christmas", [("christmas", "Date")]),
        ("home for the Easter holidays", [("Easter", "Date")]),
        # lower-case speech recognition, the year cut off by a line end
        ("she was born on the twelfth of may nineteen", [("the twelfth of may nineteen", "Date")]),
        ("on the 3rd of june we sailed", [("the 3rd of june", "Date")]),
        # a bare two-digit year after an event of a life
        ("he was born in 31 and I was born in 27", [("31", "Year"), ("27", "Year")]),
        ("I joined up in 42, then enlisted '44", [("42", "Year"), ("'44", "Year")]),
    ],
)
def test_dates_tied_to_a_life(text, found):
    assert _found(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "there were 1975 people in the hall",
        "it cost £1950 then",
        "it cost 1950 pounds",
        "see version 2010 on page 1957",
        "we met at 19:45 sharp",
        "report at 1963 hours",
        "there were 2000 of them",
        "a 2015.5 average and 2019% growth",
        "two thousand people came",
        "twenty fifteen minutes",
        "seventeen nineteen fifty",
        "people in their 70s",
        "she is in her eighties",
        "I may be late",
        "you may well ask",
        "to march on the capital",
        "they sort of march across",
        "this may help",
        "a christmas card and an easter egg",
        "Theresa May spoke",
        "over 1900 responses came in",
        "she was born 12 weeks early",
        "we married in 30 minutes flat",
        "I joined 20 others",
    ],
)
def test_counts_money_times_ages_and_the_modal_are_kept(text):
    assert _found(text) == []


@pytest.mark.parametrize("mode", ["month_year", "redact"])
def test_other_modes_find_nothing(mode):
    assert _found("I joined in 1957 and left in September, after VE day", mode) == []


def test_all_mode_replaces_through_the_library_and_month_year_does_not():
    text = "I joined up in 1957 and left on Boxing Day; then the 70s. It ended on 3rd March 2021."
    t = Transcript(
        id="t001", source="", format="txt", encoding="utf-8",
        turns=[Turn(speaker="Speaker", role="participant", text=text, order=0)],
    )  # fmt: skip
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings(date_mode="all"))
    assert docs[0]["turns"][0]["text"] == (
        "I joined up in [Year] and left on [Date]; then the [Year]. It ended on [Date]."
    )
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings())
    assert docs[0]["turns"][0]["text"] == (
        "I joined up in 1957 and left on Boxing Day; then the 70s. It ended on [March 2021]."
    )


def test_analyzer_types_them_as_dates():
    spans = Analyzer([], Settings(date_mode="all")).find("we moved in 1956 and again in the 1970s")
    assert [(s.type, s.canonical) for s in spans] == [("DATE", "Year"), ("DATE", "Year")]


def test_a_month_alone_gives_way_to_a_person_there():
    rec = LifeDateRecognizer(Settings(date_mode="all"))
    assert [s.confidence for s in rec.find("in June 1962")] == [0.9]
    month = rec.find("June said no")
    assert [s.confidence for s in month] == [0.75]
    person = Span(0, 4, "PERSON", "June", "names:first-name", 0.8)
    assert resolve_overlaps(month + [person]) == [person]


def test_a_two_digit_year_said_again_close_after_it_is_the_same_year():
    assert _found("I joined up July 43 so I got there, oh, probably 43 and stayed") == [
        ("July 43", "Date"),
        ("43", "Year"),
    ]
    assert _found("she was born in 27 I reckon it was 27, and I was born in 24") == [
        ("27", "Year"),
        ("27", "Year"),
        ("24", "Year"),
    ]


def test_the_same_number_far_away_on_another_line_or_as_a_count_is_no_year():
    assert _found("born in 29, then\nwe had 29 sheep") == [("29", "Year")]
    assert _found("born in 29 and 29 people came, 29% of them, 29.5 miles") == [("29", "Year")]
    assert _found("born in 29" + " and so on" * 10 + " at 29") == [("29", "Year")]
    assert _found("we had 43 sheep and 43 cows") == []
