"""Adapting by config (a second study runs with no code change) and reviewer mode (rebuild from
the shareable archive alone, raw data and key absent, byte-identical)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

from conftest import BIN, ROOT

ENV_EPOCH = {"SOURCE_DATE_EPOCH": "1643846400"}


def run(cwd, *args):
    import os

    env = {**os.environ, **ENV_EPOCH, "PATH": f"{BIN}:/usr/bin:/bin"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


def copy_repo(dest, *extra):
    for name in (
        "Snakefile",
        "workflow",
        "scripts",
        "config",
        "manuscript",
        "src",
        "environment.yml",
        "README.md",
        "Makefile",
        "pyproject.toml",
        "requirements.lock",
        *extra,
    ):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest / name)
    shutil.copytree(ROOT / "data" / "reference", dest / "data" / "reference")


def fixture_study(tmp_path):
    """A copy of the repository with the fixture corpus, after a full pipeline run."""
    src = tmp_path / "src_repo"
    src.mkdir()
    copy_repo(src)
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", src / "tests" / "fixtures" / "corpus")
    cfg = ["--configfile", "tests/fixtures/corpus/config.yaml"]
    assert run(src, str(BIN / "snakemake"), "--cores", "2", *cfg).returncode == 0
    return src, cfg


def test_second_study_runs_from_its_own_config_and_renders_its_own_manuscript(tmp_path):
    copy_repo(tmp_path)
    shutil.copytree(ROOT / "data" / "raw" / "peer_support", tmp_path / "data" / "raw" / "peer_support")
    proc = run(
        tmp_path,
        str(BIN / "snakemake"),
        "--cores",
        "2",
        "--configfile",
        "config/examples/peer_support/config.yaml",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = tmp_path / "results" / "peer_support"
    html = (out / "manuscript" / "index.html").read_text(encoding="utf-8")
    for site in ("wales_a", "wales_b"):
        assert site in html
    codes = (tmp_path / "config" / "examples" / "peer_support" / "codebook.yaml").read_text()
    labels = re.findall(r"label: (.+)", codes)
    assert sum(label.strip().strip('"') in html for label in labels) >= 5
    assert "hits\t0" in (out / "audit" / "audit.tsv").read_text()
    assert not (tmp_path / "results" / "segments.tsv").exists()  # the Scottish example untouched


def test_archive_rebuild_without_raw_data_or_key_is_byte_identical(tmp_path):
    src, cfg = fixture_study(tmp_path)
    built = run(
        src,
        str(BIN / "coprod"),
        "archive",
        "--config",
        "tests/fixtures/corpus/config.yaml",
        "--out",
        str(tmp_path / "archive.zip"),
    )
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(tmp_path / "archive.zip") as zf:
        names = zf.namelist()
    assert "SHA256SUMS" in names and "README_DATA.md" in names and "config/review.yaml" in names
    assert not [n for n in names if n.startswith(("private/", "tests/fixtures/corpus/fx"))]
    assert not [n for n in names if n.endswith(("register.yaml", "pseudonym_key.json"))]
    # the reviewer: only the archive, no raw data, no private zone
    rev = tmp_path / "review"
    assert (
        run(tmp_path, str(BIN / "coprod"), "unpack", str(tmp_path / "archive.zip"), str(rev)).returncode == 0
    )
    assert (
        not (rev / "private").exists() and not (rev / "tests" / "fixtures" / "corpus" / "fx01.txt").exists()
    )
    rebuilt = run(rev, str(BIN / "snakemake"), "--cores", "2", *cfg, "config/review.yaml")
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    check = run(rev, str(BIN / "coprod"), "verify-archive", ".")
    assert check.returncode == 0, check.stderr
    assert "byte-identical" in check.stderr


def test_archive_refuses_to_include_an_identifier(tmp_path):
    src, cfg = fixture_study(tmp_path)
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
