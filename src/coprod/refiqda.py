"""REFI-QDA exchange: the de-identified transcripts, codebook and codings as .qdpx/.qdc, and back.

Coders can then check or extend the rule coding in NVivo, ATLAS.ti, MAXQDA, QualCoder etc., and
their hand coding comes back as plain (transcript, start, end, code, coder) rows.

Format (REFI-QDA Project 1.0, namespace urn:QDA-XML:project:1.0): a zip holding `project.qde`
(the XML) and one UTF-8 text file per transcript, `sources/<guid>.txt`, referenced from its
TextSource as plainTextPath="internal://<guid>.txt". The folder is written in lower case as
current exporters (QualCoder, pyrefiqda) do, because zip names are case-sensitive and some
importers reject "Sources/"; both spellings are read.

Positions: startPosition/endPosition count characters, i.e. Unicode code points, from 0 at the
start of the plain text; the end is exclusive, as in QualCoder's exporter, which writes Python
slice bounds. So offsets are exactly Python `str` slicing (`text[start:end]`) and pass through
unchanged: "Mòrag" is 5 characters although "ò" is 2 bytes in UTF-8, and a combining accent
("o" + U+0300) is 2. Text is written and read as bytes, without a BOM and without newline
translation, so "\\r\\n" stays 2 characters on both sides. A tool that counted UTF-16 units
(2 for characters above U+FFFF, such as emoji) would disagree on text after such a character.

Determinism: every GUID is uuid5 of a stable name, every date is SOURCE_DATE_EPOCH, elements are
sorted, zip entries have fixed order, timestamps and permissions — so the same inputs give the
same bytes.

Code names are the codebook's code ids (the join key with results/coding/*.tsv); themes become
non-codable parent codes named by theme id. The code definition is kept as the Description.
"""

from __future__ import annotations

import io
import json
import os
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .config import validate
from .errors import ConfigError, InputError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
DEFAULT_EPOCH = 1643846400  # 2022-02-03T00:00:00Z, used when SOURCE_DATE_EPOCH is unset
SOURCES_DIR = "sources"
# Namespace for uuid5: fixed, so GUIDs depend only on the names they are derived from.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:coprod:refiqda")
# Okabe–Ito as in coprod.figures (not imported: it pulls in matplotlib), with grey for black,
# because QDA tools paint coded text in the code's colour.
THEME_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
CODING_KEYS = ("transcript_id", "start", "end", "code", "coder")


# ---------------------------------------------------------------------------------------------
# Shared helpers


def guid(kind: str, *parts: str | int) -> str:
    """Deterministic GUID for one object; JSON-encoding the parts keeps distinct names distinct."""
    return str(uuid.uuid5(GUID_NAMESPACE, json.dumps([kind, *parts], ensure_ascii=False)))


def source_date_epoch(epoch: int | None = None) -> int:
    """The build timestamp: the argument, else $SOURCE_DATE_EPOCH, else DEFAULT_EPOCH."""
    if epoch is not None:
        return int(epoch)
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return DEFAULT_EPOCH
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(
            "SOURCE_DATE_EPOCH", f"not an integer ({raw!r})", "give seconds since 1970"
        ) from None


