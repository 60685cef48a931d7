"""Red team 24d, class 2: structured identifiers in variant forms, written blind (values invented;
numbers carry valid check digits so a checksum rule cannot excuse them). Default date mode is
`month_year`: a date of birth may keep month and year, never the day."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, compact, deidentify, nhs_number

pytestmark = pytest.mark.redteam


def _answer(tmp_path, said):
    text = f"Interviewer: Anything else for the form?\nP02: {said} That is all I have to hand.\n"
    _, out = deidentify(tmp_path, {"form.txt": text})
    assert "all I have to hand" in out
    return out.split("P02:", 1)[1] if "P02:" in out else out


@pytest.mark.parametrize("postcode", ["ab10 1xg", "dd1-4hn", "G2-4JR", "ml117ab", "eh3 9aa"])
def test_postcode_variants(tmp_path, postcode):
    out = _answer(tmp_path, f"Post it to {postcode} please, the side door.")
    assert_absent(out, [postcode])
    assert "the side door" in out


@pytest.mark.parametrize(
    ("said", "full", "day"),
    [
        ("My date of birth is 1979-11-02.", "1979-11-02", "02"),
        ("DOB 02.11.1979 on the card.", "02.11.1979", "02"),
        ("Born 02-11-79, a Friday.", "02-11-79", "02"),
        ("I was born 2 Nov. 1979 in the cottage hospital.", "2 Nov. 1979", "2 Nov"),
        ("Born Nov 2nd, 1979, same as my cousin.", "Nov 2nd, 1979", "2nd"),
        ("I was born on the second of November, nineteen seventy-nine.", "second of November", "second of"),
        ("My birthday is the 2nd of November 1979.", "2nd of November 1979", "2nd"),
    ],
)
def test_date_of_birth_forms(tmp_path, said, full, day):
    out = _answer(tmp_path, said)
    assert_absent(out, [full])
    assert day.casefold() not in out.casefold(), f"day of birth {day!r} published: {out!r}"


@pytest.mark.parametrize("sep", [" ", ".", "-"])
def test_nhs_number_separators(tmp_path, sep):
    nhs = nhs_number("485777345")
    shown = sep.join([nhs[:3], nhs[3:6], nhs[6:]])
    out = _answer(tmp_path, f"NHS no. {shown} is on the letter.")
    assert nhs not in compact(out), f"NHS number published: {out!r}"


def test_nhs_number_spaced_every_digit(tmp_path):
    nhs = nhs_number("485777345")
    shown = " ".join(nhs)
    out = _answer(tmp_path, f"My NHS number is {shown} I think.")
    assert nhs not in compact(out), f"NHS number published: {out!r}"


@pytest.mark.parametrize("fmt", ["{a}-{b}", "{a} - {b}", "{a}.{b}"])
def test_chi_with_dashes(tmp_path, fmt):
    chi = nhs_number("021179123")
    shown = fmt.format(a=chi[:6], b=chi[6:])
    out = _answer(tmp_path, f"My CHI number is {shown} for the surgery.")
    assert chi not in compact(out), f"CHI published: {out!r}"


@pytest.mark.parametrize("nino", ["ty 43 21 09 a", "ty432109a", "ty-43-21-09-a", "Ty 432109 A"])
def test_national_insurance_lower_case(tmp_path, nino):
    out = _answer(tmp_path, f"National insurance {nino} if they ask.")
    assert "432109" not in compact(out), f"NI number published: {out!r}"


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("Phone me on 0044 7700 900 123 any time.", "7700900123"),
        ("Phone me on 44 7700 900123 any time.", "7700900123"),
        ("Phone me on (0131) 496 0222 any time.", "1314960222"),
        ("Phone me on 07700-900-321 any time.", "7700900321"),
        ("Phone me on ０１３１ ４９６ ０５５５ any time.", "1314960555"),
        ("Phone me on 0131.496.0777 any time.", "1314960777"),
    ],
)
def test_phone_without_plus(tmp_path, said, digits):
    out = _answer(tmp_path, said)
    assert "any time" in out
    assert digits[-7:] not in compact(out), f"phone published: {out!r}"


def test_phone_spoken_digits(tmp_path):
    out = _answer(tmp_path, "My mobile is oh seven seven double oh, nine double oh, three two one.")
    assert_absent(out, ["three two one", "nine double oh"])
