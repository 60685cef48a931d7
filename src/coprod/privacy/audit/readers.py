"""Every shareable format turned into units of text, so nothing a reader (or a program) could
get out of a file goes unread: text files line by line; JSON value by value; HTML/SVG/XML
text, attributes, comments and decoded `data:` URIs; every member of a zip (DOCX, .qdpx, …);
PDF pages, metadata, outlines, annotations, form fields and embedded files; gzip members; a
figure's strings from its `.strings.txt` sidecar. A file it cannot read raises `Unreadable`:
a failure, never a pass.

The reviewer archive reads its members with the same functions.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {
    ".txt", ".tsv", ".csv", ".json", ".yml", ".yaml", ".md", ".qmd", ".typ", ".bib", ".lua",
    ".rst", ".log", ".py", ".smk", ".css", ".js", ".tex", ".csl", ".cfg", ".toml", ".ini", "",
}  # fmt: skip
MARKUP_SUFFIXES = {".html", ".htm", ".svg", ".xml", ".qdc", ".qde", ".rels", ".xhtml"}
ZIP_SUFFIXES = {".docx", ".qdpx", ".zip", ".xlsx", ".pptx", ".odt", ".ods"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TAG_RE = re.compile(r"<[^>]*>")
DATA_URI_RE = re.compile(r"data:([\w/+.-]+)((?:;[\w=.-]+)*?)(;base64)?,([A-Za-z0-9+/=%\s._~-]*)")


class Unreadable(Exception):
    """A file (or member) whose text the audit cannot see: a failure, never a pass."""


@dataclass
class Unit:
    where: str  # "line 12", "member word/document.xml", "page 3", "metadata /Author", "file name"
    text: str


ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|%([0-9a-fA-F]{2})")


def _unescape(text: str) -> str:
    """JSON/JavaScript `\\u004d`, `\\x4d` and URL `%4D` escapes decoded (a name can hide in them)."""

    def sub(m: re.Match) -> str:
        code = m.group(1) or m.group(2) or m.group(3)
        return chr(int(code, 16))

    text = ESCAPE_RE.sub(sub, text)
    try:
        from urllib.parse import unquote

        return unquote(text)
    except ValueError:
        return text


def _lines(text: str, label: str = "line") -> list[Unit]:
    """One unit per line, plus the whole text (a name wrapped across lines) and, where the text
    has escapes, the whole text with them decoded."""
    lines = text.split("\n")
    units = [Unit(f"{label} {i}", line) for i, line in enumerate(lines, start=1) if line.strip()]
    if len(lines) > 1:
        units.append(Unit("text across lines", text))
    if ESCAPE_RE.search(text):
        units.append(Unit("text with escapes decoded", _unescape(text)))
    return units


# Typeface declarations in the formats the renderers write: a DOCX font table and theme list
# dozens of fonts named like people ("Latha", "Kartika", "Mangal", "Times New Roman" for a
# participant called Roman), and CSS names font families. They come from the renderers'
# templates, never from the data, and no allow-list entry could release them without also
# releasing that name in the text.
FONT_DECLARATIONS = [
    (re.compile(r'(<w:font\b[^>]*?\bw:name=")[^"]*"'), r'\1"'),
    (re.compile(r'(<w:altName\b[^>]*?\bw:val=")[^"]*"'), r'\1"'),
    (re.compile(r'(\btypeface=")[^"]*"'), r'\1"'),
    (re.compile(r"<w:rFonts\b[^>]*>"), "<w:rFonts/>"),
    # up to the end of the declaration, never across a comment ("/* … */" is read as text)
    (re.compile(r"(font-family\s*:)(?:(?!/\*)[^;}<\n])*"), r"\1"),
]


def _without_font_names(text: str) -> str:
    for rx, repl in FONT_DECLARATIONS:
        text = rx.sub(repl, text)
    return text


# Where one block of text ends (DOCX paragraph, cell, row, break, tab; HTML/SVG blocks).
BLOCK_END_RE = re.compile(
    r"</(?:w:p|w:tc|w:tr|a:p|p|div|td|th|tr|li|dt|dd|h[1-6]|table|caption|figcaption|section|article|"
    r"blockquote|pre|title|text|tspan|desc)\s*>|<(?:w:br|w:cr|w:tab|br)\b[^>]*>",
    re.I,
)


COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
# A style sheet's selectors and properties are markup vocabulary ("li > ol" is no surname Li);
# only its comments, quoted strings and url()s can carry text.
STYLE_RE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.S | re.I)
CSS_STRING_RE = re.compile(r"""/\*.*?\*/|<!--.*?-->|"[^"]*"|'[^']*'|url\([^)]*\)""", re.S)
# A script is code and text, not markup: read whole, before tags are taken out (a "<" in
# `a<b` would otherwise swallow everything up to the next ">").
SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)


