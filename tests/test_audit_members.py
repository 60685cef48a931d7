"""Two cuts of what the audit scans again after adding a transcript, each giving a full scan's
hits: a big file made of many short members (a project export holds every transcript as its own
member) keeps each member's lines in blocks, so a changed member is scanned again alone; and a
unit of ASCII text with no letter (a JSON number: a topic corpus holds half a million) is not
scanned at all, while a number written with letters ("NaN") still is. Every name is invented."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest
from test_audit_blocks import FILLER, _count_lines, small_blocks  # noqa: F401 (a fixture)
from test_content_cache import _audit

from coprod.privacy.deidentify import PseudonymKey

NAMES = ("Wendeline Quarrington", "Bexley Thrushcombe", "Nan Corrybrook")


def _key(tmp_path) -> None:
    key = PseudonymKey()
    for name in NAMES:
        key.pseudonym("PERSON", name)
    key.save(tmp_path / "key.json")


def _member(rng: random.Random, k: int) -> str:
    lines = [" ".join(rng.choice(FILLER) for _ in range(8)) for _ in range(3)]
    if k == 7:
        lines[1] += " and Wendeline came"
    if k == 12:
        lines[2] += " the Brack-"  # a hyphen join across the member's line end
        lines.append("water of Bexley")
    return "\n".join(lines) + "\n"


def _export(res, members: dict[str, str]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    (res / "coding").mkdir(parents=True, exist_ok=True)
    (res / "coding" / "project.qdpx").write_bytes(buf.getvalue())


@pytest.mark.usefixtures("small_blocks")
def test_a_changed_member_of_a_big_export_is_scanned_again_alone(tmp_path, monkeypatch):
    _key(tmp_path)
    rng = random.Random(5)
    members = {f"sources/m{k:03d}.txt": _member(rng, k) for k in range(40)}
    res = tmp_path / "results"
    _export(res, members)
    assert (res / "coding" / "project.qdpx").stat().st_size >= 1024  # a big file (small_blocks)
    assert all(len(t) < 1024 for t in members.values())  # of short members
    cache = tmp_path / "private" / "cache"
    full = _audit(tmp_path, res, None)
    assert "member sources/m007.txt line 2\tWendeline" in full
    assert "member sources/m012.txt line 4\tBexley" in full
    assert _audit(tmp_path, res, cache) == full  # cold
    members["sources/m020.txt"] += "Quarrington wrote back\n"
    _export(res, members)
    full = _audit(tmp_path, res, None)
    assert "member sources/m020.txt line 4\tQuarrington" in full
    scanned = _count_lines(monkeypatch)
    assert _audit(tmp_path, res, cache) == full
    # (not the member names, nor the hyphen join, which every audit matches again)
    lines = [t for t in scanned if "\n" not in t and " / " not in t and "-" not in t]
    assert "Quarrington wrote back" in lines
    assert len(lines) <= 4  # the changed member's lines, not the export's 120


def test_json_numbers_are_not_scanned_and_numbers_with_letters_are(tmp_path, monkeypatch):
    _key(tmp_path)
    res = tmp_path / "results" / "topics"
    res.mkdir(parents=True)
    doc = {"ids": ["s1", "s2"], "docs": [[1142, 1634, -579, 3.5], [12, 123456, 99]]}
    doc["vocab"] = ["bexley", "panel"]
    text = json.dumps(doc)[:-1] + ', "missing": NaN}'
    (res / "corpus.json").write_text(text, encoding="utf-8")
    scanned = _count_lines(monkeypatch)
    report = _audit(tmp_path, tmp_path / "results", None)
    assert not {"1142", "-579", "3.5", "123456"} & set(scanned)
    assert "nan" in scanned  # NaN, read as a number, has letters: scanned
    assert "JSON string\tBexley" in report and "JSON number\tNan" in report
