"""Transcripts as tables: .csv and .xlsx.

One transcript per file: a speaker column and a text column, found by a header row ("Speaker |
Time | Text", "Name, Timestamp, Speech", …) or, without one, read like a Word transcript table
(speaker | [time |] speech, one row per turn). A row with no speaker continues the speaker
before; a start/end (or time) column gives the turn's times.

A table with a transcript column ("transcript_id", "interview", …) holds several transcripts.
The participants sheet maps one file to one transcript id, so such a table is split first:
`split_table` writes one .csv per transcript, named by its value in that column, which the
sheet then lists (the values must be usable as file names: letters, digits, '.', '_' and '-').
Ingest refuses a several-transcript table with one line saying so.
.xlsx is read from its first worksheet, without a spreadsheet library: the same guarded zip and
XML reading as .docx (ingest_zip).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .errors import InputError

TRANSCRIPT_COLUMNS = {
    "transcript_id", "transcript id", "transcript no", "transcript", "interview", "interview_id",
    "interview id", "session", "session_id", "document", "file", "filename", "file name",
}  # fmt: skip
START_COLUMNS = {"start", "start time", "time", "timestamp", "time stamp", "timecode", "time code", "begin"}
END_COLUMNS = {"end", "end time", "stop"}
MAX_FIELD = 2**26
SAFE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}")


def _columns(header: list[str]) -> dict[str, int] | None:
    """Column positions (speaker, text, transcript, start, end) from a header row, or None if
    the row is not a transcript table's header."""
    from .ingest import SPEAKER_COLUMNS, TEXT_COLUMNS, column_name

    names = [column_name(c) for c in header]
    cols: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in SPEAKER_COLUMNS and "speaker" not in cols:
            cols["speaker"] = i
        elif n in START_COLUMNS and "start" not in cols:
            cols["start"] = i
        elif n in END_COLUMNS and "end" not in cols:
            cols["end"] = i
    texts = [i for i, n in enumerate(names) if n in TEXT_COLUMNS and n != "transcript"]
    ids = [i for i, n in enumerate(names) if n in TRANSCRIPT_COLUMNS]
    if texts:
        cols["text"] = texts[0]
        if ids:
            cols["transcript"] = ids[0]
    elif "transcript" in names:  # "Speaker | Transcript": the words
        cols["text"] = names.index("transcript")
        rest = [i for i in ids if i != cols["text"]]
        if rest:
            cols["transcript"] = rest[0]
    if "speaker" in cols and "text" in cols:
        return cols
    return None


def _seconds(value: str, excel: bool) -> float | None:
    from .ingest import _timestamp

    value = value.strip().strip("[]()")
    if not value:
        return None
    if re.fullmatch(r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?", value):
        return _timestamp(value)
    try:
        number = float(value)
    except ValueError:
        return None
    if excel and 0 <= number < 1:  # an Excel time is a fraction of a day
        number *= 86400
    return round(number, 3) if number >= 0 else None


def _cell(row: list[str], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


def table_rows(path: Path, data: bytes, report: dict) -> tuple[list[list[str]], str]:
    """The table's rows as lists of cell text, and the encoding read."""
    if path.suffix.lower() == ".xlsx":
        return xlsx_rows(path, report), "xlsx"
    from .ingest import decode

    text, enc = decode(data, path)
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))  # one long turn is one cell
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = list(reader)
    except csv.Error:
        raise InputError(
            path, f"not a readable CSV table (line {reader.line_num})", "save it again as CSV (UTF-8)"
        ) from None
    return rows, enc


