"""Review decisions: one row per surface form in the private `review/decisions.tsv`, written by
`coprod review-deid --keep/--replace` (or by hand), read by the de-identification (keep: never
replaced; replace: always replaced, with its type) and, with its own loader, by the audit (keep:
accepted; replace: an identifier that must not appear). One review pass converges: a first run
that fails, the decisions recorded, a second run that passes."""

from __future__ import annotations

import csv
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cache_env

from coprod.errors import InputError, LeakError
from coprod.privacy.audit import audit_tree, residual_check
from coprod.privacy.decisions import Decision, load_decisions, record_decision

ROOT = Path(__file__).resolve().parents[1]
# synthetic forms of this test's own: an invented surname said at the start of a sentence (no
# rule finds it there) and an invented product name
NAME = "Quenthorpe"
PRODUCT = "Brellixo"
TEXT = (
    "Interviewer: How did it start?\n\n"
    f"Respondent: {NAME} came round on the Monday. {PRODUCT} is the app we all use now.\n\n"
    f"Respondent: {NAME} said it was fine.\n"
)
HEADER = "form\tdecision\ttype\twho\twhen\n"


def coprod(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", **cache_env()}
    return subprocess.run(
        [sys.executable, "-m", "coprod.cli", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


# ------------------------------------------------------------------ the file and its loader
def test_record_writes_one_private_row_per_form(tmp_path):
    path = tmp_path / "private" / "review" / "decisions.tsv"
    record_decision(path, NAME, "replace", "PERSON", who="ab", when="2026-01-02")
    record_decision(path, PRODUCT, "keep", when="2026-01-02")
    # deciding a form again replaces its row (matched in any case and spacing), never adds one
    record_decision(path, NAME.upper(), "replace", "NAME", when="2026-01-03")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == (
        HEADER + f"{NAME.upper()}\treplace\tNAME\t\t2026-01-03\n{PRODUCT}\tkeep\t\t\t2026-01-02\n"
    )
    assert load_decisions(path) == [
        Decision(NAME.upper(), "replace", "NAME", "", "2026-01-03"),
        Decision(PRODUCT, "keep", "", "", "2026-01-02"),
    ]


def test_a_spreadsheet_export_with_bom_crlf_short_header_and_padding_is_read(tmp_path):
    path = tmp_path / "decisions.tsv"
    path.write_bytes(f"\ufeffForm\tDecision\tType\r\n{NAME}\treplace\tPLACE\t\t\r\n".encode())
    assert load_decisions(path) == [Decision(NAME, "replace", "PLACE")]


def test_a_missing_file_is_no_decisions(tmp_path):
    assert load_decisions(tmp_path / "none.tsv") == []


def test_hand_edited_file_with_comments_and_short_rows_is_read(tmp_path):
    path = tmp_path / "decisions.tsv"
    path.write_text(
        HEADER + "# a comment line\n\n" + f"{PRODUCT}\tkeep\n{NAME}\treplace\tperson\n", encoding="utf-8"
    )
    assert load_decisions(path) == [
        Decision(PRODUCT, "keep", "", "", ""),
        Decision(NAME, "replace", "PERSON", "", ""),
    ]


SENTINEL = "Quorvane"
BAD_ROWS = {
    "unknown_decision": (f"{SENTINEL}\tmaybe\t\t\t\n", "row 2", "keep or replace"),
    "decision_is_a_name": (f"x{SENTINEL}\t{SENTINEL}\t\t\t\n", "row 2", "keep or replace"),
    "replace_without_type": (f"{SENTINEL}\treplace\t\t\t\n", "row 2", "PERSON, PLACE, ORG or NAME"),
    "replace_with_unknown_type": (f"{SENTINEL}\treplace\t{SENTINEL}\t\t\n", "row 2", "PERSON, PLACE"),
    "empty_form": ("\tkeep\t\t\t\n", "row 2", "form"),
    "one_letter_form": ("Q\tkeep\t\t\t\n", "row 2", "2 letters"),
    "too_many_cells": (f"{SENTINEL}\tkeep\t\t\t\t{SENTINEL}\n", "row 2", "cells"),
    "same_form_twice": (f"{SENTINEL}\tkeep\n{SENTINEL.lower()}\treplace\tPERSON\n", "row 3", "row 2"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_bad_rows_give_one_line_naming_file_and_row_never_the_value(tmp_path, case):
    row, where, fix = BAD_ROWS[case]
    path = tmp_path / "decisions.tsv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_decisions(path)
    line = err.value.line()
    assert "\n" not in line
    assert str(path) in line and where in line and fix in line
    assert SENTINEL.casefold() not in line.casefold()


def test_bad_header_is_one_line(tmp_path):
    path = tmp_path / "decisions.tsv"
    path.write_text(f"{SENTINEL}\tkeep\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_decisions(path)
    assert "header" in err.value.line() and SENTINEL not in err.value.line()


def test_cli_bad_file_is_one_line_without_the_value(tmp_path):
    path = tmp_path / "decisions.tsv"
    path.write_text(HEADER + f"{SENTINEL}\tmaybe\n", encoding="utf-8")
    out = coprod("review-deid", "--decisions", str(path), "--keep", "Other", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "row 2" in out.stderr and SENTINEL not in out.stderr
    assert path.read_text(encoding="utf-8") == HEADER + f"{SENTINEL}\tmaybe\n"  # left as it was


def test_cli_replace_needs_a_type(tmp_path):
    out = coprod("review-deid", "--decisions", str(tmp_path / "d.tsv"), "--replace", NAME, cwd=tmp_path)
    assert out.returncode != 0 and "--type" in out.stderr
    assert not (tmp_path / "d.tsv").exists()


# ------------------------------------------------------------------ one review pass converges
def _run(tmp_path: Path, decisions: Path) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """De-identify the one transcript, then audit results/ with the residual report failing."""
    raw = tmp_path / "raw" / "interview.txt"
    results = tmp_path / "results"
    private = tmp_path / "private"
    deid = coprod(
        "deidentify", "--key", str(private / "key.json"), "--out", str(results / "deidentified"),
        "--review", str(private / "review" / "replacements.tsv"), "--decisions", str(decisions), str(raw),
        cwd=tmp_path,
    )  # fmt: skip
    audit = coprod(
        "audit", str(results), "--key", str(private / "key.json"),
        "--review", str(private / "review" / "replacements.tsv"), "--decisions", str(decisions),
        "--report", str(private / "audit.tsv"), "--hits", str(private / "audit" / "hits.tsv"),
        "--residual-report", str(private / "audit" / "residual.tsv"), "--residual", "fail",
        cwd=tmp_path,
    )  # fmt: skip
    return deid, audit


def test_one_review_pass_converges(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "interview.txt").write_text(TEXT, encoding="utf-8")
    decisions = tmp_path / "private" / "review" / "decisions.tsv"

    deid, audit = _run(tmp_path, decisions)
    assert deid.returncode == 0, deid.stderr
    published = (tmp_path / "results" / "deidentified" / "t001.txt").read_text(encoding="utf-8")
    assert NAME in published and PRODUCT in published  # nothing found them
    assert audit.returncode == 1  # the residual report fails the build: two forms undecided
    assert "2 name-like form(s)" in audit.stderr and NAME not in audit.stderr
    residual = _read_tsv(tmp_path / "private" / "audit" / "residual.tsv")
    assert [(r["form"], r["decision"]) for r in residual] == [(NAME, ""), (PRODUCT, "")]

    # the review pass: one decision per form, not per mention
    keep = coprod("review-deid", "--decisions", str(decisions), "--keep", PRODUCT, cwd=tmp_path)
    repl = coprod(
        "review-deid", "--decisions", str(decisions), "--replace", NAME, "--type", "PERSON", cwd=tmp_path
    )
    assert keep.returncode == 0 and repl.returncode == 0, keep.stderr + repl.stderr
    assert [(r["form"], r["decision"], r["type"]) for r in _read_tsv(decisions)] == [
        (PRODUCT, "keep", ""),
        (NAME, "replace", "PERSON"),
    ]

    deid, audit = _run(tmp_path, decisions)
    assert deid.returncode == 0 and audit.returncode == 0, deid.stderr + audit.stderr
    published = (tmp_path / "results" / "deidentified" / "t001.txt").read_text(encoding="utf-8")
    assert NAME not in published and published.count("[Person 1]") == 2
    assert PRODUCT in published
    assert "audit passed" in audit.stderr
    assert "0 undecided" in audit.stderr
    residual = _read_tsv(tmp_path / "private" / "audit" / "residual.tsv")
    assert [(r["form"], r["decision"]) for r in residual] == [(PRODUCT, "keep")]


# ------------------------------------------------------------------ the audit reads them itself
def _published(tmp_path: Path, text: str) -> Path:
    results = tmp_path / "results"
    (results / "deidentified").mkdir(parents=True)
    (results / "deidentified" / "t01.txt").write_text(text, encoding="utf-8")
    return results


def test_audit_fails_on_a_replace_decision_the_text_still_holds(tmp_path):
    """Independent of the de-identification: a published text made without the decisions fails."""
    results = _published(tmp_path, f"Respondent: I asked {NAME} about it.\n")
    decisions = tmp_path / "decisions.tsv"
    record_decision(decisions, NAME, "replace", "PERSON")
    hits = tmp_path / "hits.tsv"
    with pytest.raises(LeakError) as err:
        audit_tree(results, tmp_path / "key.json", None, None, tmp_path / "a.tsv", hits_path=hits,
                   decisions_path=decisions)  # fmt: skip
    assert NAME not in str(err.value)
    (row,) = _read_tsv(hits)
    assert row["original"] == NAME and row["source"] == "decision"
    assert "decisions" in row["fix"] and "register" not in row["fix"]


def test_audit_accepts_a_key_value_decided_keep(tmp_path):
    """A form an earlier run replaced (still in the key) and since decided keep is no hit."""
    import json

    results = _published(tmp_path, f"Respondent: {PRODUCT} is the app we use.\n")
    key = tmp_path / "key.json"
    entries = [{"type": "PLACE", "original": PRODUCT, "pseudonym": "Place 1"}]
    key.write_text(json.dumps({"format": "coprod-pseudonym-key/1", "entries": entries}), encoding="utf-8")
    with pytest.raises(LeakError):
        audit_tree(results, key, None, None, tmp_path / "a.tsv")
    decisions = tmp_path / "decisions.tsv"
    record_decision(decisions, PRODUCT, "keep")
    assert audit_tree(results, key, None, None, tmp_path / "a.tsv", decisions_path=decisions) == 1


def test_residual_marks_decided_forms_and_fails_only_on_undecided(tmp_path):
    results = _published(tmp_path, f"Respondent: {NAME} and {PRODUCT} again. {PRODUCT} works.\n")
    decisions = tmp_path / "decisions.tsv"
    record_decision(decisions, PRODUCT, "keep")
    report = tmp_path / "residual.tsv"
    with pytest.raises(LeakError) as err:
        residual_check(results, report, "fail", decisions_path=decisions)
    assert "1 name-like form(s)" in str(err.value)
    rows = _read_tsv(report)
    assert [(r["form"], r["count"], r["decision"]) for r in rows] == [(PRODUCT, "2", "keep"), (NAME, "1", "")]
    record_decision(decisions, NAME, "keep")
    line = residual_check(results, report, "fail", decisions_path=decisions)
    assert "0 undecided" in line and "2 decided" in line


# ------------------------------------------------------------------ the de-identification reads them
def test_deidentification_keeps_and_replaces_by_decision(tmp_path):
    from coprod.privacy.deidentify import deidentify_files

    raw = tmp_path / "in.txt"
    # the catch-all rule replaces an unknown capitalised word mid-sentence: keep releases it
    raw.write_text(f"Respondent: We tried {PRODUCT} first. {NAME} liked it.\n", encoding="utf-8")
    out = tmp_path / "out"
    deidentify_files([raw], None, tmp_path / "k.json", out, json_out=False)
    first = (out / "t001.txt").read_text(encoding="utf-8")
    assert PRODUCT not in first and NAME in first
    decisions = tmp_path / "decisions.tsv"
    record_decision(decisions, PRODUCT, "keep")
    record_decision(decisions, NAME, "replace", "PERSON")
    deidentify_files([raw], None, tmp_path / "k.json", out, json_out=False, decisions_path=decisions)
    second = (out / "t001.txt").read_text(encoding="utf-8")
    assert PRODUCT in second and NAME not in second and "[Person 1] liked it" in second


def test_a_replace_decision_of_no_known_kind_is_a_neutral_name(tmp_path):
    from coprod.privacy.deidentify import deidentify_files

    raw = tmp_path / "in.txt"
    raw.write_text(f"Respondent: {NAME} said so. Then {NAME} left.\n", encoding="utf-8")
    decisions = tmp_path / "private" / "decisions.tsv"
    record_decision(decisions, NAME, "replace", "NAME")
    out = tmp_path / "out"
    deidentify_files([raw], None, tmp_path / "k.json", out, json_out=False, decisions_path=decisions)
    assert (out / "t001.txt").read_text(
        encoding="utf-8"
    ) == "Respondent: [Name 1] said so. Then [Name 1] left.\n"


def test_decisions_file_inside_the_shareable_out_folder_is_refused(tmp_path):
    (tmp_path / "in.txt").write_text("Respondent: fine.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    inside = out / "decisions.tsv"
    r = coprod(
        "deidentify", "--key", "k.json", "--out", "out", "--decisions", str(inside), "in.txt", cwd=tmp_path
    )
    assert r.returncode == 1 and "--decisions is inside the --out folder" in r.stderr
    assert list(out.iterdir()) == []


def test_review_table_shows_the_recorded_decision(tmp_path):
    from coprod.privacy.deidentify import review_table

    log = tmp_path / "review" / "replacements.tsv"
    log.parent.mkdir()
    cols = "transcript turn field start end type detector confidence original pseudonym context".split()
    rows = [
        ["t001", "1", "text", "0", "8", "NAME", "context:proper-noun", "0.4", PRODUCT, "Name 1", "ctx"],
        ["t001", "2", "text", "0", "10", "PERSON", "names:first-name", "0.8", NAME, "Person 1", "ctx"],
    ]
    log.write_text("\n".join("\t".join(r) for r in [cols, *rows]) + "\n", encoding="utf-8")
    record_decision(tmp_path / "review" / "decisions.tsv", PRODUCT, "keep")
    # the CLI's default decisions file sits beside the review log it is given
    out = coprod("review-deid", "--review", str(log), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = {line.split()[3]: line.split()[4] for line in out.stdout.splitlines()[1:-1]}
    assert lines == {PRODUCT: "keep", NAME: "-"}
    assert "1 decision(s) recorded" in out.stdout and "--keep FORM" in out.stdout
    assert review_table(log).count("keep") == 1  # only the hint line, with no decisions file
