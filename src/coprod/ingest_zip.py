"""Reading zip-based transcripts (.docx, .xlsx) without trusting them.

A .docx or .xlsx is a zip of XML parts. Each part is checked against limits from the zip's
directory before it is read (declared size and compression ratio), then read as a stream that
stops at the limit whatever the directory claims; XML is parsed with no DTD, no entities and no
network; a DOCTYPE is refused outright. Every failure is one InputError naming the file and
the fix. Word's Strict Open XML is read by mapping its namespaces onto the transitional ones.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from .errors import InputError

# Limits for one XML part (document.xml, sharedStrings.xml, a worksheet). A long interview's
# document.xml is a few MB; a part beyond these is refused before it is unpacked.
MAX_PART_BYTES = 64 * 2**20
MAX_RATIO = 100  # unpacked / packed size, checked for parts unpacking to more than RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_MEMBERS = 10_000
CHUNK = 2**20

STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/spreadsheetml/main": (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
}
# Characters XML 1.0 forbids (C0 controls other than tab, LF, CR), raw or as references.
_BAD_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_REFS_RE = re.compile(rb"&#(?:x0*(?:[0-8bcef]|1[0-9a-f])|0*(?:[0-8]|1[1-24-9]|2[0-9]|3[01]));", re.I)
_DOCTYPE_RE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def _resave(kind: str) -> str:
    app = "Word" if kind == ".docx" else "Excel"
    return f"open it in {app} and save it again as {kind}"


def open_zip(path: str | Path, kind: str) -> zipfile.ZipFile:
    """The file as a zip whose directory is within the limits, or one InputError."""
    try:
        zf = zipfile.ZipFile(path)
        members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(path, f"not a readable {kind} ({type(exc).__name__})", _resave(kind)) from None
    if len(members) > MAX_MEMBERS:
        zf.close()
        raise InputError(path, f"holds {len(members)} parts (limit {MAX_MEMBERS})", _resave(kind))
    return zf


UNPACK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


def _too_big(unpacked: int, packed: int) -> bool:
    return unpacked > MAX_PART_BYTES or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * packed)


def read_part(zf: zipfile.ZipFile, name: str, path: str | Path, kind: str) -> bytes | None:
    """The bytes of one part (None if there is no such part), read as a stream that stops at
    MAX_PART_BYTES or at MAX_RATIO times the packed size, whatever the directory declares."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise InputError(path, "is encrypted (password-protected)", "remove the password and save it again")
    limit_msg = (
        f"part {name} unpacks to more than {MAX_PART_BYTES // 2**20} MB or more than {MAX_RATIO} "
        "times its packed size (a zip bomb, or not a transcript)"
    )
    packed = max(info.compress_size, 1)
    if _too_big(info.file_size, packed):
        raise InputError(path, limit_msg, f"{_resave(kind)}, or remove it from the corpus")
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                out += chunk
                if _too_big(len(out), packed):
                    raise InputError(path, limit_msg, f"{_resave(kind)}, or remove it from the corpus")
    except UNPACK_ERRORS as exc:
        raise InputError(
            path, f"part {name} cannot be unpacked ({type(exc).__name__})", _resave(kind)
        ) from None
    return bytes(out)


def parse_part(raw: bytes, name: str, path: str | Path, kind: str, report: dict):
    """An XML part as an lxml element: no DTD, no entities, no network; Strict Open XML
    namespaces mapped to the transitional ones; characters XML forbids (NUL and other control
    characters) removed and counted in `report`."""
    from lxml import etree

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 part: as UTF-8 for the byte checks
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, f"part {name} is not valid UTF-16", _resave(kind)) from None
        text = re.sub(r"^(<\?xml[^>]*?encoding=)([\"'])[^\"']*\2", r"\1\2UTF-8\2", text)
        raw = text.encode("utf-8")
    if _DOCTYPE_RE.search(raw):
        raise InputError(
            path,
            f"part {name} declares a DOCTYPE or entities (not something Word or Excel writes)",
            _resave(kind),
        )
    raw, n_bytes = _BAD_BYTES_RE.subn(b"", raw)
    raw, n_refs = _BAD_REFS_RE.subn(b"", raw)
    if n_bytes + n_refs:
        key = "control characters removed (not allowed in XML)"
        report[key] = report.get(key, 0) + n_bytes + n_refs
    for strict, transitional in STRICT_NAMESPACES.items():
        if strict in raw:
            raw = raw.replace(strict, transitional)
            report["read as Strict Open XML"] = 1
    parser = etree.XMLParser(
        remove_blank_text=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise InputError(path, f"part {name} is not well-formed XML{where}", _resave(kind)) from None


REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def main_part(zf: zipfile.ZipFile, path: str | Path, kind: str, default: str, suffix: str) -> str:
    """The package's main part as its root relationships name it (type ending in `suffix`),
    else `default`."""
    raw = read_part(zf, "_rels/.rels", path, kind)
    if raw is not None:
        rels = parse_part(raw, "_rels/.rels", path, kind, {})
        for rel in rels.iter(f"{REL_NS}Relationship"):
            if (rel.get("Type") or "").endswith(suffix) and rel.get("Target"):
                return rel.get("Target").lstrip("/")
    return default
