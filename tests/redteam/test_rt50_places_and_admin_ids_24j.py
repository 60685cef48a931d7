"""Red team 24j, class 1c: workplaces and small places that identify, and identifiers of health
and social care administration, written blind (every person, practice, school, home, street and
number invented; villages invented with a place head noun or a locative cue). A named GP
practice or health centre, a school ("St Brendan's Primary"), a care home, a ward or unit named
after a person, a small village, a named street corner; an IBAN, a sort code and account number,
a passport number, a driving licence number, a vehicle registration, staff and payroll numbers,
a council case number, a URL carrying a person's name, and the day of an admission or discharge
tied to a person (default date mode `month_year`: the month and year may stay, never the day).
Only the research team is registered."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, compact, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = ["Ottilie Brannagh", "Fenwick Osei-Larbi"]


def _said(tmp_path, said):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: Where were you working at the time, and how did the admin side go?\n\n"
        f"Participant: {said}\n\n"
        "Interviewer: Okay, thank you.\n"
    )
    _, out = deidentify(tmp_path, {"p23.txt": text}, register=reg)
    return out


PLACES = [
    ("I was a receptionist at Hollinbrae Medical Practice for six years.", ["Hollinbrae"]),
    ("He's registered at the Quarrendon Road Surgery, the one by the bus station.", ["Quarrendon"]),
    ("She started at St Brendan's Primary in the August.", ["Brendan"]),
    ("Our youngest goes to Kilbarchan Moss Academy now.", ["Kilbarchan Moss"]),
    ("Mum's been in Elderbank Lodge care home since the fall.", ["Elderbank"]),
    ("I did nights at Fairhaven House, it's a nursing home on the coast road.", ["Fairhaven"]),
    ("He was on the Florence Aldworth ward, the stroke unit.", ["Aldworth"]),
    ("They moved him to Ward 7, the Agnes Tulloch unit, for rehab.", ["Tulloch"]),
    ("We live out in Drumquhassle, it's a tiny village, forty houses.", ["Drumquhassle"]),
    ("I grew up in a wee place called Auchenlarich, everybody knows everybody.", ["Auchenlarich"]),
    (
        "Meet me at the corner of Pennycross Street and Lilybank Lane, by the chippy.",
        ["Pennycross", "Lilybank"],
    ),
    ("The hub is above the Marlowe's Pharmacy on Threlkeld Avenue.", ["Marlowe", "Threlkeld"]),
    ("I manage the Wrenfield Community Hospital discharge team.", ["Wrenfield"]),
    ("She's the only Filipino nurse at Ashcombe Hospice, so you'd know her.", ["Ashcombe"]),
    ("We use the Tarbrax Miners' Welfare hall for the carers' group.", ["Tarbrax"]),
    ("Mum was moved to the Jessie Raeburn Suite, that's the palliative beds.", ["Raeburn"]),
    ("The twins are at St Oswin's RC Primary, in P3.", ["Oswin"]),
    ("I work out of Coldwells Farm, it's a care farm for adults with learning disabilities.", ["Coldwells"]),
]


@pytest.mark.parametrize(("said", "gone"), PLACES, ids=[f"place{i:02d}" for i in range(len(PLACES))])
def test_workplaces_and_small_places_are_not_published(tmp_path, said, gone):
    out = _said(tmp_path, said)
    assert_absent(out, gone)


IDS = [
    (
        "The refund went to GB33 BUKB 2020 1555 5555 58, that's my IBAN.",
        ["GB33", "BUKB", "GB33BUKB20201555555558"],
    ),
    ("Sort code is 20 45 77 and the account number is 73900412, it's in my name.", ["20 45 77", "73900412"]),
    ("My passport number is 539871642, they photocopied it at the desk.", ["539871642"]),
    ("Driving licence number MORGA753116SM9IJ, they needed it for the blue badge.", ["MORGA753116SM9IJ"]),
    ("The car is a red Corsa, registration KX19 TPO, parked in the bay.", ["KX19TPO", "KX19 TPO"]),
    ("My staff number is 00481266 if they want to check my payroll.", ["00481266"]),
    ("Payroll number P-7741-0093 was on the letter from HR.", ["7741-0093", "77410093"]),
    ("The council case number is SW/2021/004417, quote that when you ring.", ["2021/004417", "004417"]),
    (
        "Her fundraising page is justgiving.com/fundraising/marigold-tennant-walk if you want it.",
        ["marigold-tennant", "tennant"],
    ),
    ("You can find my husband's blog at www.hughfarquharson.co.uk, he writes about his MS.", ["farquharson"]),
    ("Look at linkedin.com/in/rowena-mccracken-rgn, that's her profile.", ["mccracken", "rowena"]),
    ("His hospital number is K4420917, it's on the wristband.", ["K4420917"]),
    ("National Insurance is JT 48 21 60 C, I read it off the letter.", ["JT482160C"]),
    ("Her Eircode is D6W 1F82, it's on the gate.", ["1F82"]),
    ("The motability car, SK21 HWU, got towed from the hospital car park.", ["SK21HWU"]),
    ("Staff ID on my lanyard says E-204117, the agency one.", ["204117"]),
    ("Mum's DoLS authorisation reference is DL-2022-11873.", ["11873"]),
    (
        "His pension goes to DE89 3704 0044 0532 0130 00, a German account from when he worked there.",
        ["37040044"],
    ),
    ("The ambulance came at 3am on 14.02.22 for my husband.", ["14.02.22"]),
]


@pytest.mark.parametrize(("said", "gone"), IDS, ids=[f"id{i:02d}" for i in range(len(IDS))])
def test_admin_identifiers_are_not_published(tmp_path, said, gone):
    out = _said(tmp_path, said)
    assert_absent(out, gone)


DATES = [
    (
        "Dad was admitted on the 14th of February 2022 and discharged on the 3rd of March.",
        ["14th of February", "3rd of March"],
    ),
    ("He came in on 09/11/2021 with the chest infection.", ["09/11/2021"]),
    (
        "Mum was discharged on Tuesday the 21st of June 2022, late at night.",
        ["21st of June", "Tuesday the 21st"],
    ),
    ("My husband died on the second of January twenty twenty-three, in the hospice.", ["second of January"]),
]


@pytest.mark.parametrize(("said", "gone"), DATES, ids=[f"date{i:02d}" for i in range(len(DATES))])
def test_days_of_admission_and_discharge_are_not_published(tmp_path, said, gone):
    out = _said(tmp_path, said)
    for day in gone:
        assert compact(day) not in compact(out), f"{day!r} published: {out[-400:]!r}"
