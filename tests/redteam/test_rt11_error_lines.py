"""Issue 25, class 11: error lines never echo a value. A register file with a type error (a
number where a name list is expected, a name under the wrong key, …) stops the run with one
line that does not contain the registered name; nothing is written."""

from __future__ import annotations

import json

import pytest
from rt_common import assert_one_line_error, coprod, sha_tree

pytestmark = pytest.mark.redteam

PLANTED = ["Isla Dunnachie", "Dunnachie", "Strathbrae", "Kinbrachan"]

BAD_REGISTERS = {
    "aliases-number": 'people:\n  - {name: "Isla Dunnachie", aliases: 42}\n',
    "name-wrong-key": 'people:\n  - {nmae: "Isla Dunnachie", role: participant}\n',
    "people-mapping": 'people:\n  "Isla Dunnachie": {role: participant}\n',
    "name-is-list": 'organisations:\n  - {name: ["Strathbrae Carers Trust"], aliases: []}\n',
    "places-number": 'places:\n  - {name: "Kinbrachan", aliases: [1, 2]}\n',
    "unknown-top-key": 'peopel:\n  - {name: "Isla Dunnachie"}\n',
    "duplicate-key": 'people:\n  - {name: "Isla Dunnachie", name: "Isla Dunnachie-Reid"}\n',
    # a YAML alias bomb: anchors expanded exponentially ("billion laughs")
    "alias-bomb": (
        'a: &a ["Isla Dunnachie", "Isla Dunnachie"]\nb: &b [*a, *a, *a, *a, *a, *a]\n'
        "c: &c [*b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c]\n"
        "people:\n  - {name: Isla Dunnachie, aliases: [*d, *d, *d, *d, *d, *d]}\n"
    ),
    "unterminated-quote": 'people:\n  - {name: "Isla Dunnachie, role: participant}\n',
    "tab-indent": 'people:\n\t- name: "Isla Dunnachie"\n',
}

TEXT = "Interviewer: How was the week?\nP01: Busy, the forum met twice and the minutes are out.\n"


def _setup(tmp_path, kind):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "t.txt").write_text(TEXT, encoding="utf-8")
    reg = tmp_path / "private" / "register.yaml"
    reg.parent.mkdir()
    reg.write_text(BAD_REGISTERS[kind], encoding="utf-8")
    return raw, reg


@pytest.mark.redteam
@pytest.mark.parametrize("kind", sorted(BAD_REGISTERS))
def test_deidentify_register_error_never_echoes_a_name(tmp_path, kind):
    raw, reg = _setup(tmp_path, kind)
    before = {**sha_tree(raw), **sha_tree(reg)}
    out, key = tmp_path / "out", tmp_path / "key.json"
    proc = coprod("deidentify", "--register", reg, "--key", key, "--out", out, raw / "t.txt", cwd=tmp_path)
    assert {**sha_tree(raw), **sha_tree(reg)} == before, "inputs modified"
    assert_one_line_error(proc, PLANTED)
    assert "register.yaml" in proc.stderr, f"error line does not name the register: {proc.stderr!r}"
    assert not out.exists() or not any(out.iterdir()), "partial output written"
    assert not key.exists() or not json.loads(key.read_text() or "{}").get("entries"), (
        "key written on failure"
    )


@pytest.mark.redteam
@pytest.mark.parametrize("kind", ["aliases-number", "name-wrong-key", "unterminated-quote", "duplicate-key"])
def test_audit_register_error_never_echoes_a_name(tmp_path, kind):
    raw, reg = _setup(tmp_path, kind)
    proc = coprod(
        "deidentify", "--key", tmp_path / "key.json", "--out", tmp_path / "out", raw / "t.txt", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    report = tmp_path / "audit.tsv"
    proc = coprod(
        "audit",
        "--key",
        tmp_path / "key.json",
        "--register",
        reg,
        "--report",
        report,
        tmp_path / "out",
        cwd=tmp_path,
    )
    assert_one_line_error(proc, PLANTED)
    assert not report.exists(), "an audit that could not read its register wrote a report"
