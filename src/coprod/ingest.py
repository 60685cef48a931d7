"""Ingest: raw transcripts (.txt, .docx, .vtt, .srt, .csv, .xlsx) -> speaker turns in the private zone.

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
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .text import near

FORMATS = (".txt", ".docx", ".vtt", ".srt", ".csv", ".xlsx")

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

_DEFAULT_LABELS = set(DEFAULT_INTERVIEWER_LABELS)
TITLES = ("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "sir", "dame")

# A speaker label: "Interviewer:", "I:", "P1:", "INT:", "Dr Jane Roe:", "Sean O'Reilly:".
# Up to four capitalised words (letters, digits, apostrophes, hyphens, dots), then a colon.
_WORD = r"[A-Z\u00C0-\u00DE][\w\u00C0-\u024F'’.\-]*"
# a lower-case particle inside a name ("Mac a' Bhàird", "Ana de Souza", "Jan van Dijk"), never first
_PARTICLE = r"(?:a['’]|de|del|della|der|den|di|da|dos|du|la|le|van|von|bin|ibn|al|ap)"
# a name of up to four capitalised words, particles between them not counted
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{0,3}}"
_STAMP = r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)?\]?\s*)?"  # optional timestamp
# a time stamp in brackets after the name, before the colon: "Jane Roe [00:01:23]:"
_STAMP_AFTER = r"(?:\s*[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])])?"
LABEL_RE = re.compile(
    rf"^\s*{_STAMP}"
    rf"(?P<label>{_NAME}(?:\s+\d{{1,4}})?|[A-Z]{{1,4}}\d{{0,3}}){_STAMP_AFTER}"
    rf"\s*:\s*(?P<text>.*)$"
)
# Role words that may qualify a name in a label ("JANE ROE (INTERVIEWER):", "Respondent 1 – Jane
# Roe:", "Interviewee (P01):", "P3 - Jane Roe:"), in any case, with an optional number.
_ROLE = (
    r"(?:interviewer|interviewee|respondent|participant|researcher|facilitator|moderator|speaker"
    r"|int|resp|i|r|q|a)(?:[\s_]*\d{1,4})?|p\d{1,4}"
)
ROLE_PART_RE = re.compile(rf"(?:{_ROLE})", re.I)
# A name or code part: up to four capitalised words (any case for a role word), optional number.
_PART = rf"(?:{_NAME}(?:\s+\d{{1,4}})?|[A-Z]{{1,4}}\d{{0,3}}|(?i:{_ROLE}))"
# "Name (Role):", "Name [Role]:", "Role – Name:", "Code - Name:" (a dash with spaces around it).
QUALIFIED_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}(?P<label>(?P<a>{_PART})\s*(?:\((?P<b>{_PART})\)|\[(?P<c>{_PART})\]"
    rf"|\s[-–—]\s*(?P<d>{_PART})|\s*/\s*(?P<e>{_PART})))\s*:\s*(?P<text>.*)$"
)
# "Roe, Jane:" / "ROE, JANE (INTERVIEWER):": a surname-first name.
SURNAME_FIRST_RE = re.compile(
    rf"^\s*{_STAMP}(?P<label>(?P<sur>{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD})?),\s+(?P<first>{_WORD}(?:\s+{_WORD})?)"
    rf"(?:\s*\((?P<b>{_PART})\))?)\s*:\s*(?P<text>.*)$"
)
# A role word in lower case ("therapist:", "client 2:", "note taker:"), as a counselling service
# or a hasty transcriber types it: a label only when the word is in the role-label reference
# list (`is_role_label`), so "the thing is:" stays speech.
LOWER_ROLE_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}(?P<label>[^\W\d_A-Z][^\W\d_]*(?:\s[^\W\d_A-Z][^\W\d_]*)?(?:\s*\d{{1,4}})?)\s*:\s*(?P<text>.*)$"
)
# A role word, a dash or slash, then a name, in any case, surname first or not ("client - roe,
# jane:", "Therapist / Roe, Jane:"): a label when the first part is a role word (`is_role_label`);
# the name is the speaker ("jane roe").
ROLE_NAME_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}(?P<label>(?P<role>[^\W\d_]+(?:\s[^\W\d_]+)?(?:\s*\d{{1,4}})?)\s*(?:\s[-–—]|/)\s*"
    r"(?P<name>[^\W\d_][\w'’\-]*(?:,?\s+[^\W\d_][\w'’\-]*){0,2}))\s*:\s*(?P<text>.*)$"
)
# Speech-recognition and caption prefixes: "[Jane Roe]:", "[SPEAKER_00]:", "SPEAKER_00:",
# "[Speaker 2]" (a diarisation label needs no colon).
BRACKET_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}\[(?P<label>{_PART}(?:\s[-–—]\s*{_PART})?)\]\s*:\s*(?P<text>.*)$"
)
DIARISED_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}(?:\[(?P<label>(?i:speaker)[_ ]?\d{{1,4}})\]|(?P<label2>(?i:speaker)_\d{{1,4}}))"
    rf"\s*:?\s+(?P<text>.*)$"
)
# "[Jane Roe, participant]:", "[Interviewer, Jane Roe]:": a name and its role in one bracket.
BRACKET_COMMA_RE = re.compile(
    rf"^\s*{_STAMP}\[(?P<label>(?P<a>{_PART})\s*,\s*(?P<b>{_PART}))\]\s*:\s*(?P<text>.*)$"
)
# A descriptive label: the name, then the age and what the speaker does, as transcribers of
# life-story and oral-history interviews write them ("Jane Roe, 54, retired nurse:"): the name
# is the speaker; one of the descriptions is an age.
DESCRIBED_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}(?P<label>(?P<name>{_NAME})"
    r"(?P<desc>(?:\s*,\s*[^\W\d_][^,:]{0,40}?)*\s*,\s*\d{1,3}(?:\s*,\s*[^\W\d_][^,:]{0,40}?)*))"
    r"\s*:\s*(?P<text>.*)$"
)
# A name in lower case ("jane roe:", speech-recognition or hasty transcription): two or three
# words, read as a label only when the name lists say they are a name (`_lower_name`).
LOWER_NAME_LABEL_RE = re.compile(
    rf"^\s*{_STAMP}(?P<label>[^\W\d_A-Z][\w'’\-]*(?:\s+[^\W\d_A-Z][\w'’\-]*){{1,2}})\s*:\s+(?P<text>.*)$"
)
# Speaker-change chevrons of broadcast and court captions (">> JANE ROE: ...").
CHEVRONS_RE = re.compile(r"^\s*>{2,3}\s*")
# Words that open a sentence with a comma and are never a surname ("Yes, Jane: ...").
_NOT_SURNAMES = {
    "yes",
    "no",
    "well",
    "so",
    "okay",
    "ok",
    "right",
    "and",
    "but",
    "however",
    "now",
    "then",
    "also",
    "oh",
    "um",
    "uh",
    "er",
    "erm",
    "actually",
    "anyway",
    "look",
    "listen",
    "see",
    "thanks",
    "hello",
    "hi",
    "dear",
    "sorry",
    "please",
    "sure",
    "yeah",
    "aye",
    "again",
    "first",
    "second",
    "finally",
}
# Generic labels are recognised in any case ("interviewer:", "RESPONDENT:"), unlike names.
GENERIC_LABEL_LINE_RE = re.compile(
    r"^\s*(?P<label>interviewer|interviewee|respondent|participant|researcher|facilitator|moderator"
    r"|int|resp|i|r|q|a|p\d{0,3}|speaker\s*\d{1,4})(?:\s+\d{1,2})?\s*:\s*(?P<text>.*)$",
    re.I,
)
# An e-mail address, or "Name <address>", as a speaker label (chat exports, Teams transcripts).
_MAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
MAIL_LABEL_RE = re.compile(
    rf"^\s*(?:(?P<name>[^\s<>:@][^<>:@]{{0,60}}?)\s*<(?P<mail1>{_MAIL})>|<?(?P<mail2>{_MAIL})>?)"
    rf"\s*:\s*(?P<text>.*)$"
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
    # What ingest did with everything that is not a turn (counts only; private like the turns).
    report: dict = field(default_factory=dict)

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


# An Otter-style header: a speaker label, two or more spaces (or a tab), then a time stamp
# ("m:ss" or "h:mm:ss") and nothing else on the line; the speech follows on the lines below.
HEADER_TIME_RE = re.compile(r"^\s*(?P<label>\S.{0,80}?)(?:[ ]{2,}|\t)\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\s*$")


def match_label(line: str) -> tuple[str, str] | None:
    """(label, rest of the line) if the line starts with a speaker label, else None.

    Labels: "Interviewer:", "P1:", "Dr Jane Roe:", generic labels in any case ("interviewer:"),
    an e-mail address ("jroe@nhs.scot:") or a mail header ("Jane Roe <jroe@nhs.scot>:", labelled
    by the name). A header line of a label and a time stamp alone ("Interviewer  0:02", Otter's
    export) is the label with no speech yet: the time is dropped, the lines below are the turn."""
    line = CHEVRONS_RE.sub("", line, count=1)
    header = HEADER_TIME_RE.match(line)
    if header:
        found = match_label(header.group("label") + ": .")
        if found is not None and found[1] == ".":
            return found[0], ""
    m = MAIL_LABEL_RE.match(line)
    if m:
        label = m.group("name") or m.group("mail1") or m.group("mail2")
        return _clean(label.strip("\"' ")), m.group("text")
    m = LABEL_RE.match(line) or GENERIC_LABEL_LINE_RE.match(line)
    if m and _is_label(m.group("label")):
        return _clean(m.group("label")), m.group("text")
    m = LOWER_ROLE_LABEL_RE.match(line)
    if m and is_role_label(m.group("label")):
        return _clean(m.group("label")), m.group("text")
    m = _role_name_label(line)
    if m:
        return _clean(m.group("label")), m.group("text")
    m = DIARISED_LABEL_RE.match(line)
    if m:
        return _clean(m.group("label") or m.group("label2")), m.group("text")
    m = BRACKET_LABEL_RE.match(line)
    if m and _is_label(m.group("label")):
        return _clean(m.group("label")), m.group("text")
    m = QUALIFIED_LABEL_RE.match(line)
    if m and _is_label(m.group("a")):
        other = m.group("b") or m.group("c")
        if other is not None or _is_role(m.group("a")) or _is_role(m.group("d") or m.group("e")):
            return _clean(m.group("label")), m.group("text")
    m = BRACKET_COMMA_RE.match(line)
    if m and (_is_role(m.group("a")) != _is_role(m.group("b"))):
        return _clean(m.group("label")), m.group("text")
    m = SURNAME_FIRST_RE.match(line)
    if m and m.group("sur").casefold() not in _NOT_SURNAMES and _is_label(m.group("first")):
        return _clean(m.group("label")), m.group("text")
    m = DESCRIBED_LABEL_RE.match(line)
    if m and m.group("name").split()[0].casefold() not in _NOT_SURNAMES and _is_label(m.group("name")):
        return _clean(m.group("label")), m.group("text")
    m = LOWER_NAME_LABEL_RE.match(line)
    if m and _lower_name(m.group("label")):
        return _clean(m.group("label")), m.group("text")
    return None


def _lower_name(label: str) -> bool:
    """A lower-case label that is a person's name: no word an English stop word, and each word
    either no ordinary English word ("oksana", "vanstone-adeyemi") or, first, a first name of the
    lists / last, a surname of them ("grace baker"). So "mental health:" or "the thing is:" stay
    speech."""
    from .privacy.reference import english_words, first_name_births, folded_names
    from .privacy.stopwords import ENGLISH_STOP_WORDS

    words = label.split()
    english = english_words()
    births = first_name_births()
    surnames = folded_names()[1]
    for k, w in enumerate(words):
        w = w.strip("'’-")
        if not w or w in ENGLISH_STOP_WORDS:
            return False
        if w not in english and not any(p in english for p in w.split("-")):
            continue
        if k == 0 and births.get(w, 0) >= 100:
            continue
        if k == len(words) - 1 and k > 0 and w in surnames:
            continue
        return False
    return True


def _role_name_label(line: str):
    """The ROLE_NAME_LABEL_RE match of a line whose first part is a role word and whose name
    part is no role word and has no stop word ("client - roe, jane:"), else None."""
    from .privacy.stopwords import ENGLISH_STOP_WORDS

    m = ROLE_NAME_LABEL_RE.match(line)
    if m is None or not is_role_label(m.group("role")) or is_role_label(m.group("name")):
        return None
    words = m.group("name").replace(",", " ").split()
    if any(w.casefold() in ENGLISH_STOP_WORDS or w.casefold() in NOT_LABELS for w in words):
        return None
    return m


def is_role_label(label: str) -> bool:
    """A label that names a role, in any case: a generic label ("interviewer", "P2") or a word of
    the role-label reference list (`cues/role_labels.txt`: "therapist", "client", "note taker"),
    with an optional number ("client 2")."""
    norm = re.sub(r"[\s_]*\d{1,4}$", "", _clean(label).casefold().rstrip(":").strip())
    return GENERIC_LABEL_LINE_RE.match(f"{label}:") is not None or (bool(norm) and norm in _role_words())


def _is_role(part: str | None) -> bool:
    return part is not None and ROLE_PART_RE.fullmatch(part.strip()) is not None


# Transcriber notes in brackets after a label: "Participant (Laughs):" is the participant.
TRANSCRIBER_NOTES = {
    "laughs", "laughing", "laughter", "inaudible", "crosstalk", "cross-talk", "pause", "pauses",
    "unclear", "overlapping", "overlap", "continued", "cont", "cont.", "cont'd", "contd", "interrupting",
    "interrupts", "sighs", "coughs", "quietly", "reading", "off-mic", "translated", "via interpreter",
}  # fmt: skip
# Role words that say "participant" when they qualify a name ("Respondent 1 – Jane Roe").
PARTICIPANT_WORDS = {"interviewee", "respondent", "participant", "resp", "r", "a", "p"}


def _role_word(part: str, interviewer_labels: set[str]) -> str | None:
    """'interviewer' / 'participant' for a role part of a label, None if it says neither."""
    norm = re.sub(r"[\s_]*\d+$", "", part.casefold().strip())
    if norm in interviewer_labels or part.casefold().strip() in interviewer_labels:
        return "interviewer"
    if norm in PARTICIPANT_WORDS:
        return "participant"
    return None


def split_label(label: str, interviewer_labels: set[str]) -> tuple[str, str | None]:
    """(speaker, role or None) for a label as matched: a name qualified by a role or code keeps
    the name as the speaker (so de-identification sees a person) and takes its role from the
    qualifier: "JANE ROE (INTERVIEWER)" -> ("JANE ROE", "interviewer"), "Respondent 1 – Jane
    Roe" -> ("Jane Roe", "participant"), "Interviewee (P01)" -> ("P01", "participant"),
    "Roe, Jane" -> ("Jane Roe", None), "Jane Roe, participant" (from "[Jane Roe, participant]:")
    -> ("Jane Roe", "participant"), "Jane Roe, 54, retired nurse" -> ("Jane Roe", None). Any
    other label is its own speaker, role None."""
    line = f"{label}: x"
    m = _role_name_label(line)
    if m and m.group("label") == label:  # "client - roe, jane" -> ("jane roe", role of "client")
        sur, _, first = m.group("name").partition(",")
        return " ".join(f"{first} {sur}".split()), _role_word(m.group("role"), interviewer_labels)
    m = BRACKET_COMMA_RE.match(f"[{label}]: x")
    if m and m.group("label") == label and _is_role(m.group("a")) != _is_role(m.group("b")):
        name, role = (m.group("b"), m.group("a")) if _is_role(m.group("a")) else (m.group("a"), m.group("b"))
        return name.strip(), _role_word(role, interviewer_labels)
    m = DESCRIBED_LABEL_RE.match(line)
    if m and m.group("label") == label and not LABEL_RE.match(line):  # "Jane Roe, 54, nurse"
        return m.group("name"), None
    m = SURNAME_FIRST_RE.match(line)
    if m and m.group("label") == label and match_label(line) and not LABEL_RE.match(line):
        role = _role_word(m.group("b"), interviewer_labels) if m.group("b") else None
        return f"{m.group('first')} {m.group('sur')}", role
    m = QUALIFIED_LABEL_RE.match(line)
    if not m or m.group("label") != label or LABEL_RE.match(line) or GENERIC_LABEL_LINE_RE.match(line):
        return label, None
    a, b = m.group("a").strip(), (m.group("b") or m.group("c") or m.group("d") or m.group("e")).strip()
    if _is_role(a) and _is_role(b):  # "Interviewee (P01)": the numbered part is the speaker
        speaker, qualifier = (b, a) if re.search(r"\d", b) or not re.search(r"\d", a) else (a, b)
        return speaker, _role_word(qualifier, interviewer_labels) or _role_word(speaker, interviewer_labels)
    if b.casefold() in TRANSCRIBER_NOTES:  # "Participant (Laughs)": a note, not a name
        return a, _role_word(a, interviewer_labels)
    if _is_role(a):
        return b, _role_word(a, interviewer_labels)
    return a, _role_word(b, interviewer_labels)


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
        m = None if NOTE_LINE_RE.match(line) else match_label(line)
        if NOTE_LINE_RE.match(line):
            preamble.append(line)
        elif m:
            turns.append((m[0], [m[1]]))
        elif turns:
            turns[-1][1].append(line)
        else:
            preamble.append(line)
    merged = [(label, _clean(" ".join(parts))) for label, parts in turns]
    return [(lab, txt) for lab, txt in merged if txt], preamble


def unlabelled_paragraphs(lines: list[str]) -> list[str]:
    """Speech without any speaker label (speech-recognition output): paragraphs separated by
    blank lines, or, with no blank line, one paragraph per line. Transcriber notes in capitals
    ("[END OF TRANSCRIPT]") are not speech."""
    blocks: list[list[str]] = [[]]
    has_blank = any(not ln.strip() for ln in lines[:-1]) and sum(1 for ln in lines if ln.strip()) > 1
    for raw in lines:
        line = raw.strip()
        if not line:
            blocks.append([])
        elif NOTE_LINE_RE.match(line):
            continue
        elif has_blank:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [p for p in (_clean(" ".join(b)) for b in blocks) if p]


def _labelled_or_unlabelled(lines: list[str], unlabelled: str | None):
    """(turns as (label, text, None, None), preamble, report) for lines of text: labelled turns,
    or, when no line has a speaker label, one speaker (`unlabelled`, if given) for every
    paragraph."""
    pairs, preamble = parse_labelled_lines(lines)
    if pairs or unlabelled is None:
        return [(lab, txt, None, None) for lab, txt in pairs], preamble, {}
    paragraphs = unlabelled_paragraphs(lines)
    report = {UNLABELLED_KEY: 1} if paragraphs else {}
    return [(unlabelled, txt, None, None) for txt in paragraphs], [], report


def _read_txt(path: Path, data: bytes, unlabelled: str | None = None):
    text, enc = decode(data, path)
    raw, preamble, report = _labelled_or_unlabelled(text.split("\n"), unlabelled)
    return raw, enc, {}, preamble, report


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _paragraph_text(p) -> str:
    """A paragraph's text from its XML: runs inside tracked insertions, hyperlinks, fields and
    content controls count; a soft line break (Shift+Enter) is a line break, so "Participant:"
    after one starts a turn; tracked deletions (w:delText) and field instructions are not text.
    A text box's paragraphs are read on their own, not as part of the anchoring paragraph."""
    parts: list[str] = []
    for el in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"):
        owner = next(a for a in el.iterancestors() if a.tag == f"{W}p")
        if owner is not p:
            continue
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_rows(tbl) -> list[list[str]]:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        if next(a for a in tr.iterancestors() if a.tag == f"{W}tbl") is not tbl:
            continue  # a nested table's rows belong to its own cell
        cells = []
        for tc in tr.findall(f"{W}tc"):
            cells.append(_clean(" ".join(_paragraph_text(p) for p in tc.iter(f"{W}p"))))
        rows.append(cells)
    return rows


