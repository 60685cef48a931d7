"""Issue 24, class 3: structured identifiers in variant forms (postcodes, dates of birth,
NHS/CHI/NI numbers, phone numbers). Default date mode is `month_year` (docs/config): a full
date of birth may keep its month and year, but never its day."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, compact, deidentify, nhs_number

pytestmark = pytest.mark.redteam


def _run(tmp_path, sentences):
    body = " ".join(sentences)
    text = f"Interviewer: Can you tell me about your records?\nP01: {body}\n"
    _, out = deidentify(tmp_path, {"ids.txt": text})
    assert "records" in out
    return out


@pytest.mark.redteam
@pytest.mark.parametrize(
    "postcode",
    ["kw17 2py", "ph33-6sz", "IV27-4HY", "kw172py"],
)
def test_postcode_lower_case_and_hyphenated(tmp_path, postcode):
    out = _run(tmp_path, [f"My mum lives at {postcode}, near the harbour."])
    assert_absent(out, [postcode])
    assert "near the harbour" in out


@pytest.mark.redteam
@pytest.mark.parametrize(
    ("said", "day_forms"),
    [
        ("I was born 1987-03-14 in the old hospital.", ["1987-03-14", "14"]),
        ("I was born 14.03.1987 in the old hospital.", ["14.03.1987", "14"]),
        ("I was born 14-03-1987 in the old hospital.", ["14-03-1987", "14"]),
        ("I was born 14 Mar 1987 in the old hospital.", ["14 Mar 1987", "14"]),
        ("I was born on the fourteenth of March nineteen eighty-seven in the old hospital.", ["fourteenth"]),
    ],
)
def test_date_of_birth_variants(tmp_path, said, day_forms):
    out = _run(tmp_path, [said])
    assert "in the old hospital" in out
    full = said.split("born ")[1].split(" in the old")[0].removeprefix("on ")
    assert_absent(out, [full])
    # the day of birth must not survive in any form
    published_turn = out.split("P01:")[1]
    for form in day_forms:
        assert form.casefold() not in published_turn.casefold(), f"day of birth {form!r} published"


@pytest.mark.redteam
def test_nhs_number_with_dots(tmp_path):
    nhs = nhs_number("401023213")
    dotted = f"{nhs[:3]}.{nhs[3:6]}.{nhs[6:]}"
    out = _run(tmp_path, [f"My NHS number is {dotted} if you need it."])
    assert_absent(out, [dotted, nhs])
    assert nhs not in compact(out)


@pytest.mark.redteam
def test_chi_number_with_dashes(tmp_path):
    chi = nhs_number("140387124")
    dashed = f"{chi[:6]}-{chi[6:]}"
    out = _run(tmp_path, [f"The clinic wrote my CHI as {dashed} on the letter."])
    assert_absent(out, [dashed, chi])
    assert chi not in compact(out)


@pytest.mark.redteam
@pytest.mark.parametrize("nino", ["jl 84 62 15 b", "jl846215b", "Jl-84-62-15-B"])
def test_lower_case_national_insurance_number(tmp_path, nino):
    out = _run(tmp_path, [f"For the benefits form my NI number is {nino}, I think."])
    assert_absent(out, [nino])
    assert "846215" not in compact(out)


@pytest.mark.redteam
@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("Ring me on 447700 900456 after five.", "7700900456"),
        ("Ring me on 44 131 496 0718 after five.", "1314960718"),
        ("Ring me on ０７７００ ９００４５６ after five.", "7700900456"),
        ("Ring me on oh seven seven oh oh, nine oh oh, four five six after five.", None),
    ],
)
def test_phone_variants(tmp_path, said, digits):
    out = _run(tmp_path, [said])
    assert "after five" in out
    if digits:
        assert digits not in compact(out), "phone digits published"
        assert digits[-6:] not in compact(out), "phone digits published"
    else:
        assert_absent(out, ["nine oh oh, four five six", "four five six"])
