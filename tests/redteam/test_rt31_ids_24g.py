"""Red team 24g, class 1c: structured identifiers and contacts of a health and social care
interview in forms the earlier rounds did not try, written blind (values invented; CHI and NHS
numbers carry valid modulus-11 check digits so a checksum rule cannot excuse them; phone
numbers are outside Ofcom's drama ranges). Glasgow tenement flat numbers, spoken postcodes and
phone numbers with "double", CHI numbers read in groups, case and vehicle references given with
a cue, e-mails said aloud or obfuscated, dates of birth in day-month-year speech. Default date
mode is `month_year`: a date of birth may keep its month and year, never its day."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, nhs_number, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Ishbel Macfarlane-Rennie", "role": "interviewer"}]
KEEP = "that was the main thing"
CHI = nhs_number("120462543")  # a CHI number: date of birth 12/04/62, then serial and check digit
NHS = nhs_number("485777345")


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24g: {reason}"))


def _run(tmp_path, speech):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: Is there anything you want to add before we stop?\n"
        f"Respondent: {speech} But {KEEP}.\n"
        "Interviewer: Thank you.\n"
    )
    _, out = deidentify(tmp_path, {"ids.txt": text}, register=reg)
    assert KEEP in out, "the speech around the identifier was not published"
    return out


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        (f"My CHI is {CHI[:6]} {CHI[6:]}, it's on the letter.", [CHI[6:]]),
        (
            f"The CHI number, {CHI[:6]}-{CHI[6:8]}-{CHI[8:]}, was wrong on the form.",
            [CHI[6:8] + "-" + CHI[8:]],
        ),
        (f"Her CHI no.{CHI} was on the prescription bag.", [CHI]),
        (f"NHS No: {NHS[:3]}/{NHS[3:6]}/{NHS[6:]} it says on the card.", [NHS[6:]]),
        (
            "My CHI is one two oh four six two, five four three, three.",
            ["one two oh four six two, five four three"],
        ),
    ],
)
def test_health_numbers(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("Ring the ward on (0131) 558 7712 if he's not back.", ["558 7712"]),
        ("The number is +44 (0)131 558 7712, the team's direct line.", ["558 7712"]),
        ("Call 0131.558.7712 and ask for the duty worker.", ["558.7712"]),
        ("My mobile's 0044 7812 345678 if you need me.", ["345678"]),
        (
            "It's oh one three one, double five eight, double seven one two.",
            ["double five eight, double seven"],
        ),
        (
            "Text me on oh seven eight one two, three four five, six seven eight.",
            ["three four five, six seven"],
        ),
    ],
)
def test_phone_forms(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("We're at flat 2/1, 37 Dumbarton Road, up the close on the left.", ["37 Dumbarton Road"]),
        ("Post it to 0/2, 118 Maryhill Road, the bottom flat.", ["118 Maryhill Road"]),
        ("The postcode is P H three three, six S Y, right by the pier.", ["P H three three, six S Y"]),
        ("It's ka7 4ju for the sat nav.", ["ka7 4ju"]),
        ("We live at 14 Bayhead in Stornoway, above the chemist.", ["14 Bayhead"]),
    ],
)
def test_addresses_and_postcodes(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("Email me, zainab dot hussain at nhs dot scot.", ["zainab dot hussain", "hussain"]),
        (
            "It's m.gilchrist[at]careinspect.example.org, she answers quickly.",
            ["gilchrist"],
        ),
        ("Send it to Z.HUSSAIN (at) GLASGOW.GOV.UK please.", ["hussain"]),
        ("ishbel dot rennie at craigvinean dot ac dot uk sent me the forms.", ["rennie"]),
        ("Her email's kasia dot wozniak seventy at gmail dot com.", ["wozniak"]),
        ("Add me, I'm morag underscore gilchrist sixty two on Insta.", ["gilchrist"]),
    ],
)
def test_emails_said_and_obfuscated(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("He was born on the twelfth of the fourth, sixty-two.", ["twelfth of the fourth"]),
        ("DOB 12.iv.1962 it says on her file.", ["12.iv"]),
        ("Date of birth: 1962 April 12, same as the form.", ["April 12"]),
        ("His date of birth is twelve four sixty-two.", ["twelve four sixty"]),
    ],
)
def test_dates_of_birth_spoken(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("My national insurance is J T four eight one nine two seven B.", ["four eight one nine two seven"]),
        ("My NI number's JT-48-19-27-B.", ["48-19-27"]),
        ("The social work case number is SW/2023/04417 if you want to check.", ["04417"]),
        ("The car's reg is SN19 XKW, the blue one, with the badge.", ["SN19 XKW"]),
    ],
)
def test_other_references(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)