def iso_datetime(epoch: int) -> str:
    """xsd:dateTime in UTC with a Z, as REFI-QDA examples write it."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zip_datetime(epoch: int) -> tuple[int, int, int, int, int, int]:
    """Zip entry time from the epoch, clamped to what the zip format can store (1980–2107)."""
    stamp = datetime.fromtimestamp(epoch, UTC)
    stamp = min(max(stamp, datetime(1980, 1, 1, tzinfo=UTC)), datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC))
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _xml_bytes(root: ET.Element) -> bytes:
    """Indented UTF-8 XML with the usual double-quoted declaration."""
    ET.indent(root, space="  ")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    ).encode()


# ---------------------------------------------------------------------------------------------
# Codebook


def _check_codebook(codebook: dict) -> None:
    """Same rules as coding.load_codebook: schema-valid, code ids unique."""
    validate(codebook, "codebook", "codebook")
    seen: set[str] = set()
    for theme in codebook["themes"]:
        for code in theme["codes"]:
            if code["id"] in seen:
                raise ConfigError(
                    "codebook", f"duplicate code id '{code['id']}'", "give every code a unique id"
                )
            seen.add(code["id"])


def code_guids(codebook: dict) -> dict[str, str]:
    """Codable code id -> GUID (themes are not codable, so they are not in here)."""
    return {c["id"]: guid("code", c["id"]) for t in codebook["themes"] for c in t["codes"]}


def _codes_element(codebook: dict) -> ET.Element:
    """<Codes>: one non-codable Code per theme with its codes nested, in codebook order.

    Codebook order (not alphabetical) is kept because it is the researchers' intended order and
    is already fixed by the YAML file.
    """
    codes = ET.Element("Codes")
    for i, theme in enumerate(codebook["themes"]):
        colour = THEME_COLOURS[i % len(THEME_COLOURS)]
        attrs = {
            "guid": guid("theme", theme["id"]),
            "name": theme["id"],
            "isCodable": "false",
            "color": colour,
        }
        t_el = ET.SubElement(codes, "Code", attrs)
        description = theme["label"] + (f". {theme['description']}" if theme.get("description") else "")
        ET.SubElement(t_el, "Description").text = description
        for code in theme["codes"]:
            c_attrs = {
                "guid": guid("code", code["id"]),
                "name": code["id"],
                "isCodable": "true",
                "color": colour,
            }
            c_el = ET.SubElement(t_el, "Code", c_attrs)
            ET.SubElement(c_el, "Description").text = code["definition"]
    return codes


def qdc_bytes(codebook: dict) -> bytes:
    """The REFI-QDA Codebook (.qdc) XML for the parsed codebook YAML."""
    _check_codebook(codebook)
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": f"coprod {__version__}"})
    root.append(_codes_element(codebook))
    return _xml_bytes(root)


def write_qdc(path: str | Path, codebook: dict) -> None:
    """Write the codebook alone as a REFI-QDA .qdc file."""
    Path(path).write_bytes(qdc_bytes(codebook))


# ---------------------------------------------------------------------------------------------
# Project export


def _check_codings(
    where: str, sources: dict[str, str], codes: dict[str, str], users: set[str], codings: list[dict]
) -> list[tuple[str, int, int, str, str]]:
    """Validate coding dicts against sources, codes and users; return them as sorted tuples."""
    rows, seen = [], set()
    for i, c in enumerate(codings):
        missing = [k for k in CODING_KEYS if k not in c]
        if missing:
            raise InputError(where, f"coding {i}: missing key(s) {', '.join(missing)}", f"give {CODING_KEYS}")
        tid, start, end, code, coder = (c[k] for k in CODING_KEYS)
        label = f"coding {i} ({tid} {start}-{end} {code} by {coder})"
        if tid not in sources:
            raise InputError(where, f"{label}: unknown transcript '{tid}'", "pass its text in `sources`")
        if code not in codes:
            raise InputError(
                where, f"{label}: '{code}' is not a codable code id", "use a code id from the codebook"
            )
        if coder not in users:
            raise InputError(where, f"{label}: coder '{coder}' is not in `users`", "add the coder to `users`")
        ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
        if not ok or not 0 <= start < end <= len(sources[tid]):
            raise InputError(
                where,
                f"{label}: offsets must be integers with 0 <= start < end <= {len(sources[tid])}",
                "give character offsets into the de-identified text",
            )
        row = (tid, start, end, code, coder)
        if row in seen:
            raise InputError(where, f"{label}: duplicate coding", "remove the repeated row")
        seen.add(row)
        rows.append(row)
    return sorted(rows)


def qde_bytes(
    sources: dict[str, str],
    codebook: dict,
    codings: list[dict],
    users: list[str],
    project_name: str,
    epoch: int,
    where: str = "qdpx",
) -> bytes:
    """The project.qde XML (REFI-QDA Project 1.0), elements in schema order and sorted."""
    _check_codebook(codebook)
    codes = code_guids(codebook)
    user_guids = {u: guid("user", u) for u in sorted(set(users))}
    rows = _check_codings(where, sources, codes, set(user_guids), codings)
    when = iso_datetime(epoch)

    root = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": project_name,
            "origin": f"coprod {__version__}",
            "creationDateTime": when,
        },
    )
    if user_guids:
        users_el = ET.SubElement(root, "Users")
        for name, g in user_guids.items():
            ET.SubElement(users_el, "User", {"guid": g, "name": name})
    ET.SubElement(root, "CodeBook").append(_codes_element(codebook))

    # One selection per (transcript, span, coder); each code applied to it is one Coding.
    spans: dict[str, dict[tuple[int, int, str], list[str]]] = {}
    for tid, start, end, code, coder in rows:
        spans.setdefault(tid, {}).setdefault((start, end, coder), []).append(code)
    if sources:
        sources_el = ET.SubElement(root, "Sources")
        for tid in sorted(sources):
            s_guid = guid("source", tid)
            src = ET.SubElement(
                sources_el,
                "TextSource",
                {
                    "guid": s_guid,
                    "name": tid,
                    "plainTextPath": f"internal://{s_guid}.txt",
                    "creationDateTime": when,
                },
            )
            for (start, end, coder), span_codes in spans.get(tid, {}).items():
                sel = ET.SubElement(
                    src,
                    "PlainTextSelection",
                    {
                        # The name is the position, not the excerpt: the audit does not scan attributes.
                        "guid": guid("selection", tid, start, end, coder),
                        "name": f"{tid}:{start}-{end}",
                        "startPosition": str(start),
                        "endPosition": str(end),
                        "creatingUser": user_guids[coder],
                        "creationDateTime": when,
                    },
                )
                for code in span_codes:
                    coding = ET.SubElement(
                        sel,
                        "Coding",
                        {
                            "guid": guid("coding", tid, start, end, code, coder),
                            "creatingUser": user_guids[coder],
                            "creationDateTime": when,
                        },
                    )
                    ET.SubElement(coding, "CodeRef", {"targetGUID": codes[code]})
    return _xml_bytes(root)


def qdpx_bytes(
    sources: dict[str, str],
    codebook: dict,
    codings: list[dict],
    users: list[str],
    project_name: str,
    epoch: int | None = None,
    where: str = "qdpx",
) -> bytes:
    """The whole .qdpx archive as bytes: project.qde first, then sources/<guid>.txt by name."""
    epoch = source_date_epoch(epoch)
    entries = {"project.qde": qde_bytes(sources, codebook, codings, users, project_name, epoch, where)}
    for tid, text in sources.items():
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(where, f"transcript '{tid}' is not encodable as UTF-8 ({exc.reason})") from None
        entries[f"{SOURCES_DIR}/{guid('source', tid)}.txt"] = data
    order = ["project.qde"] + sorted(k for k in entries if k != "project.qde")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=zip_datetime(epoch))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, on every platform, so the bytes do not depend on the OS
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name], compresslevel=9)
    return buf.getvalue()


def write_qdpx(
    path: str | Path,
    sources: dict[str, str],
    codebook: dict,
    codings: list[dict],
    users: list[str],
    project_name: str,
    *,
    epoch: int | None = None,
) -> None:
    """Write a REFI-QDA project: transcripts (id -> de-identified text), codebook, codings, coders.

    `codings` are dicts {transcript_id, start, end, code, coder}: character offsets into the text
    as Python slices, a codable code id and a name from `users`. Same inputs, same bytes.
    """
    Path(path).write_bytes(
        qdpx_bytes(sources, codebook, codings, users, project_name, epoch, where=str(path))
    )


# ---------------------------------------------------------------------------------------------
# Project import


def _open_qdpx(path: Path) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(path, "file not found", "check the path") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a .qdpx file", "give the .qdpx file") from None
    except (zipfile.BadZipFile, OSError):
        raise InputError(
            path, "not a zip archive (corrupt or not a .qdpx)", "re-export the project"
        ) from None
    return zf


def _read_member(zf: zipfile.ZipFile, path: Path, name: str) -> bytes:
    try:
        return zf.read(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError) as exc:
        raise InputError(
            f"{path}:{name}", f"cannot read from the archive ({exc})", "re-export the project"
        ) from None


def _find_qde(zf: zipfile.ZipFile, path: Path) -> str:
    """project.qde, or the one top-level .qde some exporters name after the project (ATLAS.ti)."""
    names = [n for n in zf.namelist() if "/" not in n.strip("/") and n.lower().endswith(".qde")]
    if "project.qde" in names:
        return "project.qde"
    if len(names) == 1:
        return names[0]
    if not names:
        raise InputError(path, "no project.qde in the archive", "export a REFI-QDA project (.qdpx)")
    raise InputError(path, f"several .qde files and none is project.qde ({', '.join(sorted(names))})")


def _parse_xml(data: bytes, where: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        raise InputError(where, f"XML syntax error at line {line}", "re-export the project") from None


def _int_attr(el: ET.Element, name: str, where: str) -> int:
    raw = el.get(name)
    if raw is not None and raw.strip().lstrip("+-").isdigit():
        return int(raw)
    raise InputError(where, f"{el.tag.split('}')[-1]} {el.get('guid')}: {name}={raw!r} is not an integer")


def _source_text(zf: zipfile.ZipFile, path: Path, source: ET.Element, q: str, where: str) -> str:
    """A TextSource's plain text: inline PlainTextContent, else the internal:// file."""
    content = source.find(q + "PlainTextContent")
    label = f"TextSource '{source.get('name') or source.get('guid')}'"
    if content is not None:  # inline text; XML parsing has already turned any "\r\n" into "\n"
        return content.text or ""
    ref = source.get("plainTextPath") or ""
    if not ref.startswith("internal://"):
        problem = f"{label}: plain text {ref!r} is outside the archive" if ref else f"{label}: no plain text"
        raise InputError(where, problem, "export the project with sources embedded")
    wanted = ref[len("internal://") :].lstrip("/")
    members = {n.lower(): n for n in zf.namelist()}
    member = members.get(f"{SOURCES_DIR}/{wanted}".lower())
    if member is None:
        raise InputError(where, f"{label}: {ref} is missing from the archive", "re-export the project")
    try:
        # utf-8-sig: QualCoder starts the file with a BOM, which is not a character of the text.
        return _read_member(zf, path, member).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}:{member}", f"{label}: plain text is not UTF-8", "re-export the project"
        ) from None


