"""Red team 24h, classes 1 and 2 in health and social care planning interviews, written blind
(people and streets invented; towns public). Must not be replaced: months and days as sentence
starts ("May was chaos", "March is year end"), planning vocabulary, and national reviews and
commissions named after the person who chaired them (they name the report, not someone in the
study). Must be replaced: a colleague named by a diminutive after the full name, a surname used
alone after a role ("Pettigrew, our CFO,"), a lower-case small town, a "<Name> Road" hub, and a
carer's surname after a replaced first name in a .srt caption split over two cues."""

from __future__ import annotations

import re

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Ruaraidh Tennant-Okafor", "role": "interviewer"}]


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24h: {reason}"))


def _run(tmp_path, speech, name="t.txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: How does the planning cycle run in your partnership?\n"
        f"Respondent: {speech}\n"
        "Interviewer: Thank you, that's helpful.\n"
    )
    _, out = deidentify(tmp_path, {name: text}, register=reg)
    return out


# --- must not be replaced ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "kept"),
    [
        ("May was chaos. March is year end, so everything slides into April.", ["May", "March", "April"]),
        (
            "Wednesday's huddle decides delayed discharges, Friday's the sign-off.",
            ["Wednesday's", "Friday's"],
        ),
        (
            "The Strategic Commissioning Plan feeds the Locality Planning Groups.",
            ["Strategic Commissioning Plan"],
        ),
        (
            "Home First and Discharge to Assess are the two big programmes this year.",
            ["Home First", "Discharge to Assess"],
        ),
        (
            "Since the Christie Commission everyone talks prevention, and the Feeley Review made it louder.",
            ["Christie Commission", "Feeley Review"],
        ),
        (
            "Audit Scotland and the Care Inspectorate both came in August.",
            ["Audit Scotland", "Care Inspectorate", "August"],
        ),
    ],
)
def test_planning_vocabulary_kept(tmp_path, speech, kept):
    out = _run(tmp_path, speech)
    missing = [k for k in kept if k not in out]
    assert not missing, f"replaced: {missing}\n{out}"


# --- must be replaced ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        (
            "Our chief officer is Alasdair Mowbray-Fenn, Ali to everyone, and Ali drives it.",
            ["Mowbray", "Ali"],
        ),
        (
            "Pettigrew, our CFO, won't release the money until the IJB meets.",
            ["Pettigrew"],
        ),
        ("we've a pilot running out in kilbirnie and one in dalry as well", ["kilbirnie"]),
        ("The Gowanbrae Road hub is where the locality team sits now.", ["Gowanbrae"]),
        (
            "I asked Siobhan, Siobhan Achterberg from the carers centre, to join the group.",
            ["Siobhan", "Achterberg"],
        ),
    ],
)
def test_planning_leaks(tmp_path, speech, planted):
    out = _run(tmp_path, speech)
    for p in planted:
        if len(p) < 4:
            assert not re.search(rf"\b{p}\b", out), f"{p!r} published:\n{out}"
        else:
            assert_absent(out, [p])


def test_surname_over_two_srt_cues_after_replaced_first_name(tmp_path):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: Who chairs the carers' group?\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nRespondent: That's Morag\n\n"
        "3\n00:00:06,000 --> 00:00:08,000\nRespondent: Inglefield, she's been there for years.\n"
    )
    _, out = deidentify(tmp_path, {"c.srt": srt}, register=reg)
    assert "been there for years" in out, out
    assert_absent(out, ["Morag", "Inglefield"])
