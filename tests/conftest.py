"""Shared fixtures: paths to the repository, the fixture corpus and the venv's tools."""

from __future__ import annotations

import json
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


def random_texts(parts, seed: int, most: int, gaps=("", " ", " "), count: int = 3000):
    """`count` random texts, each 1 to `most` of `parts` with one of `gaps` after each (seeded):
    the input of the tests that check a recognizer started at its cues against a whole-text scan."""
    import random

    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(parts) + rng.choice(gaps) for _ in range(rng.randint(1, most)))


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


def run_job(
    work: Path,
    home: Path,
    logs: Path,
    *configs: str,
    epoch: bool = True,
    cores: int = 2,
    umask: int | None = None,
) -> dict:
    """The whole workflow in `work`, as a job for `_RUNNER`: the command, its environment and the
    files its output and exit code go to (in `logs`, beside the copy, never inside it)."""
    for name in REPO_FILES:
        shutil.copyfile(ROOT / name, work / name)
    env = run_env(home)
    if not epoch:  # the build date from the study's config
        del env["SOURCE_DATE_EPOCH"]
    argv = [str(BIN / "snakemake"), "--cores", str(cores), "--configfile", *configs]
    out, err, rc = (str(logs / n) for n in ("stdout.txt", "stderr.txt", "rc.txt"))
    return {"argv": argv, "cwd": str(work), "env": env, "umask": umask, "out": out, "err": err, "rc": rc}


# Runs the jobs given (JSON) one after the other, each exit code written (atomically) when it ends.
_RUNNER = """
import json, os, subprocess, sys
for job in json.loads(sys.argv[1]):
    umask = job["umask"]
    with open(job["out"], "w") as out, open(job["err"], "w") as err:
        rc = subprocess.run(job["argv"], cwd=job["cwd"], env=job["env"], stdout=out, stderr=err,
                            preexec_fn=None if umask is None else (lambda: os.umask(umask))).returncode
    with open(job["rc"] + ".part", "w") as fh:
        fh.write(str(rc))
    os.replace(job["rc"] + ".part", job["rc"])
"""


def _prepare_fixture_run(factory) -> tuple[Path, dict]:
    work = copy_workflow(factory.mktemp("fixture_run"))
    logs = factory.mktemp("fixture_run_logs")
    return work, run_job(work, factory.mktemp("fixture_run_home"), logs, FIXTURE_CONFIG)


def _prepare_peer_support_run(factory) -> tuple[Path, dict]:
    work = copy_workflow(factory.mktemp("peer_support_run"), ROOT / "data" / "raw" / "peer_support")
    home, logs = factory.mktemp("peer_support_home"), factory.mktemp("peer_support_run_logs")
    return work, run_job(work, home, logs, PEER_SUPPORT_CONFIG, epoch=False)


# The fixture study's second run: 3 ingest chunks (the extra config file beside FIXTURE_CONFIG).
CHUNKS_CONFIG = "config/chunks.yaml"


def _prepare_chunked_run(factory) -> tuple[Path, dict]:
    work = copy_workflow(factory.mktemp("chunked_run"))
    (work / CHUNKS_CONFIG).write_text("ingest:\n  chunks: 3\n", encoding="utf-8")
    home, logs = factory.mktemp("chunked_run_home"), factory.mktemp("chunked_run_logs")
    return work, run_job(work, home, logs, FIXTURE_CONFIG, CHUNKS_CONFIG, cores=1, umask=0)


SESSION_RUNS = {
    "fixture_run": _prepare_fixture_run,
    "peer_support_run": _prepare_peer_support_run,
    "chunked_run": _prepare_chunked_run,
}


# which collected tests use a run: by default those that request the fixture of its name
_WANTED_BY = {}
# the module that registered each of the test modules' own runs (background_run)
_REGISTERED_BY: dict[str, str] = {}
# a follow-up run: the run whose finished folder it starts from (background_run's `after`)
_AFTER: dict[str, str] = {}