def _coding_row(
    coding: ET.Element,
    q: str,
    name: str,
    start: int,
    end: int,
    parent: ET.Element,
    codes: dict[str, str],
    users: dict[str, str],
    where: str,
) -> dict:
    """One Coding as a row; its coder is the Coding's creatingUser, else its selection's."""
    ref = coding.find(q + "CodeRef")
    target = ref.get("targetGUID") if ref is not None else None
    if target not in codes:
        raise InputError(where, f"Coding {coding.get('guid')}: CodeRef {target} is not in the codebook")
    user = coding.get("creatingUser") or parent.get("creatingUser")
    coder = users.get(user, user or "") if user else ""
    return {
        "transcript_id": name,
        "start": start,
        "end": end,
        "code": codes[target],
        "coder": coder,
        "code_guid": target,
        "user_guid": user or "",
        "selection": parent.get("guid") or "",
    }


def read_qdpx(path: str | Path) -> tuple[dict[str, str], list[dict]]:
    """Read a REFI-QDA project: (source name -> plain text, codings) for its text sources.

    Codings are dicts {transcript_id, start, end, code, coder} (source name, character offsets,
    code name, user name), sorted. A Coding directly on a TextSource covers the whole text.
    Non-text sources (PDF, pictures, audio, video) are ignored.
    """
    project = read_project(path)
    sources = {name: s["text"] for name, s in project["sources"].items()}
    codings = [{k: c[k] for k in CODING_KEYS} for c in project["codings"]]
    codings.sort(key=lambda r: tuple(r[k] for k in CODING_KEYS))
    return sources, codings


