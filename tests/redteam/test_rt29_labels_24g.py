"""Red team 24g, class 1a: speaker labels that name people, in layouts and export tools the
earlier rounds did not try: NVivo-style time stamps before the label, Descript's
`Name (hh:mm:ss):`, Zoom `.vtt` cues with `Name:` inside the cue text, Teams `<v Name (Guest)>`
voice tags, Gaelic, Irish, Polish and Urdu-transliterated names with diacritics and particles
(Ó, Ní, Mac, Nic), role and name in further orders, and the same in .srt, .docx and .csv.
Written blind: every name invented. Only the research team is registered; the people named in
the labels are not, so the label itself is the evidence. The speech must be published (and
stay participant speech), the name must not."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, docx_bytes, ingest, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Fionnghal Drysdale", "role": "interviewer"}]
SPEECH = "the respite beds were always full by March"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24g: {reason}"))


def _run(tmp_path, inputs):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, inputs, register=reg)
    assert SPEECH in out, "the participant's speech was not published"
    return out


def _participant_speech(tmp_path, name, content):
    """ingest: the turn holding SPEECH is not an interviewer turn."""
    p = tmp_path / "probe" / name
    p.parent.mkdir(exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    doc = ingest(tmp_path, p)
    turns = [t for t in doc["turns"] if SPEECH in t["text"]]
    assert turns, "the speech is not in any turn"
    assert all(t["role"] != "interviewer" for t in turns), [(t["speaker"], t["role"]) for t in turns]


# --- .txt: a time stamp before the label (NVivo, Trint, Sonix exports) -------------------------
@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("0:01:17 Siobhán Ní Bhriain:", ["Siobhán", "Bhriain"]),
        ("[00:01:17] Tadhg Ó Súilleabháin:", ["Tadhg", "Súilleabháin"]),
        ("00:01:17 - Małgorzata Wiśniewska-Kowal:", ["Małgorzata", "Wiśniewska"]),
        ("(01:17) Eachann MacIomhair:", ["Eachann", "MacIomhair"]),
        ("01:17  Shagufta Parveen Chaudhry  ", ["Shagufta", "Chaudhry"]),
    ],
)
def test_txt_time_stamp_before_name_label(tmp_path, label, planted):
    text = (
        "0:00:05 Fionnghal Drysdale: Thanks for making the time, how has this year been?\n"
        f"{label} Well, {SPEECH}, so we coped as a family.\n"
        "0:01:40 Fionnghal Drysdale: That sounds hard.\n"
    )
    out = _run(tmp_path, {"nvivo.txt": text})
    assert_absent(out, planted)


# --- .txt: Descript-style `Name (hh:mm:ss):` and role + name in further orders ------------------
@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("Bronagh Mac Giolla Phádraig (00:02:31):", ["Bronagh", "Giolla Phádraig"]),
        ("Interviewee — Aoibheann Ní Mhurchú:", ["Aoibheann", "Mhurchú"]),
        ("CARE HOME MANAGER (ZOFIA GRZELAK):", ["Zofia", "Grzelak"]),
        ("Kinship carer, Mhairead Nic a' Phearsain:", ["Mhairead", "Phearsain"]),
        ("Participant 4 (Imran Haq Siddiqui):", ["Imran", "Siddiqui"]),
        ("Ó CEALLAIGH, Caoimhe:", ["Caoimhe", "Ceallaigh"]),
        ("Mrs Wiktoria Szczepańska, daughter:", ["Wiktoria", "Szczepańska"]),
        ("Dr. Rukhsana Mirza-Hussain (GP):", ["Rukhsana", "Mirza"]),
    ],
)
def test_txt_role_and_name_layouts(tmp_path, label, planted):
    text = (
        "Fionnghal Drysdale (00:00:03): Thanks for making the time, how has this year been?\n"
        f"{label} Well, {SPEECH}, so we coped as a family.\n"
        "Fionnghal Drysdale (00:02:50): That sounds hard.\n"
    )
    out = _run(tmp_path, {"descript.txt": text})
    assert_absent(out, planted)


def test_txt_role_and_name_label_keeps_participant_role(tmp_path):
    text = (
        "Interviewer: Thanks for making the time, how has this year been?\n"
        f"Interviewee — Aoibheann Ní Mhurchú: Well, {SPEECH}, so we coped.\n"
        "Interviewer: That sounds hard.\n"
    )
    _participant_speech(tmp_path, "role_name.txt", text)


# --- .vtt from Zoom (Name: inside the cue) and Teams (<v Name (Guest)>) --------------------------
def test_vtt_zoom_name_inside_cue_text(tmp_path):
    vtt = (
        "WEBVTT\n\n"
        "1\n00:00:01.000 --> 00:00:04.000\nFionnghal Drysdale: Can you tell me about last winter?\n\n"
        f"2\n00:00:05.000 --> 00:00:09.000\nGrzegorz Wójcik-Nowak: Yes, {SPEECH}.\n\n"
        "3\n00:00:10.000 --> 00:00:12.000\nGrzegorz Wójcik-Nowak: We managed, just.\n"
    )
    out = _run(tmp_path, {"zoom.vtt": vtt})
    assert_absent(out, ["Grzegorz", "Wójcik"])


@pytest.mark.parametrize(
    ("voice", "planted"),
    [
        ("<v Eilidh NicLeòid (Guest)>", ["Eilidh", "NicLeòid"]),
        ("<v Farhan Qureshi (External)>", ["Farhan", "Qureshi"]),
        ("<v Ó Dónaill, Pádraigín (Unverified)>", ["Pádraigín", "Dónaill"]),
        ("<v.participant Seumas Mac an t-Saoir>", ["Seumas", "t-Saoir"]),
    ],
)
def test_vtt_teams_voice_tag_forms(tmp_path, voice, planted):
    vtt = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Fionnghal Drysdale>Can you tell me about last winter?</v>\n\n"
        f"00:00:05.000 --> 00:00:09.000\n{voice}Yes, {SPEECH}.</v>\n"
    )
    out = _run(tmp_path, {"teams.vtt": vtt})
    assert_absent(out, planted)


# --- .srt with name labels in other scripts/diacritics ---------------------------------------------
@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("ŁUKASZ ZIELIŃSKI:", ["Łukasz", "Zieliński"]),
        ("[Ruqayyah Bint-Yusuf]", ["Ruqayyah", "Bint-Yusuf"]),
        ("- Niamh Uí Bhriain:", ["Niamh", "Bhriain"]),
    ],
)
def test_srt_name_labels_with_diacritics(tmp_path, label, planted):
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\nFIONNGHAL DRYSDALE: Can you tell me about last winter?\n\n"
        f"2\n00:00:05,000 --> 00:00:09,000\n{label} Yes, {SPEECH}.\n\n"
        "3\n00:00:10,000 --> 00:00:12,000\nFIONNGHAL DRYSDALE: Thank you.\n"
    )
    out = _run(tmp_path, {"captions.srt": srt})
    assert_absent(out, planted)


# --- .docx: a time | speaker | speech table (NVivo order) and role-with-name paragraphs -----------
def test_docx_table_time_first(tmp_path):
    rows = [
        ["0:00:03", "Fionnghal Drysdale", "Can you tell me about last winter?"],
        ["0:00:09", "Oisín Mac Suibhne", f"Yes, {SPEECH}."],
        ["0:00:20", "Fionnghal Drysdale", "Thank you."],
    ]
    out = _run(tmp_path, {"table.docx": docx_bytes(table_rows=rows)})
    assert_absent(out, ["Oisín", "Suibhne"])


def test_docx_paragraph_role_then_name_in_brackets(tmp_path):
    paras = [
        "Interviewer (Fionnghal Drysdale): Can you tell me about last winter?",
        f"Respondent (Kasia Dąbrowska-Ferguson): Yes, {SPEECH}.",
        "Interviewer (Fionnghal Drysdale): Thank you.",
    ]
    out = _run(tmp_path, {"paras.docx": docx_bytes(paras)})
    assert_absent(out, ["Kasia", "Dąbrowska"])


# --- .csv: speaker values with a role, a title, a Gaelic particle -----------------------------------
@pytest.mark.parametrize(
    ("speaker", "planted"),
    [
        ("Respondent - Ailig MacDhòmhnaill", ["Ailig", "MacDhòmhnaill"]),
        ("Cllr. Nadeem Akhtar", ["Nadeem", "Akhtar"]),
        ("Ní Fhlannagáin, Gráinne (carer)", ["Gráinne", "Fhlannagáin"]),
    ],
)
def test_csv_speaker_values(tmp_path, speaker, planted):
    csv_text = (
        "Start,Speaker,Text\n"
        '00:00:01,Fionnghal Drysdale,"Can you tell me about last winter?"\n'
        f'00:00:05,"{speaker}","Yes, {SPEECH}."\n'
        '00:00:12,Fionnghal Drysdale,"Thank you."\n'
    )
    out = _run(tmp_path, {"export.csv": csv_text})
    assert_absent(out, planted)


# --- labels with Gaelic/Irish particles and apostrophes, read as the participant's turn ------------


@pytest.mark.parametrize(
    ("label", "planted"),
    [
        ("Mrs O'Donnell-Byrne:", ["O'Donnell"]),
        ("DR. SAOIRSE NÍ CHONAILL:", ["Saoirse", "Chonaill"]),
        ("Speaker 1 (Gráinne Ní Shé):", ["Gráinne"]),
        ("Gráinne Ní Shé (Speaker 1):", ["Gráinne"]),
        ("P2_Niamh Breathnach:", ["Breathnach"]),
        ("[Participant – Ross Mac a' Bhàird]:", ["Bhàird"]),
        ("Ross Mac a' Bhàird, carer, 61:", ["Bhàird"]),
        ("INTERVIEWEE/ROSS MCBAIRD:", ["MCBAIRD"]),
        ("Respondent (Mr Mac a' Bhàird):", ["Bhàird"]),
        ("Mac a' Bhàird:", ["Bhàird"]),
        ("Ó Briain, Ailbhe (Client):", ["Ailbhe", "Briain"]),
    ],
)
def test_particle_labels_are_participant_turns(tmp_path, label, planted):
    text = (
        "Interviewer: Thanks for making the time, how has this year been?\n"
        f"{label} Well, {SPEECH}, so we coped as a family.\n"
        "Interviewer: That sounds hard.\n"
    )
    out = _run(tmp_path, {"particles.txt": text})
    assert_absent(out, planted)
    _participant_speech(tmp_path, "particles.txt", text)
