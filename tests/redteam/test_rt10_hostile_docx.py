"""Issue 25, class 10: hostile .docx files (malformed XML, Strict Open XML namespaces, NUL
characters, a zip bomb, an external entity). Each: one line naming the file, no traceback, exit
non-zero (or, for Strict, the document read correctly), nothing partial written. And a
`speaker | time | speech` table with a header row is read as turns."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from rt_common import assert_one_line_error, coprod, docx_bytes, ingest, roles, sha_tree

pytestmark = pytest.mark.redteam

W_MAIN = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MARKER = "forum is going well"


def _base() -> bytes:
    return docx_bytes(
        paragraphs=["Interviewer: How are things?", f"P01: Fine thanks, the {MARKER} this year."]
    )


def _rewrite(data: bytes, edit: dict, stream_member: tuple | None = None) -> bytes:
    """Copy a docx replacing members: edit[name] = callable(bytes) -> bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if stream_member and info.filename == stream_member[0]:
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with out.open(member, "w", force_zip64=True) as fh:
                    for chunk in stream_member[1]():
                        fh.write(chunk)
                continue
            content = src.read(info)
            if info.filename in edit:
                content = edit[info.filename](content)
            out.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _refused(tmp_path: Path, data: bytes, planted=()):
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "hostile.docx"
    path.write_bytes(data)
    before = sha_tree(raw)
    proc = coprod("ingest", path, cwd=tmp_path, timeout=120)
    assert_one_line_error(proc, planted)
    assert "hostile.docx" in proc.stderr, f"error line does not name the file: {proc.stderr!r}"
    out, key = tmp_path / "out", tmp_path / "key.json"
    proc = coprod("deidentify", "--key", key, "--out", out, path, cwd=tmp_path, timeout=120)
    assert_one_line_error(proc, planted)
    assert "hostile.docx" in proc.stderr
    assert not out.exists() or not any(out.iterdir()), "partial output written"
    assert not key.exists() or not json.loads(key.read_text() or "{}").get("entries"), (
        "key written on failure"
    )
    assert sha_tree(raw) == before, "raw input modified"
    return proc


@pytest.mark.redteam
def test_control_base_docx_reads(tmp_path):
    path = tmp_path / "base.docx"
    path.write_bytes(_base())
    doc = ingest(tmp_path, path)
    assert [t["speaker"] for t in doc["turns"]] == ["Interviewer", "P01"]


