"""Red team 24d, one more case per class fixed in phase 2, written after the fix (invented
values, different from the phase-1 cases, to check the class is closed and not the string)."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, compact, deidentify, ingest, nhs_number

pytestmark = pytest.mark.redteam


def _answer(tmp_path, said):
    text = f"Interviewer: Go on.\nP11: {said} So there you are.\n"
    _, out = deidentify(tmp_path, {"after.txt": text})
    assert "So there you are" in out
    return out.split("P11:", 1)[1]


def test_spelled_apart_unregistered_surname(tmp_path):
    out = _answer(tmp_path, "The surname, for your notes, is spelt H A L L O R A N - double L.")
    assert_absent(out, ["halloran"])


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("The old caretaker, Brannigan-sensei to the kids, retired.", ["Brannigan"]),
        ("Everyone at the temple called him Mehrotra-ji.", ["Mehrotra"]),
    ],
)
def test_honorific_suffix_other_names(tmp_path, said, planted):
    out = _answer(tmp_path, said)
    assert_absent(out, planted)


def test_two_digit_year_date_of_birth_with_dots(tmp_path):
    out = _answer(tmp_path, "DOB 17.08.62 on the hospital letter.")
    assert "17.08" not in out and "17" not in out


def test_nhs_number_read_out_with_hyphens(tmp_path):
    nhs = nhs_number("729305118")
    out = _answer(tmp_path, f"The number is {'-'.join(nhs)} on the top.")
    assert nhs not in compact(out)


def test_ni_number_keyboard_capitals_spaced(tmp_path):
    out = _answer(tmp_path, "NI is Np 284719 C I believe.")
    assert "284719" not in compact(out)


def test_email_split_in_local_part_across_srt_cues(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: Where do I send it?\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nP11: Send it to jonty_mcfar\n\n"
        "3\n00:00:06,000 --> 00:00:08,000\nP11: lane@brackenpost.example please.\n"
    )
    _, out = deidentify(tmp_path, {"cues.srt": srt})
    assert "please" in out
    assert_absent(out, ["jonty", "mcfar", "lane@brackenpost"])


def test_mistyped_researcher_label_in_vtt(tmp_path):
    vtt = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\n<v Reseacher>What changed for you?</v>\n\n"
        "00:00:04.000 --> 00:00:07.000\n<v Interviewee>The bus stopped running, mainly.</v>\n"
    )
    path = tmp_path / "t.vtt"
    path.write_text(vtt, encoding="utf-8")
    doc = ingest(tmp_path, path)
    assert [t["role"] for t in doc["turns"]] == ["interviewer", "participant"], doc["turns"]
