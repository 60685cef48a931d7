"""Issue 24, class 1: speaker labels that name people (all caps with a role, surname first,
in .txt, .srt and .docx tables; numbered participant labels carrying a name)."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, docx_bytes, ingest, roles

pytestmark = pytest.mark.redteam

INTERVIEWER = ("Mairi", "Dalgleish")
PARTICIPANT = ("Tormod", "Baillie-Fenwick")


def _planted():
    return [*INTERVIEWER, *PARTICIPANT, "Baillie", "Fenwick"]


@pytest.mark.redteam
def test_allcaps_full_name_with_role_in_brackets_txt(tmp_path):
    text = (
        "MAIRI DALGLEISH (INTERVIEWER): Thanks for joining. How did the board start?\n"
        "TORMOD BAILLIE-FENWICK (PARTICIPANT): It began with a small working group in the "
        "spring, honestly nobody expected much of it.\n"
        "MAIRI DALGLEISH (INTERVIEWER): And who chaired it?\n"
        "TORMOD BAILLIE-FENWICK (PARTICIPANT): The chair rotated every quarter between members.\n"
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s1.txt").write_text(text, encoding="utf-8")
    doc = ingest(tmp_path, raw / "s1.txt")
    r = roles(doc)
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    assert {"interviewer"} in r.values() and {"participant"} in r.values(), r
    _, out = deidentify(tmp_path, {"s1.txt": text})
    assert "began with a small working group" in out

    assert_absent(out, _planted())


@pytest.mark.redteam
def test_surname_first_labels_txt(tmp_path):
    text = (
        "Dalgleish, Mairi: Could you describe your role in the partnership?\n"
        "Baillie-Fenwick, Tormod: I look after the commissioning side, mostly contracts.\n"
        "Dalgleish, Mairi: What changed after integration?\n"
        "Baillie-Fenwick, Tormod: The budgets were pooled, which took two years to settle.\n"
    )

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s2.txt").write_text(text, encoding="utf-8")
    doc = ingest(tmp_path, raw / "s2.txt")
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    assert len(roles(doc)) == 2, roles(doc)
    _, out = deidentify(tmp_path, {"s2.txt": text})
    assert "budgets were pooled" in out
    assert_absent(out, _planted())


@pytest.mark.redteam
def test_allcaps_role_labels_in_srt(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\nMAIRI DALGLEISH (INTERVIEWER): Shall we begin?\n\n"
        "2\n00:00:04,500 --> 00:00:09,000\nTORMOD BAILLIE-FENWICK (PARTICIPANT): Yes, happy to talk "
        "about the locality planning groups.\n\n"
        "3\n00:00:09,500 --> 00:00:12,000\nThey met monthly at first.\n\n"
        "4\n00:00:12,500 --> 00:00:15,000\nMAIRI DALGLEISH (INTERVIEWER): Who attended?\n\n"
    )

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s3.srt").write_text(srt, encoding="utf-8")
    doc = ingest(tmp_path, raw / "s3.srt")
    r = roles(doc)
    assert len(r) == 2, r
    assert any("interviewer" in v for v in r.values()) and any("participant" in v for v in r.values()), r
    _, out = deidentify(tmp_path, {"s3.srt": srt})
    assert "locality planning groups" in out
    assert_absent(out, _planted())


@pytest.mark.redteam
def test_docx_table_with_name_labels(tmp_path):
    rows = [
        ["Dalgleish, Mairi", "00:00:02", "Thank you for agreeing to this interview."],
        ["BAILLIE-FENWICK, TORMOD (RESPONDENT)", "00:00:06", "No bother, glad to help with the study."],
        ["Dalgleish, Mairi", "00:00:11", "How would you describe co-production?"],
        ["BAILLIE-FENWICK, TORMOD (RESPONDENT)", "00:00:15", "Sharing power with people who use services."],
    ]
    data = docx_bytes(table_rows=rows)

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s4.docx").write_bytes(data)
    doc = ingest(tmp_path, raw / "s4.docx")
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    assert any(t["role"] == "participant" for t in doc["turns"])
    _, out = deidentify(tmp_path, {"s4.docx": data})
    assert "Sharing power with people who use services" in out
    assert_absent(out, _planted())


@pytest.mark.redteam
@pytest.mark.parametrize(
    "label",
    ["Interviewee (P01)", "Respondent 1 – Tormod Baillie-Fenwick", "P3 - Tormod Baillie-Fenwick"],
)
def test_numbered_participant_labels_are_participants_and_unnamed(tmp_path, label):
    text = (
        "Interviewer: What does leadership look like in your team?\n"
        f"{label}: Mostly it is about listening before deciding anything at all.\n"
        "Interviewer: Can you give an example?\n"
        f"{label}: When we redesigned the day service we asked the families first.\n"
    )

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "s5.txt").write_text(text, encoding="utf-8")
    doc = ingest(tmp_path, raw / "s5.txt")
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    participant_turns = [t for t in doc["turns"] if "listening" in t["text"] or "day service" in t["text"]]
    assert len(participant_turns) == 2
    assert all(t["role"] == "participant" for t in participant_turns), participant_turns
    assert doc["turns"][0]["role"] == "interviewer"
    _, out = deidentify(tmp_path, {"s5.txt": text})
    assert "asked the families first" in out
    assert_absent(out, _planted())