# A table cell that only holds a time or time range ("00:00:44", "[0:44]", "00:01:02.120 -->
# 00:01:09.400"): a transcript table's time column, dropped like a timestamp before a label.
_TIME = r"\[?\(?(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?\)?\]?"
TIME_CELL_RE = re.compile(rf"{_TIME}(?:\s*(?:-->|–|—|-|to)\s*{_TIME})?")


# Column names of a transcript table's header row ("Speaker | Time | Speech", "Name | Timestamp |
# Text"): the row is skipped, not read as a turn.
SPEAKER_COLUMNS = {"speaker", "speakers", "name", "who", "person", "role", "speaker name", "speaker label"}
TEXT_COLUMNS = {
    "speech", "text", "utterance", "transcript", "transcription", "content", "dialogue", "words",
    "what was said", "said", "turn", "message", "caption", "line",
}  # fmt: skip
OTHER_COLUMNS = {
    "time", "timestamp", "time stamp", "timecode", "time code", "start", "end", "start time",
    "end time", "duration", "#", "no", "no.", "number", "line no", "turn no", "id", "notes",
}  # fmt: skip
HEADER_WORDS = SPEAKER_COLUMNS | TEXT_COLUMNS | OTHER_COLUMNS


def column_name(cell: str) -> str:
    return _clean(cell).casefold().rstrip(":").strip()