def read_project(path: str | Path) -> dict:
    """A REFI-QDA project with its identifiers: {"users": {guid: name}, "codes": {guid: name},
    "sources": {name: {"guid", "text"}}, "codings": [{transcript_id (source name), start, end, code
    (name), coder (user name), code_guid, user_guid, selection}]} — what an import needs to match
    sources, codes and users by GUID."""
    path = Path(path)
    with _open_qdpx(path) as zf:
        qde = _find_qde(zf, path)
        where = f"{path}:{qde}"
        root = _parse_xml(_read_member(zf, path, qde), where)
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        if not ns.startswith("urn:QDA-XML:project:") or root.tag.split("}")[-1] != "Project":
            raise InputError(
                where, f"root element is {root.tag}, not a REFI-QDA Project", "export a .qdpx project"
            )
        q = "{" + ns + "}"

        users = {}
        for u in root.iterfind(f"{q}Users/{q}User"):
            users[u.get("guid")] = u.get("name") or u.get("id") or u.get("guid")
        codes = {c.get("guid"): c.get("name") for c in root.iterfind(f"{q}CodeBook/{q}Codes//{q}Code")}

        sources: dict[str, str] = {}
        codings: list[dict] = []
        for src in root.iterfind(f"{q}Sources/{q}TextSource"):
            name = src.get("name") or src.get("guid")
            if name in sources:
                raise InputError(where, f"two text sources are named '{name}'", "rename one before exporting")
            text = _source_text(zf, path, src, q, where)
            sources[name] = {"guid": src.get("guid") or "", "text": text}

            for sel in src.iterfind(q + "PlainTextSelection"):
                start = _int_attr(sel, "startPosition", where)
                end = _int_attr(sel, "endPosition", where)
                if not 0 <= start <= end <= len(text):
                    raise InputError(
                        where,
                        f"selection {sel.get('guid')} in '{name}': {start}-{end} is outside the text "
                        f"({len(text)} characters)",
                        "check the export's line endings and encoding",
                    )
                for coding in sel.iterfind(q + "Coding"):
                    codings.append(_coding_row(coding, q, name, start, end, sel, codes, users, where))
            for coding in src.iterfind(q + "Coding"):
                codings.append(_coding_row(coding, q, name, 0, len(text), src, codes, users, where))
    return {"users": users, "codes": codes, "sources": sources, "codings": codings}


