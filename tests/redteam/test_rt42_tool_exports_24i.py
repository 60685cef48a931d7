"""Red team 24i, class 1a: speaker names in the layouts real transcription tools export, written
blind (every name invented). Microsoft Teams `.vtt` with `<v First Last>` voice tags, Zoom `.vtt`
cues and Zoom `.txt` ("First Last: text" after a time stamp), Otter.ai exports (the speaker's name
and a time on their own line, the speech on the next lines), Rev/Trint-style
"Speaker 1 (00:01:02):" and "Name (00:01:02):", "[00:01:23] Name:" and "Name [00:01:23]", and a
.docx whose speaker is a bold paragraph of its own. Names carry particles, apostrophes and
hyphens. The speaker's name must not be published; a role label must survive as written. Only the
research team is registered."""

from __future__ import annotations

import io
import re

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Ailsa MacDonnell", "role": "interviewer"},
    {"name": "Tomasz Wierzbicki", "role": "interviewer"},
]
KEEP = "the pipeline broke twice that week"


def _run(tmp_path, name, content):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, {name: content}, register=reg)
    assert KEEP in out, f"the speech was not published:\n{out}"
    return out


def _teams(*cues):
    body = ["WEBVTT", ""]
    for i, (who, text) in enumerate(cues):
        body += [
            f"{i:08x}-1111-4222-8333-{i:012x}/{i}-0",
            f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.500",
            f"<v {who}>{text}</v>",
            "",
        ]
    return "\n".join(body)


def _zoom_vtt(*cues):
    body = ["WEBVTT", ""]
    for i, (who, text) in enumerate(cues):
        body += [str(i + 1), f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.000", f"{who}: {text}", ""]
    return "\n".join(body)


# --- Microsoft Teams voice tags ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "planted"),
    [
        ("Pieter van der Steeg", ["van der Steeg", "Pieter"]),
        ("Siobhan O'Flaherty-Quinn", ["O'Flaherty", "Flaherty-Quinn", "Siobhan"]),
        ("Chukwuemeka Adebanjo-Okafor", ["Chukwuemeka", "Adebanjo"]),
        ("Wierzbicki, Tomasz", ["Wierzbicki", "Tomasz"]),
        ("Mhairi NicIlleathain", ["Mhairi", "NicIlleathain"]),
    ],
)
def test_teams_voice_tag_names(tmp_path, who, planted):
    vtt = _teams(
        ("Ailsa MacDonnell", "Could you walk me through the deploy?"),
        (who, f"Sure, so {KEEP}."),
        ("Ailsa MacDonnell", "Thanks."),
    )
    out = _run(tmp_path, "meeting.vtt", vtt)
    assert_absent(out, [*planted, "MacDonnell"])


# --- Zoom exports --------------------------------------------------------------------------------
def test_zoom_vtt_speaker_in_cue_text(tmp_path):
    vtt = _zoom_vtt(
        ("Tomasz Wierzbicki", "What went wrong with the release?"),
        ("Dermot McGillivray", f"Well, {KEEP}."),
        ("Tomasz Wierzbicki", "Ok."),
    )
    out = _run(tmp_path, "zoom_0.vtt", vtt)
    assert_absent(out, ["McGillivray", "Dermot", "Wierzbicki"])


def test_zoom_txt_transcript(tmp_path):
    text = (
        "[Tomasz Wierzbicki] 10:02:11\nHow big is the team?\n\n"
        f"[Priyanka Raghunathan] 10:02:19\nSix of us, and {KEEP}.\n\n"
        "[Tomasz Wierzbicki] 10:02:40\nRight.\n"
    )
    out = _run(tmp_path, "zoom_chat_transcript.txt", text)
    assert_absent(out, ["Raghunathan", "Priyanka", "Wierzbicki"])


def test_zoom_txt_time_then_name(tmp_path):
    text = (
        "00:01:02 Tomasz Wierzbicki: How big is the team?\n"
        f"00:01:09 Zhou Xinyue: Eight people, {KEEP}.\n"
        "00:01:30 Tomasz Wierzbicki: Thanks.\n"
    )
    out = _run(tmp_path, "GMT20260311-zoom.txt", text)
    assert_absent(out, ["Xinyue", "Wierzbicki"])