def is_header_row(cells: list[str]) -> bool:
    """A transcript table's header row: every non-empty cell a column name, one of them the
    speaker's and one the speech's."""
    names = [column_name(c) for c in cells if c.strip()]
    return (
        len(names) >= 2
        and all(n in HEADER_WORDS for n in names)
        and any(n in SPEAKER_COLUMNS for n in names)
        and any(n in TEXT_COLUMNS for n in names)
    )


def _turn_table(rows: list[list[str]]) -> list[str] | None:
    """A table laid out as a transcript (speaker | [time |] speech, or one "Label: speech" cell
    per row: layouts of several transcription services) as "label: text" lines; None for a
    header table of key | value pairs ("Date | 3 March", "Interviewer | <their name>"). It is a
    transcript when every row's label is a speaker's (a role label, one that recurs, or one with
    a time cell between it and its words: speaker | time | speech) and a label recurs, or two
    different role labels ("Interviewer", "Participant") introduce speech (a sentence, not a
    short value)."""
    lines, labels, generic, speech = [], [], set(), False
    for cells in rows:
        cells = [c for c in cells if c]
        # a time column (speaker | time | speech, time | speaker | speech) is not speech
        timed = len(cells) >= 3 and any(TIME_CELL_RE.fullmatch(c) for c in cells[:-1])
        cells = [c for k, c in enumerate(cells) if k == len(cells) - 1 or not TIME_CELL_RE.fullmatch(c)]
        joined = f"{cells[0].rstrip(':')}: {' '.join(cells[1:])}" if len(cells) >= 2 else " ".join(cells)
        m = match_label(joined)
        if m is None:
            lines.append(" ".join(cells))
            continue
        labels.append(m[0].casefold())
        if is_role_label(m[0]) or split_label(m[0], _DEFAULT_LABELS)[1]:
            generic.add(m[0].casefold())  # a role label ("Therapist"), or a name qualified by one
        elif timed:
            generic.add(m[0].casefold())  # speaker | time | speech: a turn, not a key | value
        speech |= len(m[1].split()) >= 4 or m[1].rstrip().endswith(("?", ".", "!"))
        lines.append(f"{m[0]}: {m[1]}")
    counts = {lab: labels.count(lab) for lab in labels}
    speakers_only = all(lab in generic or counts[lab] > 1 for lab in labels)  # no "Date", "Place"
    repeats = any(c > 1 for c in counts.values())
    if len(labels) >= 2 and speakers_only and (repeats or (len(generic) >= 2 and speech)):
        return lines
    return None


