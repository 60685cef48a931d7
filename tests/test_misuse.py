"""A catalogue of misuse: each case gives one line naming the file (and row or key) and the fix,
never a traceback, and leaves no half-written output behind."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from conftest import BIN, CORPUS, ROOT

from coprod.coding import load_codebook
from coprod.config import load_config
from coprod.corpus import discover
from coprod.errors import CoprodError
from coprod.human import load_human
from coprod.ingest import ingest_file
from coprod.privacy.deidentify import Detector, Settings, deidentify_files
from coprod.privacy.register import load_register
from coprod.segment import read_participants

CODES = [c.id for c in load_codebook(ROOT / "config" / "codebook.yaml")[1]]


def base_config():
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def corpus_copy(tmp_path):
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


CASES = {
    "config: unknown key": (
        lambda tmp: load_config({**base_config(), "reuslts_dir": "x"}),
        "unknown key 'reuslts_dir' — allowed here:",
    ),
    "config: wrong type": (
        lambda tmp: load_config({**base_config(), "segment": {"min_words": "five"}}),
        "key 'segment.min_words' must be integer (got 'five')",
    ),
    "config: raw_dir missing": (
        lambda tmp: discover(tmp / "nowhere", CORPUS / "participants.tsv"),
        "corpus.raw_dir: folder",
    ),
    "participants: sheet missing": (
        lambda tmp: read_participants(tmp / "missing.tsv"),
        "missing.tsv: file not found",
    ),
    "participants: missing column": (
        lambda tmp: read_participants(write(tmp / "p.tsv", "participant_id\tfile\n")),
        "p.tsv: missing column(s) group, role_category",  # site_id is optional (no sites)
    ),
    "participants: duplicate id": (
        lambda tmp: read_participants(
            write(
                tmp / "p.tsv",
                "participant_id\tfile\tsite_id\tgroup\trole_category\n"
                "P1\ta.txt\ts\tlocal\tx\nP1\tb.txt\ts\tlocal\tx\n",
            )
        ),
        "duplicate participant_id on row 3",
    ),
    "site in transcripts but not in the sheet": (
        lambda tmp: discover(
            write(corpus_copy(tmp) / "extra.vtt", "WEBVTT\n").parent, tmp / "corpus" / "participants.tsv"
        ),
        "transcript 'extra.vtt'",
    ),
    "participant without a transcript": (
        lambda tmp: discover(
            (lambda d: (d / "fx04.srt").unlink() or d)(corpus_copy(tmp)), tmp / "corpus" / "participants.tsv"
        ),
        "row for 'fx04.srt' but no such file",
    ),
    "register: does not parse": (
        lambda tmp: load_register(write(tmp / "r.yaml", "people: [{name: Ann Lee\n")),
        "r.yaml:2: YAML syntax error",
    ),
    "register: misspelt field": (
        lambda tmp: load_register(write(tmp / "r.yaml", "people:\n  - {nam: Ann Lee}\n")),
        "r.yaml: unknown key 'people.0.nam'",
    ),
    "codebook: duplicate code": (
        lambda tmp: load_codebook(
            write(
                tmp / "cb.yaml",
                "themes:\n  - id: t\n    label: T\n    codes:\n"
                "      - {id: a, label: A, definition: D}\n"
                "      - {id: a, label: A, definition: D}\n",
            )
        ),
        "duplicate code id 'a'",
    ),
    "human codings: code not in the codebook": (
        lambda tmp: load_human(
            [str(write(tmp / "a.csv", "transcript_id,turn_index,code\nt01,2,wooly_word\n"))],
            ["A"],
            str(write(tmp / "s.csv", "transcript_id,turn_index\nt01,2\n")),
            CODES,
        ),
        "a.csv:2: unknown code 'wooly_word' — use a code id from config/codebook.yaml "
        "(did you mean 'woolly_word'?)",
    ),
    "human codings: missing column": (
        lambda tmp: load_human(
            [str(write(tmp / "a.csv", "transcript_id,code\nt01,woolly_word\n"))],
            ["A"],
            str(write(tmp / "s.csv", "transcript_id,turn_index\nt01,2\n")),
            CODES,
        ),
        "a.csv",
    ),
    "transcript: empty file": (
        lambda tmp: ingest_file(write(tmp / "e.txt", ""), tmp / "out" / "e.json", ["I"]),
        "e.txt: file is empty",
    ),
    "transcript: corrupt docx": (
        lambda tmp: ingest_file(write(tmp / "c.docx", "PK not a zip"), tmp / "out" / "c.json", ["I"]),
        "c.docx: not a readable .docx",
    ),
    "de-identification: reference data missing": (
        lambda tmp: Detector([], Settings(reference_dir=tmp / "no_reference")),
        "deidentify.reference_dir: folder",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_misuse_gives_one_line_and_no_partial_output(tmp_path, name):
    action, expected = CASES[name]
    before = {p for p in tmp_path.rglob("*")}
    with pytest.raises(CoprodError) as exc:
        action(tmp_path)
    line = str(exc.value)
    assert expected in line, line
    assert "\n" not in line and " — " in line  # one line, with the fix after the dash
    created = {p for p in tmp_path.rglob("*")} - before
    assert not [p for p in created if p.suffix in {".json", ".tmp"} or "out" in p.parts], created


def test_catalogue_is_large_enough():
    assert len(CASES) >= 12


def test_bad_input_through_the_cli_writes_nothing(tmp_path):
    # (unlabelled text is read as one speaker now; an empty export is what cannot be read)
    bad = write(tmp_path / "in" / "bad.txt", "   \n\n")
    proc = subprocess.run(
        [
            str(BIN / "coprod"),
            "deidentify",
            "--key",
            str(tmp_path / "k.json"),
            "--out",
            str(tmp_path / "out"),
            str(bad),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "k.json").exists()


def test_deidentify_checks_everything_before_writing(tmp_path):
    good = CORPUS / "fx01.txt"
    # (a first cue without a speaker takes the default role now; a cue without timing cannot be read)
    bad = write(tmp_path / "bad.srt", "1\nnot a timing line\nsome words here\n")
    with pytest.raises(CoprodError):
        deidentify_files([good, bad], None, tmp_path / "k.json", tmp_path / "out")
    assert not (tmp_path / "out").exists() and not (tmp_path / "k.json").exists()
