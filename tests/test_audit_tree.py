"""The audit of a whole shareable tree: what is not a regular file fails, and every hit says
the right remedy."""

from __future__ import annotations

import csv
import hashlib
import os

import pytest

from coprod.errors import LeakError
from coprod.privacy.audit import audit_tree, strange_entries, study_files
from coprod.privacy.deidentify import PseudonymKey

NAME = "Wendeline Quarrington"  # synthetic, this test's own


def _key(tmp_path, originals=(NAME,)):
    key = PseudonymKey()
    for o in originals:
        key.pseudonym("PERSON", o)
    key.save(tmp_path / "key.json")
    return tmp_path / "key.json"


def _tree_hash(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def study(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "interview.txt").write_text(f"Interviewer: hello\n{NAME}: hello\n", encoding="utf-8")
    results = tmp_path / "results"
    (results / "deidentified").mkdir(parents=True)
    (results / "deidentified" / "t001.txt").write_text("[Person 1]: hello\n", encoding="utf-8")
    return tmp_path, raw, results


def test_a_clean_tree_passes(study):
    tmp_path, _, results = study
    assert audit_tree(results, _key(tmp_path), None, None, results / "audit" / "audit.tsv") == 1


@pytest.mark.parametrize(
    "make, label",
    [
        (lambda t, raw, res: os.symlink(raw, res / "raw_link"), "symbolic link"),
        (lambda t, raw, res: os.symlink(raw / "interview.txt", res / "notes.txt"), "symbolic link"),
        (lambda t, raw, res: os.symlink(res / "deidentified", res / "copy"), "symbolic link"),
        (
            lambda t, raw, res: os.symlink(res / "deidentified" / "t001.txt", res / "t.txt"),
            "symbolic link",
        ),
        (lambda t, raw, res: os.symlink(t / "nowhere", res / "dangling"), "symbolic link"),
        (lambda t, raw, res: os.mkfifo(res / "deidentified" / "pipe"), "special file"),
    ],
    ids=["to raw folder", "to raw file", "to folder inside", "to file inside", "dangling", "fifo"],
)
def test_links_and_special_files_fail_the_audit_by_name(study, make, label):
    tmp_path, raw, results = study
    before = _tree_hash(raw)
    make(tmp_path, raw, results)
    strange = strange_entries(results)
    assert len(strange) == 1 and strange[0].value.label.startswith(label)
    with pytest.raises(LeakError) as exc:
        audit_tree(
            results, _key(tmp_path), None, None, results / "audit.tsv", hits_path=tmp_path / "hits.tsv"
        )
    line = str(exc.value)
    assert strange[0].file in line and label in line
    assert "quarrington" not in line.lower()
    assert not (results / "audit.tsv").exists()
    rows = list(csv.DictReader(open(tmp_path / "hits.tsv", encoding="utf-8"), delimiter="\t"))
    assert rows[0]["file"] == strange[0].file
    assert rows[0]["fix"].startswith("replace the link" if label == "symbolic link" else "remove it")
    # nothing behind the link was read as a file of the tree, and the raw folder is untouched
    assert all(not p.is_symlink() for p in study_files(results))
    assert _tree_hash(raw) == before