def _docx_lines(body, report: dict) -> tuple[list[str], dict[str, str]]:
    """Every line of text in the body in document order: paragraphs (and text-box paragraphs),
    transcript tables as turns; header tables (key | value) become metadata, and the report
    counts their cells and the tracked deletions left out."""
    lines: list[str] = []
    metadata: dict[str, str] = {}
    for el in body.iter(f"{W}p", f"{W}tbl"):
        ancestors = list(el.iterancestors())
        if any(a.tag == f"{W}tbl" for a in ancestors):
            continue  # inside a table: read with the table
        if any(a.tag == f"{MC}Fallback" for a in ancestors):
            continue  # a text box's VML copy for old readers: its DrawingML copy was read
        if el.tag == f"{W}p":
            lines += _paragraph_text(el).split("\n")
            continue
        rows = _table_rows(el)
        header = bool(rows) and is_header_row(rows[0])
        turn_lines = _turn_table(rows[1:] if header else rows)
        if turn_lines is not None:
            lines += turn_lines
            read = len(rows) - header
            report["table rows read as turns"] = report.get("table rows read as turns", 0) + read
            if header:
                report["table header rows skipped"] = report.get("table header rows skipped", 0) + 1
            continue
        for cells in rows:
            if len(cells) >= 2 and cells[0]:
                metadata[cells[0].rstrip(":")] = " ".join(c for c in cells[1:] if c)
            n = sum(1 for c in cells if c)
            report["header table cells kept as metadata"] = (
                report.get("header table cells kept as metadata", 0) + n
            )
    deleted = sum(1 for _ in body.iter(f"{W}delText"))
    if deleted:
        report["tracked deletions left out"] = deleted
    return lines, metadata


