"""Parser contract: every supported format, the common label conventions, encodings, bad files."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from coprod.errors import InputError
from coprod.ingest import Transcript, decode, ingest_file, parse_labelled_lines, read_transcript

LABELS = ("interviewer", "i", "int", "q", "kirsty fraser")


def test_txt_short_labels_roles_and_continuation_lines():
    t = read_transcript(CORPUS / "fx01.txt", LABELS)
    assert [x.speaker for x in t.turns] == ["I", "R", "I", "R", "I", "R"]
    assert [x.role for x in t.turns] == ["interviewer", "participant"] * 3
    # the unlabelled line after turn 4 continues that turn
    assert t.turns[3].text.endswith("the IJB, the health board, the council.")
    assert t.preamble == ["Interview fx01 — fixture transcript (synthetic)"]
    assert t.turns[0].start is None


def test_docx_header_table_becomes_metadata_and_end_note_is_kept_apart():
    t = read_transcript(CORPUS / "fx02.docx", LABELS)
    assert t.metadata == {"Date": "12 October 2020", "Place": "MS Teams", "Respondent": "Rhona Kerr"}
    assert [x.speaker for x in t.turns] == ["Interviewer", "Respondent", "Interviewer", "Respondent"]
    assert t.turns[1].text.startswith("Our chief officer championed it")
    assert t.preamble == ["[END OF TRANSCRIPT]"]


def test_vtt_voice_tags_merge_consecutive_cues_with_timestamps():
    t = read_transcript(CORPUS / "fx03.vtt", LABELS)
    assert [x.speaker for x in t.turns] == ["Kirsty Fraser", "Alan Baxter", "Kirsty Fraser", "Alan Baxter"]
    assert t.turns[0].role == "interviewer" and t.turns[1].role == "participant"
    assert (t.turns[1].start, t.turns[1].end) == (5.0, 20.0)
    assert "During COVID everything moved online" in t.turns[1].text


def test_srt_labels_at_speaker_changes_and_continuations():
    t = read_transcript(CORPUS / "fx04.srt", LABELS)
    assert [x.speaker for x in t.turns] == [
        "Kirsty Fraser",
        "Mairi Campbell",
        "Kirsty Fraser",
        "Mairi Campbell",
    ]
    assert t.turns[1].text.endswith("whoever holds the budget.")
    assert (t.turns[1].start, t.turns[1].end) == (3.5, 12.0)


@pytest.mark.parametrize(
    "label",
    [
        "Interviewer",
        "I",
        "INT",
        "P1",
        "P12",
        "Respondent",
        "Interviewer 2",
        "Siobhan O'Donnell",
        "Dr Kirsty Fraser",
        "Mòrag NicLeòid",
    ],
)
def test_label_conventions(label):
    pairs, _ = parse_labelled_lines([f"{label}: Some words here."])
    assert pairs == [(label, "Some words here.")]


def test_ordinary_colon_lines_are_not_labels():
    pairs, _ = parse_labelled_lines(["I: Question?", "Note: this continues the turn", "so: also continues"])
    assert len(pairs) == 1 and "Note: this continues" in pairs[0][1]


def test_encodings_bom_cp1252_crlf(tmp_path):
    body = "Interviewer: It’s fine – really.\r\n\r\nP1: Aye.\r\n"
    variants = {
        "bom.txt": b"\xef\xbb\xbf" + body.encode("utf-8"),
        "cp.txt": body.encode("cp1252"),
        "utf16.txt": body.encode("utf-16"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        t = read_transcript(tmp_path / name, LABELS)
        assert [x.text for x in t.turns] == ["It’s fine – really.", "Aye."], name
    assert read_transcript(tmp_path / "cp.txt").encoding == "cp1252"
    assert read_transcript(tmp_path / "bom.txt").encoding == "utf-8-sig"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.txt", b"  \n\n", "file is empty"),
        ("nul.txt", b"I: a\x00b", "NUL bytes"),
        ("undecodable.txt", b"I: caf\x81\x8d", "undecodable bytes"),
        ("corrupt.docx", b"PK\x03\x04 not really a zip", "not a readable .docx"),
        ("noheader.vtt", b"00:00:01.000 --> 00:00:02.000\n<v A>hi</v>\n", "WEBVTT"),
        ("badtime.srt", b"1\n00:00:01 --> 00:00:02\nA: hi\n", "bad timing line"),
        ("notes.pdf", b"%PDF-1.4", "unsupported format"),
    ],
)
def test_bad_files_give_one_line_naming_the_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_transcript(path)
    line = str(exc.value)
    assert "\n" not in line and name in line and message in line and " — " in line


def test_ingest_file_writes_json_and_leaves_raw_untouched(tmp_path):
    src = CORPUS / "fx03.vtt"
    before = src.read_bytes()
    dest = tmp_path / "turns" / "fx03.json"
    ingest_file(src, dest, LABELS)
    assert src.read_bytes() == before
    back = Transcript.from_json(dest.read_text(encoding="utf-8"))
    assert back.turns == read_transcript(src, LABELS).turns
    assert json.loads(dest.read_text())["format"] == "vtt"


def test_no_partial_output_on_bad_input(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    dest = tmp_path / "out.json"
    with pytest.raises(InputError):
        ingest_file(bad, dest, LABELS)
    assert not dest.exists() and not (tmp_path / "out.json.tmp").exists()


words = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=0x24F),
    min_size=1,
    max_size=12,
)
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@given(
    st.lists(
        st.tuples(st.sampled_from(["Interviewer", "P1", "INT", "Respondent", "Jane Doe"]), sentences),
        min_size=1,
        max_size=8,
    )
)
def test_property_labelled_text_round_trips(turns):
    text = "\n\n".join(f"{lab}: {body}" for lab, body in turns)
    pairs, preamble = parse_labelled_lines(text.split("\n"))
    assert pairs == [(lab, body) for lab, body in turns]
    assert preamble == []


@given(st.text(max_size=200))
def test_property_decode_never_crashes_unexpectedly(s):
    data = s.encode("utf-8")
    try:
        text, enc = decode(data, "x.txt")
    except InputError:
        return
    assert "\r" not in text and enc in {"utf-8", "utf-8-sig", "utf-16", "cp1252"}


def test_docx_soft_breaks_insertions_and_deletions_lose_no_speech(tmp_path):
    """Issue 13: a Shift+Enter inside a paragraph once merged the participant's turn into the
    interviewer's; tracked insertions were dropped."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    p = doc.add_paragraph("Interviewer: What changed?")
    run = p.add_run()
    run._r.append(OxmlElement("w:br"))  # soft line break
    p.add_run("Participant: The whole board turned up.")
    q = doc.add_paragraph("Participant: And then ")

    def tracked(change: str, text_tag: str, text: str):
        """A tracked change (w:ins / w:del) holding one run of text."""
        wrapper, run, t = OxmlElement(change), OxmlElement("w:r"), OxmlElement(text_tag)
        t.text = text
        t.set(qn("xml:space"), "preserve")
        run.append(t)
        wrapper.append(run)
        return wrapper

    q._p.append(tracked("w:ins", "w:t", "nothing happened"))
    q._p.append(tracked("w:del", "w:delText", " DELETED WORDS"))
    path = tmp_path / "soft.docx"
    doc.save(path)
    tr = read_transcript(path)
    assert [(u.role, u.text) for u in tr.turns] == [
        ("interviewer", "What changed?"),
        ("participant", "The whole board turned up."),
        ("participant", "And then nothing happened"),
    ]
    assert "DELETED" not in " ".join(u.text for u in tr.turns)