# ---------------------------------------------------------------------------------------------
# Importing a coded project back: the round trip


def covers(start: int, end: int, unit_start: int, unit_end: int, min_chars: int) -> bool:
    """The selection rule: a selection [start, end) codes a unit [unit_start, unit_end) when they
    overlap by at least `min_chars` characters, or by at least half of the unit, or by at least
    half of the selection. So a selection inside one unit codes it; one that spills a few
    characters into the next unit (a line end, a speaker label) does not code that unit; one that
    spans several units codes every unit it covers substantially."""
    overlap = min(end, unit_end) - max(start, unit_start)
    if overlap <= 0:
        return False
    return overlap >= min_chars or 2 * overlap >= unit_end - unit_start or 2 * overlap >= end - start


def import_codings(
    path: str | Path,
    texts: dict[str, str],
    units: dict[str, list[tuple[int, int, int]]],
    codebook: list[tuple[str, str]],
    min_chars: int = 40,
    coder_names: dict[str, str] | None = None,
) -> tuple[list[tuple[str, int, str, str]], list[str], dict[str, str]]:
    """A project coded in a QDA tool, mapped back onto this corpus's units.

    `texts`: transcript id -> the de-identified text the pipeline exported; `units`: transcript id
    -> sorted (start, end, turn_index) of its participant turns; `codebook`: (code id, label).
    Sources are matched by the GUID the export gave them, else by name (the transcript id); a
    source whose text differs from the exported one is refused, naming it (offsets into an edited
    text cannot be mapped). Codes are matched by GUID, else by id, else by label (ignoring case).
    Users the pipeline itself wrote (the rule coder, coders imported from files) are skipped; every
    other user is a coder, labelled coder_1, coder_2, ... (user names may be real names, so they
    never leave this function except in the returned private mapping). `coder_names` carries the
    mapping across several projects, so one user keeps one label.

    Returns (rows (transcript_id, turn_index, coder label, code id), notes, user name -> label):
    one note line per unknown code, per source not in the corpus and per coding that codes no unit
    — nothing is dropped silently."""
    path = Path(path)
    project = read_project(path)
    coder_names = {} if coder_names is None else coder_names
    by_guid = {
        guid("source", t): t for t in texts
    }  # GUIDs compared in lower case: some tools upper-case them
    source_of: dict[str, str] = {}
    notes: list[str] = []
    for name, src in sorted(project["sources"].items()):
        bare = name[:-4] if name.lower().endswith(".txt") else name  # some tools add the file extension
        tid = by_guid.get(src["guid"].strip("{}").lower()) or (bare if bare in texts else None)
        if tid is None:
            notes.append(
                f"{path}: source '{name}' is not a transcript of this corpus: its codings are not used"
            )
            continue
        if src["text"] != texts[tid]:
            raise InputError(
                path,
                f"source '{tid}' differs from the de-identified text the pipeline exported (edited in the "
                "QDA tool, or exported from another run)",
                "code an unedited copy of results/coding/project.qdpx: offsets into an edited text cannot "
                "be mapped to turns",
            )
        source_of[name] = tid
    ids = {cid for cid, _ in codebook}
    by_label = {label.casefold(): cid for cid, label in codebook}
    code_guid = {guid("code", cid): cid for cid in ids}

    def code_id(c: dict) -> str | None:
        name = c["code"] or ""
        g = (c["code_guid"] or "").strip("{}").lower()
        return code_guid.get(g) or (name if name in ids else by_label.get(name.casefold()))

    ours = {g for g, name in project["users"].items() if g == guid("user", name)}
    people = sorted(
        ((name, g) for g, name in project["users"].items() if g not in ours),
        key=lambda x: (x[0].casefold(), x[0], x[1]),
    )
    for name, _ in people:
        if name not in coder_names:
            coder_names[name] = f"coder_{len(coder_names) + 1}"
    unknown: dict[str, list[dict]] = {}
    rows: set[tuple[str, int, str, str]] = set()
    nobody = 0
    for c in project["codings"]:
        if c["user_guid"] in ours or c["transcript_id"] not in source_of:
            continue
        if not c["user_guid"] or c["user_guid"] not in project["users"]:
            nobody += 1
            continue
        label = coder_names[project["users"][c["user_guid"]]]
        cid = code_id(c)
        if cid is None:
            unknown.setdefault(c["code"], []).append({**c, "label": label})
            continue
        tid = source_of[c["transcript_id"]]
        hit = [i for a, b, i in units.get(tid, []) if covers(c["start"], c["end"], a, b, min_chars)]
        if not hit:
            notes.append(
                f"{path}: {label}'s coding of '{cid}' at characters {c['start']}-{c['end']} of {tid} "
                "covers no participant turn enough to code it (interviewer turn or speaker label?): not used"
            )
        rows.update((tid, i, label, cid) for i in hit)
    for name, cs in sorted(unknown.items()):
        who = len({c["label"] for c in cs})
        notes.append(
            f"{path}: code '{name}' ({len(cs)} coding{'s' if len(cs) != 1 else ''} by {who} "
            f"coder{'s' if who != 1 else ''}) is not in the codebook by id or name: not used; add it "
            "to the codebook or rename it to a code id"
        )
    if nobody:
        notes.append(f"{path}: {nobody} coding(s) name no user of the project: not used")
    return sorted(rows), notes, coder_names
