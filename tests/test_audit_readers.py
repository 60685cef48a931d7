"""The audit reads every text-bearing part of a shareable file: a name hidden where no page
shows it (a PDF bookmark, annotation, form field, XMP packet or embedded file; an HTML or CSS
comment, a script) is found, and a file the audit cannot read fails."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from pypdf import PdfWriter
from pypdf.annotations import FreeText, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from coprod.errors import LeakError
from coprod.privacy.audit import Index, Unreadable, Value, audit_tree, extract, scan_bytes
from coprod.privacy.deidentify import PseudonymKey

# synthetic names of this test's own
NAME = "Wendeline Quarrington"
INDEX = Index([Value(NAME, "[Person 1]", "key"), Value("Quarrington", "[Person 1]", "key")])


def found(path) -> list[str]:
    """The places in `path` where the planted name was found."""
    return [u.where for u in extract(path, {}) for _ in INDEX.scan(u.text)]


def _writer() -> PdfWriter:
    w = PdfWriter()
    w.add_blank_page(200, 200)
    return w


def _save(w: PdfWriter, path) -> None:
    with open(path, "wb") as fh:
        w.write(fh)


def test_a_clean_pdf_has_no_hit_and_page_text_is_still_read(tmp_path):
    w = _writer()
    w.add_metadata({"/Title": "Interview study"})
    _save(w, tmp_path / "clean.pdf")
    assert found(tmp_path / "clean.pdf") == []


def test_a_name_in_a_pdf_bookmark_title_is_found(tmp_path):
    w = _writer()
    parent = w.add_outline_item(title="Findings", page_number=0)
    w.add_outline_item(title=f"Notes on {NAME}", page_number=0, parent=parent)
    _save(w, tmp_path / "outline.pdf")
    assert "PDF outline or document title" in found(tmp_path / "outline.pdf")


@pytest.mark.parametrize(
    "annotation, where",
    [
        (Text(text=f"call {NAME}", rect=(10, 10, 50, 50)), "PDF annotation text"),
        (FreeText(text="see page", rect=(10, 10, 90, 50)), "PDF annotation author or form field name"),
    ],
)
def test_a_name_in_a_pdf_annotation_text_or_author_is_found(tmp_path, annotation, where):
    w = _writer()
    annotation[NameObject("/T")] = TextStringObject("Quarrington")  # the author field
    w.add_annotation(0, annotation)
    _save(w, tmp_path / "annot.pdf")
    assert where in found(tmp_path / "annot.pdf")


def test_a_name_in_an_embedded_file_is_found_by_the_files_type(tmp_path):
    w = _writer()
    w.add_attachment("notes.txt", f"raw notes\nwith {NAME}\n".encode())
    _save(w, tmp_path / "attach.pdf")
    assert "PDF embedded .txt line 2" in found(tmp_path / "attach.pdf")
    # an embedded file inside an embedded PDF: read recursively
    inner = io.BytesIO()
    wi = _writer()
    wi.add_attachment("deeper.csv", f"id,name\n1,{NAME}\n".encode())
    wi.write(inner)
    w2 = _writer()
    w2.add_attachment("appendix.pdf", inner.getvalue())
    _save(w2, tmp_path / "nested.pdf")
    assert any(x.startswith("PDF embedded .pdf PDF embedded .csv") for x in found(tmp_path / "nested.pdf"))


def test_an_embedded_picture_the_audit_cannot_read_is_a_failure(tmp_path):
    w = _writer()
    w.add_attachment("photo.png", b"\x89PNG\r\n\x1a\nnot a pipeline figure")
    _save(w, tmp_path / "pic.pdf")
    with pytest.raises(Unreadable, match="embedded .png"):
        extract(tmp_path / "pic.pdf", {})


def test_a_name_in_xmp_metadata_is_found(tmp_path):
    w = _writer()
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>'
        f"<dc:creator>{NAME}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    stream = DecodedStreamObject()
    stream.set_data(xmp.encode())
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    w._root_object[NameObject("/Metadata")] = w._add_object(stream)
    _save(w, tmp_path / "xmp.pdf")
    assert "PDF metadata stream text" in found(tmp_path / "xmp.pdf")


@pytest.mark.parametrize("as_name", [False, True])
def test_a_name_in_a_form_field_value_is_found(tmp_path, as_name):
    w = _writer()
    value = NameObject("/Quarrington") if as_name else TextStringObject(NAME)
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("respondent"),
            NameObject("/V"): value,
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    ref = w._add_object(field)
    w._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([ref])})
    _save(w, tmp_path / "form.pdf")
    assert "PDF form field value" in found(tmp_path / "form.pdf")


def test_a_planted_pdf_fails_the_audit_of_a_tree(tmp_path):
    key = PseudonymKey()
    key.pseudonym("PERSON", NAME)
    key.save(tmp_path / "key.json")
    results = tmp_path / "results"
    results.mkdir()
    w = _writer()
    w.add_outline_item(title=NAME, page_number=0)
    _save(w, results / "report.pdf")
    with pytest.raises(LeakError, match=r"report.pdf \(PDF outline or document title\)") as exc:
        audit_tree(results, tmp_path / "key.json", None, None, results / "audit.tsv")
    assert "quarrington" not in str(exc.value).lower()


HTML_CASES = {
    "css comment in style": f"<style>p {{ color: red }} /* for {NAME} */</style><p>ok</p>",
    "html comment in style": f"<style><!-- {NAME} --> p {{ margin: 0 }}</style><p>ok</p>",
    "comment after a font family": f"<style>p {{ font-family: Arial /* {NAME} */; }}</style>",
    "inline style comment": f'<p style="font-family: serif /* {NAME} */">ok</p>',
    "html comment": f"<p>ok</p><!-- {NAME} -->",
    "script after a comparison": f"<script>if (a<b) {{ x = 1 }} // {NAME}\n</script><p>ok</p>",
    "svg style comment": f'<svg xmlns="http://www.w3.org/2000/svg"><style>/* {NAME} */</style></svg>',
}


@pytest.mark.parametrize("case", sorted(HTML_CASES))
def test_names_in_markup_comments_styles_and_scripts_are_found(tmp_path, case):
    path = tmp_path / ("x.svg" if case.startswith("svg") else "x.html")
    path.write_text(HTML_CASES[case], encoding="utf-8")
    assert found(path), case


def test_typeface_declarations_are_still_not_text(tmp_path):
    """The deliberate exception (docs/deidentification.md): a font named like a person is no
    person — but only the declaration is skipped, not a comment beside it."""
    path = tmp_path / "x.html"
    path.write_text(
        "<style>body { font-family: 'Quarrington Sans', serif; } li > ol { margin: 0 }</style>"
        '<p style="font-family: Quarrington">ok</p>',
        encoding="utf-8",
    )
    assert found(path) == []


def test_an_archive_member_pdf_is_read_as_deeply(tmp_path):
    w = _writer()
    w.add_attachment("a.txt", NAME.encode())
    buf = io.BytesIO()
    w.write(buf)
    mem = io.BytesIO()
    with zipfile.ZipFile(mem, "w") as zf:
        zf.writestr("results/extra.pdf", buf.getvalue())
    hits = scan_bytes("bundle.zip", mem.getvalue(), INDEX, {})
    assert [h.value.label for h in hits] and all(h.value.label == "[Person 1]" for h in hits)
    assert os.path.basename(hits[0].file) == "bundle.zip"


def test_xmp_machine_ids_are_not_read_as_words_but_names_there_are():
    """Typst writes random base64 document ids into XMP ('…ZN0HUw==' read as the name 'Huw'
    failed a study's audit); a name put in such a field is still read."""
    from coprod.privacy.audit.readers import _machine_ids

    xml = (
        '<rdf:Description xmpMM:DocumentID="uuid:4f1c2a9e-77b0-4c1e-9d2a-0b6e5f3c8a11">'
        "<xmpMM:InstanceID>9JFfmCXvb0NBLdK3ZN0HUw==</xmpMM:InstanceID>"
        "<xmpMM:DocumentID>MoragDrysdale</xmpMM:DocumentID></rdf:Description>"
    )
    out = _machine_ids(xml)
    assert "HUw" not in out and "4f1c2a9e" not in out
    assert "MoragDrysdale" in out


# A JSON file (a topic model's vocabulary, a codebook export) is read value by value: two
# neighbouring entries of a word list are not one text, but a name inside one value is found.
FULL_ONLY = Index([Value(NAME, "[Person 1]", "key")])


def json_hits(tmp_path, text: str) -> list[str]:
    (tmp_path / "x.json").write_text(text, encoding="utf-8")
    return [u.where for u in extract(tmp_path / "x.json", {}) for _ in FULL_ONLY.scan(u.text)]


@pytest.mark.parametrize(
    "text",
    [
        '["harbour", "wendeline", "quarrington", "tide"]',
        '[\n  "harbour",\n  "wendeline",\n  "quarrington"\n]',
        '{"vocabulary": ["wendeline", "quarrington"], "k": 3}',
        '{"wendeline": 1, "quarrington": 2}',
    ],
)
def test_neighbouring_json_values_are_not_read_as_one_name(tmp_path, text):
    assert json_hits(tmp_path, text) == []


@pytest.mark.parametrize(
    "text",
    [
        '["harbour", "wendeline quarrington", "tide"]',
        '{"topics": [{"label": "notes on Wendeline Quarrington"}]}',
        '{"Wendeline Quarrington": 4}',
        '["\\u0057endeline Quarrington"]',
        '["Wendeline%20Quarrington"]',
        '["Wendeline\\nQuarrington"]',
    ],
)
def test_a_name_inside_one_json_value_or_key_is_found(tmp_path, text):
    assert json_hits(tmp_path, text)


def test_a_json_number_is_read_too(tmp_path):
    # a telephone number written as a JSON number is a text of its own, like a string
    (tmp_path / "n.json").write_text('{"contact": 4155550123, "ok": true}', encoding="utf-8")
    assert [u.text for u in extract(tmp_path / "n.json", {})] == ["contact", "4155550123", "ok"]


def test_a_file_named_json_that_is_not_json_is_still_read_as_text(tmp_path):
    assert json_hits(tmp_path, '{"broken": [ "harbour", Wendeline Quarrington')


def test_json_in_a_zip_member_is_read_value_by_value(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("vocab.json", '["wendeline", "quarrington"]')
        zf.writestr("notes.json", '["about Wendeline Quarrington"]')
    (tmp_path / "a.zip").write_bytes(buf.getvalue())
    where = [u.where for u in extract(tmp_path / "a.zip", {}) for _ in FULL_ONLY.scan(u.text)]
    assert where and all("notes.json" in w for w in where)


# A topic model publishes word stems: a stem that equals an identifier but that no published
# text writes as a word, while a longer published word stems to it, is that word's stem.
def _topic_tree(tmp_path, transcript: str):
    from coprod.privacy.audit import audit_files

    root = tmp_path / "results"
    (root / "deidentified").mkdir(parents=True)
    (root / "topics").mkdir()
    (root / "deidentified" / "t1.txt").write_text(transcript, encoding="utf-8")
    vocab = '{"vocab": ["tide", "carrowan"], "display": ["tides", "carrowans"]}'
    (root / "topics" / "corpus.json").write_text(vocab, encoding="utf-8")
    index = Index([Value("Carrowan", "[Place 1]", "key")])
    hits, _ = audit_files(sorted(p for p in root.rglob("*") if p.is_file()), root, index)
    return sorted({p.parent.name for p in (__import__("pathlib").Path(h.file) for h in hits)})


def test_a_stem_of_a_longer_published_word_is_no_identifier(tmp_path):
    assert _topic_tree(tmp_path, "Respondent: the carrowans came with the tides.\n") == []


def test_a_stem_the_published_text_writes_as_a_word_is_still_an_identifier(tmp_path):
    text = "Respondent: the carrowans came, and carrowan too.\n"
    assert _topic_tree(tmp_path, text) == ["deidentified", "topics"]


def test_a_stem_no_published_word_explains_is_still_an_identifier(tmp_path):
    assert _topic_tree(tmp_path, "Respondent: the tides came.\n") == ["topics"]


# A page drawn by hand: Helvetica, and one byte code (0x01) whose ToUnicode entry is the "fi"
# ligature's two letters (as Typst and LaTeX write ligatures).
LIGATURE_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <01> <00660069> endbfchar
1 beginbfrange <20> <7E> <0020> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def _page_with_lines(lines: list[bytes]) -> PdfWriter:
    """A one-page PDF whose page shows `lines` (PDF string bytes), one under the other."""
    w = _writer()
    page = w.pages[0]
    cmap = DecodedStreamObject()
    cmap.set_data(LIGATURE_CMAP)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/ToUnicode"): w._add_object(cmap),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): w._add_object(font)})}
    )
    shown = b" ".join(b"(" + line + b") Tj 0 -14 Td" for line in lines)
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 10 Tf 20 150 Td " + shown + b" ET")
    page[NameObject("/Contents")] = w._add_object(content)
    return w


@pytest.mark.parametrize(
    "lines",
    [
        [b"we spoke with Wendeline", b"Quarrington on Tuesday"],  # across a line break
        [b"we spoke with Wendeline Quar-", b"rington on Tuesday"],  # hyphenated at the line end
    ],
)
def test_a_name_in_page_text_is_found_across_a_line_or_a_line_end_hyphen(tmp_path, lines):
    _save(_page_with_lines(lines), tmp_path / "page.pdf")
    assert "page 1" in found(tmp_path / "page.pdf")
    # the control: the same page without the name has no hit
    _save(_page_with_lines([b"we spoke with the team", b"on Tuesday"]), tmp_path / "clean.pdf")
    assert found(tmp_path / "clean.pdf") == []


def test_a_name_written_with_a_ligature_glyph_is_found_in_page_text(tmp_path):
    # "Wendeline Quarrington" cannot take a ligature: an invented name with "fi" in it
    index = Index([Value("Ottoline Scarfield", "[Person 1]", "key")])
    _save(_page_with_lines([b"a note from Ottoline Scar\x01eld"]), tmp_path / "lig.pdf")
    page = " ".join(u.text for u in extract(tmp_path / "lig.pdf", {}) if u.where == "page 1")
    assert "Scarfield" in page
    assert list(index.scan(page))


def test_a_pdf_whose_pages_cannot_be_read_is_unreadable(tmp_path):
    data = io.BytesIO()
    _writer().write(data)
    broken = data.getvalue().replace(b"/Type /Pages", b"/Type /Pagez")
    with pytest.raises(Unreadable):
        from coprod.privacy.audit.readers import _pdf

        _pdf(broken)


def test_a_double_barrelled_name_broken_at_its_own_hyphen_is_found(tmp_path):
    index = Index([Value("Ottoline Ashby-Quarr", "[Person 1]", "key")])
    _save(_page_with_lines([b"a note from Ottoline Ashby-", b"Quarr on Tuesday"]), tmp_path / "dbl.pdf")
    assert [u.where for u in extract(tmp_path / "dbl.pdf", {}) for _ in index.scan(u.text)]
