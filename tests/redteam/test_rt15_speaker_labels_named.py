"""Red team 24d, class 1: speaker labels that name people, in forms written blind (invented
names, not taken from any real corpus). The participant's speech must stay participant speech
(ingest role) and the name in the label must not be published."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, docx_bytes, ingest

pytestmark = pytest.mark.redteam

QUESTION = "What was the first week on the ward like?"
ANSWER = "Honestly it was chaotic but the team carried me through it."
ANSWER2 = "We had a rota pinned on the fridge and nobody read it."


def _participant_answers(doc):
    return [t for t in doc["turns"] if ANSWER[:20] in t["text"] or ANSWER2[:20] in t["text"]]


def _check(tmp_path, name, content, planted):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    doc = ingest(tmp_path, path)
    answers = _participant_answers(doc)
    assert answers, f"participant answer lost: {doc['turns']}"
    assert all(t["role"] == "participant" for t in answers), [(t["speaker"], t["role"]) for t in answers]
    # the question is its own turn, not folded into the answer (and vice versa)
    assert not any(QUESTION[:20] in t["text"] and ANSWER[:20] in t["text"] for t in doc["turns"])
    sub = tmp_path / "deid"
    sub.mkdir()
    _, out = deidentify(sub, {name: content})
    assert "carried me through" in out
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("ISHBEL FARQUHARSON (PARTICIPANT)", ["Ishbel", "Farquharson"]),
        ("TOBIAS KERRIGAN [RESPONDENT]", ["Tobias", "Kerrigan"]),
        ("Kerrigan, Tobias", ["Tobias", "Kerrigan"]),
        ("KERRIGAN Tobias", ["Tobias", "Kerrigan"]),
        ("Respondent 2 – Ishbel Farquharson", ["Ishbel", "Farquharson"]),
        ("Respondent 2 - Ishbel Farquharson", ["Ishbel", "Farquharson"]),
        ("P3 - Dorcas Pennington", ["Dorcas", "Pennington"]),
        ("P07 — Dorcas Pennington", ["Dorcas", "Pennington"]),
        ("Dorcas Pennington (P07)", ["Dorcas", "Pennington"]),
    ],
)
def test_txt_named_participant_labels(tmp_path, label, planted):
    text = f"Interviewer: {QUESTION}\n{label}: {ANSWER}\nInterviewer: And later?\n{label}: {ANSWER2}\n"
    _check(tmp_path, "t.txt", text, planted)


@pytest.mark.parametrize(
    "label", ["Interviewee (P01)", "Interviewee (P1)", "Participant (P12)", "Respondent (R04)"]
)
def test_txt_coded_role_labels_keep_participant_role(tmp_path, label):
    text = (
        f"Interviewer (AB): {QUESTION}\n{label}: {ANSWER}\nInterviewer (AB): And later?\n{label}: {ANSWER2}\n"
    )
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest(tmp_path, path)
    answers = _participant_answers(doc)
    assert answers and all(t["role"] == "participant" for t in answers), doc["turns"]
    assert doc["turns"][0]["role"] == "interviewer"


TIMES = [
    ("00:00:01", "00:00:04"),
    ("00:00:05", "00:00:09"),
    ("00:00:10", "00:00:12"),
    ("00:00:13", "00:00:16"),
]


def _captions(kind, interviewer, label, voice=False):
    """Four cues (question, answer, question, answer) as .srt or .vtt; `voice`: WebVTT voice tags
    instead of "label: " prefixes."""
    cues = [(interviewer, QUESTION), (label, ANSWER), (interviewer, "And later?"), (label, ANSWER2)]
    sep = "," if kind == "srt" else "."
    out = []
    for k, ((start, end), (who, text)) in enumerate(zip(TIMES, cues, strict=True), 1):
        line = f"<v {who}>{text}</v>" if voice else f"{who}: {text}"
        timing = f"{start}{sep}000 --> {end}{sep}000"
        out.append(f"{k}\n{timing}\n{line}\n" if kind == "srt" else f"{timing}\n{line}\n")
    return ("" if kind == "srt" else "WEBVTT\n\n") + "\n".join(out)


def test_srt_caps_name_with_role(tmp_path):
    srt = _captions("srt", "INTERVIEWER", "RUARIDH CATTANACH (PARTICIPANT)")
    _check(tmp_path, "t.srt", srt, ["Ruaridh", "Cattanach"])


def test_srt_surname_first_label(tmp_path):
    srt = _captions("srt", "Interviewer", "Cattanach, Ruaridh")
    _check(tmp_path, "t.srt", srt, ["Ruaridh", "Cattanach"])


def test_vtt_respondent_dash_name(tmp_path):
    vtt = _captions("vtt", "Interviewer", "Respondent 1 – Lorcan Ainsworth")
    _check(tmp_path, "t.vtt", vtt, ["Lorcan", "Ainsworth"])


def test_vtt_voice_tag_caps_name(tmp_path):
    vtt = _captions("vtt", "Interviewer", "AINSWORTH, Lorcan", voice=True)
    _check(tmp_path, "t.vtt", vtt, ["Lorcan", "Ainsworth"])


@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("MAIRI STRACHAN (PARTICIPANT)", ["Mairi", "Strachan"]),
        ("Strachan, Mairi", ["Mairi", "Strachan"]),
        ("P4 - Mairi Strachan", ["Mairi", "Strachan"]),
        ("Interviewee (P04)", []),
    ],
)
def test_docx_table_named_labels(tmp_path, label, planted):
    rows = [
        ["Interviewer", QUESTION],
        [label, ANSWER],
        ["Interviewer", "And later?"],
        [label, ANSWER2],
    ]
    _check(tmp_path, "t.docx", docx_bytes(table_rows=rows), planted)


def test_docx_table_with_time_column_caps_role(tmp_path):
    rows = [
        ["INTERVIEWER", "00:00:01", QUESTION],
        ["FENWICK OYELARAN [RESPONDENT]", "00:00:05", ANSWER],
        ["INTERVIEWER", "00:00:10", "And later?"],
        ["FENWICK OYELARAN [RESPONDENT]", "00:00:13", ANSWER2],
    ]
    _check(tmp_path, "t.docx", docx_bytes(table_rows=rows), ["Fenwick", "Oyelaran"])
