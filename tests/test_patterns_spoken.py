"""Phones, dates, addresses and contacts in the forms a red team found leaking: country code
without "+", fullwidth and other Unicode digits, numbers said in words, dates of birth in ISO,
dotted, abbreviated and spoken forms, house numbers in words, e-mail and web addresses said
aloud or split by a caption break, names spelt letter by letter. All values are invented."""

from __future__ import annotations

import pytest

from coprod.privacy.detectors import (
    all_patterns,
    dates,
    pattern_hints,
    spelt_words,
    spoken_contacts,
    spoken_dates,
    spoken_digits,
    spoken_phones,
    spoken_postcodes,
    word_addresses,
)

BATCH = "\n\x00\n"


def found(text, mode="month_year"):
    """Spans of all_patterns, alone and as one text of a batch (both paths must agree)."""
    alone = [(text[s.start : s.end], s.type, s.canonical) for s in all_patterns(text, mode)]
    joined = BATCH.join(["Nothing here at all.", text, "Then we had lunch."])
    batch = [
        (text[s.start : s.end], s.type, s.canonical) for s in all_patterns(text, mode, pattern_hints(joined))
    ]
    assert sorted(alone) == sorted(batch)
    return alone


# ----------------------------------------------------------------------------- phones
@pytest.mark.parametrize(
    "text,surface",
    [
        ("ring 0044 7700 900123 after six", "0044 7700 900123"),
        ("ring 44 7700 900456 after six", "44 7700 900456"),
        ("the office is 0044 131 496 0372", "0044 131 496 0372"),
        ("text ０７７００ ９００７８９ tonight", "０７７００ ９００７８９"),  # fullwidth digits
        ("text ٠٧٧٠٠٩٠٠٥٥٥ tonight", "٠٧٧٠٠٩٠٠٥٥٥"),  # Arabic-Indic digits
    ],
)
def test_written_phones_without_plus_and_in_other_digits(text, surface):
    assert [g for g in found(text) if g[1] == "PHONE" and g[0] == surface]


@pytest.mark.parametrize(
    "phrase,digits",
    [
        ("zero seven seven zero zero, nine zero zero, one two three", "07700900123"),
        ("nought one three one, four nine six, nought three seven two", "01314960372"),
        ("oh seven seven hundred, nine hundred, four five six", "07700900456"),
        ("oh seven seven oh oh, treble nine, two six one", "07700999261"),
        ("oh seven seven seventy seven, nine double oh, one two three", "07777900123"),
        ("four four seven seven oh oh nine oh oh one two three", "447700900123"),
    ],
)
def test_spoken_phones_with_zero_nought_treble_tens_and_hundreds(phrase, digits):
    assert spoken_digits(phrase) == digits
    text = f"You can get me on {phrase} most days."
    assert [(s.type, s.canonical) for s in spoken_phones(text)] == [("PHONE", digits)]


def test_numbers_said_as_numbers_after_an_identifier_cue():
    text = "my patient number is ninety thousand two hundred and eleven, I think"
    assert [(s.type, s.canonical) for s in spoken_phones(text)] == [("ID_NUMBER", "90211")]
    for plain in (
        "we had two hundred and eleven people and ninety thousand pounds",
        "one, two, three, four, five of them came",
        "in nineteen eighty four and two thousand and one",
        "the number of people was about two hundred and twenty three",
    ):
        assert spoken_phones(plain) == [], plain


def test_health_numbers_read_out_in_words():
    # 943 476 5919 (a valid NHS check digit) and 1204625433 (a CHI: 12/04/62, valid mod-11)
    for said, digits in (
        ("nine four three, four seven six, five nine one nine", "9434765919"),
        ("one two oh four six two, five four three, three", "1204625433"),
    ):
        text = f"It's {said}, on the letter."
        assert [(s.type, s.canonical) for s in spoken_phones(text)] == [("ID_NUMBER", digits)]
    # a wrong check digit without a cue is no health number; after "CHI is" it is a number said
    bad = "one two oh four six two, five four three, four"
    assert spoken_phones(f"It's {bad}, on the letter.") == []
    assert [s.canonical for s in spoken_phones(f"My CHI is {bad}.")] == ["1204625434"]


@pytest.mark.parametrize(
    "text,surface",
    [
        ("we lived at forty eight Thornhill Road then", "forty eight Thornhill Road"),
        ("she's at six Mill Lane now", "six Mill Lane"),
        ("number twelve Kirk Wynd", "twelve Kirk Wynd"),
        ("it was one hundred and two Main Street", "one hundred and two Main Street"),
        ("Twenty-Two Bank Street", "Twenty-Two Bank Street"),
    ],
)
def test_house_numbers_in_words(text, surface):
    assert [s for s in word_addresses(text) if text[s.start : s.end] == surface]


