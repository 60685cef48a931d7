"""De-identification contract: detectors, consistent pseudonyms, the append-only key, the CLI."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess

import pytest
from conftest import BIN, CORPUS

from coprod.cli import main as cli
from coprod.errors import InputError
from coprod.privacy.deidentify import Detector, PseudonymKey, deidentify_files, render_text
from coprod.privacy.detectors import POSTCODE_RE
from coprod.privacy.register import Entity, load_register, person_variants

REGISTER = CORPUS / "register.yaml"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"})


def find(text, entities=()):
    return [(text[s.start : s.end], s.type) for s in Detector(list(entities)).find(text)]


def test_person_variants_cover_first_last_title():
    v = person_variants("Siobhan O'Donnell")
    assert {
        "Siobhan O'Donnell",
        "Siobhan",
        "O'Donnell",
        "Dr O'Donnell",
        "Mrs O'Donnell",
        "Cllr O'Donnell",
    } <= v


def test_register_matches_variants_and_possessives():
    ents = [Entity("PERSON", "Graham McAllister"), Entity("PLACE", "Kirkcaldy")]
    got = find("Graham's idea; Mr McAllister agreed in Kirkcaldy. GRAHAM MCALLISTER too.", ents)
    assert got == [
        ("Graham", "PERSON"),
        ("Mr McAllister", "PERSON"),
        ("Kirkcaldy", "PLACE"),
        ("GRAHAM MCALLISTER", "PERSON"),
    ]


def test_single_word_register_forms_are_case_sensitive():
    assert find("we hope to grace the bill", [Entity("PERSON", "Grace Hope")]) == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("mail jean.ferguson@fife.gov.uk now", "EMAIL"),
        ("see www.example-alliance.org.uk.", "URL"),
        ("see https://example.org/path?q=1 today", "URL"),
        ("ring 0131 496 0123", "PHONE"),
        ("ring +44 7700 900456", "PHONE"),
        ("ring 07700900456", "PHONE"),
        ("at DD1 4HN", "POSTCODE"),
        ("at EH10 5AB", "POSTCODE"),
        ("at G2 1AA", "POSTCODE"),
        ("at GIR 0AA", "POSTCODE"),
    ],
)
def test_patterns_positive(text, kind):
    assert [k for _, k in find(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "the 2014 Act and 2020 plans",
        "chapter 3 of the guidance",
        "about 20 people came",
        "room AB12",
        "the IJB met",
        "score 1 2 3",
    ],
)
def test_patterns_negative(text):
    assert find(text) == []


def test_postcode_rules_reject_invalid_letters():
    assert POSTCODE_RE.search("QA1 1AA") is None  # Q is never a first letter
    assert POSTCODE_RE.search("DD1 4CI") is None  # C and I never appear in the inward code


def test_consistent_pseudonyms_and_contract_format(tmp_path):
    out = tmp_path / "out"
    deidentify_files(FILES, REGISTER, tmp_path / "key.json", out, json_out=False)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert sorted(texts) == ["t001", "t002", "t003", "t004"]
    # the interviewer is the same pseudonym in every transcript she appears in
    label = texts["t003"].split(":")[0]
    assert re.fullmatch(r"\[Person \d+\]", label) and texts["t004"].startswith(label + ": ")
    for text in texts.values():
        paragraphs = text.rstrip("\n").split("\n\n")
        assert all(": " in p and "\n" not in p for p in paragraphs)
        for name in (
            "Jean",
            "Kirsty",
            "Fraser",
            "Alan Baxter",
            "Kirkcaldy",
            "Lochee",
            "07700",
            "DD1 4HN",
            "fife.gov.uk",
            "Rhona",
        ):
            assert name not in text


def test_key_is_private_and_append_only_when_a_transcript_is_added(tmp_path):
    key = tmp_path / "key.json"
    deidentify_files(FILES[:2], REGISTER, key, tmp_path / "a", json_out=False)
    first = json.loads(key.read_text())["entries"]
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    deidentify_files(FILES, REGISTER, key, tmp_path / "b", json_out=False)
    second = json.loads(key.read_text())["entries"]
    assert second[: len(first)] == first and len(second) > len(first)
    for stem in ("t001", "t002"):
        assert (tmp_path / "a" / f"{stem}.txt").read_text() == (tmp_path / "b" / f"{stem}.txt").read_text()


def test_rerun_is_byte_identical(tmp_path):
    deidentify_files(FILES, REGISTER, tmp_path / "k1.json", tmp_path / "o1")
    deidentify_files(FILES, REGISTER, tmp_path / "k1.json", tmp_path / "o2")
    for p in (tmp_path / "o1").iterdir():
        assert p.read_bytes() == (tmp_path / "o2" / p.name).read_bytes()


def test_unregistered_name_in_a_speaker_label_is_pseudonymised(tmp_path):
    # "Morven" alone is a variant of the label's name, so it maps to the same person
    src = tmp_path / "t.txt"
    src.write_text("Interviewer: Hello Morven.\n\nMorven Baird: Hello, I'm Morven.\n", encoding="utf-8")
    deidentify_files([src], None, tmp_path / "k.json", tmp_path / "o", json_out=False)
    assert (tmp_path / "o" / "t001.txt").read_text() == (
        "Interviewer: Hello [Person 1].\n\n[Person 1]: Hello, I'm [Person 1].\n"
    )


def test_unregistered_speaker_in_capitals_or_by_mail_gets_one_pseudonym(tmp_path):
    """Issue 13: "MORVEN BAIRD" in one transcript and "Morven Baird" in another, or her e-mail
    address as a label, were two people with two pseudonyms."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Interviewer: Hello.\n\nMORVEN BAIRD: Hello there.\n", encoding="utf-8")
    b.write_text(
        "Interviewer: Welcome back.\n\nmorven.baird@council.scot: Thanks.\n\nMorven Baird: Again.\n",
        encoding="utf-8",
    )
    deidentify_files([a, b], None, tmp_path / "k.json", tmp_path / "o", json_out=False)
    assert (tmp_path / "o" / "t001.txt").read_text() == "Interviewer: Hello.\n\n[Person 1]: Hello there.\n"
    assert (tmp_path / "o" / "t002.txt").read_text() == (
        "Interviewer: Welcome back.\n\n[Person 1]: Thanks.\n\n[Person 1]: Again.\n"
    )


