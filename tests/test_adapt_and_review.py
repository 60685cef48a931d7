"""Adapting by config (a second study runs with no code change) and reviewer mode (rebuild from
the shareable archive alone, raw data and key absent, byte-identical)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_CONFIG, background_run, clone_run, run_result, step_job

ENV_EPOCH = {"SOURCE_DATE_EPOCH": "1643846400"}


def run(cwd, *args):
    env = {**os.environ, **ENV_EPOCH, "PATH": f"{BIN}:/usr/bin:/bin"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


def fixture_study(fixture_run, tmp_path):
    """A copy of the repository with the fixture corpus, after a full pipeline run (the shared
    run of conftest.fixture_run, copied)."""
    return clone_run(fixture_run, tmp_path / "src_repo"), ["--configfile", FIXTURE_CONFIG]


def test_second_study_runs_from_its_own_config_and_renders_its_own_manuscript(peer_support_run, tmp_path):
    # the session's shared run of the second study (conftest.peer_support_run), copied
    tmp_path = clone_run(peer_support_run, tmp_path / "w")
    out = tmp_path / "results" / "peer_support"
    html = (out / "manuscript" / "index.html").read_text(encoding="utf-8")
    for site in ("wales_a", "wales_b"):
        assert site in html
    codes = (tmp_path / "config" / "examples" / "peer_support" / "codebook.yaml").read_text()
    labels = re.findall(r"label: (.+)", codes)
    assert sum(label.strip().strip('"') in html for label in labels) >= 5
    assert "hits\t0" in (out / "audit" / "audit.tsv").read_text()
    assert not (tmp_path / "results" / "segments.tsv").exists()  # the Scottish example untouched
    # the review loop reads this study's own private log, not the default study's
    review = run(
        tmp_path, str(BIN / "coprod"), "review-deid", "--config", "config/examples/peer_support/config.yaml"
    )
    assert review.returncode == 0, review.stderr
    assert "surface forms" in review.stdout and "replacements" in review.stdout
    default = run(tmp_path, str(BIN / "coprod"), "review-deid")
    assert default.returncode != 0 and "no review log yet" in default.stderr


def _archive_and_unpack(src) -> None:
    """`coprod archive` in a copy of the finished run, then `coprod unpack` beside it (review/):
    their exit codes and error output go to steps.json beside the copy, for the test."""
    src = Path(src)
    tmp, steps = src.parent, {}
    built = run(
        src, str(BIN / "coprod"), "archive", "--config", FIXTURE_CONFIG, "--out", str(tmp / "archive.zip")
    )
    steps["archive"] = [built.returncode, built.stderr]
    if built.returncode == 0:
        unpacked = run(tmp, str(BIN / "coprod"), "unpack", str(tmp / "archive.zip"), str(tmp / "review"))
        steps["unpack"] = [unpacked.returncode, unpacked.stderr]
    (tmp / "steps.json").write_text(json.dumps(steps))


def _prepare_archive_rebuild(factory, base) -> tuple[Path, dict]:
    """The reviewer's rebuild from the archive of the fixture study's finished run (conftest
    .fixture_run, copied to src_repo/): archive, unpack, then the workflow in review/, started in
    the background after that run (conftest.background_run, after=)."""
    tmp = factory.mktemp("archive_rebuild")
    argv = [str(BIN / "snakemake"), "--cores", "2", "--configfile", FIXTURE_CONFIG, "config/review.yaml"]
    env = {**os.environ, **ENV_EPOCH, "PATH": f"{BIN}:/usr/bin:/bin"}  # as run() gives
    logs = factory.mktemp("archive_rebuild_logs")
    job = step_job(base, tmp / "src_repo", logs, _archive_and_unpack, argv, env, cwd=tmp / "review")
    return tmp, job


background_run("archive_rebuild", _prepare_archive_rebuild, after="fixture_run")


@pytest.fixture(scope="module")
def archive_rebuild(fixture_run, tmp_path_factory):
    """(folder, the archive and unpack steps' [exit code, stderr], the rebuild as a process);
    `fixture_run` first, so a failed base run fails here with its own log."""
    tmp, out, err, code = run_result("archive_rebuild", tmp_path_factory)
    steps = json.loads((tmp / "steps.json").read_text())
    return tmp, steps, subprocess.CompletedProcess([], code, out, err)


def test_archive_rebuild_without_raw_data_or_key_is_byte_identical(archive_rebuild):
    tmp_path, steps, rebuilt = archive_rebuild
    returncode, stderr = steps["archive"]
    assert returncode == 0, stderr
    with zipfile.ZipFile(tmp_path / "archive.zip") as zf:
        names = zf.namelist()
    assert "SHA256SUMS" in names and "README_DATA.md" in names and "config/review.yaml" in names
    assert not [n for n in names if n.startswith(("private/", "tests/fixtures/corpus/fx"))]
    assert not [n for n in names if n.endswith(("register.yaml", "pseudonym_key.json"))]
    # the reviewer: only the archive, no raw data, no private zone
    rev = tmp_path / "review"
    assert steps["unpack"][0] == 0
    assert (
        not (rev / "private").exists() and not (rev / "tests" / "fixtures" / "corpus" / "fx01.txt").exists()
    )
    # the rebuild ran in review/ before the tests (the background runs): only now is it checked
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    check = run(rev, str(BIN / "coprod"), "verify-archive", ".")
    assert check.returncode == 0, check.stderr
    assert "byte-identical" in check.stderr
    # one byte changed in any member — here an input, a de-identified transcript — fails, naming it
    member = sorted((rev / "results" / "deidentified").glob("*.txt"))[0]
    data = bytearray(member.read_bytes())
    data[5] ^= 0x01
    member.write_bytes(bytes(data))
    tampered = run(rev, str(BIN / "coprod"), "verify-archive", ".")
    assert tampered.returncode == 1 and f"results/deidentified/{member.name}" in tampered.stderr
    sums = rev / "SHA256SUMS"
    sums.write_text(sums.read_text() + "not a checksum line\n")
    malformed = run(rev, str(BIN / "coprod"), "verify-archive", ".")
    assert (
        malformed.returncode == 1
        and malformed.stderr.count("\n") == 1
        and "Traceback" not in malformed.stderr
    )


def test_archive_refuses_to_include_an_identifier(fixture_run, tmp_path):
    src, cfg = fixture_study(fixture_run, tmp_path)
    (src / "results" / "figures" / "notes.txt").write_text("Alan Baxter said so\n")
    built = run(
        src,
        str(BIN / "coprod"),
        "archive",
        "--config",
        "tests/fixtures/corpus/config.yaml",
        "--out",
        str(tmp_path / "archive.zip"),
    )
    assert built.returncode == 1 and "results/figures/notes.txt (line 1)" in built.stderr
    assert built.stderr.count("\n") <= 15 and not (tmp_path / "archive.zip").exists()  # a short summary
    assert "Alan Baxter" not in built.stderr


def test_unpack_is_all_or_nothing(tmp_path):
    """A link member or a corrupt member leaves nothing extracted (issue 13)."""
    import stat

    link = tmp_path / "link.zip"
    with zipfile.ZipFile(link, "w") as zf:
        zf.writestr("ok.txt", "fine")
        info = zipfile.ZipInfo("evil")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    bad = run(tmp_path, str(BIN / "coprod"), "unpack", str(link), str(tmp_path / "out"))
    assert bad.returncode == 1 and "link" in bad.stderr and bad.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.*"))
    corrupt = tmp_path / "crc.zip"
    with zipfile.ZipFile(corrupt, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("a.txt", "hello world, this is a member")
    blob = bytearray(corrupt.read_bytes())
    blob[blob.index(b"hello")] ^= 0x20  # flip a bit of the stored data: its CRC no longer matches
    corrupt.write_bytes(bytes(blob))
    bad = run(tmp_path, str(BIN / "coprod"), "unpack", str(corrupt), str(tmp_path / "out"))
    assert bad.returncode == 1 and "CRC" in bad.stderr
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.*"))
    folder = run(tmp_path, str(BIN / "coprod"), "unpack", str(tmp_path), str(tmp_path / "out"))
    assert folder.returncode == 1 and "not a file" in folder.stderr and "Traceback" not in folder.stderr