def background_run(name: str, prepare, wanted_by=None, after: str | None = None) -> None:
    """Let the fixture `name` (a module's own end-to-end run: `prepare(tmp_path_factory)` makes
    its folder and returns it with its `run_job`) start in the background with the session's
    runs; the fixture gets it from `finished_run(name, tmp_path_factory)`. `wanted_by(item)`
    tells which tests use it when they reach it only through `request.getfixturevalue`.
    With `after` (another run's name), `prepare(tmp_path_factory, base)` gets that run's folder
    (not yet finished) and returns a job that starts from it once it has finished (`step_job`):
    the background runs it after `after`, so its whole cost leaves the tests' own core."""
    SESSION_RUNS[name] = prepare
    _REGISTERED_BY[name] = sys._getframe(1).f_globals.get("__name__", "")
    if wanted_by is not None:
        _WANTED_BY[name] = wanted_by
    if after is not None:
        _AFTER[name] = after


# A follow-up run's process: a copy of the finished run it starts from (`clone_run`), changed by
# a test module's function, then the command, whose output and exit code are the job's.
_STEP = """
import importlib, json, shutil, subprocess, sys
spec = json.loads(sys.argv[1])
sys.path[:0] = [spec["tests"], spec["src"]]
shutil.copytree(spec["base"], spec["dest"], symlinks=True, dirs_exist_ok=True)
getattr(importlib.import_module(spec["module"]), spec["edit"])(spec["dest"])
sys.exit(subprocess.run(spec["argv"], cwd=spec["cwd"], env=spec["env"]).returncode)
"""


def step_job(
    base: Path, dest: Path, logs: Path, edit, argv: list, env: dict, cwd: Path | None = None
) -> dict:
    """A follow-up run's job (background_run's `after`): `base` (the finished run) copied to `dest`
    as `clone_run` does, `edit(dest)` (a module-level function of a test module) applied, then
    `argv` run in `cwd` (default `dest`) with `env`; its stdout, stderr and exit code are the
    job's."""
    spec = {
        "tests": str(ROOT / "tests"),
        "src": str(ROOT / "src"),
        "base": str(base),
        "dest": str(dest),
        "cwd": str(cwd or dest),
        "module": edit.__module__,
        "edit": edit.__name__,
        "argv": [str(a) for a in argv],
        "env": env,
    }
    out, err, rc = (str(logs / n) for n in ("stdout.txt", "stderr.txt", "rc.txt"))
    argv = [sys.executable, "-c", _STEP, json.dumps(spec)]
    job = {"argv": argv, "cwd": str(logs), "env": dict(os.environ), "umask": None}
    return {**job, "out": out, "err": err, "rc": rc}


# The session's runs, started in the background once the tests are collected, in the order the
# tests first use them: a full run mostly waits on one job at a time, so on two cores the tests
# before the first user go on beside it instead of after it. {name: (workflow copy, job)}
_STARTED: dict[str, tuple[Path, dict]] = {}
_RUNNERS: list = []


def _wants(name: str, item) -> bool:
    return _WANTED_BY.get(name, lambda item: name in getattr(item, "fixturenames", ()))(item)


def _uses_a_run(item) -> bool:
    return any(_wants(name, item) for name in SESSION_RUNS)