def _style_strings(m: re.Match) -> str:
    return m.group(1) + " ".join(CSS_STRING_RE.findall(m.group(2))) + m.group(3)


ATTR_VALUE_RE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _tag_values(text: str) -> str:
    """The markup source as the audit reads it: text, comments and every attribute value
    (alt, title, href, data-*), but not tag or attribute names — an HTML `<li>` is not the
    surname Li."""
    text = COMMENT_RE.sub(lambda m: f" {m.group(1)} ", text)
    return TAG_RE.sub(
        lambda m: " " + " ".join(a or b or c for a, b, c in ATTR_VALUE_RE.findall(m.group(0))) + " ", text
    )


def _markup(text: str, figures: dict[str, str], where: str = "") -> list[Unit]:
    """HTML/SVG/XML: decoded data URIs, the source with entities decoded (attributes such as
    alt/title), and the text with tags removed (joined, and spaced). Typeface declarations
    are not text (FONT_DECLARATIONS)."""
    units: list[Unit] = []
    text = STYLE_RE.sub(_style_strings, _without_font_names(text))
    for k, m in enumerate(DATA_URI_RE.finditer(text), start=1):
        units += _data_uri(m, figures, f"{where}data URI {k}")
    text = DATA_URI_RE.sub(" ", text)
    for k, m in enumerate(SCRIPT_RE.finditer(text), start=1):
        units += [Unit(f"{where}script {k} {u.where}", u.text) for u in _lines(m.group(1))]
    unescaped = html.unescape(_tag_values(text))
    units.append(Unit(f"{where}source", unescaped))
    if ESCAPE_RE.search(unescaped):
        units.append(Unit(f"{where}source with escapes decoded", _unescape(unescaped)))
    # runs of one paragraph joined ("Drys" + "dale" in two runs is a name), but paragraphs,
    # table cells and line breaks kept apart: cells "prevalence" | "1" | "residents" joined
    # into "prevalence1residents" read as a handle with "vale" inside it
    blocks = BLOCK_END_RE.sub("\n", text)
    units.append(Unit(f"{where}text", html.unescape(TAG_RE.sub("", blocks))))
    units.append(Unit(f"{where}text (tags as spaces)", html.unescape(TAG_RE.sub(" ", text))))
    return units


def _data_uri(m: re.Match, figures: dict[str, str], where: str) -> list[Unit]:
    mime, is_b64, payload = m.group(1).lower(), m.group(3), m.group(4)
    try:
        data = base64.b64decode(re.sub(r"\s+", "", payload)) if is_b64 else payload.encode()
    except (binascii.Error, ValueError):
        raise Unreadable(f"{where}: undecodable base64") from None
    if mime.startswith("font/") or "font" in mime:
        return []  # embedded fonts (pandoc's self-contained HTML): glyphs, not text
    return [Unit(f"{where} ({mime}) {u.where}", u.text) for u in _by_type(mime_suffix(mime), data, figures)]


