"""Shared fixtures: paths to the repository, the fixture corpus and the venv's tools."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
BIN = Path(sys.executable).parent
# The disk cache of reference structures (coprod.privacy.refcache), one per test session: every
# process the tests start (CLI runs, Snakemake jobs) reads the name lists and gazetteers built
# once, and no test reads or writes the user's own cache. Tests that give a process a scrubbed
# environment pass it on with `cache_env()`. (Set COPROD_CACHE_DIR yourself to choose the folder,
# or to "" to run the suite with no cache.)
CACHE_VAR = "COPROD_CACHE_DIR"
_SESSION_CACHE: list[Path] = []


def pytest_configure(config):
    if CACHE_VAR not in os.environ:
        _SESSION_CACHE.append(Path(tempfile.mkdtemp(prefix="coprod-refcache-")))
        os.environ[CACHE_VAR] = str(_SESSION_CACHE[0])


def pytest_unconfigure(config):
    for folder in _SESSION_CACHE:
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get(CACHE_VAR) == str(folder):
            del os.environ[CACHE_VAR]


def cache_env() -> dict[str, str]:
    """The cache setting, for a subprocess given a scrubbed environment."""
    return {CACHE_VAR: os.environ[CACHE_VAR]} if CACHE_VAR in os.environ else {}


def copy_workflow(dest: Path, study: Path = CORPUS) -> Path:
    """A throwaway copy of the workflow and one fixture study (at its repository path)."""
    for name in ("Snakefile", "workflow", "scripts", "config", "manuscript", "src", "environment.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest / name)
    shutil.copytree(study, dest / study.relative_to(ROOT))
    shutil.copytree(ROOT / "data" / "reference", dest / "data" / "reference")
    # the sets the bundled config also measures de-identification on (deidentify.heldout)
    for name in ("heldout", "technical"):
        if not (dest / "tests" / "fixtures" / name).exists():
            shutil.copytree(FIXTURES / name, dest / "tests" / "fixtures" / name)
    return dest


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A throwaway copy of the workflow with the fixture corpus, for end-to-end runs."""
    return copy_workflow(tmp_path)


# The fixture study's config, relative to a workflow copy.
FIXTURE_CONFIG = "tests/fixtures/corpus/config.yaml"
PEER_SUPPORT_CONFIG = "config/examples/peer_support/config.yaml"
# Files beside the workflow that `coprod archive` packs (README, Makefile, pins).
REPO_FILES = ("README.md", "Makefile", "pyproject.toml", "requirements.lock")


def run_env(home: Path) -> dict[str, str]:
    """The environment end-to-end runs use: the venv's tools, a fixed build date, a private HOME."""
    return {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "SOURCE_DATE_EPOCH": "1643846400",
        "HOME": str(home),
        **cache_env(),
    }


def _full_run(
    work: Path, home: Path, *configs: str, epoch: bool = True, cores: int = 2, umask: int | None = None
) -> Path:
    """Run the whole workflow in `work`, failing the fixture with the log's tail (or on a traceback)."""
    import subprocess

    for name in REPO_FILES:
        shutil.copyfile(ROOT / name, work / name)
    env = run_env(home)
    if not epoch:  # the build date from the study's config
        del env["SOURCE_DATE_EPOCH"]
    proc = subprocess.run(
        [str(BIN / "snakemake"), "--cores", str(cores), "--configfile", *configs],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=None if umask is None else (lambda: os.umask(umask)),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    return work


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory) -> Path:
    """The workflow run once, end to end, on the fixture study (2 cores, the fixed build date),
    shared by every test that needs a finished run. Read-only: `clone_run` it before changing
    anything (one full run costs as much as dozens of unit tests)."""
    work = copy_workflow(tmp_path_factory.mktemp("fixture_run"))
    return _full_run(work, tmp_path_factory.mktemp("fixture_run_home"), FIXTURE_CONFIG)


@pytest.fixture(scope="session")
def peer_support_run(tmp_path_factory) -> Path:
    """The second bundled study (data/raw/peer_support) run once, end to end, with its config's
    own build date; shared like `fixture_run` (read-only: `clone_run` it first)."""
    work = copy_workflow(tmp_path_factory.mktemp("peer_support_run"), ROOT / "data" / "raw" / "peer_support")
    home = tmp_path_factory.mktemp("peer_support_home")
    return _full_run(work, home, PEER_SUPPORT_CONFIG, epoch=False)


# The fixture study's second run: 3 ingest chunks (the extra config file beside FIXTURE_CONFIG).
CHUNKS_CONFIG = "config/chunks.yaml"


@pytest.fixture(scope="session")
def chunked_run(tmp_path_factory) -> Path:
    """The fixture study run once more, differently from `fixture_run` on every axis the results
    must not depend on: 3 ingest chunks (CHUNKS_CONFIG), 1 core, and under umask 000 (the private
    zone must still come out 0700/0600). Shared by the chunking comparison (test_pipeline) and the
    umask, archive and stale-output cases (test_fault_injection), which each started a full run
    of their own before; read-only like `fixture_run` (`clone_run` it first)."""
    work = copy_workflow(tmp_path_factory.mktemp("chunked_run"))
    (work / CHUNKS_CONFIG).write_text("ingest:\n  chunks: 3\n", encoding="utf-8")
    home = tmp_path_factory.mktemp("chunked_run_home")
    return _full_run(work, home, FIXTURE_CONFIG, CHUNKS_CONFIG, cores=1, umask=0)


def clone_run(run: Path, dest: Path) -> Path:
    """A copy of a finished run that Snakemake sees as up to date (modification times, modes and
    its records in .snakemake/ kept; every path the workflow records is relative)."""
    shutil.copytree(run, dest, symlinks=True, dirs_exist_ok=True)
    return dest