def _read_docx(path: Path, data: bytes, unlabelled: str | None = None):
    """A .docx read as a zip of XML without trusting it (ingest_zip): limits checked before a
    part is unpacked, no DTD or entities, Strict Open XML read, forbidden characters removed."""
    from .ingest_zip import main_part, open_zip, parse_part, read_part

    with open_zip(path, ".docx") as zf:
        name = main_part(zf, path, ".docx", "word/document.xml", "/officeDocument")
        raw = read_part(zf, name, path, ".docx")
    if raw is None:
        raise InputError(path, "not a Word document (no main document part)", "save it from Word as .docx")
    report: dict = {}
    root = parse_part(raw, name, path, ".docx", report)
    body = root.find(f"{W}body")
    if root.tag != f"{W}document" or body is None:
        raise InputError(path, "not a Word document (no document body)", "save it from Word as .docx")
    lines, metadata = _docx_lines(body, report)
    raw, preamble, more = _labelled_or_unlabelled(lines, unlabelled)
    return raw, "docx", metadata, preamble, {**report, **more}


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


def _read_captions(path: Path, data: bytes, srt: bool, unlabelled: str | None = None):
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
        m = match_label(body)
        if m:
            pieces.append((m[0], _clean(m[1]), start, end))
        else:
            pieces.append((None, body, start, end))
    turns: list[list] = []
    report: dict = {}
    for speaker, body, start, end in pieces:
        if not body:
            report["empty captions"] = report.get("empty captions", 0) + 1
            continue
        if speaker is None and not turns:
            if unlabelled is None:
                raise InputError(
                    path,
                    "the first caption has no speaker",
                    "add '<v Name>' tags or 'Name:' at each speaker change, or set "
                    "ingest.unlabelled_role to read it as one speaker",
                )
            speaker = unlabelled
        if speaker is None or (turns and turns[-1][0] == speaker):
            turns[-1][1].append(body)
            turns[-1][3] = end
        else:
            turns.append([speaker, [body], start, end])
    if turns and unlabelled is not None and turns[0][0] == unlabelled:
        if all(sp is None for sp, *_ in pieces):
            report[UNLABELLED_KEY] = 1
        else:
            report[UNLABELLED_CUES_KEY] = next(i for i, (sp, *_) in enumerate(pieces) if sp is not None)
    return [(s, " ".join(b), st, en) for s, b, st, en in turns], enc, {}, [], report