@pytest.mark.parametrize(
    "text",
    ["three Park Road residents came", "the forty eight hours at the Hill", "two Green Party people"],
)
def test_counts_before_a_street_word_are_not_addresses(text):
    assert word_addresses(text) == []


@pytest.mark.parametrize(
    "text,surface",
    [
        ("my daughter's house at fifty two anyname road i think", "fifty two anyname road"),
        ("we lived at thirty seven mill lane then", "thirty seven mill lane"),
        ("twenty two anyname gardens was ours", "twenty two anyname gardens"),
        ("number nine anyname street", "nine anyname street"),
    ],
)
def test_house_numbers_in_lower_case_speech(text, surface):
    """Speech recognition writes everything in lower case: the street word is the evidence."""
    assert [(text[s.start : s.end], s.type) for s in word_addresses(text)] == [(surface, "ADDRESS")]


@pytest.mark.parametrize(
    "text",
    [
        "a forty five minute drive away",
        "two hundred yards down the road",
        "about fifty two of them on the road",
        "there were forty two on our road",
        "three anyname road residents",  # one number word without "at" or "number" is a count
        "twenty two anyname way",  # "way", "park", "close" are ordinary words in lower case
        "It was Fifty two anyname road",  # mixed case is neither form
    ],
)
def test_lower_case_counts_and_distances_are_not_addresses(text):
    assert word_addresses(text) == []


# ----------------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    "text,surface,general",
    [
        ("born 1984-03-07 in Perth", "1984-03-07", "March 1984"),
        ("DOB 07.03.1984.", "07.03.1984", "March 1984"),
        ("dob 7-3-1984", "7-3-1984", "March 1984"),
        ("on 7 Mar 84.", "7 Mar 84", "March 1984"),
        ("on 7 Mar '84 she", "7 Mar '84", "March 1984"),
        ("Mar. 7th, 1984", "Mar. 7th, 1984", "March 1984"),
        ("born on 12/11/59", "12/11/59", "November 1959"),
    ],
)
def test_dates_of_birth_in_figures(text, surface, general):
    assert [(text[s.start : s.end], s.canonical) for s in dates(text)] == [(surface, general)]
    assert [s.canonical for s in dates(text, "redact")] == ["Date"]


@pytest.mark.parametrize(
    "text,surface,general",
    [
        (
            "she was born the seventh of March nineteen eighty four",
            "the seventh of March nineteen eighty four",
            "March 1984",
        ),
        (
            "The twenty-first of June, two thousand and one",
            "The twenty-first of June, two thousand and one",
            "June 2001",
        ),
        ("on the ninth of May nineteen oh four", "the ninth of May nineteen oh four", "May 1904"),
        ("March the third, 1990", "March the third, 1990", "March 1990"),
        (
            "the second of January, twenty twenty one",
            "the second of January, twenty twenty one",
            "January 2021",
        ),
    ],
)
def test_dates_said_in_words(text, surface, general):
    assert [(text[s.start : s.end], s.canonical) for s in spoken_dates(text)] == [(surface, general)]
    assert [g[2] for g in found(text) if g[1] == "DATE"] == [general]


@pytest.mark.parametrize(
    "text",
    [
        "version 2.3.12 and 1.2.2019.4",
        "ip 10.1.12.1984",
        "at 10.30 on 3.5",
        "31.02.1984",  # no such day
        "in 2019-20 we grew 3.5%",
        "7 March 84 people came",  # a count after a date: kept out of the year
        "the second of them came in May",
        "the first of may be",
        "£1,984.03 and 07:30",
    ],
)
def test_date_negatives(text):
    assert [g for g in found(text) if g[1] == "DATE" and g[2] != "March"] == []


# ----------------------------------------------------------------------------- contacts
@pytest.mark.parametrize(
    "text,kind,value",
    [
        ("mail ravi dot patel at example dot com please", "EMAIL", "ravi.patel@example.com"),
        ("it's ravi at thinkexample dot co dot uk", "EMAIL", "ravi@thinkexample.co.uk"),
        ("j underscore rowan at example dot org", "EMAIL", "j_rowan@example.org"),
        ("look up thinkexample dot com", "URL", "thinkexample.com"),
        ("I'm call underscore name on there", "EMAIL", "call_name"),
        ("it's anyname dot roe seventy at example dot com", "EMAIL", "anyname.roe70@example.com"),
        ("it's anyname dot roe 82 at example dot com", "EMAIL", "anyname.roe82@example.com"),
        ("mail anyname double seven at example dot org", "EMAIL", "anyname77@example.org"),
        ("I was seventy at nhs dot scot", "URL", "nhs.scot"),  # a word and a number: no mailbox
    ],
)
def test_contacts_said_aloud(text, kind, value):
    assert [(s.type, s.canonical) for s in spoken_contacts(text)] == [(kind, value)]


