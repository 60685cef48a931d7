"""Red team 24i, class 1c: what a tool's export does with a speaker's name after its header,
written blind (every name invented). The first name alone in a later Teams cue ("Thanks,
Oksana"), an Otter header with the first name only, Rev's "First L. (00:00:07):", a Word
paragraph "Name  00:01:02" in bold, a Zoom chat export ("From First Last to Everyone:"), a
Gaelic name with "Mac an t-" in a voice tag, an e-mail address pasted into a cue. The speaker's
name must not be published; "Speaker N" labels must survive. Only the research team is
registered."""

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


def _no_word(out, words):
    for w in words:
        assert not re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", out, re.I), f"{w!r} published:\n{out}"


def _teams(*cues):
    body = ["WEBVTT", ""]
    for i, (who, text) in enumerate(cues):
        body += [f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.500", f"<v {who}>{text}</v>", ""]
    return "\n".join(body)


def test_teams_first_name_alone_in_a_later_cue(tmp_path):
    vtt = _teams(
        ("Ailsa MacDonnell", "Could you walk me through the deploy?"),
        ("Oksana Hrytsenko", f"Sure, {KEEP}."),
        ("Ailsa MacDonnell", "Thanks, Oksana, that's really clear."),
    )
    out = _run(tmp_path, "meeting.vtt", vtt)
    _no_word(out, ["Oksana", "Hrytsenko"])


def test_teams_gaelic_name_with_mac_an_t(tmp_path):
    vtt = _teams(
        ("Ailsa MacDonnell", "Could you walk me through the deploy?"),
        ("Calum Mac an t-Saoir", f"Sure, {KEEP}."),
    )
    out = _run(tmp_path, "meeting.vtt", vtt)
    assert_absent(out, ["Calum", "t-Saoir", "Saoir"])


def test_teams_email_pasted_in_a_cue(tmp_path):
    vtt = _teams(
        ("Ailsa MacDonnell", "Where should I send the transcript?"),
        ("Speaker 2", f"To o.hrytsenko@pinewhistle.io please, {KEEP}."),
    )
    out = _run(tmp_path, "meeting.vtt", vtt)
    assert_absent(out, ["hrytsenko", "pinewhistle"])


def test_otter_first_name_only_header(tmp_path):
    text = (
        "Ailsa  0:03\nSo how do you test before a release?\n\n"
        f"Bronagh  0:09\nBy hand, mostly, and {KEEP}.\n\n"
        "Ailsa  1:12\nOkay.\n"
    )
    out = _run(tmp_path, "otter.txt", text)
    _no_word(out, ["Bronagh", "Ailsa"])


def test_otter_speaker_n_labels_survive(tmp_path):
    text = (
        "Speaker 1  0:03\nSo how do you test before a release?\n\n"
        f"Speaker 2  0:09\nBy hand, mostly, and {KEEP}.\n"
    )
    out = _run(tmp_path, "otter.txt", text)
    assert re.search(r"Speaker 1\b", out) and re.search(r"Speaker 2\b", out), out


def test_rev_first_name_and_initial(tmp_path):
    text = (
        "Ailsa M. (00:00:02):\nHow long have you been there?\n\n"
        f"Wojciech K. (00:00:07):\nFour years, {KEEP}.\n"
    )
    out = _run(tmp_path, "rev.txt", text)
    _no_word(out, ["Wojciech", "Ailsa"])


def test_zoom_chat_export(tmp_path):
    text = (
        "10:02:11 From Tomasz Wierzbicki to Everyone:\n\tHere is the consent form link.\n"
        f"10:02:40 From Deepika Ramaswamy to Everyone:\n\tThanks, {KEEP}.\n"
    )
    out = _run(tmp_path, "meeting_saved_chat.txt", text)
    assert_absent(out, ["Deepika", "Ramaswamy", "Wierzbicki"])


def test_docx_bold_name_and_time_paragraph(tmp_path):
    import docx

    d = docx.Document()
    for who, speech in [
        ("Ailsa MacDonnell  00:00:04", "What does a normal week look like?"),
        ("Gráinne Ní Bhriain  00:00:11", f"Meetings, mostly, and {KEEP}."),
    ]:
        d.add_paragraph().add_run(who).bold = True
        d.add_paragraph(speech)
    buf = io.BytesIO()
    d.save(buf)
    out = _run(tmp_path, "interview.docx", buf.getvalue())
    assert_absent(out, ["Gráinne", "Grainne", "Bhriain", "MacDonnell"])


def test_otter_export_is_read_as_role_turns(tmp_path):
    """Otter puts 'Name  m:ss' alone on a line and the speech below: the speaker is the role,
    the time stamp is no part of the label or the speech."""
    from rt_common import ingest

    p = tmp_path / "otter.txt"
    p.write_text(
        "Interviewer  0:02\nCould you describe how the partnership plans services?\n\n"
        "Respondent  0:11\nEverything goes to the board first.\nThen the money follows.\n\n"
        "Interviewer  1:05\nAnd the regulators?\n",
        encoding="utf-8",
    )
    doc = ingest(tmp_path, p)
    speakers = {t["speaker"] for t in doc["turns"]}
    assert speakers == {"Interviewer", "Respondent"}, speakers
    first = doc["turns"][0]["text"]
    assert first.startswith("Could you describe"), first