def role_of(label: str, interviewer_labels: set[str]) -> str:
    """'interviewer' if the label (title and trailing number stripped, case-insensitive) is an
    interviewer label, or one of five letters or more mis-typed by a letter (two for 8+)."""
    if "@" in label:  # "euan.baird@uni.ac.uk": the address's name part
        label = _mail_name(label) or label
    norm = re.sub(r"\s*\d+$", "", label.casefold().strip().rstrip("."))  # "Interviewer 2" -> "interviewer"
    words = norm.split()
    if len(words) > 1 and words[0].rstrip(".") in TITLES:
        norm = " ".join(words[1:])
    if norm in interviewer_labels or label.casefold() in interviewer_labels:
        return "interviewer"
    return "interviewer" if _mistyped_label(norm, interviewer_labels) else "participant"


ROLE_WORDS_PATH = Path(__file__).resolve().parents[2] / "data" / "reference" / "cues" / "role_labels.txt"


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """The reference list of role words (`data/reference/cues/role_labels.txt`)."""
    lines = ROLE_WORDS_PATH.read_text(encoding="utf-8").split("\n")
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _mistyped_label(norm: str, interviewer_labels: set[str]) -> bool:
    """An interviewer label that is a role word ("interviewer", "moderator", a study's
    "therapist"; not a person's name) mis-typed by a letter, two for 8+ letters ("Interveiwer",
    "Moderater"), as de-identification keeps such role words. Not a role word itself
    ("Interviewee" is no typo of "Interviewer"), not as near another role word ("Interviewe"),
    and words under five letters ("int", "q") must be exact."""
    roles = _role_words()
    if len(norm) < 5 or not norm.isalpha() or norm in roles:
        return False
    for edits in (1, 2):
        close = {
            lab for lab in roles if len(lab) >= 5 and near(norm, lab, min(edits, 1 if len(lab) < 8 else 2))
        }
        if close:
            return all(lab in interviewer_labels for lab in close)
    return False


UNLABELLED_ROLES = ("participant", "interviewer", "refuse")
UNLABELLED_KEY = "read as one speaker (no speaker labels)"
UNLABELLED_CUES_KEY = "captions before the first speaker read as the default speaker"