def test_lower_case_generic_labels_start_turns(tmp_path):
    path = tmp_path / "lc.txt"
    path.write_text("interviewer: Hello?\n\nrespondent: Hi there.\n\nINTERVIEWER: Bye.\n")
    tr = read_transcript(path)
    assert [(u.role, u.text) for u in tr.turns] == [
        ("interviewer", "Hello?"),
        ("participant", "Hi there."),
        ("interviewer", "Bye."),
    ]


def test_caption_errors_name_the_line_not_the_words(tmp_path):
    path = tmp_path / "c.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello.\n\nMorag Drysdale said it --> twice\n"
    )
    with pytest.raises(InputError) as exc:
        read_transcript(path)
    line = exc.value.line()
    assert "c.vtt:6" in line and "Morag" not in line and "Drysdale" not in line


def test_captions_per_spec_entities_bad_times_and_cues_without_blank_lines(tmp_path):
    """Issue 13: SubRip cues run together, impossible or backwards times, entities in WebVTT."""
    srt = tmp_path / "a.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello there.\n"
        "2\n00:00:02,500 --> 00:00:04,000\nBob: Hi, how are you?\n"
    )
    tr = read_transcript(srt)
    assert [(u.speaker, u.text) for u in tr.turns] == [("Ann", "Hello there."), ("Bob", "Hi, how are you?")]
    for timing in ("00:00:05,000 --> 00:00:04,000", "00:00:61,000 --> 00:01:02,000"):
        bad = tmp_path / "b.srt"
        bad.write_text(f"1\n{timing}\nAnn: Hello.\n")
        with pytest.raises(InputError, match=r"b\.srt:2: bad timing line"):
            read_transcript(bad)
    vtt = tmp_path / "c.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Fish &amp; chips&nbsp;at Sio&shy;bhan's.\n"
    )
    text = read_transcript(vtt).turns[0].text
    assert "&amp;" not in text and "&nbsp;" not in text and "&shy;" not in text and "Fish & chips" in text


