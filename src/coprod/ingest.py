"""Ingest: raw transcripts (.txt, .docx, .vtt, .srt) -> speaker turns in the private zone.

Fieldwork files arrive in many shapes: transcription-service Word files with a header table,
MS Teams/Zoom WebVTT captions with `<v Name>` voice tags, SubRip captions, and plain text with
whatever label convention the transcriber liked. Everything becomes one list of turns
(speaker, role, text, order, start/end seconds) so later stages never see the format.
"""

from __future__ import annotations

import codecs
import html
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import InputError

FORMATS = (".txt", ".docx", ".vtt", ".srt")

# Labels that mean "the interviewer" in common transcription conventions (case-insensitive).
DEFAULT_INTERVIEWER_LABELS = (
    "interviewer",
    "i",
    "int",
    "q",
    "researcher",
    "facilitator",
    "moderator",
    "interviewer 1",
    "interviewer 2",
    "int1",
    "int2",
)

TITLES = ("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "sir", "dame")

# A speaker label: "Interviewer:", "I:", "P1:", "INT:", "Dr Jane Roe:", "Sean O'Reilly:".
# Up to four capitalised words (letters, digits, apostrophes, hyphens, dots), then a colon.
_WORD = r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F'’.\-]*"
LABEL_RE = re.compile(
    rf"^\s*(?:\[?\(?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[.,]\d+)?\)?\]?\s*)?"  # optional timestamp
    rf"(?P<label>{_WORD}(?:\s+{_WORD}){{0,3}}(?:\s+\d{{1,2}})?|[A-Z]{{1,4}}\d{{0,3}})\s*:\s*(?P<text>.*)$"
)
# Generic labels are recognised in any case ("interviewer:", "RESPONDENT:"), unlike names.
GENERIC_LABEL_LINE_RE = re.compile(
    r"^\s*(?P<label>interviewer|interviewee|respondent|participant|researcher|facilitator|moderator"
    r"|int|resp|i|r|q|a|p\d{0,3})(?:\s+\d{1,2})?\s*:\s*(?P<text>.*)$",
    re.I,
)
VTT_TIME_RE = re.compile(
    r"^(?P<s>(?:\d+:)?\d{2}:\d{2}[.,]\d{3})\s+-->\s+(?P<e>(?:\d+:)?\d{2}:\d{2}[.,]\d{3})"
)
VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?\s+(?P<name>[^>]+)>(?P<text>.*?)(?:</v>|$)", re.S)
TAG_RE = re.compile(r"</?[^>]+>")
# Words that are never speaker labels even when followed by a colon at a line start.
# A whole line that is a transcriber's note in capitals, e.g. "[END OF TRANSCRIPT]".
NOTE_LINE_RE = re.compile(r"^\[[A-Z0-9][A-Z0-9 .,:;'()/-]*\]$")
NOT_LABELS = {"note", "notes", "example", "examples", "so", "and", "but", "well", "e.g", "i.e", "ps"}


@dataclass(frozen=True)
class Turn:
    speaker: str
    role: str  # "interviewer" | "participant"
    text: str
    order: int
    start: float | None = None
    end: float | None = None


@dataclass
class Transcript:
    id: str
    source: str
    format: str
    encoding: str
    turns: list[Turn]
    metadata: dict[str, str] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @staticmethod
    def from_json(text: str) -> Transcript:
        data = json.loads(text)
        data["turns"] = [Turn(**t) for t in data["turns"]]
        return Transcript(**data)


# --------------------------------------------------------------------------- decoding
def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (BOM) or cp1252; normalise newlines."""
    if not data.strip():
        raise InputError(path, "file is empty", "export the transcript again or remove the file")
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = _decode_mixed(data, path)
    if "\x00" in text:
        raise InputError(path, "contains NUL bytes (binary file?)", "save it as plain text (UTF-8)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc


UTF8_SEQ_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_bytes(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Decode only the offending bytes as Windows-1252 (a byte undefined there is an error)."""
    bad = exc.object[exc.start : exc.end]
    try:
        return bad.decode("cp1252"), exc.end
    except UnicodeDecodeError:
        raise ValueError(exc.start) from None


codecs.register_error("coprod-cp1252", _cp1252_bytes)


def _decode_mixed(data: bytes, path: str | Path) -> tuple[str, str]:
    """Not valid UTF-8. A file with real UTF-8 sequences and a few stray bytes (a paste from
    an old Word file) is decoded as UTF-8 with just those bytes read as Windows-1252 — decoding
    the whole file as cp1252 would turn every accented name into mojibake ("SiÃ¢n") that no
    register or audit recognises. A file with no UTF-8 sequence at all is Windows-1252."""
    try:
        if UTF8_SEQ_RE.search(data):
            return data.decode("utf-8", errors="coprod-cp1252"), "utf-8+cp1252"
        return data.decode("cp1252", errors="coprod-cp1252"), "cp1252"
    except ValueError as exc:
        raise InputError(
            path,
            f"undecodable bytes at offset {exc.args[0]} (not UTF-8 or Windows-1252)",
            "re-save the transcript as UTF-8 text",
        ) from None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _timestamp(value: str) -> float | None:
    """Seconds, or None for an impossible time (minutes or seconds of 60 or more)."""
    parts = value.replace(",", ".").split(":")
    secs = float(parts[-1])
    mins = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    if secs >= 60 or mins >= 60:
        return None
    return round(hours * 3600 + mins * 60 + secs, 3)


# --------------------------------------------------------------------------- label-based text
def _is_label(label: str) -> bool:
    return label.casefold().rstrip(".") not in NOT_LABELS


def parse_labelled_lines(lines: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Group lines into (label, text) turns; unlabelled lines continue the previous turn.

    Lines outside any turn (before the first label, or transcriber notes in capitals such as
    "[END OF TRANSCRIPT]") are returned as the preamble: kept, not dropped.
    """
    turns: list[tuple[str, list[str]]] = []
    preamble: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        m = LABEL_RE.match(line) or GENERIC_LABEL_LINE_RE.match(line)
        if NOTE_LINE_RE.match(line):
            preamble.append(line)
        elif m and _is_label(m.group("label")):
            turns.append((_clean(m.group("label")), [m.group("text")]))
        elif turns:
            turns[-1][1].append(line)
        else:
            preamble.append(line)
    merged = [(label, _clean(" ".join(parts))) for label, parts in turns]
    return [(lab, txt) for lab, txt in merged if txt], preamble


def _read_txt(path: Path, data: bytes):
    text, enc = decode(data, path)
    pairs, preamble = parse_labelled_lines(text.split("\n"))
    return [(lab, txt, None, None) for lab, txt in pairs], enc, {}, preamble


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraphs(document) -> list[str]:
    """The text of every body paragraph outside tables, in document order, read from the XML so
    nothing is silently dropped: runs inside tracked insertions, hyperlinks, fields and content
    controls count; text boxes give their own paragraphs; a soft line break (Shift+Enter) is a
    line break, so "Participant:" after one starts a turn; tracked deletions (w:delText) and
    field instructions are not text."""
    body = document.element.body
    out: list[str] = []
    for p in body.iter(f"{W}p"):
        if any(a.tag == f"{W}tbl" for a in p.iterancestors()):
            continue  # header tables are read as metadata
        parts: list[str] = []
        for el in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"):
            owner = next(a for a in el.iterancestors() if a.tag == f"{W}p")
            if owner is not p:
                continue  # a text box's own paragraph, visited on its own
            if el.tag == f"{W}t":
                parts.append(el.text or "")
            elif el.tag == f"{W}tab":
                parts.append(" ")
            else:
                parts.append("\n")
        out.append("".join(parts))
    return out


def _read_docx(path: Path, data: bytes):
    import docx  # python-docx; imported here so text-only use stays light

    try:
        document = docx.Document(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(
            path, f"not a readable .docx ({type(exc).__name__})", "open and re-save it in Word as .docx"
        ) from None
    metadata: dict[str, str] = {}
    for table in document.tables:  # header tables: two columns of key | value
        for row in table.rows:
            cells = [_clean(c.text) for c in row.cells]
            if len(cells) >= 2 and cells[0]:
                metadata[cells[0].rstrip(":")] = cells[1]
    lines = [ln for para in _docx_paragraphs(document) for ln in para.split("\n")]
    pairs, preamble = parse_labelled_lines(lines)
    return [(lab, txt, None, None) for lab, txt in pairs], "docx", metadata, preamble


def _cues(text: str, path: Path, srt: bool):
    """Yield (start, end, [text lines]) for each cue of a WebVTT/SubRip file. Errors name the
    line number, never the line: a caption line is a participant's words."""
    blocks: list[tuple[str, int]] = []  # (block text, its first line number)
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(("\n".join(current), start))
            current = []
    if current:
        blocks.append(("\n".join(current), start))
    if not srt:
        if not blocks or not blocks[0][0].lstrip("\ufeff").startswith("WEBVTT"):
            raise InputError(path, "missing the 'WEBVTT' header line", "export the captions again as WebVTT")
        blocks = blocks[1:]
    for block, first_line in blocks:
        lines = block.split("\n")
        idx = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if idx is None:
            if not srt and lines[0].startswith(("NOTE", "STYLE", "REGION")):
                continue
            raise InputError(
                f"{path}:{first_line}", "caption cue without a timing line", "fix or delete that cue"
            )
        timing = [i for i, ln in enumerate(lines) if "-->" in ln]
        for k, i in enumerate(timing):
            m = VTT_TIME_RE.match(lines[i].strip())
            start, end = (_timestamp(m.group("s")), _timestamp(m.group("e"))) if m else (None, None)
            if start is None or end is None or end < start:
                raise InputError(
                    f"{path}:{first_line + i}",
                    "bad timing line (impossible or backwards time)",
                    "use HH:MM:SS.mmm --> HH:MM:SS.mmm with the end after the start",
                )
            # cues run together without a blank line: the next cue starts at its timing line
            # (and its numeric identifier, in SubRip, just before it)
            stop = timing[k + 1] if k + 1 < len(timing) else len(lines)
            if k + 1 < len(timing) and lines[stop - 1].strip().isdigit():
                stop -= 1
            yield start, end, lines[i + 1 : stop]


def _caption_text(text: str) -> str:
    """Cue text without markup: tags removed, then character references decoded (WebVTT and
    SubRip writers emit &amp;, &nbsp;, &shy; …), whitespace collapsed."""
    return _clean(html.unescape(TAG_RE.sub("", text)))


def _read_captions(path: Path, data: bytes, srt: bool):
    text, enc = decode(data, path)
    pieces: list[tuple[str | None, str, float, float]] = []
    for start, end, lines in _cues(text, path, srt):
        body = "\n".join(lines)
        voices = list(VOICE_RE.finditer(body))
        if voices:
            for v in voices:
                pieces.append(
                    (_clean(html.unescape(v.group("name"))), _caption_text(v.group("text")), start, end)
                )
            continue
        body = _caption_text(body)
        m = LABEL_RE.match(body)
        if m and _is_label(m.group("label")):
            pieces.append((_clean(m.group("label")), _clean(m.group("text")), start, end))
        else:
            pieces.append((None, body, start, end))
    turns: list[list] = []
    for speaker, body, start, end in pieces:
        if not body:
            continue
        if speaker is None or (turns and turns[-1][0] == speaker):
            if not turns:
                raise InputError(
                    path,
                    "the first caption has no speaker",
                    "add '<v Name>' tags or 'Name:' at each speaker change",
                )
            turns[-1][1].append(body)
            turns[-1][3] = end
        else:
            turns.append([speaker, [body], start, end])
    return [(s, " ".join(b), st, en) for s, b, st, en in turns], enc, {}, []


def role_of(label: str, interviewer_labels: set[str]) -> str:
    """'interviewer' if the label (title and trailing number stripped, case-insensitive) is an
    interviewer label."""
    norm = re.sub(r"\s*\d+$", "", label.casefold().strip().rstrip("."))  # "Interviewer 2" -> "interviewer"
    words = norm.split()
    if len(words) > 1 and words[0].rstrip(".") in TITLES:
        norm = " ".join(words[1:])
    return (
        "interviewer"
        if norm in interviewer_labels or label.casefold() in interviewer_labels
        else "participant"
    )


def read_transcript(
    path: str | Path,
    interviewer_labels: list[str] | tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS,
    transcript_id: str | None = None,
) -> Transcript:
    """Parse one raw transcript into turns. Raises InputError with a one-line message."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise InputError(path, f"unsupported format '{ext}'", f"convert it to one of {', '.join(FORMATS)}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found", "check the path and file name") from None
    if ext == ".docx":
        if not data:
            raise InputError(path, "file is empty", "export the transcript again or remove the file")
        raw, enc, meta, preamble = _read_docx(path, data)
    elif ext in (".vtt", ".srt"):
        raw, enc, meta, preamble = _read_captions(path, data, srt=ext == ".srt")
    else:
        raw, enc, meta, preamble = _read_txt(path, data)
    if not raw:
        raise InputError(
            path, "no speaker turns found", "start each turn with a label such as 'Interviewer:' or 'P1:'"
        )
    labels = {lab.casefold() for lab in interviewer_labels}
    turns = [
        Turn(speaker=s, role=role_of(s, labels), text=t, order=i, start=st, end=en)
        for i, (s, t, st, en) in enumerate(raw)
    ]
    return Transcript(
        id=transcript_id or path.stem,
        source=path.name,
        format=ext.lstrip("."),
        encoding=enc,
        turns=turns,
        metadata=meta,
        preamble=preamble,
    )


def ingest_file(
    src: str | Path, dest: str | Path, interviewer_labels, transcript_id: str | None = None
) -> None:
    """Parse `src` and write its turns as JSON to `dest` (private zone); the source is only read."""
    transcript = read_transcript(src, interviewer_labels, transcript_id)
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(f"{dest}.tmp")
    tmp.write_text(transcript.to_json(), encoding="utf-8")
    tmp.replace(dest)
