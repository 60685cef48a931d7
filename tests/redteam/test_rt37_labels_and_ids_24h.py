"""Red team 24h, class 1b: speaker labels that name people, and structured identifiers, in the
layouts a counselling service or a software-practitioner study exports, written blind (every
name invented; phone numbers outside Ofcom's drama ranges; NHS numbers with valid check digits).
New after rounds 24a-24g: role + name layouts of counselling transcripts (Therapist/Client with a
name in brackets, after a slash, surname-first in lower case), .srt/.vtt labels with a dash or a
chevron, identifiers spread over two caption cues (phone, e-mail, postcode, NHS number), a .csv
transcript whose speaker column holds a role with an abbreviated name, and a .docx table whose
speech cells hold contacts. Only the research team is registered."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, docx_bytes, nhs_number, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Moira Feeney-Lusk", "role": "interviewer"},
    {"name": "Anselm Quarrie", "role": "interviewer"},
]
SPEECH = "the waiting list was eleven months long"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24h: {reason}"))


def _run(tmp_path, inputs, keep=SPEECH):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, inputs, register=reg)
    assert keep in out, f"the participant's speech was not published:\n{out}"
    return out


# --- .txt: counselling labels with a name ------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("Client [Dariusz Wolnik]:", ["Dariusz", "Wolnik"]),
        ("Client / Dariusz Wolnik:", ["Dariusz", "Wolnik"]),
        (
            "client - wolnik, dariusz:",
            ["Dariusz", "Wolnik"],
        ),
        ("CLIENT (D. WOLNIK):", ["Wolnik"]),
        ("Dariusz (client):", ["Dariusz"]),
        ("Service user – Ms Odhrana Tinsley:", ["Odhrana", "Tinsley"]),
    ],
)
def test_counselling_labels_with_names_txt(tmp_path, label, planted):
    text = (
        "Therapist (Moira Feeney-Lusk): How have the last two weeks been?\n"
        f"{label} Not great, {SPEECH}.\n"
        "Therapist (Moira Feeney-Lusk): That sounds exhausting.\n"
    )
    out = _run(tmp_path, {"session.txt": text})
    assert_absent(out, planted)
    assert_absent(out, ["Feeney", "Moira"])


# --- .srt / .vtt: labels inside cue text, and identifiers split over two cues ----------------------
@pytest.mark.parametrize(
    ("line", "planted"),
    [
        ("- Dariusz Wolnik: Not great,", ["Dariusz", "Wolnik"]),
        (">> DARIUSZ: Not great,", ["Dariusz"]),
        ("[CLIENT - DARIUSZ WOLNIK] Not great,", ["Dariusz", "Wolnik"]),
    ],
)
def test_srt_labels_in_cue_text(tmp_path, line, planted):
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\nTherapist: How have the last two weeks been?\n\n"
        f"2\n00:00:05,000 --> 00:00:09,000\n{line} {SPEECH}.\n\n"
        "3\n00:00:10,000 --> 00:00:12,000\nTherapist: That sounds exhausting.\n"
    )
    out = _run(tmp_path, {"s.srt": srt})
    assert_absent(out, planted)


NHS = nhs_number("612093857")
SPLITS = [
    (
        "my mobile is oh seven eight",
        "one two, five five three nine oh four.",
        ["553904", "five five three nine"],
    ),
    ("It's 07812", "553 904 if you need me.", ["553 904", "553904"]),
    ("you can email me, it's dariusz dot", "wolnik at fastmail dot com.", ["wolnik"]),
    ("The postcode is KY11", "4QP, by the shore.", ["4QP", "KY11 4QP"]),
    (f"My NHS number is {NHS[:3]} {NHS[3:6]}", f"{NHS[6:]}, it's on the letter.", [NHS[6:], NHS]),
]


@pytest.mark.parametrize(("first", "second", "planted"), SPLITS)
def test_identifier_over_two_vtt_cues(tmp_path, first, second, planted):
    vtt = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Therapist>How can I reach you if we cancel?</v>\n\n"
        f"00:00:05.000 --> 00:00:07.000\n<v Client>{first}</v>\n\n"
        f"00:00:07.000 --> 00:00:09.000\n<v Client>{second}</v>\n\n"
        f"00:00:10.000 --> 00:00:12.000\n<v Client>And {SPEECH}.</v>\n"
    )
    out = _run(tmp_path, {"c.vtt": vtt})
    assert_absent(out, planted)


# --- .csv: speaker column with a role and an abbreviated or lower-case name ---------------------------
@pytest.mark.parametrize(
    ("speaker", "planted"),
    [
        ("Client (Dariusz W.)", ["Dariusz"]),
        ("client: odhrana tinsley", ["Odhrana", "Tinsley"]),
        ("Wolnik D.", ["Wolnik"]),
        ("Interviewee - Ksawery Płonka-Reid", ["Ksawery", "Płonka"]),
    ],
)
def test_csv_speaker_column(tmp_path, speaker, planted):
    csv_text = (
        "Speaker,Start,Text\n"
        'Therapist,00:00:01,"How have the last two weeks been?"\n'
        f'"{speaker}",00:00:05,"Not great, {SPEECH}."\n'
        'Therapist,00:00:12,"That sounds exhausting."\n'
    )
    out = _run(tmp_path, {"session.csv": csv_text})
    assert_absent(out, planted)


# --- .docx: table rows whose speech cells hold contacts and names --------------------------------------
@pytest.mark.parametrize(
    ("said", "planted"),
    [
        (
            "My key worker is Bronagh Elphinstone, her direct line is 0131 496 7712.",
            ["Elphinstone", "496 7712"],
        ),
        ("You can write to me at 14 Cairnmuir Terrace, Peebles, EH45 8LJ.", ["Cairnmuir", "EH45 8LJ"]),
        ("Text me on 07534 218 906 or email o.tinsley at gmx dot co dot uk.", ["218 906", "tinsley"]),
    ],
)
def test_docx_table_speech_cells(tmp_path, said, planted):
    rows = [
        ["Speaker", "Time", "Speech"],
        ["Therapist", "00:00:01", "How can we reach you between sessions?"],
        ["Client", "00:00:04", f"{said} Also {SPEECH}."],
        ["Therapist", "00:00:15", "Thank you, I'll note that."],
    ]
    out = _run(tmp_path, {"t.docx": docx_bytes(table_rows=rows)})
    assert_absent(out, planted)


def test_docx_two_column_counselling_table_ingests(tmp_path):
    rows = [
        ["Therapist", "How have the last two weeks been?"],
        ["Client", f"Not great, {SPEECH}, and Bronagh Elphinstone never called."],
        ["Therapist", "That sounds exhausting."],
    ]
    out = _run(tmp_path, {"t.docx": docx_bytes(table_rows=rows)})
    assert_absent(out, ["Elphinstone", "Bronagh"])


def test_docx_table_with_header_row(tmp_path):
    """A transcription service's table: a header row, then speaker | time | speech rows."""
    rows = [
        ["Speaker", "Time", "Speech"],
        ["Moira Feeney-Lusk", "00:00:01", "How have the last two weeks been?"],
        ["Ksawery Płonka-Reid", "00:00:05", f"Not great, {SPEECH}."],
        ["Moira Feeney-Lusk", "00:00:12", "That sounds exhausting."],
    ]
    out = _run(tmp_path, {"t.docx": docx_bytes(table_rows=rows)})
    assert_absent(out, ["Ksawery", "Płonka", "Feeney"])