def test_mail_labels_belong_to_their_speaker_and_spellings_merge(tmp_path):
    """Issue 13: an e-mail address or `Name <mail>` as a label was filed under the interviewer;
    an ALL-CAPS spelling of a speaker became a second speaker (and a second pseudonym)."""
    path = tmp_path / "mail.txt"
    path.write_text(
        "Interviewer: Thanks for joining.\n"
        "jane.roe@nhs.scot: Happy to be here.\n"
        "Jane Roe <jane.roe@nhs.scot>: We work across three localities.\n"
        "interviewer: And the board?\n"
        "JANE ROE: It meets monthly.\n"
        "Jane Roe: Yes, monthly.\n"
        "ops-team@council.gov.uk: A third voice.\n"
        "Interviewer: Email me at x@y.org: fine?\n",
        encoding="utf-8",
    )
    tr = read_transcript(path)
    assert [(u.speaker, u.role) for u in tr.turns] == [
        ("Interviewer", "interviewer"),
        ("Jane Roe", "participant"),
        ("Jane Roe", "participant"),
        ("Interviewer", "interviewer"),
        ("Jane Roe", "participant"),
        ("Jane Roe", "participant"),
        ("ops-team@council.gov.uk", "participant"),
        ("Interviewer", "interviewer"),
    ]
    assert tr.turns[-1].text == "Email me at x@y.org: fine?"
    assert tr.report["turns by speaker"] == {
        "Interviewer": 3,
        "Jane Roe": 4,
        "ops-team@council.gov.uk": 1,
    }
    assert tr.report["label spellings merged"] == 3  # jane.roe@…, interviewer, JANE ROE


def test_docx_transcript_tables_are_turns_and_the_report_counts_what_is_not_speech(tmp_path):
    """Issue 13: tables were read as header metadata only, so a transcript laid out as a
    speaker | speech table lost every turn; the report says what was not read as speech."""
    import docx

    doc = docx.Document()
    header = doc.add_table(rows=2, cols=2)
    for r, (k, v) in enumerate([("Date", "3 March 2021"), ("Site", "S04")]):
        header.cell(r, 0).text, header.cell(r, 1).text = k, v
    doc.add_paragraph("Interview notes (synthetic)")
    body = doc.add_table(rows=4, cols=3)
    rows = [
        ("Interviewer", "00:01", "How did it start?"),
        ("Participant", "00:05", "With a community panel."),
        ("Interviewer", "00:20", "Who led it?"),
        ("Participant", "00:24", "The carers' centre."),
    ]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            body.cell(r, c).text = text
    path = tmp_path / "table.docx"
    doc.save(path)
    tr = read_transcript(path)
    assert tr.metadata == {"Date": "3 March 2021", "Site": "S04"}
    # the time column is dropped like a timestamp before a label in a text file: left in the
    # speech it made "00:06:21 Retrofit is …" look like a name in mid-sentence (issue 16 test data)
    assert [(u.role, u.text) for u in tr.turns] == [
        ("interviewer", "How did it start?"),
        ("participant", "With a community panel."),
        ("interviewer", "Who led it?"),
        ("participant", "The carers' centre."),
    ]
    assert tr.report["table rows read as turns"] == 4
    assert tr.report["header table cells kept as metadata"] == 4
    assert tr.report["unlabelled lines kept as preamble"] == 1