def read_table(path: Path, data: bytes, transcript_id: str | None, unlabelled: str | None):
    """(turns as (label, text, start, end), encoding, metadata, preamble, report)."""
    from .ingest import _clean, _turn_table, parse_labelled_lines

    report: dict = {}
    rows, enc = table_rows(path, data, report)
    rows = [[_clean(c) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        raise InputError(path, "table is empty", "export the transcript again or remove the file")
    cols = _columns(rows[0])
    if cols is None:  # no header: read like a Word transcript table
        lines = _turn_table(rows)
        if lines is None:
            raise InputError(
                path,
                "no speaker and text columns found",
                "give the table a header row with 'Speaker' and 'Text' columns, one row per turn",
            )
        pairs, preamble = parse_labelled_lines(lines)
        report["table rows read as turns"] = len(rows)
        return [(lab, txt, None, None) for lab, txt in pairs], enc, {}, preamble, report
    body = rows[1:]
    if "transcript" in cols:
        values = [_cell(r, cols["transcript"]) for r in body]
        distinct = list(dict.fromkeys(v for v in values if v))
        if len(distinct) > 1:
            if transcript_id in distinct:
                body = [r for r, v in zip(body, values, strict=True) if v == transcript_id]
                report["rows of other transcripts left out"] = len(values) - len(body)
            else:
                raise InputError(
                    path,
                    f"holds {len(distinct)} transcripts (a transcript column)",
                    f"split it into one file per transcript: coprod split-table {path.name} FOLDER",
                )
    is_xlsx = path.suffix.lower() == ".xlsx"
    raw: list[list] = []
    for r in body:
        speaker, text = _cell(r, cols["speaker"]), _cell(r, cols["text"])
        start = _seconds(_cell(r, cols.get("start")), is_xlsx)
        end = _seconds(_cell(r, cols.get("end")), is_xlsx)
        if not text:
            report["table rows without text"] = report.get("table rows without text", 0) + 1
            continue
        if not speaker:
            if raw:
                raw[-1][1] += " " + text
                raw[-1][3] = end if end is not None else raw[-1][3]
                continue
            if unlabelled is None:
                raise InputError(path, "the first row has no speaker", "fill in the speaker column")
            speaker = unlabelled
        raw.append([speaker, text, start, end])
    report["table rows read as turns"] = len(body)
    report["table header rows skipped"] = 1
    return [tuple(x) for x in raw], enc, {}, [], report


# --------------------------------------------------------------------------- xlsx
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _col_index(ref: str) -> int | None:
    m = re.match(r"([A-Z]{1,3})\d*$", ref or "")
    if not m:
        return None
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


def _text_of(el) -> str:
    """The text of a shared or inline string: its runs' text, not phonetic guides."""
    parts = []
    for t in el.iter(f"{S}t"):
        if not any(a.tag == f"{S}rPh" for a in t.iterancestors()):
            parts.append(t.text or "")
    return "".join(parts)


def xlsx_rows(path: Path, report: dict) -> list[list[str]]:
    from .ingest_zip import main_part, open_zip, parse_part, read_part

    kind = ".xlsx"
    with open_zip(path, kind) as zf:
        book_name = main_part(zf, path, kind, "xl/workbook.xml", "/officeDocument")
        book_raw = read_part(zf, book_name, path, kind)
        if book_raw is None:
            raise InputError(path, "not an Excel workbook (no workbook part)", "save it from Excel as .xlsx")
        book = parse_part(book_raw, book_name, path, kind, report)
        folder = book_name.rsplit("/", 1)[0] + "/" if "/" in book_name else ""
        sheets = list(book.iter(f"{S}sheet"))
        sheet_name = f"{folder}worksheets/sheet1.xml"
        rels_raw = read_part(zf, f"{folder}_rels/{book_name.rsplit('/', 1)[-1]}.rels", path, kind)
        if sheets and rels_raw is not None:
            rid = sheets[0].get(R_ID)
            rels = parse_part(rels_raw, "workbook relationships", path, kind, {})
            for rel in rels.iter(f"{REL}Relationship"):
                if rel.get("Id") == rid and rel.get("Target"):
                    target = rel.get("Target")
                    sheet_name = target.lstrip("/") if target.startswith("/") else folder + target
        if len(sheets) > 1:
            report["other worksheets not read"] = len(sheets) - 1
        shared: list[str] = []
        shared_raw = read_part(zf, f"{folder}sharedStrings.xml", path, kind)
        if shared_raw is not None:
            sst = parse_part(shared_raw, f"{folder}sharedStrings.xml", path, kind, report)
            shared = [_text_of(si) for si in sst.iter(f"{S}si")]
        sheet_raw = read_part(zf, sheet_name, path, kind)
    if sheet_raw is None:
        raise InputError(path, "has no worksheet", "save it from Excel, transcript on the first sheet")
    sheet = parse_part(sheet_raw, sheet_name, path, kind, report)
    rows: list[list[str]] = []
    for row in sheet.iter(f"{S}row"):
        cells: dict[int, str] = {}
        for k, c in enumerate(row.findall(f"{S}c")):
            col = _col_index(c.get("r", ""))
            col = k if col is None else col
            kind_ = c.get("t", "n")
            v = c.find(f"{S}v")
            if kind_ == "s" and v is not None:
                try:
                    cells[col] = shared[int(v.text)]
                except (ValueError, IndexError, TypeError):
                    raise InputError(
                        path, "a cell points to a missing shared string", "save it again from Excel"
                    ) from None
            elif kind_ == "inlineStr":
                is_ = c.find(f"{S}is")
                cells[col] = _text_of(is_) if is_ is not None else ""
            else:
                cells[col] = (v.text or "") if v is not None else ""
        if cells and max(cells) > 16383:
            raise InputError(path, "a row is wider than Excel allows", "save it again from Excel")
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


# --------------------------------------------------------------------------- several per table
def split_table(path: str | Path, out_dir: str | Path) -> list[Path]:
    """Write one UTF-8 .csv per transcript of a table with a transcript column, named by the
    transcript's value in it (header kept, rows in order). Refuses values unusable as file
    names and an out folder that already holds one of the files; the table is only read."""
    from .ingest import _clean

    path, out_dir = Path(path), Path(out_dir)
    try:
        data = path.read_bytes()
    except OSError:
        raise InputError(path, "cannot be read", "check the path and file name") from None
    rows, _ = table_rows(path, data, {})
    rows = [[_clean(c) for c in r] for r in rows if any(c.strip() for c in r)]
    cols = _columns(rows[0]) if rows else None
    if cols is None or "transcript" not in cols:
        raise InputError(
            path,
            "no header row with speaker, text and transcript columns",
            "add a header row such as 'transcript_id, speaker, text'",
        )
    groups: dict[str, list[list[str]]] = {}
    for number, r in enumerate(rows[1:], start=2):
        value = _cell(r, cols["transcript"])
        if not SAFE_ID_RE.fullmatch(value):
            raise InputError(
                f"{path}:row {number}",
                "transcript value is empty or not usable as a file name",
                "use ids of letters, digits, '.', '_' and '-' (e.g. t01) in the transcript column",
            )
        groups.setdefault(value, []).append(r)
    targets = {v: out_dir / f"{v}.csv" for v in groups}
    clash = [p for p in targets.values() if p.exists() or p.resolve() == path.resolve()]
    if clash:
        raise InputError(clash[0], "already exists", "split into an empty folder")
    from .privacy.key import write_private  # transcripts: 0600 whatever the umask

    written = []
    for value, group in groups.items():
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([rows[0], *group])
        write_private(targets[value], buf.getvalue())
        written.append(targets[value])
    return written
