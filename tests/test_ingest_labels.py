"""What speech recognition and diarisation produce: unlabelled text, "Speaker N:" testimonies,
caption prefixes ("[Name]:", "SPEAKER_00:"), and label forms that name a person with a role
or code ("JANE ROE (INTERVIEWER):", "Roe, Jane:", "Respondent 1 – Jane Roe:"). All names are
invented."""

from __future__ import annotations

import subprocess

import pytest
from conftest import BIN

from coprod.errors import InputError
from coprod.ingest import UNLABELLED_KEY, read_transcript, summarise

ASR_LINES = (
    "i was born in a small town by the river and my father worked on the boats\n"
    "we moved when i was six and i went to the school up the hill\n"
    "then the war came and everything changed for us\n"
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unlabelled_text_is_one_speaker_one_turn_per_line(tmp_path):
    t = read_transcript(_write(tmp_path, "asr.txt", ASR_LINES))
    assert [u.speaker for u in t.turns] == ["Participant"] * 3
    assert {u.role for u in t.turns} == {"participant"}
    assert t.turns[1].text == "we moved when i was six and i went to the school up the hill"
    assert t.report[UNLABELLED_KEY] == 1 and t.preamble == []


def test_unlabelled_text_without_line_breaks_and_with_paragraphs(tmp_path):
    one = read_transcript(_write(tmp_path, "one.txt", ASR_LINES.replace("\n", " ")))
    assert len(one.turns) == 1 and one.turns[0].text.endswith("changed for us")
    paras = read_transcript(_write(tmp_path, "p.txt", "first line\nwrapped here\n\nsecond para\n[END]\n"))
    assert [u.text for u in paras.turns] == ["first line wrapped here", "second para"]


def test_unlabelled_role_is_configurable_and_refuse_keeps_the_old_refusals(tmp_path):
    path = _write(tmp_path, "asr.txt", ASR_LINES)
    t = read_transcript(path, unlabelled_role="interviewer")
    assert {(u.speaker, u.role) for u in t.turns} == {("Interviewer", "interviewer")}
    with pytest.raises(InputError, match="no speaker turns found"):
        read_transcript(path, unlabelled_role="refuse")
    srt = _write(tmp_path, "n.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello there\n")
    with pytest.raises(InputError, match="first caption has no speaker"):
        read_transcript(srt, unlabelled_role="refuse")
    with pytest.raises(InputError, match="ingest.unlabelled_role"):
        read_transcript(path, unlabelled_role="guest")


def test_summary_counts_unlabelled_transcripts(tmp_path):
    from coprod.ingest import ingest_file

    dest = tmp_path / "t.json"
    ingest_file(_write(tmp_path, "asr.txt", ASR_LINES), dest, ["interviewer"])
    assert f"{UNLABELLED_KEY}: 1" in summarise([dest])


@pytest.mark.parametrize("number", ["7", "42", "135", "2048"])
def test_single_speaker_testimony_with_a_diarisation_number(tmp_path, number):
    t = read_transcript(_write(tmp_path, "s.txt", f"Speaker {number}: Thank you. I live near the park.\n"))
    assert [(u.speaker, u.role, u.text) for u in t.turns] == [
        (f"Speaker {number}", "participant", "Thank you. I live near the park.")
    ]


def test_vtt_bracket_prefixes_continuations_and_an_unlabelled_first_cue(tmp_path):
    vtt = (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:04.000\nWelcome to the programme.\n\n"
        "00:00:04.000 --> 00:00:09.000\n[Tormod Achnacree]: Today I talk to an economist.\n\n"
        "00:00:09.000 --> 00:00:12.000\nShe has written two books.\n\n"
        "00:00:12.000 --> 00:00:15.000\n[Guest 2]: Thanks for having me.\n\n"
        "00:00:15.000 --> 00:00:18.000\n[SPEAKER_01]: A third voice.\n"
    )
    t = read_transcript(_write(tmp_path, "pod.vtt", vtt))
    assert [(u.speaker, u.start, u.end) for u in t.turns] == [
        ("Participant", 0.0, 4.0),
        ("Tormod Achnacree", 4.0, 12.0),
        ("Guest 2", 12.0, 15.0),
        ("SPEAKER_01", 15.0, 18.0),
    ]
    assert t.turns[1].text == "Today I talk to an economist. She has written two books."
    assert t.report["captions before the first speaker read as the default speaker"] == 1


def test_srt_whisperx_and_plain_prefixes(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nSPEAKER_00: How did it start?\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\n[SPEAKER_01] With a panel.\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\nAnd a budget.\n\n"
        "4\n00:00:05,000 --> 00:00:06,000\nINT: Thanks.\n"
    )
    t = read_transcript(_write(tmp_path, "w.srt", srt))
    assert [(u.speaker, u.role, u.text) for u in t.turns] == [
        ("SPEAKER_00", "participant", "How did it start?"),
        ("SPEAKER_01", "participant", "With a panel. And a budget."),
        ("INT", "interviewer", "Thanks."),
    ]


RED_TEAM = [
    # label as written, speaker kept, role
    ("ELSPETH MARWICK (INTERVIEWER)", "ELSPETH MARWICK", "interviewer"),
    ("TORCUIL BRANNAGAN (PARTICIPANT)", "TORCUIL BRANNAGAN", "participant"),
    ("Brannagan, Torcuil", "Torcuil Brannagan", "participant"),
    ("MARWICK, ELSPETH (INTERVIEWER)", "ELSPETH MARWICK", "interviewer"),
    ("Interviewee (P01)", "P01", "participant"),
    ("Respondent 1 – Ottoline Farquharson", "Ottoline Farquharson", "participant"),
    ("Respondent 2 - Ottoline Farquharson", "Ottoline Farquharson", "participant"),
    ("P3 - Ishbel Drummond", "Ishbel Drummond", "participant"),
    ("Interviewer (Elspeth Marwick)", "Elspeth Marwick", "interviewer"),
    ("Speaker 2 – Ishbel Drummond", "Ishbel Drummond", "participant"),
    ("Participant (Laughs)", "Participant", "participant"),
    ("INTERVIEWER (CONT'D)", "INTERVIEWER", "interviewer"),
    ("[Ishbel Drummond, participant]", "Ishbel Drummond", "participant"),
    ("[Interviewer, Elspeth Marwick]", "Elspeth Marwick", "interviewer"),
    ("Ishbel Drummond [00:01:23]", "Ishbel Drummond", "participant"),
    ("Ishbel Drummond, 54, retired nurse", "Ishbel Drummond", "participant"),
    ("Torcuil Brannagan, 71", "Torcuil Brannagan", "participant"),
    (">> ISHBEL DRUMMOND", "ISHBEL DRUMMOND", "participant"),
    ("ishbel drummond", "ishbel drummond", "participant"),
]


@pytest.mark.parametrize("label,speaker,role", RED_TEAM)
def test_red_team_labels_in_text_start_a_turn_with_the_right_role(tmp_path, label, speaker, role):
    text = f"Q: What happened next?\n{label}: We met again in May.\nQ: And then?\n"
    t = read_transcript(_write(tmp_path, "r.txt", text))
    assert [(u.speaker, u.role, u.text) for u in t.turns] == [
        ("Q", "interviewer", "What happened next?"),
        (speaker, role, "We met again in May."),
        ("Q", "interviewer", "And then?"),
    ]


@pytest.mark.parametrize("label,speaker,role", RED_TEAM)
def test_red_team_labels_in_srt(tmp_path, label, speaker, role):
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nQ: What happened next?\n\n"
        f"2\n00:00:02,000 --> 00:00:04,000\n{label}: We met again in May.\n"
    )
    t = read_transcript(_write(tmp_path, "r.srt", srt))
    assert [(u.speaker, u.role) for u in t.turns] == [("Q", "interviewer"), (speaker, role)]


