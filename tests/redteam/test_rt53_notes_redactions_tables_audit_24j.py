"""Red team 24j, classes 1, 2 and 3 in transcripts as a transcription service or a researcher
hands them over, written blind (every person and place invented): interviewer and transcriber
notes in square, round or curly brackets that name people and places; redaction marks already
present ("[name removed]", "XXXX", "[REDACTED]", a starred first name) beside names that were
missed; transcripts as tables in .docx (with a header row and a notes column) and .csv (speaker
and text columns). Names must not be published; the redaction marks, the transcriber's own
marks ([laughs], [inaudible 00:12:31]) and the role labels must be published as written.

Then the first audit of such a study (only the research team registered, one of whom is called
Hope Castellane, nothing allowed; the study's codebook uses "hope" as a theme, as a real one
does): it passes when nothing identifying is published; each hit on an ordinary word or a
redaction mark is advised keep (never "add it to the register", and never "replace it" unless
it is also a registered name); the team's full name in the codebook fails the
audit with a replace remedy."""

from __future__ import annotations

import re

import pytest
from rt_common import (
    advises_keep,
    advises_register,
    advises_replace,
    assert_absent,
    deidentify,
    docx_bytes,
    first_run,
    write_register,
)

pytestmark = pytest.mark.redteam

TEAM = ["Ottilie Brannagh", "Fenwick Osei-Larbi"]


def _txt(tmp_path, said):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: Can we start with who helps you at home?\n\n"
        f"Participant: {said}\n\n"
        "Interviewer: Thank you.\n"
    )
    _, out = deidentify(tmp_path, {"p42.txt": text}, register=reg)
    return out


NOTES = [
    (
        "[Interviewer note: participant's wife, Marguerite Fairweather, joined at 10:40] She does it.",
        ["Marguerite", "Fairweather"],
    ),
    ("[Participant's daughter, Tamsin, enters the room] That's her now, she does the tablets.", ["Tamsin"]),
    (
        "{Researcher's note: interview held at Blackthorn Grange care home} We've a good team here.",
        ["Blackthorn"],
    ),
    (
        "(Transcriber: the carer's name sounds like Ruaridh Gillanders) He comes at eight.",
        ["Ruaridh", "Gillanders"],
    ),
    ("[name removed] said I should ring Dr Halvorsen-Pike, so I did.", ["Halvorsen-Pike"]),
    ("XXXX told me first, and then Mrs Quennell came round with the forms.", ["Quennell"]),
    ("J*** Pemberton-Lowe, the manager, signed it off.", ["Pemberton-Lowe"]),
    ("[REDACTED] is my son, and his partner Ysolde Crabbe does the nights.", ["Ysolde", "Crabbe"]),
]


@pytest.mark.parametrize(("said", "gone"), NOTES, ids=[f"note{i:02d}" for i in range(len(NOTES))])
def test_names_in_notes_and_beside_redactions_are_not_published(tmp_path, said, gone):
    assert_absent(_txt(tmp_path, said), gone)


MARKS = [
    ("[name removed] said I should ring the surgery.", "[name removed] said"),
    ("XXXX told me first, and I believed her.", "XXXX told me first"),
    ("[REDACTED] is my son, he's twenty.", "[REDACTED] is my son"),
    ("It was hard [laughs] but we got there.", "hard [laughs] but"),
    ("He said something [inaudible 00:12:31] about the money.", "[inaudible 00:12:31]"),
    ("[crosstalk] No, go on, you first.", "[crosstalk] No, go on"),
]


@pytest.mark.parametrize(("said", "kept"), MARKS, ids=[f"mark{i:02d}" for i in range(len(MARKS))])
def test_redaction_and_transcriber_marks_are_published_as_written(tmp_path, said, kept):
    out = _txt(tmp_path, said)
    assert kept in out, f"{kept!r} not published as written: {out.split('Participant: ')[-1][:300]!r}"


def test_docx_table_with_header_names_in_speech_not_published(tmp_path):
    rows = [
        ["Speaker", "Speech"],
        ["Interviewer", "Who comes in the mornings?"],
        ["Participant", "My carer Lorcan Mulvihill comes at eight, and Sister Ebele Anyanwu on a Monday."],
    ]
    _, out = deidentify(
        tmp_path,
        {"p43.docx": docx_bytes(table_rows=rows)},
        register=write_register(tmp_path / "r.yaml", people=TEAM),
    )
    assert "comes at eight" in out, "the speech of the table was not published"
    assert_absent(out, ["Lorcan", "Mulvihill", "Ebele", "Anyanwu"])


def test_docx_table_notes_column_name_not_published(tmp_path):
    rows = [
        ["Time", "Speaker", "Speech", "Notes"],
        ["00:00:05", "Interviewer", "Is anyone else with you today?", ""],
        [
            "00:00:09",
            "Participant",
            "Just my son, he'll help if I forget.",
            "P's son Dermot Kavanagh-Reyes present",
        ],
    ]
    _, out = deidentify(
        tmp_path,
        {"p44.docx": docx_bytes(table_rows=rows)},
        register=write_register(tmp_path / "r.yaml", people=TEAM),
    )
    assert "he'll help if I forget" in out, "the speech of the table was not published"
    assert_absent(out, ["Dermot", "Kavanagh-Reyes"])