def test_bad_input_writes_nothing_and_leaves_key_alone(tmp_path):
    key = tmp_path / "key.json"
    deidentify_files(FILES[:1], REGISTER, key, tmp_path / "o")
    before = key.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InputError):
        deidentify_files([FILES[1], empty], REGISTER, key, tmp_path / "o2")
    assert key.read_bytes() == before and not (tmp_path / "o2").exists()


def test_register_errors_are_one_line(tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text("people:\n  - {name: X Y, aliasses: []}\n")
    with pytest.raises(InputError, match=r"unknown key 'people.0.aliasses'"):
        load_register(bad)


def test_corrupt_key_is_refused(tmp_path):
    key = tmp_path / "key.json"
    key.write_text("{not json")
    with pytest.raises(InputError, match="not a pseudonym key"):
        PseudonymKey.load(key)


def test_render_text_contract():
    doc = {"turns": [{"speaker": "A", "text": "one"}, {"speaker": "B", "text": "two"}]}
    assert render_text(doc) == "A: one\n\nB: two\n"


def test_cli_entry_point_contract(tmp_path):
    """The installed console script, exactly as outside tools call it."""
    out, key = tmp_path / "out", tmp_path / "key.json"
    cmd = [
        str(BIN / "coprod"),
        "deidentify",
        "--register",
        str(REGISTER),
        "--key",
        str(key),
        "--out",
        str(out),
        *map(str, FILES),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["t001.txt", "t002.txt", "t003.txt", "t004.txt"]
    assert f"t001 <- {FILES[0]}" in proc.stderr  # the private mapping, on the terminal only
    assert key.exists()


def test_cli_bad_input_one_line_nonzero(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04junk")
    rc = cli(["deidentify", "--key", str(tmp_path / "k.json"), "--out", str(tmp_path / "o"), str(bad)])
    err = capsys.readouterr().err
    assert rc == 1 and err.count("\n") == 1 and "bad.docx" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists() and not (tmp_path / "k.json").exists()


# ------------------------------------------------------------ plans: corpus step + per-chunk step
def _parsed(paths):
    from coprod.ingest import read_transcript
    from coprod.privacy.register import interviewer_labels

    labels = ("Interviewer",) + tuple(interviewer_labels(load_register(REGISTER)))
    return [read_transcript(p, labels, f"t{k:03d}") for k, p in enumerate(paths, start=1)]


def test_plans_applied_per_chunk_publish_what_the_one_step_door_publishes(tmp_path):
    from coprod.privacy.deidentify import apply_chunk

    transcripts = _parsed(FILES)
    deidentify_files([], REGISTER, tmp_path / "k1.json", tmp_path / "direct", transcripts=transcripts)
    plans = {
        tmp_path / "plans" / "000.json": ["t001", "t003"],
        tmp_path / "plans" / "001.json": ["t002", "t004"],
    }
    deidentify_files(
        [], REGISTER, tmp_path / "k2.json", tmp_path / "unused", transcripts=transcripts, plans=plans
    )
    assert not (tmp_path / "unused").exists()  # the corpus step publishes nothing itself
    by_id = {t.id: t for t in transcripts}
    for path, ids in plans.items():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # private: offsets of names
        text = path.read_text(encoding="utf-8")
        assert "Kirsty" not in text and "Baxter" not in text  # labels and offsets, no original text
        apply_chunk(path, [by_id[i] for i in ids], tmp_path / "chunked")
    for p in sorted((tmp_path / "direct").iterdir()):
        assert p.read_bytes() == (tmp_path / "chunked" / p.name).read_bytes(), p.name


def test_a_stale_or_foreign_plan_is_one_line_and_publishes_nothing(tmp_path):
    from dataclasses import replace

    from coprod.privacy.deidentify import apply_chunk

    transcripts = _parsed(FILES)
    plan = tmp_path / "plans" / "000.json"
    deidentify_files([], REGISTER, tmp_path / "k.json", tmp_path / "x", transcripts=transcripts,
                     plans={plan: [t.id for t in transcripts]})  # fmt: skip
    edited = transcripts[:1] + [replace(transcripts[1], turns=transcripts[1].turns[:-1])]
    with pytest.raises(InputError, match="not made for transcript t002 as it is now"):
        apply_chunk(plan, edited, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # checked before anything is written
    junk = tmp_path / "junk.json"
    junk.write_text('{"entries": []}')
    with pytest.raises(InputError, match="not a de-identification plan"):
        apply_chunk(junk, transcripts, tmp_path / "out")
    with pytest.raises(InputError, match="not made for transcript"):
        apply_chunk(plan, [replace(transcripts[0], id="t999")], tmp_path / "out")