def test_red_team_labels_in_a_docx_table(tmp_path):
    import docx

    doc = docx.Document()
    rows = [
        ("ELSPETH MARWICK (INTERVIEWER)", "How did the panel start?"),
        ("Brannagan, Torcuil", "With a letter from the council."),
        ("ELSPETH MARWICK (INTERVIEWER)", "Who wrote it?"),
        ("Brannagan, Torcuil", "A neighbour of mine."),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    doc.save(tmp_path / "t.docx")
    t = read_transcript(tmp_path / "t.docx")
    assert [(u.speaker, u.role) for u in t.turns] == [
        ("ELSPETH MARWICK", "interviewer"),
        ("Torcuil Brannagan", "participant"),
    ] * 2


def test_a_qualified_speaker_keeps_the_role_when_later_labelled_by_name_only(tmp_path):
    text = "ELSPETH MARWICK (INTERVIEWER): First?\nTorcuil: Yes.\nElspeth Marwick: Second?\n"
    t = read_transcript(_write(tmp_path, "r.txt", text))
    assert [(u.speaker, u.role) for u in t.turns] == [
        ("Elspeth Marwick", "interviewer"),
        ("Torcuil", "participant"),
        ("Elspeth Marwick", "interviewer"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Yes, Elspeth: it was a long year.",
        "Well, Torcuil: we tried.",
        "Scotland - Glasgow: a note on places.",
        "[inaudible] then we left.",
        "mental health: that was the thing.",
        "the short answer: no.",
        "Monday, 3 March: the first meeting.",
        "[Elspeth Marwick, Torcuil Brannagan]: both of them.",
    ],
)
def test_sentences_that_look_like_new_forms_still_continue_the_turn(tmp_path, line):
    t = read_transcript(_write(tmp_path, "c.txt", f"I: Tell me more.\nR: We tried.\n{line}\n"))
    assert len(t.turns) == 2 and t.turns[1].text.endswith(line)


def test_a_name_in_a_caption_label_is_replaced_by_deidentification(tmp_path):
    """The label's name reaches de-identification as a speaker (a person): neither the label nor
    the name said in speech appears in the published text."""
    vtt = (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:05.000\n[Tormod Achnacree]: Welcome. I am Tormod Achnacree.\n\n"
        "00:00:05.000 --> 00:00:09.000\n[Guest 1]: Thank you for having me, Tormod.\n"
    )
    src = _write(tmp_path, "pod.vtt", vtt)
    out = tmp_path / "out"
    proc = subprocess.run(
        [str(BIN / "coprod"), "deidentify", "--key", str(tmp_path / "key.json"), "--out", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    published = (out / "t001.txt").read_text(encoding="utf-8")
    assert "Achnacree" not in published and "Tormod" not in published
    assert "Thank you for having me" in published


def test_a_speaker_key_in_the_header_names_the_initials_label(tmp_path):
    """A speaker key "Participant: Jane Roe (JR)" says who "JR:" is: the turns are the name's
    (so the name's pseudonym replaces the label), in the key's role, and the key line is no
    turn."""
    text = (
        "Participant: Ishbel Drummond (ID)\nInterviewer: Elspeth Marwick (EM)\n\n"
        "EM: How did it start?\nID: With a letter.\nEM: Thanks.\n"
    )
    t = read_transcript(_write(tmp_path, "k.txt", text))
    assert [(u.speaker, u.role) for u in t.turns] == [
        ("Elspeth Marwick", "interviewer"),
        ("Ishbel Drummond", "participant"),
        ("Elspeth Marwick", "interviewer"),
    ]
    assert "Participant: Ishbel Drummond (ID)" in t.preamble


def test_initials_that_do_not_match_the_name_are_left_alone(tmp_path):
    text = "Participant: Ishbel Drummond (TB)\nTB: Hello.\nI: Hi.\n"
    t = read_transcript(_write(tmp_path, "k.txt", text))
    assert [u.speaker for u in t.turns] == ["Participant", "TB", "I"]


def test_lower_case_role_words_of_the_reference_list_are_labels(tmp_path):
    """Lower-case "therapist:"/"client 2:" are speakers (cues/role_labels.txt), like
    "interviewer:"; a lower-case word outside the list before a colon stays speech."""
    text = "therapist: How has the week been?\nclient 2: Up and down.\nthe thing is: it helps.\n"
    t = read_transcript(_write(tmp_path, "s.txt", text), interviewer_labels={"therapist"})
    expected = [("therapist", "interviewer"), ("client 2", "participant")]
    assert [(u.speaker, u.role) for u in t.turns] == expected
    assert t.turns[1].text == "Up and down. the thing is: it helps."


@pytest.mark.parametrize(
    ("label", "speaker", "role"),
    [
        ("client - marwick, elspeth", "elspeth marwick", "participant"),
        ("Therapist / Marwick, Elspeth", "Elspeth Marwick", "interviewer"),
        ("Client – Elspeth Marwick", "Elspeth Marwick", "participant"),
    ],
)
def test_a_role_word_then_a_name_in_any_case_is_the_name(tmp_path, label, speaker, role):
    text = f"Therapist: How are you?\n{label}: Fine.\n"
    t = read_transcript(_write(tmp_path, "s.txt", text), interviewer_labels={"therapist"})
    assert (t.turns[1].speaker, t.turns[1].role, t.turns[1].text) == (speaker, role, "Fine.")


def test_a_role_word_then_words_that_are_no_name_stay_speech(tmp_path):
    text = "Therapist: How are you?\nclient - the thing: it helps.\n"
    t = read_transcript(_write(tmp_path, "s.txt", text), interviewer_labels={"therapist"})
    assert len(t.turns) == 1 and t.turns[0].text.endswith("client - the thing: it helps.")


def test_otter_header_line_gives_the_speaker_and_drops_the_time():
    """Otter's export: "Label  m:ss" alone on a line, the speech on the lines below (invented)."""
    from coprod.ingest import parse_labelled_lines

    lines = [
        "Interviewer  0:02",
        "How do the plans get made?",
        "",
        "Respondent  1:02:11",
        "At the board first.",
        "Then the money follows.",
        "We met at  10:30",  # speech: no label before the time
    ]
    pairs, _ = parse_labelled_lines(lines)
    assert pairs == [
        ("Interviewer", "How do the plans get made?"),
        ("Respondent", "At the board first. Then the money follows. We met at 10:30"),
    ]
