"""Fault injection and bad input (issue 13), written from the issue and the user-facing docs only.

Every case runs what users run (`coprod …`, `snakemake …` as subprocesses) on hostile or awkward
input built here, and checks the same four promises: correct output or ONE clear error line that
names the file (or archive member) and says how to fix it; no Python traceback; no partial output
left behind; every raw input byte-identical afterwards (sha256 before and after, in every test).

Two pipeline runs are used, both the session's shared ones from conftest (the fixture corpus under
umask 000, `chunked_run`, and the second bundled study, `peer_support_run`), plus one re-run after
a transcript is removed and another renamed; everything else is a standalone command on files
written by the test itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import BIN, CHUNKS_CONFIG, CORPUS, ROOT, background_run, clone_run, run_result, step_job

COPROD = str(BIN / "coprod")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1643846400", "PATH": f"{BIN}:/usr/bin:/bin"}
REGISTER = CORPUS / "register.yaml"
SENTINEL = "Zorblaxquint"  # planted in transcripts: must never reach an error line
# an error line "suggests a fix": it tells the user what to do
FIX = re.compile(
    r"\b(use|choose|pick|remove|delete|rename|move|point|pass|give|run|re-run|rerun|rebuild|restore|"
    r"fix|correct|edit|check|replace|write|add|label|split|convert|save|export|unpack|create|make|"
    r"set|list|keep|start|specify|try|resolve|supply|provide|drop|clean|re-export|re-save|put|"
    r"unzip|download|regenerate|repair|mark|separate|number|order|swap|store|copy|merge|give)\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def run(*args, cwd=None, umask=None, timeout=600) -> subprocess.CompletedProcess:
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    start = time.monotonic()
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=timeout,
        preexec_fn=preexec,
    )
    proc.elapsed = time.monotonic() - start
    return proc


def coprod(*args, **kw) -> subprocess.CompletedProcess:
    return run(COPROD, *args, **kw)


def digest(*paths: Path) -> dict[str, str]:
    """sha256 of every file under the given files/folders (links recorded as their target)."""
    out = {}
    for p in paths:
        p = Path(p)
        items = [p] if not p.is_dir() or p.is_symlink() else sorted(p.rglob("*"))
        for f in items:
            if f.is_symlink():
                out[str(f)] = "link:" + os.readlink(f)
            elif f.is_file():
                out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def digest_outputs(root: Path) -> dict[str, str]:
    """digest() of everything under root except lock files (not outputs)."""
    return {k: v for k, v in digest(root).items() if not k.endswith(".lock")}


def snapshot(root: Path) -> set[str]:
    """Every path under root (files, folders, links)."""
    return {str(p.relative_to(root)) for p in root.rglob("*")} if root.exists() else set()


def new_paths(root: Path, before: set[str]) -> set[str]:
    """Paths created under root since `before`, ignoring lock files (not outputs)."""
    return {p for p in snapshot(root) - before if not p.endswith(".lock")}


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]


def refused(proc, *names: str, forbid: tuple[str, ...] = ()) -> str:
    """Non-zero exit with exactly one non-empty stderr line naming `names` and suggesting a fix."""
    no_traceback(proc)
    assert proc.returncode != 0, (
        f"expected a refusal, got success:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}"
    )
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one error line, got {len(lines)}:\n{proc.stderr[-3000:]}"
    line = lines[0]
    for name in names:
        assert name in line, f"{name!r} not named in: {line}"
    assert FIX.search(line), f"no fix suggested in: {line}"
    for word in (SENTINEL, *forbid):
        assert word not in proc.stderr and word not in proc.stdout, f"{word!r} echoed: {line}"
    return line


def ok_or_refused(proc, *names: str, forbid: tuple[str, ...] = ()) -> bool:
    """Correct-output-or-one-line cases: True when it succeeded."""
    no_traceback(proc)
    if proc.returncode == 0:
        return True
    refused(proc, *names, forbid=forbid)
    return False


def ingest(path: Path) -> dict:
    proc = coprod("ingest", path)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def texts(doc: dict) -> str:
    return "\n".join(t["text"] for t in doc["turns"])


def turn_with(doc: dict, word: str) -> dict:
    hits = [t for t in doc["turns"] if word in t["text"]]
    assert hits, f"{word!r} is in no turn: {[t['text'] for t in doc['turns']]}"
    return hits[0]


def paragraphs(out_file: Path) -> list[tuple[str, str]]:
    """`Speaker: text` paragraphs of a de-identified transcript."""
    paras = []
    for block in out_file.read_text(encoding="utf-8").split("\n\n"):
        block = block.strip()
        if block:
            label, _, text = block.partition(": ")
            paras.append((label, text))
    return paras


def key_entries(key: Path) -> list[dict]:
    return json.loads(key.read_text(encoding="utf-8"))["entries"]


def write_key(path: Path, entries: list[dict]) -> Path:
    path.write_text(json.dumps({"format": "coprod-pseudonym-key/1", "entries": entries}, indent=1))
    return path


def person(original: str, pseudonym: str, kind: str = "PERSON") -> dict:
    return {"type": kind, "original": original, "pseudonym": pseudonym}


TXT = (
    "Interviewer: Thanks for coming in today, Jean Ferguson.\n\n"
    "Participant: I plan services in Kirkcaldy with Alan Baxter, and I say " + SENTINEL + " a lot.\n\n"
    "Interviewer: And co-production?\n\n"
    "Participant: It is a woolly word, honestly.\n"
)


@pytest.fixture
def study(tmp_path: Path) -> dict:
    """A raw folder (a transcript + a register) and the digest of it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TXT, encoding="utf-8")
    (raw / "b.txt").write_text(TXT.replace("Jean Ferguson", "Mairi Campbell"), encoding="utf-8")
    shutil.copyfile(REGISTER, raw / "register.yaml")
    return {"root": tmp_path, "raw": raw, "register": raw / "register.yaml", "hash": digest(raw)}


def deid(study: dict, *args, inputs=None, **kw):
    inputs = inputs if inputs is not None else [study["raw"] / "a.txt", study["raw"] / "b.txt"]
    return coprod("deidentify", "--register", study["register"], *args, *inputs, **kw)