def read_transcript(
    path: str | Path,
    interviewer_labels: list[str] | tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS,
    transcript_id: str | None = None,
    unlabelled_role: str = "participant",
) -> Transcript:
    """Parse one raw transcript into turns. Raises InputError with a one-line message.

    `unlabelled_role`: text with no speaker label at all (speech-recognition output, a single
    testimony) is read as one speaker, labelled and roled "Participant" or "Interviewer";
    "refuse" refuses it instead (as do captions whose first cue has no speaker)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in FORMATS:
        raise InputError(path, f"unsupported format '{ext}'", f"convert it to one of {', '.join(FORMATS)}")
    if unlabelled_role not in UNLABELLED_ROLES:
        raise InputError(
            "ingest.unlabelled_role",
            f"unknown value '{unlabelled_role}'",
            f"use one of {', '.join(UNLABELLED_ROLES)}",
        )
    unlabelled = None if unlabelled_role == "refuse" else unlabelled_role.capitalize()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found", "check the path and file name") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a transcript", "point to a transcript file") from None
    except PermissionError:
        raise InputError(path, "cannot be read (permission denied)", "make it readable by you") from None
    if ext == ".docx":
        if not data:
            raise InputError(path, "file is empty", "export the transcript again or remove the file")
        raw, enc, meta, preamble, report = _read_docx(path, data, unlabelled)
    elif ext in (".vtt", ".srt"):
        raw, enc, meta, preamble, report = _read_captions(path, data, ext == ".srt", unlabelled)
    elif ext in (".csv", ".xlsx"):
        from .ingest_tables import read_table

        if not data.strip():
            raise InputError(path, "file is empty", "export the transcript again or remove the file")
        raw, enc, meta, preamble, report = read_table(path, data, transcript_id, unlabelled)
    else:
        raw, enc, meta, preamble, report = _read_txt(path, data, unlabelled)
    if not raw:
        raise InputError(
            path,
            "no speaker turns found",
            "start each turn with a speaker label such as 'Interviewer:', 'P1:' or 'Jane Roe:' (any case)",
        )
    labels = {lab.casefold() for lab in interviewer_labels}
    raw, preamble, keyed = resolve_initials(raw, preamble, labels)
    split = {s: split_label(s, labels) for s, *_ in raw}
    split.update(keyed)
    if unlabelled is not None:
        split[unlabelled] = (unlabelled, unlabelled_role)
    canon = canonical_speakers([split[s][0] for s, *_ in raw])
    hints: dict[str, str] = {}  # a speaker's role as a qualifier said it ("(INTERVIEWER)")
    for s, *_ in raw:
        speaker, hint = split[s]
        if hint is not None:
            hints.setdefault(canon[speaker], hint)
    turns = []
    for i, (s, t, st, en) in enumerate(raw):
        speaker = canon[split[s][0]]
        role = hints.get(speaker) or role_of(speaker, labels)
        turns.append(Turn(speaker=speaker, role=role, text=t, order=i, start=st, end=en))
    by_speaker: dict[str, int] = {}
    for turn in turns:
        by_speaker[turn.speaker] = by_speaker.get(turn.speaker, 0) + 1
    report = {
        "turns": len(turns),
        "turns by speaker": dict(sorted(by_speaker.items())),
        "interviewer turns": sum(1 for t in turns if t.role == "interviewer"),
        "participant turns": sum(1 for t in turns if t.role == "participant"),
        "label spellings merged": sum(1 for k, v in canon.items() if k != v),
        "unlabelled lines kept as preamble": len(preamble),
        **report,
    }
    return Transcript(
        id=transcript_id or path.stem,
        source=path.name,
        format=ext.lstrip("."),
        encoding=enc,
        turns=turns,
        metadata=meta,
        preamble=preamble,
        report=report,
    )


# A line of a transcript's speaker key: "Participant: Jane Roe (JR)" or "Jane Roe (JR)" before
# the first turn, saying that the label "JR:" stands for Jane Roe.
KEY_NAME_RE = re.compile(rf"^(?P<name>{_WORD}(?:\s+{_WORD}){{1,3}})\s*\((?P<code>[A-Z]{{2,4}})\)\s*[.;,]?$")


def _initials(name: str) -> set[str]:
    """The initials a name is labelled by: of every word ("JAR" of "Jane Anne Roe"), of the
    first and last ("JR"), and with a hyphenated surname's parts ("JRS" of "Jane Roe-Smith")."""
    words = [w for w in name.split() if w[:1].isalpha()]
    parts = [p for w in words for p in w.split("-") if p[:1].isalpha()]
    out = {"".join(w[0] for w in words).upper(), "".join(p[0] for p in parts).upper()}
    if len(words) >= 2:
        out.add((words[0][0] + words[-1][0]).upper())
    return out