def test_an_ordinary_word_before_at_is_no_mailbox():
    assert [(s.type, s.canonical) for s in spoken_contacts("we looked at nhs dot scot")] == [
        ("URL", "nhs.scot")
    ]
    assert spoken_contacts("we met at the dot of nine") == []


@pytest.mark.parametrize(
    "text,value",
    [
        ("mail ravi.patel@ example.com today", "ravi.patel@example.com"),  # cue break after "@"
        ("mail ravi.patel @example.com today", "ravi.patel@example.com"),
        ("mail ravi.patel@example. com today", "ravi.patel@example.com"),
        ("mail ravi.pat el@example.com today", "ravi.patel@example.com"),  # break in the local part
        ("mail ravi_pa tel@example.com today", "ravi_patel@example.com"),
        ("i.e. tel@example.com today", "tel@example.com"),  # an abbreviation ends with a dot
    ],
)
def test_email_split_by_a_caption_break(text, value):
    assert [g[2] for g in found(text) if g[1] == "EMAIL"] == [value]


def test_web_addresses_without_scheme():
    for text, url in (
        ("see thinkexample.com", "thinkexample.com"),
        ("at Example.CO.UK now", "example.co.uk"),
    ):
        assert [g[2] for g in found(text) if g[1] == "URL"] == [url]


@pytest.mark.parametrize(
    "text,name",
    [
        ("it's R-A-V-I", "Ravi"),
        ("spelt r a v i", "Ravi"),
        ("R.A.V.I. signed", "Ravi"),
        ("R-O-W-A-N-S", "Rowans"),
        ("that's R. A. V. I. on the form", "Ravi"),  # a dot and a space between letters
        ("it's F E R G U S O N, no cue", "Ferguson"),  # spaced capitals that are a listed surname
    ],
)
def test_spelt_out_names(text, name):
    assert [(s.type, s.canonical) for s in spelt_words(text)] == [("PERSON", name)]


@pytest.mark.parametrize(
    "text",
    [
        "the N H S and the G P",
        "C A M H S referral",
        "s-o-r-r-y",
        "options A B C D",
        "N H S E said",
        "I a",
        "the D P I A and G D P R work",  # acronyms as captions write them
        "our C-I-C-D and T-F-I-D-F",
        "the C O V I D rules",  # spaced capitals that are no listed name, with no cue
    ],
)
def test_spelt_negatives_keep_acronyms_words_and_lists(text):
    assert spelt_words(text) == []


def test_postcodes_said_aloud():
    text = "it is E H one two A B, the office"
    assert [(text[s.start : s.end], s.canonical) for s in spoken_postcodes(text)] == [
        ("E H one two A B", "EH1 2AB")
    ]
    assert [s.canonical for s in spoken_postcodes("K A seven four L B then")] == ["KA7 4LB"]
    assert spoken_postcodes("Plan A B C and one two three") == []


def test_fullwidth_words_and_letters_that_lower_case_longer_keep_offsets():
    fullwidth = "ｏｈ ｓｅｖｅｎ ｓｅｖｅｎ ｏｈ ｏｈ ｎｉｎｅ ｏｈ ｏｈ ｏｎｅ ｔｗｏ ｔｈｒｅｅ"
    text = f"ring me on {fullwidth} please"
    assert [(g[0], g[1]) for g in found(text)] == [(fullwidth, "PHONE")]
    text = "İİİ said oh seven seven oh oh nine oh oh one two three and eh1 2ab"
    got = {g[0] for g in found(text)}
    assert got == {"oh seven seven oh oh nine oh oh one two three", "eh1 2ab"}


def test_a_day_in_figures_with_the_year_in_words():
    for text, surface, general in (
        ("born the 3rd of March twenty twenty", "the 3rd of March twenty twenty", "March 2020"),
        ("on 7th March, nineteen eighty four.", "7th March, nineteen eighty four", "March 1984"),
    ):
        assert [(text[s.start : s.end], s.canonical) for s in dates(text)] == [(surface, general)]
