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


def _review_log(path, rows):
    """A de-identification review log: what was replaced, where, on what evidence."""
    head = "transcript\ttype\toriginal\tpseudonym\tdetector\tconfidence\n"
    path.write_text(head + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_each_hit_gets_the_remedy_its_kind_needs(tmp_path):
    """A speaker label or an ordinary word a detector replaced is kept (a keep decision, or
    deidentify.allow), a role word never registered; a public body is kept (which key said); a
    name is recorded as replace — each fix gives the command that records it."""
    review = _review_log(
        tmp_path / "replacements.tsv",
        [
            ("t001", "PERSON", "Interviewer", "Person 2", "names", "0.9"),
            ("t001", "PERSON", "Tumbler", "Person 3", "names", "0.9"),
            ("t001", "ORG", "Scottish Ambulance Service", "Organisation 1", "gazetteer", "0.9"),
            ("t001", "PERSON", "Wendeline", "Person 1", "names", "0.9"),
        ],
    )
    results = tmp_path / "results"
    (results / "deidentified").mkdir(parents=True)
    (results / "deidentified" / "t002.txt").write_text(
        "Interviewer: and then?\n[Person 4]: the Tumbler came, then the Scottish Ambulance Service\n"
        "[Person 4]: Wendeline was there\nFacilitator: thanks\n",
        encoding="utf-8",
    )
    key = PseudonymKey()
    key.save(tmp_path / "key.json")
    with pytest.raises(LeakError) as exc:
        audit_tree(
            results,
            tmp_path / "key.json",
            None,
            review,
            tmp_path / "audit.tsv",
            hits_path=tmp_path / "hits.tsv",
            speaker_labels=["Facilitator"],
        )
    rows = list(csv.DictReader(open(tmp_path / "hits.tsv", encoding="utf-8"), delimiter="\t"))
    fix = {r["original"]: r["fix"] for r in rows}
    assert set(fix) == {"Interviewer", "Tumbler", "Scottish Ambulance Service", "Wendeline"}
    assert "speaker or role label" in fix["Interviewer"] and "deidentify.allow" in fix["Interviewer"]
    assert "coprod review-deid --keep 'Interviewer'" in fix["Interviewer"]
    assert "never register it" in fix["Interviewer"] and "--replace" not in fix["Interviewer"]
    assert "ordinary English word" in fix["Tumbler"] and "--keep 'Tumbler'" in fix["Tumbler"]
    assert "--replace 'Tumbler' --type" in fix["Tumbler"]  # if it names someone here
    assert "public place or body" in fix["Scottish Ambulance Service"]
    assert "audit.allow" in fix["Scottish Ambulance Service"]
    assert "--keep 'Scottish Ambulance Service'" in fix["Scottish Ambulance Service"]
    assert "coprod review-deid --replace 'Wendeline' --type PERSON|PLACE|ORG|NAME" in fix["Wendeline"]
    # a detector's finding may be its own false positive: replace first, keep named as the other remedy
    assert "false positive" in fix["Wendeline"]
    assert fix["Wendeline"].index("--replace") < fix["Wendeline"].index("--keep")
    line = str(exc.value)
    assert "by remedy: name 1 -> replace it (coprod review-deid --replace" in line
    assert "role label 1 -> keep it (coprod review-deid --keep, or deidentify.allow)" in line
    assert "ordinary word 1" in line and "public name 1" in line
    assert "this one: keep it (coprod review-deid --keep" in line  # the first hit: "Interviewer"
    for original in fix:
        assert original.casefold() not in line.casefold()


def test_a_role_word_in_the_register_is_still_a_role_and_a_register_name_gets_an_alias(tmp_path):
    from coprod.privacy.audit import Hit, Remedies, Value

    r = Remedies.load(speaker_labels=["Facilitator"])
    assert r.kind(Value("Facilitator", "register PERSON", "register")) == "role label"
    # the team listed it: a name even if it is also an English word
    assert r.kind(Value("Hope", "register PERSON", "register")) == "name"
    assert "alias of its register entry" in r.fix(
        Hit("f", "line 1", Value("Hope", "register PERSON", "register"))
    )
    assert r.kind(Value("Hope", "[Person 1]", "review")) == "ordinary word"
    assert r.kind(Value("Quarrington", "[Person 1]", "key (earlier run)")) == "name"
    earlier = r.fix(Hit("f", "line 1", Value("Quarrington", "[Person 1]", "key (earlier run)")))
    assert "--replace 'Quarrington'" in earlier and "--keep 'Quarrington'" in earlier


@pytest.mark.parametrize("word", ["Interviewer", "Therapist", "Client", "Facilitator", "Counsellor"])
@pytest.mark.parametrize("source", ["review", "key (earlier run)", "register", "key"])
def test_a_speaker_role_word_is_never_advised_to_be_registered_or_replaced(word, source):
    """Role words of the reference list (data/reference/cues/role_labels.txt) too, not only the
    audit's own few: "Therapist" is an English word, and was told "add them to the register"."""
    from coprod.privacy.audit import Hit, Remedies, Value

    r = Remedies.load()
    v = Value(word, "[Person 1]", source)
    assert r.kind(v) == "role label"
    fix = r.fix(Hit("f", "line 1", v))
    assert f"--keep '{word}'" in fix
    assert "--replace" not in fix and "add it to the register" not in fix and "alias" not in fix