def resolve_initials(raw: list, preamble: list[str], interviewer_labels: set[str]):
    """A speaker key in the transcript's header ("Participant: Jane Roe (JR)") names the person
    an initials label stands for: the "JR:" turns are Jane Roe's (so de-identification replaces
    the label as the name it is, with the name's pseudonym), in the key line's role, and the key
    line is no turn of its own: it joins the preamble (private). Only initials that label turns
    and match the name's; otherwise nothing changes. Returns (raw, preamble, {name: (name, role)})."""
    speakers = {s for s, *_ in raw}
    keys: dict[str, tuple[str, str | None]] = {}
    drop: set[int] = set()
    for i, (s, t, *_) in enumerate(raw):
        m = KEY_NAME_RE.match(t.strip())
        if m is None or m.group("code") == s or m.group("code") not in speakers:
            continue
        role = _role_word(s, interviewer_labels)
        if role is not None and m.group("code") in _initials(m.group("name")):
            keys[m.group("code")] = (m.group("name"), role)
            drop.add(i)
    for line in preamble:
        m = KEY_NAME_RE.match(line.strip())
        if m and m.group("code") in speakers and m.group("code") in _initials(m.group("name")):
            keys.setdefault(m.group("code"), (m.group("name"), None))
    if not keys:
        return raw, preamble, {}
    kept = [r for i, r in enumerate(raw) if i not in drop]
    if not kept:
        return raw, preamble, {}
    preamble = [*preamble, *(f"{raw[i][0]}: {raw[i][1]}" for i in sorted(drop))]
    out = [(keys[s][0], *rest) if s in keys else (s, *rest) for s, *rest in kept]
    return out, preamble, {name: (name, role) for name, role in keys.values()}


def _speaker_key(label: str) -> str:
    return " ".join(re.sub(r"[.\s]+", " ", label).casefold().split())


def _mail_name(address: str) -> str:
    """The name an address spells: "jane.roe2@nhs.scot" -> "jane roe" (casefolded)."""
    local = re.sub(r"\d+", "", address.split("@", 1)[0])
    return " ".join(w for w in re.split(r"[._+\-]+", local.casefold()) if w)


def canonical_speakers(labels: list[str]) -> dict[str, str]:
    """One spelling per speaker within a transcript: "JANE ROE", "jane roe" and "Jane Roe" are
    one person (the mixed-case spelling wins, else the first seen), and an e-mail label whose
    address reads as a speaker's name ("jane.roe@…", "jane_roe2@…") is that speaker. Without
    this an unregistered ALL-CAPS speaker would get a second pseudonym."""
    first: dict[str, str] = {}
    for label in labels:
        key = _speaker_key(label)
        current = first.get(key)
        if current is None or (current.isupper() and not label.isupper()):
            first[key] = label
    names = {k: v for k, v in first.items() if "@" not in v}
    out = {}
    for label in labels:
        key = _speaker_key(label)
        if "@" in label:
            as_name = _mail_name(label)
            if as_name in names:
                out[label] = names[as_name]
                continue
        out[label] = first[key]
    return out


def ingest_file(
    src: str | Path,
    dest: str | Path,
    interviewer_labels,
    transcript_id: str | None = None,
    unlabelled_role: str = "participant",
) -> Transcript:
    """Parse `src` and write its turns as JSON to `dest` (private zone); the source is only read."""
    from .privacy.key import write_private  # 0600 in a 0700 folder whatever the umask

    transcript = read_transcript(src, interviewer_labels, transcript_id, unlabelled_role)
    if Path(dest).is_dir():
        raise InputError(dest, "is a folder, but the parsed transcript goes here", "remove it and rerun")
    write_private(dest, transcript.to_json())
    return transcript


def report_lines(transcript: Transcript) -> list[str]:
    """The per-transcript ingest report (private: it names speakers): turns per speaker, lines
    outside any turn, and everything left out or read as something other than speech."""
    out = [f"ingest report for {transcript.id} ({transcript.source}, {transcript.format})"]
    for key, value in transcript.report.items():
        if isinstance(value, dict):
            out.append(f"  {key}:")
            out += [f"    {k}\t{v}" for k, v in value.items()]
        else:
            out.append(f"  {key}\t{value}")
    return out


SUMMARY_KEYS = (
    "unlabelled lines kept as preamble",
    "label spellings merged",
    "table rows read as turns",
    "table header rows skipped",
    "header table cells kept as metadata",
    "tracked deletions left out",
    "empty captions",
    UNLABELLED_KEY,
    UNLABELLED_CUES_KEY,
    "control characters removed (not allowed in XML)",
    "table rows without text",
    "rows of other transcripts left out",
    "other worksheets not read",
)


def summarise(paths: list[str | Path]) -> str:
    """One short paragraph for the end of a run, counts only (never a name or a word of text)."""
    n = turns = interviewer = 0
    totals = dict.fromkeys(SUMMARY_KEYS, 0)
    flagged = 0
    for path in paths:
        try:
            report = json.loads(Path(path).read_text(encoding="utf-8")).get("report") or {}
        except (OSError, ValueError):
            continue
        n += 1
        turns += report.get("turns", 0)
        interviewer += report.get("interviewer turns", 0)
        notes = [k for k in SUMMARY_KEYS if report.get(k)]
        flagged += bool(notes)
        for k in notes:
            totals[k] += report[k]
    extra = "; ".join(f"{k}: {v}" for k, v in totals.items() if v)
    line = (
        f"ingest: {n} transcripts, {turns} turns ({interviewer} interviewer, "
        f"{turns - interviewer} participant)"
    )
    if extra:
        line += f"; {extra} (in {flagged} transcripts)"
    return line