def test_csv_transcript_names_in_text_not_published_and_labels_kept(tmp_path):
    csv_text = (
        "speaker,text\n"
        "Interviewer,Who is your named nurse?\n"
        'Participant,"It\'s Sister Ebele Anyanwu, and my neighbour Ffion Pryce-Tudor does the shopping."\n'
    )
    _, out = deidentify(
        tmp_path, {"p45.csv": csv_text}, register=write_register(tmp_path / "r.yaml", people=TEAM)
    )
    assert "does the shopping" in out, "the speech of the CSV was not published"
    assert_absent(out, ["Ebele", "Anyanwu", "Ffion", "Pryce-Tudor"])
    assert re.search(r"^Participant\b", out, re.M), f"the Participant label was not published: {out[:400]!r}"


def test_csv_speaker_column_naming_a_person_not_published(tmp_path):
    csv_text = (
        "speaker,text\n"
        "Interviewer,How long have you cared for him?\n"
        "Rosalind Quarrie (carer),Nine years this spring.\n"
    )
    _, out = deidentify(
        tmp_path, {"p46.csv": csv_text}, register=write_register(tmp_path / "r.yaml", people=TEAM)
    )
    assert "Nine years this spring" in out, "the speech of the CSV was not published"
    assert_absent(out, ["Rosalind", "Quarrie"])


# --- first audit -------------------------------------------------------------------------------

AUDIT_TEAM = ["Hope Castellane", "Ottilie Brannagh"]

TRANSCRIPTS = {
    "c01.txt": (
        "Interviewer: I'm Ottilie, thanks for seeing me. How are things?\n\n"
        "Participant: [name removed] said I should hope for the best. I hope the new carers stay. "
        "Hope is what you hang on to. [laughs] XXXX from the council never rang back.\n\n"
        "Interviewer: What helps most?\n\n"
        "Participant: The lunch club, honestly. And [REDACTED], my neighbour, when she's in.\n"
    ),
    "c02.txt": (
        "Interviewer: Can you tell me about the last month?\n\n"
        "Participant: There's always hope. [inaudible 00:04:12] We'll see what the Care Act assessment says. "
        "Will it be the same social worker, I don't know.\n"
    ),
}

CODEBOOK = (
    "theme\tcode\tdefinition\n"
    "hope\thope_future\tHope for the future of care; the participant says they hope things improve\n"
    "redaction\tname_removed\tA passage where [name removed] or XXXX stands for a person\n"
    "support\tlunch_club\tThe lunch club as support\n"
)

WORDS = {
    "hope",
    "will",
    "[name removed]",
    "name removed",
    "xxxx",
    "[redacted]",
    "redacted",
    "lunch club",
    "care act",
}


@pytest.fixture(scope="module")
def green(tmp_path_factory):
    return first_run(tmp_path_factory.mktemp("aud_green"), AUDIT_TEAM, TRANSCRIPTS, CODEBOOK)


@pytest.mark.xfail(
    strict=True,
    reason="red team 24j: a registered person's first name that is an ordinary word ('Hope') is "
    "replaced where it is the word, so the audit then finds it in the codebook's theme; needs a "
    "detector rule and an audit rule, kept independent",
)
def test_first_audit_passes_when_nothing_identifying_is_published(green):
    audit, hits = green
    failed_on = sorted({h["original"] for h in hits})
    assert audit.returncode == 0, f"first audit failed on {failed_on}: {(audit.stdout + audit.stderr)[-600:]}"


def test_first_audit_advises_keep_for_ordinary_words_and_redaction_marks(green):
    _, hits = green
    registered = {part.casefold() for name in AUDIT_TEAM for part in name.split()}
    wrong = [
        h["original"]
        for h in hits
        if h["original"].casefold() in WORDS
        and (
            not advises_keep(h["fix"], h["original"])
            or advises_register(h["fix"], h["original"])
            # replacing is a fair second remedy only for a word that is also a registered name
            or (advises_replace(h["fix"], h["original"]) and h["original"].casefold() not in registered)
        )
    ]
    assert not wrong, f"ordinary words or marks advised the wrong remedy: {sorted(set(wrong))}"


def test_first_audit_fails_on_team_name_in_codebook_with_replace_remedy(tmp_path):
    codebook = CODEBOOK + "memo\tcoder_note\tCoded by Hope Castellane in the second pass\n"
    audit, hits = first_run(tmp_path, AUDIT_TEAM, TRANSCRIPTS, codebook)
    assert audit.returncode != 0, "the research team's full name in the codebook passed the audit"
    named = [h for h in hits if "castellane" in h["original"].casefold()]
    assert named, f"no hit on the team's name: {sorted({h['original'] for h in hits})}"
    assert any(advises_replace(h["fix"], h["original"]) for h in named), (
        f"no replace remedy: {[h['fix'] for h in named]}"
    )
