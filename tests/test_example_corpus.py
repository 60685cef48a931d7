"""The bundled synthetic corpus holds to its design, and its gold annotations are true."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ROOT

from coprod.corpus import discover
from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, decode, read_transcript
from coprod.privacy.register import interviewer_labels, load_register
from coprod.segment import count_words, read_participants

EXAMPLE = ROOT / "data" / "raw" / "example"
GOLD = yaml.safe_load((EXAMPLE / "gold" / "identifiers.yaml").read_text(encoding="utf-8"))
SHEET = read_participants(ROOT / "config" / "participants.tsv")
FILES = sorted(p for p in EXAMPLE.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"})
TYPES = {"PERSON", "PLACE", "ORG", "EMAIL", "PHONE", "POSTCODE", "ID_NUMBER", "URL", "DATE", "ADDRESS"}


def full_text(path: Path) -> str:
    """The text gold counts refer to (see the header of gold/identifiers.yaml)."""
    if path.suffix == ".docx":
        d = docx.Document(path)
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join(cells + [p.text for p in d.paragraphs])
    return decode(path.read_bytes(), path)[0]


def occurrences(text: str, form: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(form)}(?!\w)", text))


def test_design_counts():
    fmt = Counter(p.suffix for p in FILES)
    assert 18 <= len(FILES) <= 22
    assert fmt[".docx"] >= 6 and fmt[".vtt"] >= 5 and fmt[".txt"] >= 5 and fmt[".srt"] >= 1
    local = SHEET[SHEET.group == "local"]
    national = SHEET[SHEET.group == "national"]
    assert local.site_id.nunique() == 8
    assert local.groupby("site_id").size().between(1, 2).all()
    assert 5 <= len(national) <= 6
    assert set(discover(EXAMPLE, ROOT / "config" / "participants.tsv")) == {p.stem for p in FILES}


def test_words_per_transcript_and_in_all():
    words = {}
    for p in FILES:
        t = read_transcript(p)
        words[p.stem] = sum(count_words(x.text) for x in t.turns)
    assert all(1800 <= n <= 3500 for n in words.values()), words
    assert 45_000 <= sum(words.values()) <= 60_000


def test_encodings_and_line_endings_as_they_arrive():
    raw = {p.name: p.read_bytes() for p in FILES if p.suffix == ".txt"}
    encodings = {name: decode(data, name)[1] for name, data in raw.items()}
    assert "cp1252" in encodings.values() and "utf-8-sig" in encodings.values()
    assert any(b"\r\n" in data for data in raw.values())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_gold_counts_are_true(path):
    text = full_text(path)
    items = GOLD["transcripts"][path.stem]
    assert items, path
    for item in items:
        assert item["type"] in TYPES
        assert occurrences(text, item["text"]) == item["count"], item


def test_keep_list_items_occur():
    texts = [full_text(p) for p in FILES]
    missing = [k for k in GOLD["keep"] if not any(occurrences(t, k) for t in texts)]
    assert not missing and len(GOLD["keep"]) >= 20


def mod11_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def test_id_numbers_have_valid_check_digits_and_phones_are_drama_numbers():
    ids = [i["text"] for items in GOLD["transcripts"].values() for i in items if i["type"] == "ID_NUMBER"]
    assert len(ids) >= 3
    for value in ids:
        digits = re.sub(r"\D", "", value)
        assert len(digits) == 10 and mod11_ok(digits), value
    phones = [i["text"] for items in GOLD["transcripts"].values() for i in items if i["type"] == "PHONE"]
    for value in phones:
        digits = re.sub(r"\D", "", value)
        if not digits:  # spoken digits ("oh seven seven oh oh ...")
            continue
        national = "0" + digits[2:] if digits.startswith("44") else digits
        assert re.match(r"^(07700900\d{3}|01314960\d{3}|01414960\d{3})$", national), value


def test_register_parses_and_is_deliberately_incomplete():
    entities = load_register(EXAMPLE / "register.yaml")
    registered = {e.name for e in entities} | {a for e in entities for a in e.aliases}
    gold_people = {
        i["text"] for items in GOLD["transcripts"].values() for i in items if i["type"] == "PERSON"
    }
    assert {"Kirsty Fraser", "Euan Baird"} <= registered
    assert len(gold_people - registered) > 50  # many people in the text are unknown to the team


def test_participants_sheet_holds_no_names():
    names = {e.name for e in load_register(EXAMPLE / "register.yaml")}
    text = (ROOT / "config" / "participants.tsv").read_text()
    assert not any(n in text for n in names)


def test_human_double_coding_covers_a_quarter_of_six_transcripts():
    import pandas as pd

    from coprod.coding import load_codebook

    _, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    ids = {c.id for c in codes}
    sample = pd.read_csv(EXAMPLE / "coding" / "sample.csv")
    for coder in ("coder_a", "coder_b"):
        df = pd.read_csv(EXAMPLE / "coding" / f"{coder}.csv")
        assert list(df.columns) == ["transcript_id", "turn_index", "code"]
        assert set(df.code) <= ids
        assert set(zip(df.transcript_id, df.turn_index, strict=True)) <= set(
            zip(sample.transcript_id, sample.turn_index, strict=True)
        )
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(load_register(EXAMPLE / "register.yaml"))
    covered = 0
    for tid, n_sampled in sample.groupby("transcript_id").size().items():
        t = read_transcript(next(p for p in FILES if p.stem == tid), labels)
        segments = [x for x in t.turns if x.role == "participant" and count_words(x.text) >= 5]
        covered += n_sampled >= 0.25 * len(segments)
    assert covered >= 6


def test_every_transcript_has_interviewer_and_participant_turns_in_alternation():
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(load_register(EXAMPLE / "register.yaml"))
    for p in FILES:
        turns = read_transcript(p, labels).turns
        roles = [t.role for t in turns]
        assert roles.count("interviewer") >= 10 and roles.count("participant") >= 10, p.name
        # no participant turn swallowed an interviewer label (e.g. "Interviewer 2: ...")
        assert not any(re.search(r"(?:^|\s)Interviewer(?: \d)?: ", t.text) for t in turns), p.name


def test_descriptor_check_is_repeated_only_when_what_it_reads_changes(tmp_path, monkeypatch):
    """Issue 16 (no-op at 1,000 transcripts): the sheet's descriptor check loads every name
    list; with a stamp it runs again only when the sheet, register, lists or code changed."""
    import shutil

    import coprod.privacy.sheet as sheet_mod
    from coprod.errors import InputError

    sheet = tmp_path / "participants.tsv"
    shutil.copyfile(ROOT / "config" / "participants.tsv", sheet)
    register = EXAMPLE / "register.yaml"
    stamp = tmp_path / "private" / "sheet_checked.sha256"
    calls = []
    real = sheet_mod.check_descriptors
    monkeypatch.setattr(sheet_mod, "check_descriptors", lambda *a: calls.append(1) or real(*a))
    args = (EXAMPLE, sheet, register, ROOT / "data" / "reference")
    discover(*args, stamp=stamp)
    discover(*args, stamp=stamp)
    assert len(calls) == 1 and stamp.stat().st_mode & 0o777 == 0o600
    sheet.write_text(sheet.read_text(encoding="utf-8") + "", encoding="utf-8")  # same bytes
    discover(*args, stamp=stamp)
    assert len(calls) == 1
    rows = sheet.read_text(encoding="utf-8").splitlines()
    cols = rows[0].split("\t")
    bad = rows[1].split("\t")
    bad[cols.index("role_category")] = "Aisha Rahman"  # a registered name in a descriptor
    sheet.write_text("\n".join([rows[0], "\t".join(bad), *rows[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="register"):
        discover(*args, stamp=stamp)
    assert len(calls) == 2
