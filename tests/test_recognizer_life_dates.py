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
        ("I joined the navy in 1942, aged eighteen", [("1942", "Year")]),
        ("and that took us to the end of 1944.", [("1944", "Year")]),
        ("in 1980 people moved out", [("1980", "Year")]),
        ("since 2000 we have lived here", [("2000", "Year")]),
        ("I was born in nineteen twenty and left", [("nineteen twenty", "Year")]),
        ("the year nineteen oh five", [("nineteen oh five", "Year")]),
        ("called up in nineteen forty one", [("nineteen forty one", "Year")]),
        ("in two thousand and five we moved", [("two thousand and five", "Year")]),
        ("by twenty fifteen it had closed", [("twenty fifteen", "Year")]),
        ("I joined up July 43 so", [("July 43", "Date")]),
        ("back in '44 it was cold", [("'44", "Year")]),
        ("we went in the late 80s and early 90s", [("80s", "Year"), ("90s", "Year")]),
        ("a child of the 1980s, or the 1960's", [("1980s", "Year"), ("1960's", "Year")]),
        ("all through the eighties", [("eighties", "Year")]),
        ("from 2005-2006 and in 2015-16", [("2005-2006", "Year"), ("2015-16", "Year")]),
        ("the war years 1939–45 changed", [("1939–45", "Year")]),
        ("I left in January 1945 for good", [("January 1945", "Date")]),
        ("at the end of September, 1944", [("September, 1944", "Date")]),
        ("I started last September", [("September", "Date")]),
        ("she trained in April", [("April", "Date")]),
        ("in May we left", [("May", "Date")]),
        ("May 1945 was the end", [("May 1945", "Date")]),
        ("we marched in march to the coast", [("march", "Date")]),
        ("the end of March", [("March", "Date")]),
        ("on Christmas Day and Boxing Day", [("Christmas Day", "Date"), ("Boxing Day", "Date")]),
        ("after D-Day and on VE day", [("D-Day", "Date"), ("VE day", "Date")]),
        ("after d day and ve day", [("d day", "Date"), ("ve day", "Date")]),
        ("I was called up just before christmas", [("christmas", "Date")]),
        ("home for the Easter holidays", [("Easter", "Date")]),
        # lower-case speech recognition, the year cut off by a line end
        ("i was born on the seventh of april nineteen", [("the seventh of april nineteen", "Date")]),
        ("on the 3rd of june we sailed", [("the 3rd of june", "Date")]),
    ],
)
def test_dates_tied_to_a_life(text, found):
    assert _found(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "there were 1980 people in the hall",
        "it cost £1950 then",
        "it cost 1950 pounds",
        "see version 2010 on page 1942",
        "we met at 19:45 sharp",
        "report at 1945 hours",
        "there were 2000 of them",
        "a 2015.5 average and 2019% growth",
        "two thousand people came",
        "twenty fifteen minutes",
        "eighteen nineteen twenty",
        "people in their 80s",
        "she is in her eighties",
        "I may be late",
        "you may well ask",
        "to march on the capital",
        "they sort of march across",
        "this may help",
        "a christmas card and an easter egg",
        "Theresa May spoke",
        "over 1900 responses came in",
    ],
)
def test_counts_money_times_ages_and_the_modal_are_kept(text):
    assert _found(text) == []


@pytest.mark.parametrize("mode", ["month_year", "redact"])
def test_other_modes_find_nothing(mode):
    assert _found("I joined in 1942 and left in September, after VE day", mode) == []


def test_all_mode_replaces_through_the_library_and_month_year_does_not():
    text = "I joined up in 1942 and left on Boxing Day; then the 80s. It ended on 3rd March 2021."
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
        "I joined up in 1942 and left on Boxing Day; then the 80s. It ended on [March 2021]."
    )


def test_analyzer_types_them_as_dates():
    spans = Analyzer([], Settings(date_mode="all")).find("we moved in 1956 and again in the 1970s")
    assert [(s.type, s.canonical) for s in spans] == [("DATE", "Year"), ("DATE", "Year")]


def test_a_month_alone_gives_way_to_a_person_there():
    rec = LifeDateRecognizer(Settings(date_mode="all"))
    assert [s.confidence for s in rec.find("in April 1944")] == [0.9]
    month = rec.find("April said no")
    assert [s.confidence for s in month] == [0.75]
    person = Span(0, 5, "PERSON", "April", "names:first-name", 0.8)
    assert resolve_overlaps(month + [person]) == [person]
