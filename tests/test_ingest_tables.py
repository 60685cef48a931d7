"""Transcripts as tables (.csv, .xlsx): a header row naming the speaker and text columns, or
none (speaker | [time |] speech rows); a table holding several transcripts is split into one
file per transcript first. The .xlsx files are built here with zipfile (no spreadsheet library
is a dependency). All names are invented."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import zipfile
from xml.sax.saxutils import escape

import pytest
from conftest import BIN

from coprod.errors import InputError
from coprod.ingest import read_transcript
from coprod.ingest_tables import split_table

ROWS = [
    ("Speaker", "Start", "End", "Text"),
    ("Interviewer", "00:00:01", "00:00:04", "How did the panel start?"),
    ("Ishbel Drummond", "00:00:04", "00:00:10", "With a letter from the council."),
    ("", "00:00:10", "00:00:12", "And a meeting in the hall."),
    ("ELSPETH MARWICK (INTERVIEWER)", "00:00:12", "00:00:13", "Who came?"),
]


def _csv(path, rows, delimiter=","):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _col(i: int) -> str:
    return "ABCDEFGHIJ"[i]


def _xlsx(path, rows, shared: bool = True, times_as_numbers: bool = False):
    """A minimal workbook: shared strings (or inline strings) on the first of two sheets (in
    workbook order; its part is sheet2.xml, so the part name alone would pick the wrong one)."""
    strings: list[str] = []
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_col(c)}{r}"
            if value == "":
                continue
            if times_as_numbers and r > 1 and c in (1, 2):
                h, m, s = (int(x) for x in value.split(":"))
                cells.append(f'<c r="{ref}"><v>{(h * 3600 + m * 60 + s) / 86400!r}</v></c>')
            elif shared:
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pr = "http://schemas.openxmlformats.org/package/2006/relationships"
    od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
        "_rels/.rels": f"<Relationships xmlns='{pr}'><Relationship Id='rId1' "
        f"Type='{od}/officeDocument' Target='xl/workbook.xml'/></Relationships>",
        "xl/workbook.xml": f"<workbook {ns} {rns}><sheets><sheet name='T' sheetId='2' r:id='rId1'/>"
        "<sheet name='Other' sheetId='1' r:id='rId2'/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f"<Relationships xmlns='{pr}'>"
        f"<Relationship Id='rId1' Type='{od}/worksheet' Target='worksheets/sheet2.xml'/>"
        f"<Relationship Id='rId2' Type='{od}/worksheet' Target='worksheets/sheet1.xml'/></Relationships>",
        "xl/worksheets/sheet1.xml": f"<worksheet {ns}><sheetData/></worksheet>",
        "xl/worksheets/sheet2.xml": f"<worksheet {ns}><sheetData>{''.join(xml_rows)}</sheetData></worksheet>",
    }
    if shared:
        sis = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        parts["xl/sharedStrings.xml"] = f"<sst {ns}>{sis}</sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


EXPECTED = [
    ("Interviewer", "interviewer", "How did the panel start?", 1.0, 4.0),
    (
        "Ishbel Drummond",
        "participant",
        "With a letter from the council. And a meeting in the hall.",
        4.0,
        12.0,
    ),
    ("ELSPETH MARWICK", "interviewer", "Who came?", 12.0, 13.0),
]


def _turns(path, **kw):
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    t = read_transcript(path, **kw)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    return [(u.speaker, u.role, u.text, u.start, u.end) for u in t.turns]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_a_header_row(tmp_path, delimiter):
    assert _turns(_csv(tmp_path / "t.csv", ROWS, delimiter)) == EXPECTED


def test_xlsx_with_shared_strings_reads_the_first_sheet_in_workbook_order(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", ROWS)
    assert _turns(path) == EXPECTED
    assert read_transcript(path).report["other worksheets not read"] == 1


def test_xlsx_with_inline_strings_and_excel_times(tmp_path):
    assert _turns(_xlsx(tmp_path / "t.xlsx", ROWS, shared=False, times_as_numbers=True)) == EXPECTED


@pytest.mark.parametrize(
    "header",
    [("Name", "Timestamp", "Speech"), ("speaker", "time", "utterance"), ("Who", "Time", "Transcript")],
)
def test_other_header_spellings(tmp_path, header):
    rows = [header, ("Q", "0:01", "Why?"), ("P01", "0:05", "Because.")]
    assert [x[:3] for x in _turns(_csv(tmp_path / "t.csv", rows))] == [
        ("Q", "interviewer", "Why?"),
        ("P01", "participant", "Because."),
    ]


def test_csv_without_header_reads_like_a_word_table(tmp_path):
    rows = [
        ("Interviewer", "00:01", "Why?"),
        ("Respondent 1 – Ishbel Drummond", "00:05", "Because."),
        ("I", "0:09", "Ok."),
    ]
    assert [x[:3] for x in _turns(_csv(tmp_path / "t.csv", rows))] == [
        ("Interviewer", "interviewer", "Why?"),
        ("Ishbel Drummond", "participant", "Because."),
        ("I", "interviewer", "Ok."),
    ]


def test_csv_without_header_of_speaker_time_speech_rows_with_a_one_turn_speaker(tmp_path):
    """speaker | time | speech rows are turns even when a speaker speaks once (README)."""
    rows = [
        ("Elspeth Marwick", "00:00:01", "How did it start?"),
        ("Ishbel Drummond", "00:00:05", "With a letter from the council."),
        ("Elspeth Marwick", "00:00:21", "Thanks."),
    ]
    assert [x[:3] for x in _turns(_csv(tmp_path / "t.csv", rows))] == [
        ("Elspeth Marwick", "participant", "How did it start?"),
        ("Ishbel Drummond", "participant", "With a letter from the council."),
        ("Elspeth Marwick", "participant", "Thanks."),
    ]


def test_two_column_rows_of_role_words_of_the_reference_list_are_turns(tmp_path):
    """speaker | speech rows labelled by role words a counselling service uses ("Therapist",
    "Client": cues/role_labels.txt) read like Interviewer/Respondent rows, a role spoken once."""
    rows = [
        ("Therapist", "How have the last two weeks been?"),
        ("Client", "Not great."),
        ("Therapist", "I see."),
    ]
    assert [x[:3] for x in _turns(_csv(tmp_path / "t.csv", rows))] == [
        ("Therapist", "participant", "How have the last two weeks been?"),
        ("Client", "participant", "Not great."),
        ("Therapist", "participant", "I see."),
    ]


def test_key_value_pairs_with_role_words_are_still_refused(tmp_path):
    rows = [("Therapist", "Elspeth Marwick"), ("Client", "P04"), ("Date", "3 March")]
    with pytest.raises(InputError):
        read_transcript(_csv(tmp_path / "t.csv", rows))


def test_csv_without_header_of_key_value_pairs_is_still_refused(tmp_path):
    rows = [("Date", "3 March"), ("Place", "Community hall"), ("Interviewer", "Elspeth Marwick")]
    with pytest.raises(InputError):
        read_transcript(_csv(tmp_path / "t.csv", rows))


MULTI = [
    ("transcript_id", "speaker", "text"),
    ("t01", "Interviewer", "First question?"),
    ("t02", "Interviewer", "Other question?"),
    ("t01", "Participant", "First answer."),
    ("t02", "Participant", "Other answer."),
]


def test_a_table_of_several_transcripts_is_refused_in_one_line_unless_its_id_is_asked(tmp_path):
    path = _csv(tmp_path / "all.csv", MULTI)
    with pytest.raises(InputError) as exc:
        read_transcript(path)
    line = str(exc.value)
    assert "holds 2 transcripts" in line and "split-table" in line and "all.csv" in line
    assert "First" not in line
    assert [x[2] for x in _turns(path, transcript_id="t02")] == ["Other question?", "Other answer."]


def test_split_table_writes_one_file_per_transcript_that_ingest_reads(tmp_path):
    src = _xlsx(tmp_path / "all.xlsx", MULTI)
    before = src.read_bytes()
    out = tmp_path / "raw"
    written = split_table(src, out)
    assert [p.name for p in written] == ["t01.csv", "t02.csv"] and src.read_bytes() == before
    assert [x[2] for x in _turns(out / "t01.csv")] == ["First question?", "First answer."]
    with pytest.raises(InputError, match="already exists"):
        split_table(src, out)


def test_split_table_refuses_values_unusable_as_file_names_without_echoing_them(tmp_path):
    rows = [*MULTI, ("../Drummond interview", "Participant", "x")]
    with pytest.raises(InputError) as exc:
        split_table(_csv(tmp_path / "all.csv", rows), tmp_path / "out")
    assert "row 6" in str(exc.value) and "Drummond" not in str(exc.value)
    assert not (tmp_path / "out").exists()


def test_split_table_from_the_command_line(tmp_path):
    src = _csv(tmp_path / "all.csv", MULTI)
    proc = subprocess.run(
        [str(BIN / "coprod"), "split-table", str(src), str(tmp_path / "raw")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == ["t01.csv", "t02.csv"]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.csv", b"\n\n", "file is empty"),
        ("cols.csv", b"Date,Place\n3 March,Hall\n", "no speaker and text columns"),
        ("nul.csv", b"speaker,text\nI,a\x00b\n", "NUL bytes"),
        ("notzip.xlsx", b"PK\x03\x04 not a zip", "not a readable .xlsx"),
    ],
)
def test_bad_tables_give_one_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_transcript(path)
    line = str(exc.value)
    assert "\n" not in line and name in line and message in line and " — " in line


def test_xlsx_parts_are_guarded_like_docx(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", ROWS)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/sharedStrings.xml"] = (
        b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>" + parts["xl/sharedStrings.xml"]
    )
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    with pytest.raises(InputError, match="DOCTYPE"):
        read_transcript(path)
