"""Hostile or unusual .docx files (every zip-based input): malformed XML, Strict Open XML, NUL
and other characters XML forbids, DOCTYPEs and external entities, zip bombs, directories that
lie about sizes. Each is read correctly or refused in one line naming the file and the fix, from
the library and from the command line, and the raw file is never changed. Built in the test
with zipfile; nothing larger than the part limit is written."""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import zipfile

import pytest
from conftest import BIN

from coprod import ingest_zip
from coprod.errors import InputError
from coprod.ingest import read_transcript

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
SECRET = "Quillonbrae"  # an invented word that must never appear in an error line


def _base_parts() -> dict[str, bytes]:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _body(paragraphs: list[str], ns: str = W_NS, prolog: str = "") -> bytes:
    ps = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>{prolog}"
        f"<w:document xmlns:w='{ns}'><w:body>{ps}</w:body></w:document>"
    ).encode()


SPEECH = ["Interviewer: How did the panel start?", f"Participant: With a letter about {SECRET}."]


def _docx(path, document: bytes | None = None, **parts: bytes):
    base = _base_parts()
    base["word/document.xml"] = document if document is not None else _body(SPEECH)
    base.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in base.items():
            zf.writestr(name, data)
    return path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path, *words: str) -> str:
    before = _sha(path)
    with pytest.raises(InputError) as exc:
        read_transcript(path)
    line = str(exc.value)
    assert "\n" not in line and path.name in line and " — " in line, line
    assert SECRET not in line
    for w in words:
        assert w in line, line
    assert _sha(path) == before
    return line


def _speech(path) -> list[tuple[str, str]]:
    before = _sha(path)
    t = read_transcript(path)
    assert _sha(path) == before
    return [(u.role, u.text) for u in t.turns]


def test_a_plain_docx_built_this_way_reads(tmp_path):
    assert _speech(_docx(tmp_path / "ok.docx")) == [
        ("interviewer", "How did the panel start?"),
        ("participant", f"With a letter about {SECRET}."),
    ]


def test_malformed_xml_is_one_line_with_the_part_and_line(tmp_path):
    path = _docx(tmp_path / "bad.docx", _body(SPEECH)[:-30])
    _refused(path, "word/document.xml is not well-formed XML", "save it again as .docx")


def test_strict_open_xml_is_read(tmp_path):
    path = _docx(tmp_path / "strict.docx", _body(SPEECH, ns=STRICT_NS))
    assert _speech(path)[1] == ("participant", f"With a letter about {SECRET}.")
    assert read_transcript(path).report["read as Strict Open XML"] == 1


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1f", "&#0;", "&#x1F;", "&#11;"])
def test_characters_xml_forbids_are_removed_and_counted(tmp_path, bad):
    path = _docx(tmp_path / "nul.docx", _body([f"Interviewer: Why{bad} now?", f"Participant: Be{bad}cause."]))
    assert _speech(path) == [("interviewer", "Why now?"), ("participant", "Because.")]
    assert read_transcript(path).report["control characters removed (not allowed in XML)"] == 2


@pytest.mark.parametrize(
    "prolog",
    [
        "<!DOCTYPE d [<!ENTITY ext SYSTEM 'file:///etc/hostname'>]>",
        "<!DOCTYPE d [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;'>]>",
        "<!DOCTYPE d SYSTEM 'http://example.invalid/x.dtd'>",
    ],
)
def test_doctypes_and_entities_are_refused_not_resolved(tmp_path, prolog):
    doc = _body(["Interviewer: Read &ext; here.", "Participant: Yes."], prolog=prolog)
    path = _docx(tmp_path / "dtd.docx", doc)
    _refused(path, "DOCTYPE")