def mime_suffix(mime: str) -> str:
    known = {
        "image/png": ".png", "image/svg+xml": ".svg", "text/html": ".html", "text/plain": ".txt",
        "text/css": ".css", "application/json": ".json", "text/javascript": ".js",
        "application/javascript": ".js", "text/xml": ".xml", "application/xml": ".xml",
        "text/csv": ".csv", "application/pdf": ".pdf", "application/zip": ".zip",
    }  # fmt: skip
    if mime in known:
        return known[mime]
    if mime.startswith("text/"):
        return ".txt"
    return "." + mime.replace("/", "-")


def _by_type(suffix: str, data: bytes, figures: dict[str, str]) -> list[Unit]:
    suffix = suffix.lower()
    if suffix == ".png":
        digest = hashlib.sha256(data).hexdigest()
        if digest not in figures:
            what = "a PNG" if data.startswith(PNG_MAGIC) else "not a PNG at all"
            raise Unreadable(f"{what} with no strings sidecar (only the pipeline's figures can be audited)")
        return []  # its strings are audited in the sidecar
    if suffix in MARKUP_SUFFIXES:
        return _markup(_decode(data), figures)
    if suffix in ZIP_SUFFIXES:
        return _zip(data, figures)
    if suffix == ".pdf":
        return _pdf(data, figures)
    if suffix == ".gz":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise Unreadable(f"broken gzip ({exc})") from None
        return _by_type(".txt" if inner.isascii() else ".bin", inner, figures)
    if suffix == ".csl":  # a citation style: its <info> (the style's authors) and locale terms
        # (month names: "May") are the style's own vocabulary, not study data
        text = CSL_TEMPLATE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), _decode(data))
        return _lines(text)
    if suffix == ".json":
        return _json(_decode(data))
    if suffix in TEXT_SUFFIXES:
        return _lines(_decode(data))
    # anything else: text if it is text, else a failure
    return _lines(_decode(data))


def _json(text: str) -> list[Unit]:
    """A JSON document value by value: each string (key or value) and each number is its own
    text, never joined with its neighbours — a topic model's vocabulary list holds words side
    by side that no reader takes for one phrase ("…", "wendeline", "quarrington", …). A name
    inside one value is still found, with its escapes decoded. Text that does not parse as
    JSON is read as text, line by line."""
    try:
        doc = json.loads(text)
    except ValueError:
        return _lines(text)
    units: list[Unit] = []
    stack: list[tuple[object, str]] = [(doc, "")]  # in document order
    while stack:
        item, key = stack.pop()
        if key:
            units += _json_value(key, "JSON key")
        if isinstance(item, dict):
            stack += reversed([(v, k) for k, v in item.items()])
        elif isinstance(item, list):
            stack += reversed([(v, "") for v in item])
        elif isinstance(item, str):
            units += _json_value(item, "JSON string")
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            units.append(Unit("JSON number", str(item)))
    return units


def _json_value(value: str, where: str) -> list[Unit]:
    if not value.strip():
        return []
    units = [Unit(where, value)]
    if ESCAPE_RE.search(value):
        units.append(Unit(f"{where} with escapes decoded", _unescape(value)))
    return units


CSL_TEMPLATE_RE = re.compile(r"<info>.*?</info>|<term\b[^>]*?(?:/>|>.*?</term>)|<!--.*?-->", re.S)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable("binary content the audit cannot read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None


def _zip(data: bytes, figures: dict[str, str]) -> list[Unit]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = sorted(zf.namelist())
        units = [Unit("member names", " / ".join(names))]
        for name in names:
            if name.endswith("/"):
                continue
            member = zf.read(name)
            suffix = Path(name).suffix.lower()
            if suffix in (".jpeg", ".jpg", ".gif", ".emf", ".wmf"):
                raise Unreadable(f"member {name}: image the audit cannot read")
            units += [Unit(f"member {name} {u.where}", u.text) for u in _by_type(suffix, member, figures)]
        return units
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError) as exc:
        raise Unreadable(f"unreadable zip ({type(exc).__name__})") from None