# ---------------------------------------------------------------------------------------------
# .docx built from raw WordprocessingML
# ---------------------------------------------------------------------------------------------
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def R(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def P(*parts: str) -> str:
    return "<w:p>" + "".join(parts) + "</w:p>"


BR = "<w:r><w:br/></w:r>"
TRACK = 'w:author="Editor" w:date="2021-01-01T00:00:00Z"'


def INS(text: str, i: int = 1) -> str:
    return f'<w:ins w:id="{i}" {TRACK}>{R(text)}</w:ins>'


def DEL(text: str, i: int = 2) -> str:
    run = f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r>'
    return f'<w:del w:id="{i}" {TRACK}>{run}</w:del>'


def TXBX(text: str) -> str:
    """A modern Word text box: DrawingML choice plus the VML fallback (same text twice in the XML)."""
    content = f"<w:txbxContent>{P(R(text))}</w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="914400" cy="914400"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f'<v:shape id="tb1" type="#_x0000_t202"><v:textbox>{content}</v:textbox></v:shape>'
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def VML_TXBX(text: str) -> str:
    """An old-style (VML only) text box."""
    return (
        f'<w:r><w:pict><v:shape id="tb2" type="#_x0000_t202"><v:textbox><w:txbxContent>{P(R(text))}'
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )


def FIELD(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{R(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def SIMPLE_FIELD(instr: str, result: str) -> str:
    return f'<w:fldSimple w:instr=" {instr} ">{R(result)}</w:fldSimple>'


def TABLE(*rows: tuple[str, ...]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{P(R(c))}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{cells}</w:tbl>"


def write_docx(path: Path, body: str) -> Path:
    """A real .docx (python-docx package) whose document.xml body is `body`."""
    import docx

    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}'
        "<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts.items():
            zf.writestr(info, xml.encode() if info.filename == "word/document.xml" else data)
    return path


Q = P(R("Interviewer: What is your role?"))

DOCX_CASES = {
    # id: (body, words that must be in a participant turn, words that must be in no turn)
    "soft_break_then_participant_label": (
        P(R("Interviewer: What is your role?"), BR, R("Participant: I lead Alphaword planning.")),
        ["Alphaword"],
        [],
    ),
    "soft_break_inside_participant_speech": (
        Q + P(R("Participant: First line Betaword."), BR, R("second line Gammaword.")),
        ["Betaword", "Gammaword"],
        [],
    ),
    "carriage_return_element_then_label": (
        P(R("Interviewer: Any more?"), "<w:r><w:cr/></w:r>", R("Participant: Yes Deltaword.")),
        ["Deltaword"],
        [],
    ),
    "tab_between_label_and_speech": (
        Q + P(R("Participant:"), "<w:r><w:tab/></w:r>", R("Epsilonword in a tab layout.")),
        ["Epsilonword"],
        [],
    ),
    "tracked_insertion_kept": (
        Q + P(R("Participant: I plan "), INS("Insertedword services"), R(" locally.")),
        ["Insertedword"],
        [],
    ),
    "tracked_deletion_dropped": (
        Q + P(R("Participant: I plan "), DEL("Deletedword wrongly "), R("services Keptword.")),
        ["Keptword"],
        ["Deletedword"],
    ),
    "tracked_insert_and_delete_in_one_paragraph": (
        Q + P(R("Participant: We "), DEL("Oldword"), INS("Newword"), R(" the budget.")),
        ["Newword"],
        ["Oldword"],
    ),
    "tracked_move_to_kept_once": (
        Q
        + P(
            R("Participant: "),
            '<w:moveFrom w:id="5" ' + TRACK + "><w:r><w:delText>Movedword </w:delText></w:r></w:moveFrom>",
            R("we agreed "),
            '<w:moveTo w:id="6" ' + TRACK + ">" + R("Movedword") + "</w:moveTo>",
        ),
        ["Movedword"],
        [],
    ),
    "text_box_in_participant_paragraph": (
        Q + P(R("Participant: As the sign said, "), TXBX("Boxedword sign text")),
        ["Boxedword"],
        [],
    ),
    "vml_text_box": (
        Q + P(R("Participant: Old box "), VML_TXBX("Vmlboxword inside")),
        ["Vmlboxword"],
        [],
    ),
    "complex_field_result_kept_instruction_dropped": (
        Q + P(R("Participant: See page "), FIELD("PAGEREF Fieldinstrword \\h", "Fieldresultword"), R(".")),
        ["Fieldresultword"],
        ["Fieldinstrword", "PAGEREF"],
    ),
    "simple_field_result_kept": (
        Q + P(R("Participant: Dated "), SIMPLE_FIELD("DATE \\@ yyyy", "Simplefieldword"), R(" today.")),
        ["Simplefieldword"],
        ["DATE \\@"],
    ),
    "hyperlink_text_kept": (
        Q
        + P(R("Participant: Read "), '<w:hyperlink r:id="rId99">' + R("Linkword report") + "</w:hyperlink>"),
        ["Linkword"],
        [],
    ),
    "content_control_text_kept": (
        Q
        + P(
            R("Participant: Our "),
            "<w:sdt><w:sdtPr/><w:sdtContent>" + R("Sdtword team") + "</w:sdtContent></w:sdt>",
        ),
        ["Sdtword"],
        [],
    ),
    "table_speaker_column_layout": (
        TABLE(("Interviewer:", "What is your role?"), ("Participant:", "I lead Tablecellword work.")),
        ["Tablecellword"],
        [],
    ),
    "table_labelled_cells": (
        TABLE(("Interviewer: What is your role?",), ("Participant: Tablelabelword planning.",)),
        ["Tablelabelword"],
        [],
    ),
    "lower_case_labels_in_docx": (
        P(R("interviewer: what do you do?")) + P(R("participant: I plan Lowerdocxword services.")),
        ["Lowerdocxword"],
        [],
    ),
}


@pytest.mark.parametrize("case", sorted(DOCX_CASES), ids=sorted(DOCX_CASES))
def test_docx_speech_is_lossless(tmp_path, case):
    body, kept, dropped = DOCX_CASES[case]
    path = write_docx(tmp_path / f"{case}.docx", body)
    before = digest(path)
    doc = ingest(path)
    assert digest(path) == before
    speech = texts(doc)
    for word in kept:
        turn = turn_with(doc, word)
        assert turn["role"] == "participant", (word, turn)
        assert speech.count(word) == 1, f"{word!r} duplicated or lost: {speech!r}"
        assert "Participant" not in turn["text"] and "participant:" not in turn["text"], turn
    for word in dropped:
        assert word not in speech, f"{word!r} should have been dropped: {speech!r}"
    assert [t for t in doc["turns"] if t["role"] == "interviewer"], "the interviewer's turn is lost"


def test_docx_that_is_not_a_zip_is_one_line(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip " + SENTINEL.encode())
    before = digest(bad)
    refused(coprod("ingest", bad), "broken.docx")
    assert digest(bad) == before


def test_docx_without_labels_does_not_echo_speech(tmp_path):
    path = write_docx(tmp_path / "nolabels.docx", P(R(f"just prose about {SENTINEL} and nothing else")))
    before = digest(path)
    proc = coprod("ingest", path)
    if proc.returncode == 0:  # kept, then it must be somewhere in the output (reported)
        assert SENTINEL in proc.stdout
    else:
        refused(proc, "nolabels.docx")
    assert digest(path) == before


# ---------------------------------------------------------------------------------------------
# captions: SubRip and WebVTT per spec
# ---------------------------------------------------------------------------------------------
SRT_NO_BLANKS = (
    "1\n00:00:01,000 --> 00:00:03,000\nKirsty Fraser: Hello there.\n"
    "2\n00:00:03,500 --> 00:00:08,000\nMairi Campbell: I answer with Srtword.\n"
    "3\n00:00:08,500 --> 00:00:10,000\nKirsty Fraser: Thanks.\n"
)


@pytest.mark.parametrize(
    "newline,bom", [("\n", ""), ("\r\n", ""), ("\r\n", "\ufeff")], ids=["lf", "crlf", "crlf_bom"]
)
def test_srt_cues_without_blank_lines_split(tmp_path, newline, bom):
    path = tmp_path / "noblank.srt"
    path.write_bytes((bom + SRT_NO_BLANKS.replace("\n", newline)).encode("utf-8"))
    before = digest(path)
    doc = ingest(path)
    assert digest(path) == before
    turns = [(t["speaker"], t["text"].strip()) for t in doc["turns"]]
    assert turns == [
        ("Kirsty Fraser", "Hello there."),
        ("Mairi Campbell", "I answer with Srtword."),
        ("Kirsty Fraser", "Thanks."),
    ], turns
    assert [t["start"] for t in doc["turns"]] == [1.0, 3.5, 8.5]


def test_srt_numeric_speech_after_blank_line_is_speech(tmp_path):
    path = tmp_path / "numbers.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nKirsty Fraser: How many boards?\n\n"
        "2\n00:00:02,500 --> 00:00:03,000\nMairi Campbell: 42\n\n"
        "3\n00:00:03,500 --> 00:00:05,000\nKirsty Fraser: Right.\n",
        encoding="utf-8",
    )
    before = digest(path)
    doc = ingest(path)
    assert [t["text"].strip() for t in doc["turns"]] == ["How many boards?", "42", "Right."]
    assert digest(path) == before


BAD_TIMES = {
    "srt_backwards": ("srt", "1\n00:00:05,000 --> 00:00:03,000\nKirsty Fraser: Hello " + SENTINEL + ".\n", 2),
    "srt_minutes_61": (
        "srt",
        "1\n00:61:00,000 --> 00:62:00,000\nKirsty Fraser: Hello " + SENTINEL + ".\n",
        2,
    ),
    "srt_seconds_75": (
        "srt",
        "1\n00:00:75,000 --> 00:00:76,000\nKirsty Fraser: Hello " + SENTINEL + ".\n",
        2,
    ),
    "srt_second_cue_backwards": (
        "srt",
        "1\n00:00:01,000 --> 00:00:02,000\nKirsty Fraser: Fine.\n\n"
        "2\n00:00:09,000 --> 00:00:04,000\nMairi Campbell: " + SENTINEL + ".\n",
        6,
    ),
    "vtt_backwards": (
        "vtt",
        "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\n<v Kirsty Fraser>" + SENTINEL + "</v>\n",
        3,
    ),
    "vtt_minutes_99": (
        "vtt",
        "WEBVTT\n\n00:99:00.000 --> 01:00:00.000\n<v Kirsty Fraser>" + SENTINEL + "</v>\n",
        3,
    ),
    "vtt_short_form_seconds_75": (
        "vtt",
        "WEBVTT\n\n00:75.000 --> 00:76.000\n<v Kirsty Fraser>" + SENTINEL + "</v>\n",
        3,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TIMES), ids=sorted(BAD_TIMES))
def test_impossible_or_backwards_timestamps_refused_naming_the_line(tmp_path, case):
    ext, text, line_no = BAD_TIMES[case]
    path = tmp_path / f"{case}.{ext}"
    path.write_text(text, encoding="utf-8")
    before = digest(path)
    line = refused(coprod("ingest", path), path.name, forbid=("Kirsty", "Fraser", "Mairi"))
    assert re.search(rf"\b{line_no}\b", line), f"line {line_no} not named: {line}"
    assert digest(path) == before


VTT_ENTITIES = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Kirsty Fraser>Tell me about it.</v>\n\n"
    "00:00:03.500 --> 00:00:08.000\n"
    "<v Alan Baxter>Health &amp; care&nbsp;together, co&shy;production &lt;really&gt; &#39;works&#39;.</v>\n"
)


def check_entities(text: str) -> None:
    for raw in ("&amp;", "&nbsp;", "&shy;", "&lt;", "&gt;", "&#39;"):
        assert raw not in text, f"{raw} left in {text!r}"
    assert "Health & care" in text
    assert re.search("care[\u00a0 ]together", text), text
    assert re.search("co\u00ad?production", text), text
    assert "<really>" in text and "'works'" in text, text


def test_vtt_entities_decoded_in_ingest(tmp_path):
    path = tmp_path / "entities.vtt"
    path.write_text(VTT_ENTITIES, encoding="utf-8")
    before = digest(path)
    check_entities(turn_with(ingest(path), "Health")["text"])
    assert digest(path) == before


def test_vtt_entities_not_left_in_shareable_text(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "entities.vtt"
    path.write_text(VTT_ENTITIES, encoding="utf-8")
    shutil.copyfile(REGISTER, raw / "register.yaml")
    before = digest(raw)
    proc = coprod(
        "deidentify",
        "--register",
        raw / "register.yaml",
        "--key",
        tmp_path / "k.json",
        "--out",
        tmp_path / "out",
        path,
    )
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "out" / "t001.txt").read_text(encoding="utf-8")
    check_entities(out)
    assert "Alan Baxter" not in out
    assert digest(raw) == before


def test_vtt_cue_settings_notes_and_styles_are_not_speech(tmp_path):
    path = tmp_path / "settings.vtt"
    path.write_text(
        "WEBVTT - Teams export\nKind: captions\n\nSTYLE\n::cue { color: red }\n\n"
        "NOTE this is a Notewordy comment\n\n"
        "intro\n00:00:01.000 --> 00:00:03.000 align:start position:10% line:0\n"
        "<v Kirsty Fraser><i>Welcome</i> along.</v>\n\n"
        "00:00:03.500 --> 00:00:06.000\n<v Alan Baxter>Settingsword answer.</v>\n",
        encoding="utf-8",
    )
    before = digest(path)
    doc = ingest(path)
    speech = texts(doc)
    assert "Settingsword" in speech and "Welcome along." in speech
    for junk in ("align:", "position:", "Notewordy", "color", "-->", "<i>"):
        assert junk not in speech, junk
    assert digest(path) == before


ARROW_IDS = {
    "identifier_with_arrow_and_name": (
        "WEBVTT\n\nQuentin Arbuthnott --> said\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hello.</v>\n"
    ),
    "timing_line_with_name_instead_of_time": (
        "WEBVTT\n\n00:00:01.000 --> Quentin Arbuthnott\n<v Interviewer>Hello.</v>\n"
    ),
    "srt_timing_line_with_name": "1\n00:00:01,000 --> Quentin Arbuthnott\nInterviewer: Hello.\n",
}


@pytest.mark.parametrize("case", sorted(ARROW_IDS), ids=sorted(ARROW_IDS))
def test_cue_line_with_arrow_does_not_echo_the_name(tmp_path, case):
    path = tmp_path / ("cues.srt" if case.startswith("srt") else "cues.vtt")
    path.write_text(ARROW_IDS[case], encoding="utf-8")
    before = digest(path)
    proc = coprod("ingest", path)
    if ok_or_refused(proc, path.name, forbid=("Quentin", "Arbuthnott")):
        doc = json.loads(proc.stdout)
        assert "Arbuthnott" not in texts(doc), "a cue identifier became speech"
    assert digest(path) == before


# ---------------------------------------------------------------------------------------------
# speaker labels
# ---------------------------------------------------------------------------------------------
LABELS = {
    "lower_case": ("interviewer", "participant"),
    "upper_case": ("INTERVIEWER", "PARTICIPANT"),
    "lower_short_forms": ("int", "respondent"),
    "mixed_case": ("InterViewer", "pArticipant"),
}


@pytest.mark.parametrize("case", sorted(LABELS), ids=sorted(LABELS))
def test_labels_are_case_insensitive(tmp_path, case):
    iv, pt = LABELS[case]
    path = tmp_path / f"{case}.txt"
    path.write_text(
        f"{iv}: What do you do?\n\n{pt}: I plan Labelword services.\n\n{iv}: Thanks.\n", encoding="utf-8"
    )
    before = digest(path)
    doc = ingest(path)
    assert [t["role"] for t in doc["turns"]] == ["interviewer", "participant", "interviewer"]
    assert turn_with(doc, "Labelword")["text"].strip() == "I plan Labelword services."
    assert digest(path) == before


MAIL_LABELS = {
    "email_label": "jean.ferguson@fife.gov.uk",
    "name_and_mail_label": "Jean Ferguson <jean.ferguson@fife.gov.uk>",
}
MAIL_TXT = (
    "Interviewer: What is your role?\n\n{label}: I lead marmalade planning.\n\n"
    "Interviewer: And?\n\n{label}: More lighthouse work.\n"
)


@pytest.mark.parametrize("case", sorted(MAIL_LABELS), ids=sorted(MAIL_LABELS))
def test_mail_labels_are_that_speaker_in_ingest(tmp_path, case):
    path = tmp_path / "mail.txt"
    path.write_text(MAIL_TXT.format(label=MAIL_LABELS[case]), encoding="utf-8")
    before = digest(path)
    doc = ingest(path)
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    for word in ("marmalade", "lighthouse"):
        turn = turn_with(doc, word)
        assert turn["role"] != "interviewer" and turn["speaker"] != "Interviewer", turn
        assert "jean.ferguson" in turn["speaker"].lower() or "Jean Ferguson" in turn["speaker"], turn
        assert "@" not in turn["text"] and "<" not in turn["text"], turn
    assert digest(path) == before


@pytest.mark.parametrize("case", sorted(MAIL_LABELS), ids=sorted(MAIL_LABELS))
def test_mail_labels_are_that_speaker_after_deidentify(tmp_path, case):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mail.txt").write_text(MAIL_TXT.format(label=MAIL_LABELS[case]), encoding="utf-8")
    before = digest(raw)
    proc = coprod(
        "deidentify",
        "--register",
        REGISTER,
        "--key",
        tmp_path / "k.json",
        "--out",
        tmp_path / "out",
        raw / "mail.txt",
    )
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    paras = paragraphs(tmp_path / "out" / "t001.txt")
    labels = {label for label, text in paras if "marmalade" in text or "lighthouse" in text}
    assert len(labels) == 1 and "Interviewer" not in labels, paras
    out = (tmp_path / "out" / "t001.txt").read_text()
    assert "fife.gov.uk" not in out and "Ferguson" not in out
    assert digest(raw) == before


@pytest.mark.parametrize("caps_first", [True, False], ids=["caps_first", "title_case_first"])
def test_all_caps_unregistered_speaker_gets_one_pseudonym(tmp_path, caps_first):
    raw = tmp_path / "raw"
    raw.mkdir()
    forms = ["HAMISH DRUMMOND", "Hamish Drummond"] if caps_first else ["Hamish Drummond", "HAMISH DRUMMOND"]
    (raw / "caps.txt").write_text(
        f"Interviewer: What is your role?\n\n{forms[0]}: I lead marmalade planning.\n\n"
        f"Interviewer: And then?\n\n{forms[1]}: We grew lighthouse services.\n",
        encoding="utf-8",
    )
    before = digest(raw)
    key = tmp_path / "k.json"
    proc = coprod(
        "deidentify", "--register", REGISTER, "--key", key, "--out", tmp_path / "out", raw / "caps.txt"
    )
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    paras = paragraphs(tmp_path / "out" / "t001.txt")
    labels = {label for label, text in paras if "marmalade" in text or "lighthouse" in text}
    assert len(labels) == 1, f"two pseudonyms for one speaker: {paras}"
    assert not [label for label in labels if "hamish" in label.lower() or "drummond" in label.lower()]
    pseudonyms = {e["pseudonym"] for e in key_entries(key) if "drummond" in e["original"].lower()}
    assert len(pseudonyms) == 1, pseudonyms
    assert digest(raw) == before


TITLES = {
    "mr_x5000": "Mr " * 5000,
    "mr_dot_x5000": "Mr. " * 5000,
    "dr_mrs_alternating_x5000": "Dr Mrs " * 2500,
    "mr_x5000_no_spaces_hyphenated": "Mr-" * 5000 + "Smith ",
}


@pytest.mark.parametrize("case", sorted(TITLES), ids=sorted(TITLES))
def test_line_of_repeated_titles(tmp_path, case):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "titles.txt").write_text(
        f"Interviewer: Who?\n\nParticipant: {TITLES[case]}Ferguson said so.\n", encoding="utf-8"
    )
    before = digest(raw)
    proc = coprod(
        "deidentify",
        "--register",
        REGISTER,
        "--key",
        tmp_path / "k.json",
        "--out",
        tmp_path / "out",
        raw / "titles.txt",
        timeout=120,
    )
    if ok_or_refused(proc, "titles.txt"):
        assert "Ferguson" not in (tmp_path / "out" / "t001.txt").read_text()
    else:
        assert not (tmp_path / "out").exists() and not (tmp_path / "k.json").exists()
    assert proc.elapsed < 60, f"{proc.elapsed:.0f} s"
    assert digest(raw) == before


def test_line_of_repeated_titles_as_a_speaker_label(tmp_path):
    path = tmp_path / "label.txt"
    path.write_text("Interviewer: Who?\n\n" + "Mr " * 5000 + "Ferguson: said so.\n", encoding="utf-8")
    before = digest(path)
    proc = coprod("ingest", path, timeout=120)
    ok_or_refused(proc, "label.txt")
    assert digest(path) == before


# ---------------------------------------------------------------------------------------------
# error lines never echo transcript text
# ---------------------------------------------------------------------------------------------
ECHO_CASES = {
    "txt_without_labels": ("t.txt", f"Just a paragraph about {SENTINEL} without speakers.\n"),
    "txt_label_only": ("t.txt", f"{SENTINEL}:\n"),
    "srt_garbled_timing": ("t.srt", f"1\n00:00:0x,000 --> 00:00:02,000\nInterviewer: {SENTINEL}\n"),
    "srt_text_before_any_timing": ("t.srt", f"Interviewer: {SENTINEL} spoke first\n"),
    "vtt_garbled_timing": (
        "t.vtt",
        f"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\n<v Interviewer>{SENTINEL}</v>\n",
    ),
    "vtt_missing_header": ("t.vtt", f"00:00:01.000 --> 00:00:02.000\n<v Interviewer>{SENTINEL}</v>\n"),
}


@pytest.mark.parametrize("case", sorted(ECHO_CASES), ids=sorted(ECHO_CASES))
def test_error_lines_never_echo_transcript_text(tmp_path, case):
    name, text = ECHO_CASES[case]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_text(text, encoding="utf-8")
    before = digest(raw)
    for proc in (
        coprod("ingest", raw / name),
        coprod(
            "deidentify",
            "--register",
            REGISTER,
            "--key",
            tmp_path / "k.json",
            "--out",
            tmp_path / "out",
            raw / name,
        ),
    ):
        no_traceback(proc)
        assert SENTINEL not in proc.stderr
        if proc.returncode != 0:
            refused(proc, name)
    assert digest(raw) == before


def test_deidentify_refusal_of_a_bad_transcript_writes_nothing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(TXT, encoding="utf-8")
    (raw / "bad.srt").write_text(
        f"1\n00:00:05,000 --> 00:00:01,000\nInterviewer: {SENTINEL}\n", encoding="utf-8"
    )
    before, tree = digest(raw), snapshot(tmp_path)
    proc = coprod(
        "deidentify",
        "--register",
        REGISTER,
        "--key",
        tmp_path / "k.json",
        "--out",
        tmp_path / "out",
        raw / "good.txt",
        raw / "bad.srt",
    )
    refused(proc, "bad.srt")
    assert new_paths(tmp_path, tree) == set()
    assert digest(raw) == before


# ---------------------------------------------------------------------------------------------
# inputs are read-only: output paths onto inputs, files, folders
# ---------------------------------------------------------------------------------------------
def _out_input_folder(s):
    return ["--key", s["root"] / "k.json", "--out", s["raw"]], None, "raw"


def _out_input_folder_relative(s):
    return ["--key", s["root"] / "k.json", "--out", "."], s["raw"], None


def _out_input_folder_dotdot(s):
    return ["--key", s["root"] / "k.json", "--out", s["raw"] / ".." / "raw"], None, "raw"


def _out_input_folder_symlink(s):
    (s["root"] / "alias").symlink_to(s["raw"], target_is_directory=True)
    return ["--key", s["root"] / "k.json", "--out", s["root"] / "alias"], None, "alias"


def _out_register_folder(s):
    other = s["root"] / "reg"
    other.mkdir()
    shutil.move(s["register"], other / "register.yaml")
    s["register"] = other / "register.yaml"
    s["hash"] = digest(s["raw"], other)
    return ["--key", s["root"] / "k.json", "--out", other], None, "reg"


def _out_is_input_file(s):
    return ["--key", s["root"] / "k.json", "--out", s["raw"] / "a.txt"], None, "a.txt"


def _out_is_existing_file(s):
    (s["root"] / "out.txt").write_text("keep me\n")
    return ["--key", s["root"] / "k.json", "--out", s["root"] / "out.txt"], None, "out.txt"


def _output_path_is_folder(s):
    (s["root"] / "out" / "t002.txt").mkdir(parents=True)
    return ["--key", s["root"] / "k.json", "--out", s["root"] / "out"], None, "t002.txt"


def _key_is_input_file(s):
    return ["--key", s["raw"] / "a.txt", "--out", s["root"] / "out"], None, "a.txt"


def _key_is_register(s):
    return ["--key", s["register"], "--out", s["root"] / "out"], None, "register.yaml"


def _review_is_input_file(s):
    return (
        ["--key", s["root"] / "k.json", "--out", s["root"] / "out", "--review", s["raw"] / "b.txt"],
        None,
        "b.txt",
    )


def _review_is_folder(s):
    (s["root"] / "rev").mkdir()
    return (
        ["--key", s["root"] / "k.json", "--out", s["root"] / "out", "--review", s["root"] / "rev"],
        None,
        "rev",
    )


def _key_is_folder(s):
    (s["root"] / "keydir").mkdir()
    return ["--key", s["root"] / "keydir", "--out", s["root"] / "out"], None, "keydir"


def _key_is_symlink(s):
    real = s["root"] / "real"
    real.mkdir()
    write_key(real / "key.json", [person("Jean Ferguson", "Person 1")])
    (s["root"] / "key.json").symlink_to(real / "key.json")
    return ["--key", s["root"] / "key.json", "--out", s["root"] / "out"], None, "key.json"


def _key_is_dangling_symlink(s):
    (s["root"] / "key.json").symlink_to(s["root"] / "nowhere" / "key.json")
    return ["--key", s["root"] / "key.json", "--out", s["root"] / "out"], None, "key.json"


OUTPUT_CASES = {
    "out_is_input_folder": _out_input_folder,
    "out_is_input_folder_relative_dot": _out_input_folder_relative,
    "out_is_input_folder_via_dotdot": _out_input_folder_dotdot,
    "out_is_input_folder_via_symlink": _out_input_folder_symlink,
    "out_is_register_folder": _out_register_folder,
    "out_is_input_file": _out_is_input_file,
    "out_is_existing_file": _out_is_existing_file,
    "output_path_is_a_folder": _output_path_is_folder,
    "key_is_input_file": _key_is_input_file,
    "key_is_register": _key_is_register,
    "review_is_input_file": _review_is_input_file,
    "review_is_folder": _review_is_folder,
    "key_is_folder": _key_is_folder,
    "key_is_symlink": _key_is_symlink,
    "key_is_dangling_symlink": _key_is_dangling_symlink,
}


@pytest.mark.parametrize("case", sorted(OUTPUT_CASES), ids=sorted(OUTPUT_CASES))
def test_deidentify_refuses_bad_output_paths(study, case):
    args, cwd, named = OUTPUT_CASES[case](study)
    root = study["root"]
    inputs = digest(study["raw"], study["register"])
    assert inputs == {**study["hash"], **digest(study["register"])}
    everything, tree = digest_outputs(root), snapshot(root)  # inputs and any pre-existing target
    proc = deid(study, *args, cwd=cwd)
    refused(proc, *([named] if named else []))
    assert new_paths(root, tree) == set(), f"partial output left behind: {new_paths(root, tree)}"
    assert digest_outputs(root) == everything
    assert digest(study["raw"], study["register"]) == inputs  # strict: not even a lock file in there


# ---------------------------------------------------------------------------------------------
# the pseudonym key
# ---------------------------------------------------------------------------------------------
GAP_TXT = (
    "Interviewer: Hello Jean Ferguson and Alan Baxter.\n\n"
    "Participant: I work with Mairi Campbell and Rhona Kerr, in Kirkcaldy, Lochee and Fife.\n"
)


@pytest.mark.parametrize(
    "kind,existing,new_originals,expected_new",
    [
        (
            "PERSON",
            [("Jean Ferguson", "Person 1"), ("Alan Baxter", "Person 3")],
            ["Mairi Campbell", "Rhona Kerr"],
            {"Person 4", "Person 5"},
        ),
        (
            "PERSON",
            [("Jean Ferguson", "Person 7")],
            ["Alan Baxter", "Mairi Campbell", "Rhona Kerr"],
            {"Person 8", "Person 9", "Person 10"},
        ),
        ("PLACE", [("Kirkcaldy", "Place 2"), ("Lochee", "Place 5")], ["Fife"], {"Place 6"}),
    ],
    ids=["person_gap_1_3", "person_starts_at_7", "place_gap_2_5"],
)
def test_key_with_gaps_numbers_from_max_plus_one(tmp_path, kind, existing, new_originals, expected_new):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gap.txt").write_text(GAP_TXT, encoding="utf-8")
    before = digest(raw)
    key = write_key(tmp_path / "key.json", [person(o, p, kind) for o, p in existing])
    proc = coprod(
        "deidentify", "--register", REGISTER, "--key", key, "--out", tmp_path / "out", raw / "gap.txt"
    )
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    entries = key_entries(key)
    pseudonyms = [e["pseudonym"] for e in entries]
    assert len(pseudonyms) == len(set(pseudonyms)), f"duplicate pseudonyms: {pseudonyms}"
    by_original = {e["original"]: e["pseudonym"] for e in entries if e["type"] == kind}
    for original, pseudonym in existing:
        assert by_original[original] == pseudonym  # append-only
    assert {by_original[o] for o in new_originals} == expected_new, by_original
    assert digest(raw) == before


BAD_KEYS = {
    "two_originals_share_a_pseudonym": [
        person("Jean Ferguson", "Person 1"),
        person("Alan Baxter", "Person 1"),
    ],
    "empty_original": [person("Jean Ferguson", "Person 1"), person("", "Person 2")],
    "blank_original": [person("Jean Ferguson", "Person 1"), person("   ", "Person 2")],
    "same_original_twice": [person("Jean Ferguson", "Person 1"), person("Jean Ferguson", "Person 2")],
    "entry_without_pseudonym": [{"type": "PERSON", "original": "Jean Ferguson"}],
}


@pytest.mark.parametrize("case", sorted(BAD_KEYS), ids=sorted(BAD_KEYS))
def test_corrupt_key_entries_refused(study, case):
    key = write_key(study["root"] / "key.json", BAD_KEYS[case])
    key_hash, tree = digest(key), snapshot(study["root"])
    proc = deid(study, "--key", key, "--out", study["root"] / "out")
    refused(proc, "key.json", forbid=("Jean Ferguson",))
    assert digest(key) == key_hash and new_paths(study["root"], tree) == set()
    assert digest(study["raw"]) == study["hash"]


@pytest.mark.parametrize(
    "content",
    ["{ not json", '{"format": "coprod-pseudonym-key/1", "entries": [', "[1, 2, 3]", "\x00\xff binary"],
    ids=["garbage", "truncated", "wrong_shape", "binary"],
)
def test_unreadable_key_refused(study, content):
    key = study["root"] / "key.json"
    key.write_bytes(content.encode("latin-1"))
    key_hash, tree = digest(key), snapshot(study["root"])
    refused(deid(study, "--key", key, "--out", study["root"] / "out"), "key.json")
    assert digest(key) == key_hash and new_paths(study["root"], tree) == set()
    assert digest(study["raw"]) == study["hash"]


def test_key_symlink_target_untouched(study):
    real = study["root"] / "real" / "key.json"
    real.parent.mkdir()
    write_key(real, [person("Jean Ferguson", "Person 1")])
    link = study["root"] / "key.json"
    link.symlink_to(real)
    target_hash = digest(real)
    refused(deid(study, "--key", link, "--out", study["root"] / "out"), "key.json")
    assert link.is_symlink() and os.readlink(link) == str(real) and digest(real) == target_hash
    assert digest(study["raw"]) == study["hash"]


def test_key_write_leaves_no_temporary_file_and_is_0600(study):
    key = study["root"] / "keys" / "key.json"
    key.parent.mkdir()
    write_key(key, [person("Jean Ferguson", "Person 1")])
    key.chmod(0o644)
    proc = deid(study, "--key", key, "--out", study["root"] / "out")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in key.parent.iterdir() if not p.name.endswith(".lock")] == ["key.json"]
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert {e["original"]: e["pseudonym"] for e in key_entries(key)}["Jean Ferguson"] == "Person 1"
    assert digest(study["raw"]) == study["hash"]


def test_private_modes_under_umask_000(study):
    root = study["root"]
    key = root / "private" / "key" / "key.json"
    review = root / "private" / "review" / "replacements.tsv"
    proc = deid(study, "--key", key, "--review", review, "--out", root / "out", umask=0)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    modes = {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in (key, review)}
    modes |= {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in (key.parent, review.parent)}
    assert modes == {
        "private/key/key.json": 0o600,
        "private/review/replacements.tsv": 0o600,
        "private/key": 0o700,
        "private/review": 0o700,
    }
    assert digest(study["raw"]) == study["hash"]


CONCURRENT_PEOPLE = [
    ("Morag Dalgleish", "Euan Tennant"),
    ("Catriona Munro", "Fergus Lennox"),
    ("Iona Sutherland", "Callum Brodie"),
    ("Shona Macaulay", "Angus Rattray"),
    ("Eilidh Cowan", "Duncan Imrie"),
    ("Kirsteen Laing", "Gregor Petrie"),
    ("Ailsa Mathieson", "Ruaridh Gow"),
    ("Fiona Strachan", "Hector Baird"),
]


def test_eight_concurrent_runs_on_one_key(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    everyone = [n for pair in CONCURRENT_PEOPLE for n in pair]
    (raw / "register.yaml").write_text(
        "people:\n" + "".join(f'  - {{name: "{n}", aliases: [], role: participant}}\n' for n in everyone)
    )
    for i, (a, b) in enumerate(CONCURRENT_PEOPLE):
        (raw / f"c{i}.txt").write_text(
            f"Interviewer: Hello {a}, thanks for coming.\n\nParticipant: I work with {b} every week.\n"
        )
    before = digest(raw)
    key = tmp_path / "private" / "key.json"
    procs = [
        subprocess.Popen(
            [
                COPROD,
                "deidentify",
                "--register",
                str(raw / "register.yaml"),
                "--key",
                str(key),
                "--out",
                str(tmp_path / f"out{i}"),
                str(raw / f"c{i}.txt"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for i in range(len(CONCURRENT_PEOPLE))
    ]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    for rc, out, err in results:
        assert "Traceback" not in out + err and rc == 0, err
    entries = [e for e in key_entries(key) if e["type"] == "PERSON"]
    mapping = {e["original"]: e["pseudonym"] for e in entries}
    assert set(everyone) <= set(mapping), f"lost entries: {set(everyone) - set(mapping)}"
    pseudonyms = [e["pseudonym"] for e in key_entries(key)]
    assert len(pseudonyms) == len(set(pseudonyms)), f"two people share a pseudonym: {pseudonyms}"
    for i, (a, b) in enumerate(CONCURRENT_PEOPLE):  # each output uses the key's pseudonyms
        out = (tmp_path / f"out{i}" / "t001.txt").read_text()
        assert f"[{mapping[a]}]" in out and f"[{mapping[b]}]" in out, out
    assert digest(raw) == before


# ---------------------------------------------------------------------------------------------
# YAML: alias bombs and duplicate keys (register and config)
# ---------------------------------------------------------------------------------------------
def bomb_list() -> str:
    levels = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "[" + ", ".join(levels) + "]"


REGISTERS = {
    "register_alias_bomb_in_aliases": 'people:\n  - name: "Ewan Tulloch"\n    aliases: ' + bomb_list() + "\n",
    "register_alias_bomb_top_level": "bomb: "
    + bomb_list()
    + '\npeople:\n  - {name: "Ewan Tulloch", aliases: []}\n',
    "register_duplicate_top_level_key": (
        'people:\n  - {name: "Ewan Tulloch"}\npeople:\n  - {name: "Iona Bell"}\n'
    ),
    "register_duplicate_key_in_person": (
        'people:\n  - {name: "Ewan Tulloch", name: "Iona Bell", aliases: []}\n'
    ),
    "register_duplicate_key_in_block_person": (
        'people:\n  - name: "Ewan Tulloch"\n    role: participant\n    role: interviewer\n'
    ),
    "register_not_yaml": 'people:\n  - {name: "Ewan Tulloch"\n\t- broken: [\n',
}


@pytest.mark.parametrize("case", sorted(REGISTERS), ids=sorted(REGISTERS))
def test_hostile_register_refused_fast(study, case):
    study["register"].write_text(REGISTERS[case])
    study["hash"] = digest(study["raw"])
    tree = snapshot(study["root"])
    proc = deid(study, "--key", study["root"] / "k.json", "--out", study["root"] / "out", timeout=60)
    refused(proc, "register.yaml", forbid=("lol",))
    assert proc.elapsed < 5, f"took {proc.elapsed:.1f} s"
    assert new_paths(study["root"], tree) == set()
    assert digest(study["raw"]) == study["hash"]


CONFIGS = {
    "config_alias_bomb": "corpus:\n  name: bombed\ndeidentify:\n  allow: " + bomb_list() + "\n",
    "config_duplicate_top_level_key": "corpus:\n  name: one\ncorpus:\n  name: two\n",
    "config_duplicate_nested_key": "corpus:\n  name: one\n  name: two\n",
}


@pytest.mark.parametrize("case", sorted(CONFIGS), ids=sorted(CONFIGS))
def test_hostile_config_refused_fast(tmp_path, case):
    cfg = tmp_path / "study.yaml"
    cfg.write_text(CONFIGS[case])
    before, tree = digest(cfg), snapshot(tmp_path)
    proc = coprod("archive", "--config", cfg, "--out", tmp_path / "a.zip", cwd=tmp_path, timeout=60)
    refused(proc, "study.yaml", forbid=("lol",))
    assert proc.elapsed < 5, f"took {proc.elapsed:.1f} s"
    assert new_paths(tmp_path, tree) == set() and digest(cfg) == before


# ---------------------------------------------------------------------------------------------
# .gitignore: a new study's raw data is never committed; the bundled examples stay tracked
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path,ignored",
    [
        ("data/raw/mystudy/interview01.txt", True),
        ("data/raw/mystudy/register.yaml", True),
        ("data/raw/Another Study/sub/x.docx", True),
        ("data/raw/example_new/t01.txt", True),
        ("data/raw/example/t01.docx", False),
        ("data/raw/peer_support/pw01.txt", False),
    ],
    ids=[
        "new_study_txt",
        "new_study_register",
        "nested_spaced_folder",
        "prefix_of_example",
        "bundled_example",
        "bundled_second_study",
    ],
)
def test_gitignore_covers_new_raw_study_folders(path, ignored):
    before = digest(ROOT / ".gitignore")
    proc = run("git", "-C", ROOT, "check-ignore", "--no-index", "-q", path)
    assert proc.returncode == (0 if ignored else 1), (path, proc.stderr)
    assert digest(ROOT / ".gitignore") == before


# ---------------------------------------------------------------------------------------------
# the pipeline, the reviewer archive, unpack, verify-archive, stale outputs
# ---------------------------------------------------------------------------------------------
FIXTURE_CFG = "tests/fixtures/corpus/config.yaml"


@pytest.fixture(scope="module")
def built(chunked_run, tmp_path_factory) -> dict:
    """The fixture corpus, run end to end under umask 000 (pipeline run 1 of 2: the session's
    shared run, conftest.chunked_run, which also has 3 ingest chunks on 1 core; copied, modes kept;
    its fixture fails on a non-zero exit or a traceback)."""
    root = clone_run(chunked_run, tmp_path_factory.mktemp("built") / "w")
    raw = root / "tests" / "fixtures" / "corpus"
    before = digest(raw)
    # the run left its copy of the raw corpus byte-identical to the repository's
    assert before == {k.replace(str(CORPUS), str(raw)): v for k, v in digest(CORPUS).items()}
    return {"root": root, "raw": raw, "hash": before}


@pytest.fixture(scope="module")
def archived(built, tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("archived")
    zip_path = base / "archive.zip"
    proc = coprod("archive", "--config", FIXTURE_CFG, "--out", zip_path, cwd=built["root"])
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    unpacked = base / "unpacked"
    proc = coprod("unpack", zip_path, unpacked)
    assert proc.returncode == 0, proc.stderr
    return {"zip": zip_path, "unpacked": unpacked}


@pytest.mark.parametrize("what", ["folders_0700", "files_0600"])
def test_pipeline_private_zone_modes_under_umask_000(built, what):
    private = built["root"] / "private"
    paths = [private, *private.rglob("*")]
    if what == "folders_0700":
        bad = {
            str(p): oct(stat.S_IMODE(p.stat().st_mode))
            for p in paths
            if p.is_dir()
            if stat.S_IMODE(p.stat().st_mode) != 0o700
        }
    else:
        bad = {
            str(p.relative_to(private)): oct(stat.S_IMODE(p.stat().st_mode))
            for p in paths
            if p.is_file()
            if stat.S_IMODE(p.stat().st_mode) != 0o600
        }
    assert not bad, bad
    assert digest(built["raw"]) == built["hash"]


def test_sha256sums_covers_every_archive_member(archived, built):
    with zipfile.ZipFile(archived["zip"]) as zf:
        members = {n for n in zf.namelist() if not n.endswith("/")} - {"SHA256SUMS"}
        sums = zf.read("SHA256SUMS").decode()
    listed = {line.split(maxsplit=1)[1].strip() for line in sums.splitlines() if line.strip()}
    assert members - listed == set(), f"members not checked: {sorted(members - listed)[:10]}"
    assert any(m.startswith("results/deidentified/") for m in listed)
    assert any(m.startswith("results/audit/") for m in listed)
    assert digest(built["raw"]) == built["hash"]


def review_copy(archived, tmp_path) -> Path:
    rev = tmp_path / "review"
    shutil.copytree(archived["unpacked"], rev, symlinks=True)
    for p in [rev, *rev.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode | stat.S_IWUSR | (stat.S_IXUSR if p.is_dir() else 0))
    return rev


def sums_members(rev: Path) -> list[str]:
    return [
        line.split(maxsplit=1)[1].strip()
        for line in (rev / "SHA256SUMS").read_text().splitlines()
        if line.strip()
    ]


TAMPER = {
    "deidentified_txt": r"^results/deidentified/[^/]+\.txt$",
    "deidentified_json": r"^results/deidentified/[^/]+\.json$",
    "deidentified_summary": r"^results/deidentified/summary\.tsv$",
    "audit_tsv": r"^results/audit/audit\.tsv$",
    "segments_tsv": r"^results/segments\.tsv$",
    "coding_qdpx": r"^results/coding/project\.qdpx$",
    "figure_png": r"^results/figures/[^/]+\.png$",
    "manuscript_html": r"^results/manuscript/index\.html$",
    "config_yaml": r"^config/config\.yaml$",
    "participants_sheet": r"participants\.tsv$",
    "library_code": r"^src/coprod/[^/]+\.py$",
    "workflow_rule": r"^workflow/rules/",
    "snakefile": r"^Snakefile$",
    "readme_data": r"^README_DATA\.md$",
}


@pytest.mark.parametrize("case", sorted(TAMPER), ids=sorted(TAMPER))
def test_verify_archive_names_a_member_changed_by_one_byte(archived, built, tmp_path, case):
    rev = review_copy(archived, tmp_path)
    member = next(m for m in sums_members(rev) if re.search(TAMPER[case], m))
    data = bytearray((rev / member).read_bytes())
    data[len(data) // 2] ^= 0x01
    (rev / member).write_bytes(bytes(data))
    before = digest(rev)
    refused(coprod("verify-archive", ".", cwd=rev), member)
    assert digest(rev) == before
    assert digest(built["raw"]) == built["hash"]


def test_verify_archive_catches_a_name_added_to_a_deidentified_transcript(archived, built, tmp_path):
    rev = review_copy(archived, tmp_path)
    member = next(m for m in sums_members(rev) if re.search(TAMPER["deidentified_txt"], m))
    with open(rev / member, "a", encoding="utf-8") as fh:
        fh.write("\nParticipant: Alan Baxter told me.\n")
    before = digest(rev)
    refused(coprod("verify-archive", ".", cwd=rev), member, forbid=("Alan Baxter",))
    assert digest(rev) == before and digest(built["raw"]) == built["hash"]


def test_verify_archive_names_a_missing_member(archived, built, tmp_path):
    rev = review_copy(archived, tmp_path)
    member = next(m for m in sums_members(rev) if re.search(TAMPER["audit_tsv"], m))
    (rev / member).unlink()
    before = digest(rev)
    refused(coprod("verify-archive", ".", cwd=rev), member)
    assert digest(rev) == before and digest(built["raw"]) == built["hash"]


def test_verify_archive_refuses_a_member_replaced_by_a_link_outside(archived, built, tmp_path):
    rev = review_copy(archived, tmp_path)
    member = next(m for m in sums_members(rev) if re.search(TAMPER["segments_tsv"], m))
    outside = tmp_path / "outside_copy.tsv"
    shutil.copyfile(rev / member, outside)  # same bytes, so only the link gives it away
    (rev / member).unlink()
    (rev / member).symlink_to(outside)
    before = digest(rev, outside)
    refused(coprod("verify-archive", ".", cwd=rev), member)
    assert digest(rev, outside) == before and digest(built["raw"]) == built["hash"]


def _sums_dotdot(rev, tmp_path):
    (tmp_path / "outside.txt").write_text("outside\n")
    h = hashlib.sha256(b"outside\n").hexdigest()
    return (rev / "SHA256SUMS").read_text() + f"{h}  ../outside.txt\n"


def _sums_nested_dotdot(rev, tmp_path):
    (tmp_path / "outside.txt").write_text("outside\n")
    h = hashlib.sha256(b"outside\n").hexdigest()
    return (rev / "SHA256SUMS").read_text() + f"{h}  results/../../outside.txt\n"


def _sums_absolute(rev, tmp_path):
    target = tmp_path / "abs.txt"
    target.write_text("absolute\n")
    h = hashlib.sha256(b"absolute\n").hexdigest()
    return (rev / "SHA256SUMS").read_text() + f"{h}  {target}\n"


def _sums_malformed(rev, tmp_path):
    return (rev / "SHA256SUMS").read_text() + "this is not a checksum line\n"


def _sums_short_hash(rev, tmp_path):
    return (rev / "SHA256SUMS").read_text() + "abc123  results/segments.tsv\n"


def _sums_empty(rev, tmp_path):
    return ""


def _sums_binary(rev, tmp_path):
    return "\udcff\udcfe garbage\n"


SUMS = {
    "dotdot_path": _sums_dotdot,
    "nested_dotdot_path": _sums_nested_dotdot,
    "absolute_path": _sums_absolute,
    "malformed_line": _sums_malformed,
    "short_hash": _sums_short_hash,
    "empty": _sums_empty,
    "not_utf8": _sums_binary,
}


@pytest.mark.parametrize("case", sorted(SUMS), ids=sorted(SUMS))
def test_verify_archive_refuses_bad_sha256sums(archived, built, tmp_path, case):
    rev = review_copy(archived, tmp_path)
    text = SUMS[case](rev, tmp_path)
    (rev / "SHA256SUMS").write_bytes(text.encode("utf-8", "surrogateescape"))
    before = digest(rev, tmp_path)
    refused(coprod("verify-archive", ".", cwd=rev), "SHA256SUMS")
    assert digest(rev, tmp_path) == before and digest(built["raw"]) == built["hash"]


def test_verify_archive_without_sha256sums(archived, built, tmp_path):
    rev = review_copy(archived, tmp_path)
    (rev / "SHA256SUMS").unlink()
    before = digest(rev)
    refused(coprod("verify-archive", ".", cwd=rev), "SHA256SUMS")
    assert digest(rev) == before and digest(built["raw"]) == built["hash"]


def rewrite_zip(src: Path, dest: Path, extra=None, stored: str | None = None) -> None:
    """Copy every member of src into dest (optionally one member stored, plus an extra member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == stored:
                info.compress_type = zipfile.ZIP_STORED
            zout.writestr(info, data)
        if extra:
            extra(zout)


def _zip_symlink(archived, tmp):
    def add(zout):
        info = zipfile.ZipInfo("results/zz_link")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zout.writestr(info, "../../../../etc/passwd")

    bad = tmp / "link.zip"
    rewrite_zip(archived["zip"], bad, extra=add)
    return bad, "results/zz_link"


def _zip_crc(archived, tmp):
    with zipfile.ZipFile(archived["zip"]) as zf:
        target = [i for i in zf.infolist() if i.file_size > 200 and not i.filename.endswith("/")][-1].filename
    bad = tmp / "crc.zip"
    rewrite_zip(archived["zip"], bad, stored=target)
    with zipfile.ZipFile(bad) as zf:
        info = zf.getinfo(target)
    raw = bytearray(bad.read_bytes())
    name_len, extra_len = (
        int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little"),
        int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little"),
    )
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + info.file_size // 2] ^= 0x01
    bad.write_bytes(bytes(raw))
    return bad, target


def _zip_dotdot(archived, tmp):
    bad = tmp / "dotdot.zip"
    rewrite_zip(archived["zip"], bad, extra=lambda z: z.writestr("results/../../escaped.txt", "x"))
    return bad, "escaped.txt"


def _zip_absolute(archived, tmp):
    bad = tmp / "abs.zip"
    rewrite_zip(
        archived["zip"], bad, extra=lambda z: z.writestr(zipfile.ZipInfo("/tmp/zz_abs_member.txt"), "x")
    )
    return bad, "zz_abs_member.txt"


def _zip_truncated(archived, tmp):
    bad = tmp / "truncated.zip"
    data = archived["zip"].read_bytes()
    bad.write_bytes(data[: len(data) // 2])
    return bad, "truncated.zip"


def _zip_not_a_zip(archived, tmp):
    bad = tmp / "notazip.zip"
    bad.write_text("hello, not a zip\n")
    return bad, "notazip.zip"


def _zip_is_folder(archived, tmp):
    folder = tmp / "afolder"
    folder.mkdir()
    (folder / "SHA256SUMS").write_text("")
    return folder, "afolder"


UNPACK = {
    "symlink_member": _zip_symlink,
    "crc_corrupted_member": _zip_crc,
    "dotdot_member": _zip_dotdot,
    "absolute_member": _zip_absolute,
    "truncated_zip": _zip_truncated,
    "not_a_zip": _zip_not_a_zip,
    "archive_is_a_folder": _zip_is_folder,
}


@pytest.mark.parametrize("case", sorted(UNPACK), ids=sorted(UNPACK))
def test_unpack_is_all_or_nothing(archived, built, tmp_path, case):
    src = tmp_path / "in"
    src.mkdir()
    bad, named = UNPACK[case](archived, src)
    before = digest(src)
    work = tmp_path / "work"
    work.mkdir()
    tree = snapshot(work)
    refused(coprod("unpack", bad, work / "review", cwd=work), named)
    assert not (work / "review").exists(), "partial extraction left on disk"
    assert new_paths(work, tree) == set()
    assert not Path("/tmp/zz_abs_member.txt").exists() and not (tmp_path / "escaped.txt").exists()
    assert digest(src) == before and digest(built["raw"]) == built["hash"]


def test_unpack_into_an_existing_empty_folder_leaves_it_empty_on_refusal(archived, built, tmp_path):
    bad, named = _zip_crc(archived, tmp_path)
    dest = tmp_path / "review"
    dest.mkdir()
    before = digest(bad)
    refused(coprod("unpack", bad, dest), named)
    assert list(dest.iterdir()) == []
    assert {p.name for p in tmp_path.iterdir()} == {"crc.zip", "review"}
    assert digest(bad) == before and digest(built["raw"]) == built["hash"]


@pytest.mark.parametrize("case", ["dest_holds_the_archive", "dest_is_the_archive", "dest_is_a_file"])
def test_unpack_refuses_destinations_on_inputs(archived, built, tmp_path, case):
    zip_path = tmp_path / "archive.zip"
    shutil.copyfile(archived["zip"], zip_path)
    if case == "dest_holds_the_archive":
        dest, named = tmp_path, tmp_path.name
    elif case == "dest_is_the_archive":
        dest, named = zip_path, "archive.zip"
    else:
        dest, named = tmp_path / "notes.txt", "notes.txt"
        dest.write_text("notes\n")
    before, tree = digest(tmp_path), snapshot(tmp_path)
    refused(coprod("unpack", zip_path, dest, cwd=tmp_path), named)
    assert digest(tmp_path) == before and new_paths(tmp_path, tree) == set()
    assert digest(built["raw"]) == built["hash"]


ARCHIVE_OUT = {
    "out_is_raw_transcript": ("tests/fixtures/corpus/fx01.txt", "fx01.txt"),
    "out_is_register": ("tests/fixtures/corpus/register.yaml", "register.yaml"),
    "out_is_raw_folder": ("tests/fixtures/corpus", "corpus"),
    "out_is_a_results_input": ("results/segments.tsv", "segments.tsv"),
    "out_is_participants_sheet": ("tests/fixtures/corpus/participants.tsv", "participants.tsv"),
    "out_is_an_existing_folder": ("results", "results"),
}


@pytest.mark.parametrize("case", sorted(ARCHIVE_OUT), ids=sorted(ARCHIVE_OUT))
def test_archive_refuses_out_onto_inputs(built, tmp_path, case):
    out, named = ARCHIVE_OUT[case]
    root = tmp_path / "copy"  # a copy: a wrongly accepted --out must not spoil the other cases
    shutil.copytree(built["root"], root, symlinks=True)
    raw = root / "tests" / "fixtures" / "corpus"
    assert digest(raw) == {k.replace(str(built["root"]), str(root)): v for k, v in built["hash"].items()}
    watched = [root / "tests", root / "results", root / "config"]
    before, tree = digest(*watched), snapshot(root)
    proc = coprod("archive", "--config", FIXTURE_CFG, "--out", out, cwd=root)
    refused(proc, named)
    assert digest(*watched) == before
    assert {p for p in new_paths(root, tree) if not p.startswith(".snakemake")} == set()
    assert digest(built["raw"]) == built["hash"]


def test_archive_is_not_refused_for_words_in_code_docstrings(built, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built["root"], root, symlinks=True)
    lib = root / "src" / "coprod" / "text.py"
    lib.write_text(
        '"""Tokenise text (e.g. the Kirkcaldy and Lochee pilots in the design notes)."""\n' + lib.read_text()
    )
    raw = root / "tests" / "fixtures" / "corpus"
    before = digest(raw)
    proc = coprod("archive", "--config", FIXTURE_CFG, "--out", tmp_path / "a.zip", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert digest(raw) == before


# stale outputs: a transcript removed (fx02) and another one renamed (fx03 -> fx05), then a re-run
def _make_stale(root) -> None:
    """The corpus edit, on a copy of the finished run (conftest.chunked_run); the raw folder's
    digest after it goes beside the copy (stale_raw.json), for the run to be checked against."""
    root = Path(root)
    raw = root / "tests" / "fixtures" / "corpus"
    (raw / "fx02.docx").unlink()
    (raw / "fx03.vtt").rename(raw / "fx05.vtt")
    sheet = raw / "participants.tsv"  # every site and group keeps at least one transcript
    rows = [r for r in sheet.read_text().splitlines() if not r.startswith("fx02\t")]
    sheet.write_text("\n".join(r.replace("fx03\tF03\tfx03.vtt", "fx05\tF03\tfx05.vtt") for r in rows) + "\n")
    for csv in (raw / "coding").glob("*.csv"):
        lines = [
            r.replace("fx03,", "fx05,") for r in csv.read_text().splitlines() if not r.startswith("fx02,")
        ]
        csv.write_text("\n".join(lines) + "\n")
    (root.parent / "stale_raw.json").write_text(json.dumps(digest(raw)))


def _prepare_stale_run(factory, base) -> tuple[Path, dict]:
    """The re-run after the corpus edit, started in the background after the run it copies
    (conftest.background_run, after=): a whole re-run that cost the tests' own core before."""
    root = factory.mktemp("stale") / "w"
    # with the configs `built` ran with (conftest.chunked_run): only the corpus edit is new
    argv = [BIN / "snakemake", "--cores", "2", "--configfile", FIXTURE_CFG, CHUNKS_CONFIG]
    return root, step_job(base, root, factory.mktemp("stale_logs"), _make_stale, argv, ENV)


background_run(
    "stale_run",
    _prepare_stale_run,
    wanted_by=lambda item: item.module.__name__ == __name__ and "stale" in getattr(item, "fixturenames", ()),
    after="chunked_run",
)


@pytest.fixture(scope="module")
def stale(built, chunked_run, tmp_path_factory) -> dict:
    # there before the re-run (the re-run's folder starts as a copy of this finished run)
    assert stale_outputs(chunked_run, ("fx02",)) and stale_outputs(chunked_run, ("fx03",))
    root, out, err, code = run_result("stale_run", tmp_path_factory)
    proc = subprocess.CompletedProcess([], code, out, err)
    no_traceback(proc)
    raw = root / "tests" / "fixtures" / "corpus"
    before = json.loads((root.parent / "stale_raw.json").read_text())
    assert digest(raw) == before
    return {"root": root, "proc": proc, "raw": raw, "hash": before}


CLEAN = re.compile(r"\brm\b|make clean|clean-results|\bclean\b|\bdelete\b", re.IGNORECASE)


def stale_outputs(root: Path, ids) -> list[str]:
    results = root / "results"
    return sorted(
        str(p.relative_to(root)) for p in results.rglob("*") if any(p.name.startswith(i) for i in ids)
    )


@pytest.mark.parametrize("gone", ["fx02", "fx03"], ids=["removed_transcript", "renamed_transcript"])
def test_stale_outputs_removed_or_run_stops_naming_them(stale, gone):
    proc = stale["proc"]
    if proc.returncode != 0:  # stopping is allowed: say which outputs and the command to clean them
        lines = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith(" ")]
        named = [
            i
            for i, line in enumerate(lines)
            if gone in line and any(CLEAN.search(x) for x in lines[i : i + 3])
        ]
        assert named, f"the run stopped without naming {gone} and a clean command:\n{proc.stderr[-3000:]}"
    else:
        assert stale_outputs(stale["root"], (gone,)) == []
    assert digest(stale["raw"]) == stale["hash"]


def test_stale_outputs_not_counted_or_archived(stale, tmp_path):
    root = stale["root"]
    assert stale["proc"].returncode == 0, "(the run stopped: nothing to count)"
    segments = (root / "results" / "segments.tsv").read_text()
    assert "fx02" not in segments and "fx03" not in segments and "fx05" in segments
    proc = coprod("archive", "--config", FIXTURE_CFG, "--out", tmp_path / "a.zip", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert not [n for n in zf.namelist() if re.search(r"/fx0[23]\.", n)]
    assert digest(stale["raw"]) == stale["hash"]


def test_archive_of_the_second_bundled_study(peer_support_run, tmp_path):
    """Pipeline run 2 of 2 (the session's shared run, conftest.peer_support_run, copied):
    `coprod archive --config config/examples/peer_support/config.yaml`."""
    root = clone_run(peer_support_run, tmp_path / "w")
    cfg = "config/examples/peer_support/config.yaml"
    rel = ["data/raw/peer_support", "config/examples/peer_support"]
    raw = [root / r for r in rel]
    before = digest(*raw)
    # the run left the raw inputs as they are in the repository
    assert {k[len(str(root)) :]: v for k, v in before.items()} == {
        k[len(str(ROOT)) :]: v for k, v in digest(*(ROOT / r for r in rel)).items()
    }
    proc = coprod("archive", "--config", cfg, "--out", tmp_path / "peer.zip", cwd=root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    rev = tmp_path / "rev"
    assert coprod("unpack", tmp_path / "peer.zip", rev).returncode == 0
    check = coprod("verify-archive", ".", cwd=rev)
    assert check.returncode == 0, check.stderr
    assert digest(*raw) == before


def test_unlabelled_paragraphs_are_kept_or_reported(tmp_path):
    path = tmp_path / "unlabelled.txt"
    path.write_text(
        "Interview 7 transcript Titleword\n\nInterviewer: What is your role?\n\n"
        "Participant: I plan services.\n\nMidparagraphword continues without a label.\n\n"
        "Interviewer: Thanks.\n",
        encoding="utf-8",
    )
    before = digest(path)
    proc = coprod("ingest", path)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    for word in ("Titleword", "Midparagraphword"):  # in a turn, or in what the ingest reports
        assert word in proc.stdout, f"{word!r} silently dropped"
    doc = json.loads(proc.stdout)
    assert [t["role"] for t in doc["turns"]][:2] == ["interviewer", "participant"]
    assert digest(path) == before