# --- Otter.ai: name and time alone on a line, speech below ------------------------------------------
@pytest.mark.parametrize(
    ("who", "planted"),
    [
        ("Fearghas MacAlastair", ["Fearghas", "MacAlastair"]),
        ("Oluwaseun Bamgbose", ["Oluwaseun", "Bamgbose"]),
        ("Joao de la Fuente", ["Joao", "de la Fuente"]),
    ],
)
def test_otter_export(tmp_path, who, planted):
    text = (
        "Ailsa MacDonnell  0:03\nSo how do you test before a release?\n\n"
        f"{who}  0:09\nMostly by hand, honestly,\nand {KEEP}.\n\n"
        "Ailsa MacDonnell  1:12\nOkay.\n\n"
        "Transcribed by https://otter.ai\n"
    )
    out = _run(tmp_path, "otter.txt", text)
    assert_absent(out, [*planted, "MacDonnell"])


def test_otter_export_role_label_survives(tmp_path):
    text = (
        "Interviewer  0:03\nSo how do you test before a release?\n\n"
        f"Participant  0:09\nMostly by hand, and {KEEP}.\n"
    )
    out = _run(tmp_path, "otter_roles.txt", text)
    assert "Interviewer" in out and "Participant" in out, out


# --- Rev / Trint and bracketed time stamps ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "planted"),
    [
        (
            "Speaker 1 (00:00:02):\nHow long have you been there?\n\n"
            f"Speaker 2 (00:00:07):\nFour years. Ask Grzegorz Szczepanik, he hired me, {KEEP}.\n",
            ["Grzegorz", "Szczepanik"],
        ),
        (
            "Ailsa MacDonnell (00:00:02):\nHow long have you been there?\n\n"
            f"Ngozi Eze-Okonkwo (00:00:07):\nFour years, {KEEP}.\n",
            ["Ngozi", "Eze-Okonkwo", "MacDonnell"],
        ),
        (
            "[00:01:23] Ailsa MacDonnell: How long have you been there?\n"
            f"[00:01:30] Ruairidh MacLeòid: Four years, {KEEP}.\n",
            ["Ruairidh", "MacLeòid", "MacLeoid", "MacDonnell"],
        ),
        (
            "Ailsa MacDonnell [00:01:23]\nHow long have you been there?\n\n"
            f"Anjali Venkataraman [00:01:30]\nFour years, {KEEP}.\n",
            ["Anjali", "Venkataraman", "MacDonnell"],
        ),
        (
            "Ailsa MacDonnell [00:01:23]: How long have you been there?\n"
            f"Lech Wrobel-Nowak [00:01:30]: Four years, {KEEP}.\n",
            ["Wrobel", "Lech", "MacDonnell"],
        ),
    ],
    ids=[
        "rev-speaker-n-inline-name",
        "rev-name-time",
        "bracket-time-name",
        "name-bracket-time-own-line",
        "name-bracket-time-colon",
    ],
)
def test_rev_and_timestamp_layouts(tmp_path, text, planted):
    out = _run(tmp_path, "rev.txt", text)
    assert_absent(out, planted)


def test_rev_speaker_labels_survive(tmp_path):
    text = (
        "Speaker 1 (00:00:02):\nHow long have you been there?\n\n"
        f"Speaker 2 (00:00:07):\nFour years, {KEEP}.\n"
    )
    out = _run(tmp_path, "rev_roles.txt", text)
    assert re.search(r"Speaker 1\b", out) and re.search(r"Speaker 2\b", out), out


# --- .docx: speaker in bold on a paragraph of its own -------------------------------------------------
def _docx_bold(turns):
    import docx

    d = docx.Document()
    for who, speech in turns:
        d.add_paragraph().add_run(who).bold = True
        d.add_paragraph(speech)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("who", "planted"),
    [
        ("Eilidh Drummond-Baird", ["Eilidh", "Drummond-Baird"]),
        ("Francois Lemaitre", ["Francois", "Lemaitre"]),
    ],
)
def test_docx_bold_speaker_paragraph(tmp_path, who, planted):
    data = _docx_bold(
        [("Ailsa MacDonnell", "What does a normal week look like?"), (who, f"Meetings, mostly, and {KEEP}.")]
    )
    out = _run(tmp_path, "interview.docx", data)
    assert_absent(out, [*planted, "MacDonnell"])


def test_docx_bold_role_labels_survive(tmp_path):
    data = _docx_bold(
        [("Interviewer", "What does a normal week look like?"), ("Respondent", f"Meetings, {KEEP}.")]
    )
    out = _run(tmp_path, "roles.docx", data)
    assert "Interviewer" in out and "Respondent" in out, out
