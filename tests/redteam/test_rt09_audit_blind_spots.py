"""Issue 25, class 9: audit blind spots. A registered name only in a CSS comment inside
<style>, an HTML comment, a <script>; in a PDF's outline titles, an annotation's /Contents, an
embedded file, XMP metadata, a form-field value; a symlink under the scanned folder pointing at
raw transcripts. Each must make `coprod audit` fail (non-zero exit, no traceback, no name
echoed). Controls: the same files without the name pass."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rt_common import coprod, deidentify, sha_tree, write_register

pytestmark = pytest.mark.redteam

NAME = "Isla Dunnachie"


def _setup(tmp_path: Path):
    reg = write_register(tmp_path / "register.yaml", people=[NAME])
    text = "Interviewer: Hello.\nP01: Isla Dunnachie chaired the forum for a year.\n"
    deidentify(tmp_path, {"plain.txt": text}, register=reg)
    pub = tmp_path / "pub"
    pub.mkdir()
    return reg, pub


def _audit(tmp_path: Path, reg: Path, pub: Path):
    before = sha_tree(pub)
    proc = coprod(
        "audit",
        "--key",
        tmp_path / "key.json",
        "--register",
        reg,
        "--report",
        tmp_path / "audit.tsv",
        pub,
        cwd=tmp_path,
    )
    assert sha_tree(pub) == before, "audit modified the scanned folder"
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-2000:]
    for value in ("Isla", "Dunnachie"):
        assert value.casefold() not in proc.stderr.casefold(), "audit summary echoes the name"
        assert value.casefold() not in proc.stdout.casefold(), "audit summary echoes the name"
    return proc


HTML = {
    "css-comment": "<html><head><style>/* layout by {v} */ body {{ margin: 0 }}</style></head>"
    "<body><p>Findings.</p></body></html>",
    "html-comment": "<html><body><!-- reviewed by {v} --><p>Findings.</p></body></html>",
    "script": '<html><body><p>Findings.</p><script>var reviewer = "{v}";</script></body></html>',
    "script-json": '<html><body><script type="application/json">{{"owner": "{v}"}}</script><p>Findings.</p>'
    "</body></html>",
}


@pytest.mark.redteam
def test_control_html_without_name_passes(tmp_path):
    reg, pub = _setup(tmp_path)
    for kind, template in HTML.items():
        (pub / f"{kind}.html").write_text(template.format(v="the editorial team"), encoding="utf-8")
    proc = _audit(tmp_path, reg, pub)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.redteam
@pytest.mark.parametrize("kind", sorted(HTML))
def test_name_hidden_in_html_non_text(tmp_path, kind):
    reg, pub = _setup(tmp_path)
    (pub / "page.html").write_text(HTML[kind].format(v=NAME), encoding="utf-8")
    proc = _audit(tmp_path, reg, pub)
    assert proc.returncode != 0, f"audit passed a name hidden in {kind}"


def _pdf(kind: str | None, value: str) -> bytes:
    from pypdf import PdfWriter
    from pypdf.annotations import Text
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    if kind == "outline":
        writer.add_outline_item(f"Notes from {value}", 0)
    elif kind == "annotation":
        writer.add_annotation(
            page_number=0, annotation=Text(rect=(20, 20, 60, 60), text=f"Ask {value} about this")
        )
    elif kind == "attachment":
        writer.add_attachment("notes.txt", f"Interview notes: {value} chaired the forum.\n".encode())
    elif kind == "xmp":
        xmp = (
            '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator><rdf:Seq><rdf:li>{value}</rdf:li></rdf:Seq></dc:creator>"
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()
        stream = StreamObject()
        stream.set_data(xmp)
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    elif kind == "form-field":
        page = writer.pages[0]
        field = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("contact"),
                NameObject("/V"): TextStringObject(value),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(20), FloatObject(20), FloatObject(200), FloatObject(40)]
                ),
                NameObject("/F"): NumberObject(4),
            }
        )
        ref = writer._add_object(field)
        page[NameObject("/Annots")] = ArrayObject([ref])
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([ref])}
        )
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _planted_value(data: bytes, kind: str) -> str:
    """Read the planted value back with pypdf (proves the case holds what it claims)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if kind == "outline":
        return reader.outline[0].title
    if kind == "annotation":
        return str(reader.pages[0]["/Annots"][0].get_object()["/Contents"])
    if kind == "attachment":
        return b"".join(b for v in reader.attachments.values() for b in v).decode()
    if kind == "xmp":
        return reader.xmp_metadata.stream.get_data().decode()
    if kind == "form-field":
        return str(reader.get_fields()["contact"]["/V"])
    raise AssertionError(kind)


PDF_KINDS = ["annotation", "attachment", "form-field", "outline", "xmp"]


@pytest.mark.redteam
@pytest.mark.parametrize("kind", PDF_KINDS)
def test_control_pdf_without_name_passes(tmp_path, kind):
    reg, pub = _setup(tmp_path)
    (pub / "report.pdf").write_bytes(_pdf(kind, "the editorial team"))
    proc = _audit(tmp_path, reg, pub)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.redteam
@pytest.mark.parametrize("kind", PDF_KINDS)
def test_name_hidden_in_pdf_structure(tmp_path, kind):
    reg, pub = _setup(tmp_path)
    data = _pdf(kind, NAME)
    assert NAME in _planted_value(data, kind), "the test failed to plant the name"
    (pub / "report.pdf").write_bytes(data)
    proc = _audit(tmp_path, reg, pub)
    assert proc.returncode != 0, f"audit passed a PDF with the name in its {kind}"


@pytest.mark.redteam
def test_symlink_to_raw_transcripts(tmp_path):
    reg, pub = _setup(tmp_path)
    (pub / "summary.txt").write_text("Nothing identifying here.\n", encoding="utf-8")
    (pub / "sources").symlink_to(tmp_path / "raw", target_is_directory=True)
    proc = _audit(tmp_path, reg, pub)
    assert proc.returncode != 0, "audit passed a folder whose symlink points at raw transcripts"


@pytest.mark.redteam
def test_symlinked_file_to_raw_transcript(tmp_path):
    reg, pub = _setup(tmp_path)
    (pub / "summary.txt").write_text("Nothing identifying here.\n", encoding="utf-8")
    (pub / "t001_copy.txt").symlink_to(tmp_path / "raw" / "plain.txt")
    proc = _audit(tmp_path, reg, pub)
    assert proc.returncode != 0, "audit passed a symlinked raw transcript"
