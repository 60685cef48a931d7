"""Pattern detectors: positive and negative cases, including the checksum rules."""

from __future__ import annotations

import pytest

from coprod.privacy.detectors import (
    addresses,
    all_patterns,
    chi_date_ok,
    dates,
    health_numbers,
    luhn_check,
    mod11_check,
    ni_numbers,
    postcodes,
    spoken_digits,
    spoken_phones,
)


def found(spans, text):
    return [(text[s.start : s.end], s.type, s.canonical) for s in spans]


@pytest.mark.parametrize(
    "digits,ok",
    [
        ("9434765919", True),  # NHS number (mod-11 check digit 9)
        ("4857773456", False),  # wrong check digit
        ("1203485735", True),  # CHI: 12/03/48, mod-11
        ("0000000000", True),  # all zeros: sum 0 -> check 11 -> 0
        ("123456789", False),  # nine digits
    ],
)
def test_mod11(digits, ok):
    assert mod11_check(digits) is ok


def test_mod11_rejects_check_value_ten():
    # weights 10..2 over 000000001 give 2 -> r = 2 -> check 9; over 100000006: 10 + 12 = 22 -> r 0 -> 11 -> 0
    assert mod11_check("1000000060")
    # a body whose check would be 10 is invalid for every final digit
    body = next(
        b
        for b in (f"{n:09d}" for n in range(1000, 2000))
        if 11 - sum(int(d) * w for d, w in zip(b, range(10, 1, -1), strict=True)) % 11 == 10
    )
    assert not any(mod11_check(body + str(d)) for d in range(10))


def test_luhn_and_chi_dates():
    assert luhn_check("79927398713") and not luhn_check("79927398710")
    assert chi_date_ok("2902960000") and not chi_date_ok("3102210000") and not chi_date_ok("0013450000")


def luhn_chi(prefix: str) -> str:
    """A CHI-style number (date + 3 digits) completed with a Luhn check digit, failing mod-11."""
    for n in range(1000):
        body = f"{prefix}{n:03d}"
        for d in range(10):
            if luhn_check(body + str(d)) and not mod11_check(body + str(d)):
                return body + str(d)
    raise AssertionError


def test_health_numbers_mod11_nhs_and_chi_and_mod10_chi():
    mod10 = luhn_chi("010203")
    text = f"NHS 943 476 5919, CHI 120348 5735, new CHI {mod10}, and 123 456 7890."
    got = found(health_numbers(text), text)
    assert ("943 476 5919", "ID_NUMBER", "9434765919") in got
    assert ("120348 5735", "ID_NUMBER", "1203485735") in got
    assert [g for g in got if g[0] == mod10]  # valid date, passes Luhn, fails mod-11
    assert not [g for g in got if g[0] == "123 456 7890"]
    assert {s.detector for s in health_numbers(text)} >= {
        "pattern:nhs-mod11",
        "pattern:community-health-index-mod11",
        "pattern:community-health-index-luhn",
    }


@pytest.mark.parametrize(
    "text,hit",
    [
        ("NI number AB 12 34 56 C please", True),
        ("NI number AB123456C", True),
        ("GB 12 34 56 A", False),  # excluded prefix
        ("QQ 12 34 56 A", False),  # Q never used
        ("AB 12 34 56 E", False),  # suffix A-D only
    ],
)
def test_national_insurance_numbers(text, hit):
    assert bool(ni_numbers(text)) is hit


def test_postcodes_full_outward_and_invalid():
    text = "Send it to DD1 4HN or eh10 5ab; the EH10 area; not QA1 1AA nor DD1 4CI."
    got = [g[0] for g in found(postcodes(text), text)]
    assert got == ["DD1 4HN", "eh10 5ab", "EH10"]  # lower case is a postcode too


def test_dates_generalised_and_months_alone_kept():
    text = "On the 3rd of March 2020, then 18th of March, 03/04/2021 and March 5, 2021; in May we met."
    got = found(dates(text), text)
    assert [g[2] for g in got] == ["March 2020", "March", "April 2021", "March 2021"]
    assert [s.canonical for s in dates("on 3rd March 2020", "redact")] == ["Date"]
    assert dates("in May and June we met") == []


def test_numeric_dates_with_a_two_digit_year_need_a_two_digit_day_and_month():
    text = "born 09-12-81, or 21.06.04 on the card; version 2.3.12, 1-2-81 and 31-02-81 are no dates"
    got = found(dates(text), text)
    assert [(g[0], g[2]) for g in got] == [("09-12-81", "December 1981"), ("21.06.04", "June 2004")]


def test_addresses_and_spoken_phones():
    text = "the hub at 212 Saracen Street, and Flat 2/1, 58 Duke Street; 3 people came"
    assert [g[0] for g in found(addresses(text), text)] == ["212 Saracen Street", "Flat 2/1, 58 Duke Street"]
    assert spoken_digits("oh seven seven oh oh, nine double oh, two six one") == "07700900261"
    spoken = "ring me on oh seven seven oh oh, nine double oh, two six one anytime"
    assert found(spoken_phones(spoken), spoken)[0][2] == "07700900261"
    assert spoken_phones("one or two of them, maybe three") == []


def test_all_patterns_skips_plain_turns_but_finds_everything_in_one():
    assert all_patterns("We talked about the strategic plan and the IJB for a while.") == []
    text = "Email a.b@nhs.scot, www.x.org.uk, 0131 496 0123 or DD1 4HN on 3rd May 2021."
    assert {s.type for s in all_patterns(text)} == {"EMAIL", "URL", "PHONE", "POSTCODE", "DATE"}