# PDF objects whose bytes are not text: glyph programs, pictures and the page content streams
# (read as page text, through the fonts, by extract_text).
PDF_SKIP_STREAM_KEYS = {"/FontFile", "/FontFile2", "/FontFile3", "/Contents", "/CIDSet", "/ToUnicode"}
# Text a PDF can hold outside its pages, by the key it is stored under (for the report).
PDF_PLACES = {
    "/Title": "outline or document title",
    "/Contents": "annotation text",
    "/T": "annotation author or form field name",
    "/TU": "form field label",
    "/V": "form field value",
    "/DV": "form field default value",
    "/Opt": "form field option",
    "/RC": "annotation rich text",
    "/Subj": "annotation subject",
}


def _pdf(data: bytes, figures: dict[str, str] | None = None) -> list[Unit]:
    """Page text, and every string the file holds anywhere else: document information,
    outline (bookmark) titles, annotations, form fields and their values, structure-tree alt
    texts, link targets; XMP and other metadata streams; embedded files, read by their type
    like zip members (a PDF inside a PDF too)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    try:
        reader = PdfReader(io.BytesIO(data))
        units = [
            Unit(f"metadata {k}", str(v))
            for k, v in sorted((reader.metadata or {}).items())
            if isinstance(v, str)
        ]
        pages = _page_texts(data)
        if len(pages) != len(reader.pages):
            raise ValueError("page count")
        units += _pdf_objects(reader, figures or {})
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unreadable(f"unreadable PDF ({type(exc).__name__})") from None
    units += [Unit(f"page {i}", text) for i, text in enumerate(pages, start=1)]
    # a name broken across a page break
    units += [
        Unit(f"pages {i}-{i + 1}", a[-200:] + " " + b[:200])
        for i, (a, b) in enumerate(zip(pages, pages[1:], strict=False), 1)
    ]
    return units


# PDFium marks a hyphen it found at the end of a line with U+FFFE and joins the two lines; the
# hyphen and the break are put back, so the text reads as the page shows it ("Brock-" / "lehurst"
# both joined and kept apart by `normalise.hyphen_joins`, as for every other format).
PDFIUM_LINE_END_HYPHEN = "\ufffe"


def _page_texts(data: bytes) -> list[str]:
    """Each page's text, by PDFium (pypdfium2: compiled, about ten times faster than pypdf's
    content-stream parser in Python, which was most of the audit's time on a changed manuscript;
    the same words on the bundled manuscript). A file PDFium cannot open raises ValueError."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValueError(str(exc)) from None
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            text = text.replace("\r\n", "\n").replace(PDFIUM_LINE_END_HYPHEN, "-\n")
            pages.append(text.replace("\x00", ""))
        return pages
    except pdfium.PdfiumError as exc:
        raise ValueError(str(exc)) from None
    finally:
        doc.close()


