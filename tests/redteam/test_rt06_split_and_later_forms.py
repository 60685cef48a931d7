"""Issue 24, class 6: an e-mail split across two .vtt caption cues; a full name found
confidently whose later lower-case, ALL-CAPS or spoken-e-mail forms appear."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, compact, deidentify, write_register

pytestmark = pytest.mark.redteam


def _vtt(cues):
    blocks = ["WEBVTT", ""]
    for i, (speaker, text) in enumerate(cues):
        blocks += [f"00:00:{i * 4 + 1:02d}.000 --> 00:00:{i * 4 + 4:02d}.000", f"<v {speaker}>{text}</v>", ""]
    return "\n".join(blocks)


@pytest.mark.redteam
def test_email_split_across_two_vtt_cues(tmp_path):
    content = _vtt(
        [
            ("Interviewer", "Where should we send the summary?"),
            ("Participant", "Send it to ruaraidh.kelso-minto@"),
            ("Participant", "strathbrae-carers.org.uk and I will pass it round."),
        ]
    )
    _, out = deidentify(tmp_path, {"split.vtt": content})
    assert "pass it round" in out
    assert_absent(out, ["ruaraidh", "kelso", "minto", "strathbrae-carers", "strathbrae"])
    assert "ruaraidhkelsominto" not in compact(out)


@pytest.mark.redteam
def test_email_split_after_the_at_sign(tmp_path):
    content = _vtt(
        [
            ("Interviewer", "Who is the contact?"),
            ("Participant", "Write to ruaraidh.kelso-minto"),
            ("Participant", "@strathbrae-carers.org.uk, he answers quickly."),
        ]
    )
    _, out = deidentify(tmp_path, {"split2.vtt": content})
    assert "answers quickly" in out
    assert_absent(out, ["ruaraidh", "kelso", "minto", "strathbrae"])


@pytest.mark.redteam
@pytest.mark.parametrize(
    "later",
    [
        "later on fenella quarrington-bell phoned me herself",
        "later on FENELLA QUARRINGTON-BELL phoned me herself",
        "later on QUARRINGTON-BELL phoned me herself",
        "later on, quarrington-bell phoned me herself",
    ],
)
def test_registered_full_name_later_in_other_case(tmp_path, later):
    reg = write_register(tmp_path / "register.yaml", people=["Fenella Quarrington-Bell"])
    text = (
        "Interviewer: Who chaired the group?\n"
        "P01: Fenella Quarrington-Bell chaired it from the start.\n"
        "Interviewer: And then?\n"
        f"P01: Well, {later}.\n"
    )
    _, out = deidentify(tmp_path, {"case.txt": text}, register=reg)
    assert "phoned me herself" in out
    assert_absent(out, ["Fenella", "Quarrington"])


@pytest.mark.redteam
@pytest.mark.parametrize(
    "spoken",
    [
        "fenella dot quarrington at strathbrae dot org",
        "Fenella dot Quarrington at strathbrae dot org dot uk",
        "f quarrington at strathbrae dot org",
        "fenella underscore quarrington at gmail dot com",
    ],
)
def test_spoken_email_of_a_known_person(tmp_path, spoken):
    reg = write_register(tmp_path / "register.yaml", people=["Fenella Quarrington"])
    text = (
        "Interviewer: Who should I contact?\n"
        "P01: Fenella Quarrington runs the waiting list.\n"
        f"P01: Her e-mail is {spoken}, she checks it daily.\n"
    )
    _, out = deidentify(tmp_path, {"spoken.txt": text}, register=reg)
    assert "she checks it daily" in out
    assert_absent(out, ["Fenella", "Quarrington", "strathbrae"])


@pytest.mark.redteam
def test_unregistered_name_found_confidently_then_lower_case(tmp_path):
    text = (
        "Interviewer: Who supported you?\n"
        "P01: Dr Hamish Gilruthven was our consultant for years.\n"
        "P01: honestly hamish gilruthven and i never agreed, and GILRUTHVEN knew it.\n"
    )
    _, out = deidentify(tmp_path, {"unreg.txt": text})
    assert "never agreed" in out
    assert_absent(out, ["Gilruthven"])