@pytest.mark.redteam
def test_malformed_document_xml(tmp_path):
    data = _rewrite(_base(), {"word/document.xml": lambda b: b[: len(b) // 2]})
    _refused(tmp_path, data)


@pytest.mark.redteam
def test_nul_characters_in_text(tmp_path):
    """NULs are not XML: either the file is refused in one line, or it is read with the NULs
    dropped and every word kept (the issue asks for them to be handled, either way)."""
    data = _rewrite(
        _base(), {"word/document.xml": lambda b: b.replace(b"Fine thanks", b"Fine\x00\x00 thanks")}
    )
    path = tmp_path / "raw" / "hostile.docx"
    path.parent.mkdir()
    path.write_bytes(data)
    proc = coprod("ingest", path, cwd=tmp_path, timeout=120)
    if proc.returncode != 0:
        (tmp_path / "raw" / "hostile.docx").unlink()
        path.parent.rmdir()
        _refused(tmp_path, data)
        return
    doc = ingest(tmp_path, path)
    texts = [t["text"] for t in doc["turns"]]
    assert texts == ["How are things?", f"Fine thanks, the {MARKER} this year."], texts
    assert not any("\x00" in t for t in texts)


@pytest.mark.redteam
def test_zip_bomb_member(tmp_path):
    size_mb = 200

    def chunks():
        head = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="' + W_MAIN + b'"><w:body><w:p><w:r><w:t>P01: '
        )
        yield head
        block = b"a" * (1 << 20)
        for _ in range(size_mb):
            yield block
        yield b"</w:t></w:r></w:p></w:body></w:document>"

    data = _rewrite(_base(), {}, stream_member=("word/document.xml", chunks))
    assert len(data) < 4 * (1 << 20), "keep the bomb small on disk"
    _refused(tmp_path, data)


def _xxe_docx(tmp_path: Path) -> bytes:
    secret = tmp_path / "secret.txt"
    secret.write_text("Oonagh Pettifer-Strang lives at the mill house", encoding="utf-8")

    def xxe(b: bytes) -> bytes:
        b = b.replace(
            b"<w:document",
            b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://' + str(secret).encode() + b'">]><w:document',
            1,
        )
        return b.replace(b"Fine thanks", b"Fine thanks &xxe;")

    data = _rewrite(_base(), {"word/document.xml": xxe})
    assert b"<!DOCTYPE" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return data


SECRET = ["Oonagh", "Pettifer", "mill house"]


@pytest.mark.redteam
def test_external_entity_is_refused(tmp_path):
    _refused(tmp_path, _xxe_docx(tmp_path), planted=SECRET)


@pytest.mark.redteam
def test_external_entity_is_never_resolved(tmp_path):
    data = _xxe_docx(tmp_path)
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "hostile.docx"
    path.write_bytes(data)
    seen = []
    for args in (
        ("ingest", path),
        ("deidentify", "--key", tmp_path / "key.json", "--out", tmp_path / "out", path),
    ):
        proc = coprod(*args, cwd=tmp_path)
        seen += [proc.stdout, proc.stderr]
    out = tmp_path / "out"
    if out.exists():
        seen += [p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()]
    blob = "\n".join(seen).casefold()
    for value in SECRET:
        assert value.casefold() not in blob, "external entity resolved: a local file's content was read"


@pytest.mark.redteam
def test_strict_open_xml_namespaces(tmp_path):
    strict = {
        W_MAIN: b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
        ),
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
    }

    def to_strict(b: bytes) -> bytes:
        for old, new in strict.items():
            b = b.replace(old, new)
        return b

    base = _base()
    names = zipfile.ZipFile(io.BytesIO(base)).namelist()
    data = _rewrite(base, {n: to_strict for n in names if n.endswith((".xml", ".rels"))})
    assert b"purl.oclc.org" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "strict.docx"
    path.write_bytes(data)
    before = sha_tree(raw)
    proc = coprod("ingest", path, cwd=tmp_path)
    assert sha_tree(raw) == before
    assert "Traceback" not in proc.stderr
    if proc.returncode != 0:
        assert_one_line_error(proc)
        assert "strict.docx" in proc.stderr
        return
    doc = json.loads(proc.stdout)
    doc = doc[0] if isinstance(doc, list) else doc
    assert [t["speaker"] for t in doc["turns"]] == ["Interviewer", "P01"], doc["turns"]
    assert MARKER in doc["turns"][1]["text"]


@pytest.mark.redteam
def test_speaker_time_speech_table_with_header_row(tmp_path):
    rows = [
        ["Speaker", "Time", "Speech"],
        ["Interviewer", "00:00:01", "How did the locality group begin?"],
        ["P01", "00:00:06", "With a handful of carers and a borrowed room."],
        ["Interviewer", "00:00:12", "And now?"],
        ["P01", "00:00:15", "Now it sets the budget priorities every spring."],
    ]
    path = tmp_path / "table.docx"
    path.write_bytes(docx_bytes(table_rows=rows))
    doc = ingest(tmp_path, path)
    assert [t["speaker"] for t in doc["turns"]] == ["Interviewer", "P01", "Interviewer", "P01"], doc["turns"]
    assert [t["text"] for t in doc["turns"]] == [r[2] for r in rows[1:]]
    assert roles(doc) == {"Interviewer": {"interviewer"}, "P01": {"participant"}}
