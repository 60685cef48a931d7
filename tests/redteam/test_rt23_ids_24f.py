"""Red team 24f, class 1c: structured identifiers in variant forms, and contacts and numbers
said aloud, written blind (values invented; NHS/CHI numbers carry valid check digits so a
checksum rule cannot excuse them; phone numbers avoid Ofcom's drama ranges). Default date mode
is `month_year`: a date of birth may keep its month and year, never its day."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, nhs_number, write_register

pytestmark = pytest.mark.redteam

TAIL = "That was all on the form."


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24f: {reason}"))


def _run(tmp_path, said, people=()):
    reg = write_register(tmp_path / "register.yaml", people=people)
    text = f"Interviewer: What did you have to give them?\nP02: {said} {TAIL}\n"
    _, out = deidentify(tmp_path, {"ids.txt": text}, register=reg)
    assert TAIL in out
    return out


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("The postcode is K Y fifteen, seven A R.", ["KY15", "fifteen, seven A R", "7AR"]),
        ("We're at ky15 7ar now.", ["ky15 7ar", "ky157ar"]),
        ("Post code is AB10, 7QJ.", ["7QJ"]),
        (
            "It's G3 8 JU, the flat.",
            ["8 JU", "G38JU"],
        ),
    ],
)
def test_postcode_variants(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


NHS = nhs_number("483719265")
CHI = nhs_number("140252371")  # ddmmyy + 4 digits, valid mod-11


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        (f"My NHS number is {NHS[:3]}/{NHS[3:6]}/{NHS[6:]}.", [NHS]),
        (f"NHS no. {NHS[:3]} {NHS[3:6]} {NHS[6:]} (on the card).", [NHS]),
        (f"CHI: {CHI[:6]} {CHI[6:]}", [CHI]),
        (f"the chi number was {CHI[:2]}.{CHI[2:4]}.{CHI[4:6]}.{CHI[6:]}", [CHI]),
        ("National Insurance JT-48-59-21-B, I had to read it out.", ["JT485921B"]),
        (
            "my ni number is j t four eight five nine two one b",
            ["j t four eight five nine two one b"],
        ),
    ],
)
def test_health_and_insurance_numbers(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("Call me on (01224) 558 371 after six.", ["558371", "01224558371"]),
        ("My mobile is 0044 7823 461905.", ["7823461905"]),
        ("Text 07823-461-905 if it's urgent.", ["07823461905"]),
        ("Ring +44 (0)7823 461 905.", ["7823461905"]),
        ("my mobile is oh seven eight two three four six one nine oh five", ["four six one nine oh five"]),
        (
            "it's double oh four four seven eight two three, four six one, nine oh five",
            ["four six one, nine oh five"],
        ),
        ("Landline: 01506 88 27 14.", ["01506882714"]),
    ],
)
def test_phone_variants(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        (
            "Email me at hmcandrew(at)gmail(dot)com please.",
            ["hmcandrew"],
        ),
        (
            "It's hmcandrew [at] outlook [dot] com.",
            ["hmcandrew"],
        ),
        ("write to h dot mcandrew at nhs dot net", ["mcandrew"]),
        ("my email is hamish underscore mcandrew seven at yahoo dot co dot uk", ["mcandrew"]),
        ("Send it to hmcandrew+forms@gmail.com.", ["hmcandrew"]),
    ],
)
def test_email_variants(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        (
            "DOB 14-Feb-1952, it says.",
            ["14-Feb", "14 Feb"],
        ),
        ("I was born on 14 February '52.", ["14 February"]),
        ("Born on the fourteenth of February, nineteen fifty two.", ["fourteenth"]),
        (
            "d.o.b. 14.2.52",
            ["14.2.52", "14252"],
        ),
        (
            "Date of birth: 02/14/1952 on the American form.",
            ["02/14/1952", "14/1952"],
        ),
        (
            "date of birth fourteen oh two fifty two",
            ["fourteen oh two"],
        ),
    ],
)
def test_date_of_birth_variants(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("I live at forty two Glenbervie Drive, the blue door.", ["forty two Glenbervie", "Glenbervie"]),
        ("flat two, twelve Strachan Street, top floor.", ["twelve Strachan", "Strachan Street"]),
        ("Number 7b Lochside Crescent, by the school.", ["7b Lochside", "Lochside Crescent"]),
    ],
)
def test_addresses_with_numbers_in_words(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)