def unclaimed_runs(items) -> list[str]:
    """The modules' own runs (background_run) that none of their module's collected tests is
    found to use: such a run would not start in the background but in the foreground, when its
    fixture first asks for it (its module needs `wanted_by`)."""
    modules = {getattr(getattr(item, "module", None), "__name__", None) for item in items}
    return sorted(
        name
        for name, module in _REGISTERED_BY.items()
        if module in modules
        and not any(_wants(name, item) for item in items if item.module.__name__ == module)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """The modules none of whose tests use a session run go first, then the modules that use one
    (each module whole and in its own order, so its module-scoped fixtures are built once; the
    two groups each keep the collection order). The runs then build in the background while the
    first group runs on the other core, instead of the suite waiting for a run its first module
    (the red-team archive case, the adapted study) needs within seconds of starting."""
    users = {item.module.__name__ for item in items if getattr(item, "module", None) and _uses_a_run(item)}
    items.sort(key=lambda item: getattr(getattr(item, "module", None), "__name__", "") in users)


def _depth(name: str) -> int:
    """How many runs a run waits for (follow-ups of follow-ups after their bases)."""
    return 1 + _depth(_AFTER[name]) if name in _AFTER else 0


def run_order(first_use: dict[str, int]) -> list[str]:
    """The runs to start ({name: index of the first test using it}), one after the other: in the
    order the tests first use them, a follow-up run's base (background_run's `after`), used by
    the tests or not, before it."""
    first_use = dict(first_use)
    for name in list(first_use):
        base = name
        while base in _AFTER:
            base = _AFTER[base]
            first_use[base] = min(first_use.get(base, first_use[name]), first_use[name])
    return sorted(first_use, key=lambda n: (first_use[n], _depth(n)))


def pytest_collection_finish(session):
    import subprocess

    first_use = {}
    for index, item in enumerate(session.items):
        for name in SESSION_RUNS:
            if name not in first_use and _wants(name, item):
                first_use[name] = index
    if not first_use or session.config.option.collectonly:
        return
    factory = session.config._tmp_path_factory
    for name in run_order(first_use):
        if name in _AFTER:
            _STARTED[name] = SESSION_RUNS[name](factory, _STARTED[_AFTER[name]][0])
        else:
            _STARTED[name] = SESSION_RUNS[name](factory)
    jobs = json.dumps([job for _, job in _STARTED.values()])
    _RUNNERS.append(subprocess.Popen([sys.executable, "-c", _RUNNER, jobs], start_new_session=True))


def pytest_sessionfinish(session):
    import signal

    for proc in _RUNNERS:  # only if the session stopped before the tests that wait for them
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run_result(name: str, factory) -> tuple[Path, str, str, int]:
    """A registered run's folder, stdout, stderr and exit code: waited for if it was started in
    the background, else run here (a follow-up run after its base)."""
    import subprocess
    import time

    if name in _STARTED:
        work, job = _STARTED[name]
        rc = Path(job["rc"])
        while not rc.exists():
            assert _RUNNERS[0].poll() is None or rc.exists(), f"the background runs stopped before {name}"
            time.sleep(0.2)
    else:
        if name in _AFTER:
            work, job = SESSION_RUNS[name](factory, finished_run(_AFTER[name], factory)[0])
        else:
            work, job = SESSION_RUNS[name](factory)
        subprocess.run([sys.executable, "-c", _RUNNER, json.dumps([job])], check=True)
    code = int(Path(job["rc"]).read_text())
    return work, Path(job["out"]).read_text(), Path(job["err"]).read_text(), code


def finished_run(name: str, factory) -> tuple[Path, str, str]:
    """A registered run's folder, stdout and stderr (`run_result`); a non-zero exit or a
    traceback fails the fixture with the log's tail."""
    work, out, err, code = run_result(name, factory)
    assert code == 0, err[-3000:]
    assert "Traceback" not in err and "Traceback" not in out, err[-3000:]
    return work, out, err


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory) -> Path:
    """The workflow run once, end to end, on the fixture study (2 cores, the fixed build date),
    shared by every test that needs a finished run. Read-only: `clone_run` it before changing
    anything (one full run costs as much as dozens of unit tests)."""
    return finished_run("fixture_run", tmp_path_factory)[0]


@pytest.fixture(scope="session")
def peer_support_run(tmp_path_factory) -> Path:
    """The second bundled study (data/raw/peer_support) run once, end to end, with its config's
    own build date; shared like `fixture_run` (read-only: `clone_run` it first)."""
    return finished_run("peer_support_run", tmp_path_factory)[0]


@pytest.fixture(scope="session")
def chunked_run(tmp_path_factory) -> Path:
    """The fixture study run once more, differently from `fixture_run` on every axis the results
    must not depend on: 3 ingest chunks (CHUNKS_CONFIG), 1 core, and under umask 000 (the private
    zone must still come out 0700/0600). Shared by the chunking comparison (test_pipeline) and the
    umask, archive and stale-output cases (test_fault_injection), which each started a full run
    of their own before; read-only like `fixture_run` (`clone_run` it first)."""
    return finished_run("chunked_run", tmp_path_factory)[0]


def clone_run(run: Path, dest: Path) -> Path:
    """A copy of a finished run that Snakemake sees as up to date (modification times, modes and
    its records in .snakemake/ kept; every path the workflow records is relative)."""
    shutil.copytree(run, dest, symlinks=True, dirs_exist_ok=True)
    return dest
