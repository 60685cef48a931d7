"""Red team 24f, class 1a: speaker labels that name people, in layouts not covered by the
earlier rounds (role and name in many orders, surname first, initials, time stamps beside the
name, transcription-service exports), in .txt, .srt, .vtt, .docx and .csv. Written blind:
every name invented. Only the research team is registered; the people named in the labels are
not, so the label itself is the evidence. The speech must be published, the name must not."""

from __future__ import annotations

import re

import pytest
from rt_common import assert_absent, deidentify, docx_bytes, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Ruaridh Kilbride", "role": "interviewer"}]
SPEECH = "the waiting list felt endless that winter"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24f: {reason}"))


def _run(tmp_path, inputs):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, inputs, register=reg)
    assert SPEECH in out, "the participant's speech was not published"
    return out


def _txt(label):
    return (
        "Ruaridh Kilbride: Thanks for joining, how has it been?\n"
        f"{label} Honestly {SPEECH}, and nobody called back.\n"
        "Ruaridh Kilbride: I am sorry to hear that.\n"
    )


@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("Dr Oksana Zybrowska (Interviewee):", ["Oksana", "Zybrowska"]),
        ("INTERVIEWEE (Oksana Zybrowska):", ["Oksana", "Zybrowska"]),
        ("Respondent - Oksana Zybrowska:", ["Oksana", "Zybrowska"]),
        ("[Oksana Zybrowska, participant]:", ["Oksana", "Zybrowska"]),
        ("ZYBROWSKA, Oksana:", ["Oksana", "Zybrowska"]),
        ("Zybrowska O.:", ["Zybrowska"]),
        ("Mrs Zybrowska:", ["Zybrowska"]),
        ("P07 (Oksana Zybrowska):", ["Oksana", "Zybrowska"]),
        ("Speaker 2 - Oksana Zybrowska:", ["Oksana", "Zybrowska"]),
        ("[00:01:23] Oksana Zybrowska:", ["Oksana", "Zybrowska"]),
        ("00:01:23 Oksana Zybrowska:", ["Oksana", "Zybrowska"]),
        ("Oksana Zybrowska [00:01:23]:", ["Oksana", "Zybrowska"]),
        ("oksana zybrowska:", ["Oksana", "Zybrowska"]),
    ],
)
def test_txt_label_layouts(tmp_path, label, planted):
    out = _run(tmp_path, {"t.txt": _txt(label)})
    assert_absent(out, planted)


def test_txt_initials_label_of_unregistered_participant(tmp_path):
    """Initials standing for a person named in the transcript's own header line."""
    text = (
        "Participant: Oksana Zybrowska (OZ)\n\n"
        "RK: Thanks for joining, how has it been?\n"
        f"OZ: Honestly {SPEECH}, and nobody called back.\n"
    )
    out = _run(tmp_path, {"t.txt": text})
    assert_absent(out, ["Oksana", "Zybrowska"])
    assert not re.search(r"^OZ\s*:", out, re.M), "the participant's initials are published as a label"


def test_txt_otter_export_name_and_time_on_own_line(tmp_path):
    """The layout Otter.ai exports: name and time stamp on one line, the speech below."""
    text = (
        "Ruaridh Kilbride  0:03\nThanks for joining, how has it been?\n\n"
        f"Oksana Zybrowska  0:09\nHonestly {SPEECH}, and nobody called back.\n\n"
        "Ruaridh Kilbride  0:31\nI am sorry to hear that.\n"
    )
    out = _run(tmp_path, {"t.txt": text})
    assert_absent(out, ["Oksana", "Zybrowska"])


def test_srt_broadcast_chevrons(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\n>> RUARIDH KILBRIDE: How has it been?\n\n"
        f"2\n00:00:04,500 --> 00:00:09,000\n>> OKSANA ZYBROWSKA: Honestly {SPEECH}.\n\n"
        "3\n00:00:09,500 --> 00:00:12,000\n>> RUARIDH KILBRIDE: I see.\n"
    )
    out = _run(tmp_path, {"t.srt": srt})
    assert_absent(out, ["Oksana", "Zybrowska"])


def test_srt_surname_first_caps_with_role(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\nKILBRIDE, RUARIDH (INTERVIEWER): How has it been?\n\n"
        f"2\n00:00:04,500 --> 00:00:09,000\nZYBROWSKA, OKSANA (PARTICIPANT): Honestly {SPEECH}.\n"
    )
    out = _run(tmp_path, {"t.srt": srt})
    assert_absent(out, ["Oksana", "Zybrowska"])


def test_vtt_teams_surname_first_voice_with_organisation(tmp_path):
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Kilbride, Ruaridh>How has it been?</v>\n\n"
        "00:00:04.500 --> 00:00:09.000\n"
        f"<v Zybrowska, Oksana (Glenmorvie Tenants Forum)>Honestly {SPEECH}.</v>\n"
    )
    out = _run(tmp_path, {"t.vtt": vtt})
    assert_absent(out, ["Oksana", "Zybrowska", "Glenmorvie"])


def test_vtt_voice_with_title_and_class(tmp_path):
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ruaridh Kilbride>How has it been?</v>\n\n"
        f"00:00:04.500 --> 00:00:09.000\n<v.loud Dr. Oksana Zybrowska>Honestly {SPEECH}.</v>\n"
    )
    out = _run(tmp_path, {"t.vtt": vtt})
    assert_absent(out, ["Oksana", "Zybrowska"])


def test_docx_otter_paragraphs_name_and_time(tmp_path):
    paras = [
        "Ruaridh Kilbride  00:00:03",
        "Thanks for joining, how has it been?",
        "Oksana Zybrowska  00:00:09",
        f"Honestly {SPEECH}, and nobody called back.",
    ]
    out = _run(tmp_path, {"t.docx": docx_bytes(paras)})
    assert_absent(out, ["Oksana", "Zybrowska"])


def test_docx_table_role_dash_surname_initial(tmp_path):
    rows = [
        ["Interviewer – R. Kilbride", "How has it been?"],
        ["Interviewee – O. Zybrowska", f"Honestly {SPEECH}."],
    ]
    out = _run(tmp_path, {"t.docx": docx_bytes(["Interview transcript"], table_rows=rows)})
    assert_absent(out, ["Zybrowska"])


@pytest.mark.parametrize(
    ("speaker", "planted"),
    [
        ("Zybrowska, Oksana", ["Oksana", "Zybrowska"]),
        ("Dr O. Zybrowska", ["Zybrowska"]),
        ("oksana zybrowska", ["Oksana", "Zybrowska"]),
        ("Interviewee (Oksana Zybrowska)", ["Oksana", "Zybrowska"]),
    ],
)
def test_csv_speaker_column_forms(tmp_path, speaker, planted):
    csv = (
        "Speaker,Start,Text\n"
        'Ruaridh Kilbride,00:00:01,"Thanks for joining, how has it been?"\n'
        f'"{speaker}",00:00:05,"Honestly {SPEECH}, and nobody called back."\n'
    )
    out = _run(tmp_path, {"t.csv": csv})
    assert_absent(out, planted)