def _pdf_objects(reader, figures: dict[str, str]) -> list[Unit]:
    """Walk every object reachable from the document catalogue and the information
    dictionary: each text string (and a form field's value written as a PDF name) is a unit;
    metadata streams are read as XML, embedded files by their type."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

    units: list[Unit] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[object, str]] = [(reader.trailer.raw_get("/Root"), "/Root")]
    if "/Info" in reader.trailer:
        stack.append((reader.trailer.raw_get("/Info"), "/Info"))
    while stack:
        obj, key = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, NameObject):
            if key in ("/V", "/DV", "/Opt"):  # a checkbox or choice value is a name: "/Yes"
                units.append(Unit(f"PDF {PDF_PLACES[key]}", str(obj)[1:]))
        elif isinstance(obj, str):  # text and byte strings (pypdf decodes both to str)
            if str(obj).strip():
                units.append(Unit(f"PDF {PDF_PLACES.get(key, 'string')}", str(obj)))
        elif isinstance(obj, ArrayObject):
            stack += [(item, key) for item in reversed(obj)]
        elif isinstance(obj, DictionaryObject):
            if isinstance(obj, StreamObject) and (
                obj.get("/Type") == "/Metadata" or obj.get("/Subtype") == "/XML" or key == "/Metadata"
            ):
                units += [
                    Unit(f"PDF metadata stream {u.where}", u.text)
                    for u in _markup(_machine_ids(_decode(obj.get_data())), figures)
                ]
            if "/EF" in obj:  # a file specification: its embedded file, read by its name's type
                units += _pdf_embedded(obj, figures)
            for k in sorted(obj, reverse=True):
                if k in PDF_NOT_FOLLOWED or (isinstance(obj, StreamObject) and k in PDF_SKIP_STREAM_KEYS):
                    continue
                # items of a list (kids, annotations, outline entries) keep the key they hang on
                stack.append((obj.raw_get(k), key if k in ("/Kids", "/K", "/Annots", "/Fields") else k))
    return units


# An XMP document/instance id is a random base64 or hex token ("…ZN0HUw==" read as the name Huw):
# a value of 16+ characters with digits and no space, in an *ID element or attribute, is a
# machine id, not text. A name hidden there (letters only, or with spaces) is still read.
XMP_ID_RE = re.compile(
    r"(<(?P<tag>[\w.]+:\w*ID)>)(?P<v>[A-Za-z0-9+/=:_.-]{16,})(</(?P=tag)>)"
    r"|(?P<attr>\b[\w.]+:\w*ID=[\"'])(?P<av>[A-Za-z0-9+/=:_.-]{16,})(?=[\"'])"
)


def _machine_ids(xml: str) -> str:
    def drop(m: re.Match) -> str:
        value = m.group("v") if m.group("v") is not None else m.group("av")
        if not any(c.isdigit() for c in value):
            return m.group(0)  # letters only: could be a word, so it stays to be read
        return m.group(1) + m.group(4) if m.group("v") is not None else m.group("attr")

    return XMP_ID_RE.sub(drop, xml)


# Back-links and page destinations (reached from the catalogue anyway), and embedded files
# (read whole, by `_pdf_embedded`).
PDF_NOT_FOLLOWED = {"/Parent", "/P", "/Prev", "/Last", "/Dest", "/D", "/EF"}


def _pdf_embedded(spec, figures: dict[str, str]) -> list[Unit]:
    """An embedded file (`/EF` of a file specification), read by the type its name says, as a
    zip member is; a PNG with no strings sidecar is unreadable, as anywhere."""
    name = str(spec.get("/UF") or spec.get("/F") or "")
    units = [Unit("PDF embedded file name", name)]  # reported by its type, not its name
    for k in sorted(spec["/EF"]):
        data = spec["/EF"][k].get_object().get_data()
        try:
            inner = _by_type(Path(name).suffix, data, figures)
        except Unreadable as exc:
            raise Unreadable(f"embedded {Path(name).suffix or 'file'}: {exc}") from None
        units += [Unit(f"PDF embedded {Path(name).suffix or 'file'} {u.where}", u.text) for u in inner]
    return units


def extract(path: Path, figures: dict[str, str]) -> list[Unit]:
    """Every piece of text a reader (or a program) could get out of `path`."""
    return _by_type(path.suffix, path.read_bytes(), figures)


def figure_hashes(files: list[Path]) -> dict[str, str]:
    """sha256 of each figure PNG that has a strings sidecar (`<name>.png.strings.txt`)."""
    out = {}
    for f in files:
        if f.suffix.lower() == ".png" and f.with_name(f.name + ".strings.txt").exists():
            out[hashlib.sha256(f.read_bytes()).hexdigest()] = str(f.with_name(f.name + ".strings.txt"))
    return out
