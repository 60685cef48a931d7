"""Red team 24g, class 1d: names where a transcription service or a researcher puts them in a
Word file beside the speech (a page header "Interview with <name>", a footer, a reviewer's
comment on a paragraph, a footnote-like bracket), and names written in other scripts (Arabic
script for Urdu, Cyrillic, Greek) after a kinship word or title in English speech. Written blind,
names invented. Whatever of these parts is published must not hold the name."""

from __future__ import annotations

import io

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Tormod Galbraith", "role": "interviewer"}]
SPEECH = "the home care hours were cut in the spring"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24g: {reason}"))


def _docx(header=None, footer=None, comment=None):
    import docx

    d = docx.Document()
    section = d.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    d.add_paragraph("Interviewer: Can you tell me what changed this year?")
    p = d.add_paragraph(f"Respondent: Well, {SPEECH}, and we noticed.")
    if comment:
        d.add_comment(p.runs, text=comment, author="Reviewer", initials="RV")
    d.add_paragraph("Interviewer: Thank you.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _run(tmp_path, inputs):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, inputs, register=reg)
    assert SPEECH in out, "the participant's speech was not published"
    return out


@pytest.mark.parametrize(
    ("parts", "planted"),
    [
        ({"header": "Interview with Morag Strachan-Haddow, 14 March"}, ["Strachan", "Morag"]),
        ({"header": "Participant: Lachlan Dunbar-Yule (P07)"}, ["Lachlan", "Dunbar"]),
        ({"footer": "Transcribed by Rhona Tulloch for the study"}, ["Rhona", "Tulloch"]),
        ({"comment": "Check with Euan Buchanan-Kerr whether this is his mother"}, ["Euan", "Buchanan"]),
        ({"comment": "R mentions her daughter Kirsteen here"}, ["Kirsteen"]),
    ],
)
def test_docx_header_footer_comment(tmp_path, parts, planted):
    out = _run(tmp_path, {"doc.docx": _docx(**parts)})
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("My mother, نسرین اختر, still lives with us.", ["نسرین", "اختر"]),
        ("My sister-in-law Ольга Петренко came over from Kharkiv in 2022.", ["Ольга", "Петренко"]),
        ("Our neighbour Mr Γιώργος Παπαδόπουλος drives her to the clinic.", ["Γιώργος", "Παπαδόπουλος"]),
        ("Dr. Анна Коваленко was her consultant.", ["Анна", "Коваленко"]),
    ],
)
def test_names_in_other_scripts(tmp_path, speech, planted):
    text = f"Interviewer: Who helps you?\nRespondent: {speech} Also {SPEECH}.\nInterviewer: Thank you.\n"
    out = _run(tmp_path, {"scripts.txt": text})
    assert_absent(out, planted)
