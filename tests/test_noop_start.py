"""Issue 27 (the no-op under 2 s): what every `snakemake` call pays before its first job. The
workflow's start (the Snakefile and workflow/rules/*.smk, with what they import and call) loads no
pandas once the participants sheet's rows are kept (coprod.corpus.discover's `listing`), and
Snakemake's params check imports it only when a param could be a pandas object
(coprod.startup) — with the same rows, and the same params text, as before."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

import coprod.corpus as corpus_mod
from coprod.corpus import discover
from coprod.errors import InputError

EXAMPLE = ROOT / "data" / "raw" / "example"
SHEET = ROOT / "config" / "participants.tsv"


@pytest.fixture
def counted(monkeypatch):
    """discover's reads of the sheet (coprod.segment.read_participants), counted."""
    calls = []
    real = corpus_mod.read_participants
    monkeypatch.setattr(corpus_mod, "read_participants", lambda p: calls.append(p) or real(p))
    return calls


def test_an_unchanged_sheet_is_read_once(tmp_path, counted):
    sheet = tmp_path / "participants.tsv"
    shutil.copyfile(SHEET, sheet)
    listing = tmp_path / "private" / "sheet_rows.json"
    first = discover(EXAMPLE, sheet, listing=listing)
    again = discover(EXAMPLE, sheet, listing=listing)
    assert again == first == discover(EXAMPLE, SHEET)  # the rows as the sheet gives them
    assert len(counted) == 2  # the first call and the call without a listing
    assert listing.stat().st_mode & 0o777 == 0o600  # it names the raw files: private


def test_an_edited_sheet_is_read_again(tmp_path, counted):
    sheet = tmp_path / "participants.tsv"
    shutil.copyfile(SHEET, sheet)
    listing = tmp_path / "private" / "sheet_rows.json"
    before = discover(EXAMPLE, sheet, listing=listing)
    text = sheet.read_text(encoding="utf-8")
    first_id = sorted(before)[0]
    sheet.write_text(re.sub(rf"\b{first_id}\b", "renamed01", text, count=1), encoding="utf-8")
    after = discover(EXAMPLE, sheet, listing=listing)
    assert len(counted) == 2
    assert "renamed01" in after and first_id not in after and after["renamed01"] == before[first_id]
    # an error in the sheet is reported on every call, never hidden by the kept rows
    rows = sheet.read_text(encoding="utf-8").splitlines()
    sheet.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")  # a duplicate row
    for _ in range(2):
        with pytest.raises(InputError, match="duplicate"):
            discover(EXAMPLE, sheet, listing=listing)


@pytest.mark.parametrize("kept", ["", "{not json", '{"digest": 1}', '{"digest": "%s", "rows": [1]}'])
def test_a_damaged_listing_means_the_sheet_is_read(tmp_path, counted, kept):
    listing = tmp_path / "sheet_rows.json"
    listing.write_text(kept % corpus_mod._listing_digest(SHEET) if "%s" in kept else kept)
    assert discover(EXAMPLE, SHEET, listing=listing) == discover(EXAMPLE, SHEET)
    assert len(counted) == 2
    assert json.loads(listing.read_text())["digest"] == corpus_mod._listing_digest(SHEET)


def test_the_listing_is_keyed_by_the_code_that_reads_the_sheet(tmp_path, monkeypatch):
    digest = corpus_mod._listing_digest(SHEET)
    code = tmp_path / "coprod"
    code.mkdir()
    for module in ("segment.py", "tables.py"):
        (code / module).write_bytes((ROOT / "src" / "coprod" / module).read_bytes())
    monkeypatch.setattr(corpus_mod, "__file__", str(code / "corpus.py"))
    assert corpus_mod._listing_digest(SHEET) == digest
    with open(code / "tables.py", "a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    assert corpus_mod._listing_digest(SHEET) != digest


def workflow_start_imports() -> list[str]:
    """Every `from coprod... import` line of the Snakefile and workflow/rules/*.smk."""
    lines = []
    for path in [ROOT / "Snakefile", *sorted((ROOT / "workflow" / "rules").glob("*.smk"))]:
        lines += re.findall(
            r"^\s*(from coprod[\w.]* import [\w, ]+)$", path.read_text(encoding="utf-8"), re.M
        )
    return lines


def test_the_workflow_start_loads_no_pandas(tmp_path):
    """In a fresh interpreter: everything the workflow's files import, then discover with the
    sheet's rows kept (as on every call after the first): pandas is never imported."""
    imports = workflow_start_imports()
    assert any("discover" in line for line in imports) and len(imports) >= 10
    listing = tmp_path / "sheet_rows.json"
    discover(EXAMPLE, SHEET, listing=listing)
    code = "\n".join(
        [
            *imports,
            "import sys",
            "from coprod.corpus import discover",
            f"discover({str(EXAMPLE)!r}, {str(SHEET)!r}, listing={str(listing)!r})",
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'))",
        ]
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "[]"


def test_params_check_serialises_as_snakemake_does():
    """The params text Snakemake records is unchanged: builtin values as its builtin serialiser
    writes them, a pandas object (possible only once pandas is imported) hashed as before."""
    code = """
import sys
from snakemake.persistence import PersistenceBase
from coprod.startup import params_check_without_pandas_import

class Records(PersistenceBase):  # only the serialisers are used: no records
    pass

Records.__abstractmethods__ = frozenset()
p = Records()
values = [1, 2.5, "x", [1, "a"], {"k": (1, 2)}, None, True, object()]
before = [PersistenceBase._serialize_param_builtin(p, v) for v in values]
assert params_check_without_pandas_import()
after = [p._serialize_param(v) for v in values]
assert after == before, (after, before)
assert "pandas" not in sys.modules
import pandas as pd

frame = pd.DataFrame({"a": [1, 2]})
assert p._serialize_param(frame) == PersistenceBase._serialize_param_pandas(p, frame)
assert p._serialize_param(frame) == repr(pd.util.hash_pandas_object(frame).tolist())
assert [p._serialize_param(v) for v in values] == before
print("ok")
"""
    run = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(ROOT / "src")}, capture_output=True, text=True
    )
    assert run.stdout.strip() == "ok", run.stderr[-2000:]
