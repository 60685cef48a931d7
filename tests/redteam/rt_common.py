"""Helpers for the red-team cases: run the public CLI, hash inputs, search published text."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COPROD = str(BIN / "coprod")
SNAKEMAKE = str(BIN / "snakemake")


def _root_conftest():
    spec = importlib.util.spec_from_file_location("_rt_root_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_workflow(dest: Path, study: Path | None = None) -> Path:
    """The tests' own copy helper (tests/conftest.py), with the bundled example by default."""
    return _root_conftest().copy_workflow(dest, study or ROOT / "data" / "raw" / "example")


def env(src: Path | None = None) -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(src or ROOT / "src")
    e.pop("SOURCE_DATE_EPOCH", None)
    return e


def run(args, cwd: Path, timeout: float = 120, src: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env(src), capture_output=True, text=True, timeout=timeout
    )


def coprod(*args, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return run([COPROD, *args], cwd=cwd, timeout=timeout)


def coprod_here(*args, cwd: Path) -> subprocess.CompletedProcess:
    """`coprod ARGS` through the CLI's own entry function (`coprod.cli:main`, what the console
    script calls) in this process: same arguments, same working folder, exit code and both
    streams captured. For the cases that check what a completed run publishes: the reference
    lists are then loaded once for all of them, not once per case. Cases about the process
    itself (bad input: exit code and one error line; kills; the installed script) use `coprod`."""
    import contextlib
    import io

    from coprod.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess([COPROD, *map(str, args)], code, out.getvalue(), err.getvalue())


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a process started with start_new_session=True and all its children, then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def sha_tree(path: Path) -> dict:
    """sha256 of every file under path (or of path itself), by relative name."""
    path = Path(path)
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def nhs_number(first9: str) -> str:
    """A ten-digit NHS number: the nine digits given and their modulus-11 check digit (invented
    numbers that a checksum rule cannot excuse)."""
    total = sum(int(d) * w for d, w in zip(first9, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    assert check != 10, "pick another stem"
    return first9 + str(check)


def compact(text: str) -> str:
    """Case-folded, NFKC, with spaces, hyphens, dots, underscores and apostrophes removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-‐‑‒–—._'’]+", "", text)


def assert_absent(text: str, planted, where: str = "published output"):
    """No planted value in text: case-insensitively, and again with separators removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    squeezed = compact(text)
    for value in planted:
        v = unicodedata.normalize("NFKC", value).casefold()
        assert v not in folded, f"{value!r} found in {where}"
        cv = compact(value)
        if len(cv) >= 4:
            assert cv not in squeezed, f"{value!r} (separators removed) found in {where}"


def assert_one_line_error(proc: subprocess.CompletedProcess, planted=(), stream: str | None = None):
    """Non-zero exit, exactly one non-empty line on stderr, no traceback, no planted value."""
    err = proc.stderr if stream is None else stream
    assert proc.returncode != 0, f"expected failure, got 0; stdout={proc.stdout[-400:]!r}"
    assert "Traceback" not in err and "Traceback" not in proc.stdout, err[-2000:]
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {err[-1500:]!r}"
    for value in planted:
        for form in {value, value.casefold(), value.upper()}:
            assert form.casefold() not in err.casefold(), f"error line echoes {value!r}: {err!r}"
            assert form.casefold() not in proc.stdout.casefold(), f"stdout echoes {value!r}"


def write_register(path: Path, people=(), organisations=(), places=()) -> Path:
    import yaml

    data = {
        "people": [p if isinstance(p, dict) else {"name": p} for p in people],
        "organisations": [{"name": o, "aliases": []} for o in organisations],
        "places": [{"name": p, "aliases": []} for p in places],
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def published(out: Path) -> str:
    """Every published file under out, concatenated (text files read as UTF-8), plus names."""
    parts = []
    for p in sorted(Path(out).rglob("*")):
        parts.append(str(p.relative_to(out)))
        if p.is_file():
            parts.append(p.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def deidentify(tmp: Path, inputs: dict, register: Path | None = None, allow=(), check_ok: bool = True):
    """Write inputs (name -> str|bytes) under tmp/raw, run `coprod deidentify`, check raw untouched.
    A run expected to succeed (`check_ok`) runs in this process (`coprod_here`), one that may
    fail in its own (`coprod`).

    Returns (proc, published text of tmp/out).
    """
    raw = tmp / "raw"
    raw.mkdir(exist_ok=True)
    paths = []
    for name, content in inputs.items():
        p = raw / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
        paths.append(p)
    before = sha_tree(raw)
    reg_before = sha_tree(register) if register else None
    args = ["deidentify", "--key", tmp / "key.json", "--out", tmp / "out"]
    if register:
        args += ["--register", register]
    for phrase in allow:
        args += ["--allow", phrase]
    proc = (coprod_here if check_ok else coprod)(*args, *paths, cwd=tmp)
    assert sha_tree(raw) == before, "raw inputs were modified"
    if register:
        assert sha_tree(register) == reg_before, "register was modified"
    if check_ok:
        assert proc.returncode == 0, f"deidentify failed: {proc.stderr[-1500:]}"
        assert "Traceback" not in proc.stderr
    out = tmp / "out"
    return proc, (published(out) if out.exists() else "")


def ingest(tmp: Path, path: Path) -> dict:
    """`coprod ingest` of one file, parsed JSON (raw file checked unchanged)."""
    before = sha_tree(path)
    proc = coprod_here("ingest", path, cwd=tmp)
    assert sha_tree(path) == before, "raw input was modified by ingest"
    assert proc.returncode == 0, f"ingest refused the file: {proc.stderr[-800:]}"
    data = json.loads(proc.stdout)
    if isinstance(data, list):
        assert len(data) == 1
        data = data[0]
    return data


def roles(doc: dict) -> dict:
    """speaker label -> set of roles, from ingest JSON."""
    out: dict = {}
    for turn in doc["turns"]:
        out.setdefault(turn["speaker"], set()).add(turn["role"])
    return out


def docx_bytes(paragraphs=(), table_rows=None) -> bytes:
    """A .docx built with python-docx: paragraphs, then an optional table (list of rows)."""
    import io

    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    if table_rows:
        table = d.add_table(rows=0, cols=len(table_rows[0]))
        for row in table_rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def keep_and_rerun(tmp: Path, forms) -> str:
    """A first run's review, done as its fix column says for false positives: keep each form once
    (`review-deid --keep`, decisions written beside the review log), re-run de-identification
    and the audit with those decisions (both must pass), and return the published text."""
    private = tmp / "private"
    keep = [arg for form in forms for arg in ("--keep", form)]
    proc = coprod_here("review-deid", "--review", private / "review.tsv", *keep, cwd=tmp)
    assert proc.returncode == 0, proc.stderr[-1500:]
    decisions = private / "decisions.tsv"
    assert decisions.exists(), "review-deid --review R --keep F wrote no decisions beside R"
    res = tmp / "results"
    for p in (res / "deidentified").iterdir():
        p.unlink()
    reg = tmp / "register.yaml"
    raw = sorted((tmp / "raw").iterdir())
    proc = coprod_here(
        "deidentify",
        "--key", private / "key.json",
        "--out", res / "deidentified",
        "--register", reg,
        "--review", private / "review2.tsv",
        "--decisions", decisions,
        *raw,
        cwd=tmp,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-1500:]
    audit2 = coprod(
        "audit",
        "--key", private / "key.json",
        "--register", reg,
        "--review", private / "review2.tsv",
        "--decisions", decisions,
        "--hits", private / "hits2.tsv",
        res,
        cwd=tmp,
    )  # fmt: skip
    assert audit2.returncode == 0, (audit2.stdout + audit2.stderr)[-1500:]
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((res / "deidentified").glob("*.txt")))


def first_run(tmp: Path, people, transcripts: dict, codebook: str):
    """A study's first run as a new user makes it: only `people` registered, nothing allowed —
    `coprod deidentify` of `transcripts` (must succeed), a codebook table written beside the
    published transcripts, then `coprod audit` with its hits and residual report (no traceback).
    Returns (the audit's process, its hits as dicts)."""
    import csv

    reg = write_register(tmp / "register.yaml", people=list(people))
    raw = tmp / "raw"
    raw.mkdir()
    paths = []
    for name, text in transcripts.items():
        (raw / name).write_text(text, encoding="utf-8")
        paths.append(raw / name)
    res = tmp / "results"
    private = tmp / "private"
    private.mkdir()
    proc = coprod_here(
        "deidentify",
        "--key", private / "key.json",
        "--out", res / "deidentified",
        "--register", reg,
        "--review", private / "review.tsv",
        *paths,
        cwd=tmp,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-1500:]
    (res / "coding").mkdir()
    (res / "coding" / "codebook.tsv").write_text(codebook, encoding="utf-8")
    audit = coprod(
        "audit",
        "--key", private / "key.json",
        "--register", reg,
        "--review", private / "review.tsv",
        "--hits", private / "hits.tsv",
        "--residual-report", private / "residual.tsv",
        res,
        cwd=tmp,
    )  # fmt: skip
    assert "Traceback" not in audit.stderr + audit.stdout, audit.stderr[-2000:]
    hits = []
    if (private / "hits.tsv").exists():
        with (private / "hits.tsv").open(encoding="utf-8") as fh:
            hits = list(csv.DictReader(fh, delimiter="\t"))
    return audit, hits


def advises_register(text: str, form: str) -> bool:
    """The fix text (or console) tells the user to add FORM to the register."""
    f = re.escape(form)
    return bool(re.search(rf"(add|register)\s+['\"]?{f}['\"]?\s+(to|in)\s+the\s+register", text, re.I))


def advises_replace(text: str, form: str) -> bool:
    """The fix text offers replacing FORM: `--replace FORM` (the whole form) or registering it."""
    f = re.escape(form)
    return bool(re.search(rf"--replace\s+['\"]?{f}\b", text, re.I)) or advises_register(text, form)


def advises_keep(text: str, form: str) -> bool:
    """The fix text offers keeping FORM (`--keep`, `--allow` or an allow entry)."""
    f = re.escape(form)
    return bool(re.search(rf"(--keep|--allow|allow:?)\s+['\"]?{f}", text, re.I))


def not_keep_only(hits) -> list[str]:
    """The originals among HITS whose fix offers replacing them or does not offer keeping them
    (a word, label or term has one remedy: keep)."""
    return sorted(
        {h["original"] for h in hits if advises_replace(h["fix"], h["original"])}
        | {h["original"] for h in hits if not advises_keep(h["fix"], h["original"])}
    )


def xfail_for(round_name: str):
    """`xf(reason, *values)` for one red-team round: a case the product fails today, as a strict
    xfail whose reason starts "red team <round>: ", so the fix turns it into a pass."""
    import pytest

    def xf(reason, *values):
        return pytest.param(
            *values, marks=pytest.mark.xfail(strict=True, reason=f"red team {round_name}: {reason}")
        )

    return xf