def test_zip_bomb_over_the_part_limit_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    base = _base_parts()
    base.pop("word/document.xml")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in base.items():
            zf.writestr(name, data)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(_body(SPEECH)[:-20])
            block = b" " * 2**20
            for _ in range(ingest_zip.MAX_PART_BYTES // 2**20 + 1):
                fh.write(block)
            fh.write(b"</w:body></w:document>")
    assert path.stat().st_size < 2**20  # packed: well under a megabyte
    _refused(path, "word/document.xml unpacks to more than", "zip bomb")


def test_a_part_far_more_compressible_than_text_is_refused(tmp_path):
    filler = "Participant: " + "la " * (ingest_zip.RATIO_FLOOR // 3 + 100_000)
    path = _docx(tmp_path / "ratio.docx", _body(["Interviewer: Go on.", filler]))
    _refused(path, f"more than {ingest_zip.MAX_RATIO} times its packed size")


def _lie_about_size(path, member: str, size: int) -> None:
    """Rewrite the declared unpacked size of `member` (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    i = data.find(b"PK\x03\x04" + data[4:4])  # first local header
    while i != -1:
        n = struct.unpack("<H", data[i + 26 : i + 28])[0]
        if data[i + 30 : i + 30 + n] == name:
            data[i + 22 : i + 26] = struct.pack("<I", size)
        i = data.find(b"PK\x03\x04", i + 4)
    j = data.find(b"PK\x01\x02")
    while j != -1:
        n = struct.unpack("<H", data[j + 28 : j + 30])[0]
        if data[j + 46 : j + 46 + n] == name:
            data[j + 24 : j + 28] = struct.pack("<I", size)
        j = data.find(b"PK\x01\x02", j + 4)
    path.write_bytes(bytes(data))


def test_a_directory_that_understates_a_size_is_not_trusted(tmp_path):
    path = _docx(tmp_path / "liar.docx")
    _lie_about_size(path, "word/document.xml", 40)
    _refused(path, "word/document.xml")


def test_not_a_word_document_and_missing_parts(tmp_path):
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "nothing here")
    _refused(path, "not a Word document")
    other = _docx(tmp_path / "nobody.docx", f"<w:document xmlns:w='{W_NS}'/>".encode())
    _refused(other, "no document body")


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "coprod"), *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case", ["malformed", "doctype"])
def test_the_command_line_gives_one_line_for_ingest_and_deidentify(tmp_path, case):
    doc = _body(SPEECH)[:-30] if case == "malformed" else _body(SPEECH, prolog="<!DOCTYPE d>")
    path = _docx(tmp_path / f"{case}.docx", doc)
    before = _sha(path)
    for proc in (
        _cli("ingest", path),
        _cli("deidentify", "--key", tmp_path / "k.json", "--out", tmp_path / "out", path),
    ):
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert proc.returncode != 0 and len(lines) == 1, proc.stderr
        assert "Traceback" not in proc.stderr and f"{case}.docx" in lines[0] and " — " in lines[0]
        assert SECRET not in proc.stderr + proc.stdout
    assert _sha(path) == before and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "header",
    [
        ("Speaker", "Time", "Speech"),
        ("Name", "Timestamp", "Text"),
        ("SPEAKER", "TEXT"),
        ("Who", "What was said"),
    ],
)
def test_a_transcript_tables_header_row_is_skipped(tmp_path, header):
    import docx

    doc = docx.Document()
    body = [
        ("Interviewer", "00:01", "How did it start?"),
        ("Participant", "00:05", "With a community panel."),
    ]
    rows = [header] + [r if len(header) == 3 else (r[0], r[2]) for r in body]
    table = doc.add_table(rows=len(rows), cols=len(header))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    doc.save(tmp_path / "h.docx")
    t = read_transcript(tmp_path / "h.docx")
    assert [(u.speaker, u.text) for u in t.turns] == [
        ("Interviewer", "How did it start?"),
        ("Participant", "With a community panel."),
    ]
    assert t.report["table header rows skipped"] == 1 and t.metadata == {}


def test_the_run_summary_counts_removed_characters(tmp_path):
    from coprod.ingest import ingest_file, summarise

    path = _docx(tmp_path / "nul.docx", _body(["Interviewer: Why\x00 now?", "Participant: Be\x01cause."]))
    ingest_file(path, tmp_path / "t.json", ["interviewer"])
    assert "control characters removed (not allowed in XML): 2" in summarise([tmp_path / "t.json"])