@pytest.mark.parametrize(
    "time", ["00:00:44", "[00:44]", "(1:02:03)", "00:01:02.120 --> 00:01:09.400", "00:44 - 00:51", "0:44,5"]
)
def test_docx_time_column_in_any_position_is_not_speech(tmp_path, time):
    import docx

    doc = docx.Document()
    body = doc.add_table(rows=3, cols=3)
    rows = [(time, "Interviewer", "Why 12:30?"), ("Participant", time, "Retrofit first."), (time, "I", "Ok.")]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            body.cell(r, c).text = text
    doc.save(tmp_path / "t.docx")
    turns = read_transcript(tmp_path / "t.docx").turns
    assert [u.text for u in turns] == ["Why 12:30?", "Retrofit first.", "Ok."]


def test_run_summary_counts_only(tmp_path):
    from coprod.ingest import report_lines, summarise

    src = tmp_path / "a.txt"
    src.write_text("I: Hello?\nR: Hi, I am Morag Tulloch.\n\n[INAUDIBLE]\n", encoding="utf-8")
    tr = ingest_file(src, tmp_path / "out" / "t001.json", ["i"], "t001")
    assert "R\t1" in "\n".join(report_lines(tr))
    line = summarise([tmp_path / "out" / "t001.json"])
    assert line == (
        "ingest: 1 transcripts, 2 turns (1 interviewer, 1 participant); "
        "unlabelled lines kept as preamble: 1 (in 1 transcripts)"
    )
    assert "Morag" not in line and "Tulloch" not in line


def test_stale_outputs_of_removed_transcripts(tmp_path):
    from coprod.corpus import remove_stale, stale_outputs

    res, priv = tmp_path / "results", tmp_path / "private"
    for folder, name in [
        (res / "deidentified", "t001.json"),
        (res / "deidentified", "t001.txt"),
        (res / "deidentified", "t002.txt"),
        (res / "deidentified", "summary.tsv"),
        (priv / "turns", "t002.json"),
        (priv / "logs" / "ingest", "t002.log"),
    ]:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    assert [p.name for p in stale_outputs(["t001"], res, priv)] == ["t002.txt", "t002.json", "t002.log"]
    assert "will be removed" in remove_stale(["t001"], res, priv, dry_run=True)
    assert (res / "deidentified" / "t002.txt").exists()
    assert remove_stale(["t001"], res, priv) == (
        "removed 3 output file(s) of 1 transcript(s) no longer in the study (t002)"
    )
    left = sorted(p.name for p in (res / "deidentified").iterdir())
    assert left == ["summary.tsv", "t001.json", "t001.txt"]
    assert remove_stale(["t001"], res, priv) is None


def test_an_interviewers_address_as_label_is_the_interviewer(tmp_path):
    path = tmp_path / "mail.txt"
    path.write_text("euan.baird@uni.ac.uk: Hello.\njane.roe@nhs.scot: Hi.\n", encoding="utf-8")
    tr = read_transcript(path, ("interviewer", "Euan Baird"))
    assert [u.role for u in tr.turns] == ["interviewer", "participant"]


def test_a_mistyped_role_label_is_the_role_and_a_name_label_must_be_exact():
    from coprod.ingest import role_of

    labels = {"interviewer", "moderator", "therapist", "i", "int", "kirsty"}
    for typed in ("Interveiwer", "INTERVIEWR", "Moderater", "Therapsit", "Intreviewer 2"):
        assert role_of(typed, labels) == "interviewer", typed
    # a name among the interviewer labels is no role word: a near spelling is someone else
    for other in ("Kirstie", "Kirsti", "Int2x", "Participant", "Interpreter"):
        assert role_of(other, labels) == "participant", other


def test_another_role_word_is_no_typo_of_an_interviewer_label():
    from coprod.ingest import role_of

    labels = {"interviewer", "researcher"}
    assert role_of("Interviewee", labels) == "participant"
    assert role_of("Reseacher", labels) == "interviewer"
