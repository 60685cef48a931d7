"""A second run in the same folder while one is going (issue 25, item 3): one clear line, not
Snakemake's stale-lock advice; dry runs and the first run's own jobs are never refused, and a
killed run leaves no lock of ours behind."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from conftest import BIN, ROOT, cache_env, copy_workflow

from coprod import zones
from coprod.zones import _HELD, guard_concurrent_runs, hold_run_lock

FIXTURE_CONFIG = "tests/fixtures/corpus/config.yaml"
BUSY = "another run is using this folder: "


def env(workdir):
    return {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "SOURCE_DATE_EPOCH": "1643846400",
        "HOME": str(workdir),
        "PYTHONPATH": str(ROOT / "src"),
        **cache_env(),
    }


def snakemake(workdir, *args):
    cmd = [str(BIN / "snakemake"), "--cores", "1", *args, "--configfile", FIXTURE_CONFIG]
    return subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, env=env(workdir), timeout=600)


def wait_for(condition, proc, what, timeout=600):
    end = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the first run ended before {what}"
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_second_run_while_the_first_is_going_is_one_line(tmp_path):
    (tmp_path / "w").mkdir()
    work = copy_workflow(tmp_path / "w")
    log = open(tmp_path / "first.log", "w")  # noqa: SIM115 (closed below)
    first = subprocess.Popen(
        [str(BIN / "snakemake"), "--cores", "1", "--configfile", FIXTURE_CONFIG],
        cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env(work), start_new_session=True,
    )  # fmt: skip
    try:
        lock, incomplete = work / "private" / "run.lock", work / ".snakemake" / "incomplete"
        wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), first, "the lock")
        # a job of the first run is under way: Snakemake alone would now talk of stale locks
        wait_for(lambda: incomplete.is_dir() and any(incomplete.iterdir()), first, "a running job")
        for extra in (["--rerun-incomplete"], []):  # `make` passes --rerun-incomplete
            second = snakemake(work, *extra)
            assert second.returncode == 1, second.stderr
            errors = [ln for ln in second.stderr.splitlines() if ln.startswith("error") or "rror" in ln]
            assert len(errors) == 1 and errors[0].startswith(f"error: {BUSY}{work} (process {first.pid}); ")
            assert "make unlock" in errors[0] and "wait for it to finish" in errors[0]
            for wrong in ("rerun-incomplete", "LockException", "--unlock argument", "Traceback"):
                assert wrong not in second.stderr + second.stdout, second.stderr
        # a dry run and the linter are never refused
        dry = snakemake(work, "-n")
        assert dry.returncode == 0 and BUSY not in dry.stderr, dry.stderr
        lint = snakemake(work, "--lint")
        assert BUSY not in lint.stderr + lint.stdout, lint.stderr
        assert first.poll() is None, "the first run must still be going"
        # the first run's own jobs are not refused: they keep finishing
        wait_for(lambda: (tmp_path / "first.log").read_text().count("Finished jobid") >= 2, first, "its jobs")
        assert BUSY not in (tmp_path / "first.log").read_text()
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # a crash: no clean-up of any kind
        first.wait()
        log.close()
    # the kernel released our lock with the process: nothing for the next run to trip over
    assert hold_run_lock(work / "private" / "run.lock", work) is None
    os.close(_HELD.pop())
    unlock = snakemake(work, "--unlock")  # what `make unlock` runs
    assert unlock.returncode == 0 and BUSY not in unlock.stderr, unlock.stderr


class FakeWorkflow:
    def __init__(self, main: bool) -> None:
        self.is_main_process, self.calls = main, 0

    def execute(self, **kwargs):
        self.calls += 1
        return True


def plugin(dry: bool):
    return SimpleNamespace(common_settings=SimpleNamespace(dryrun_exec=dry))


@pytest.mark.parametrize(
    "main,dry,refused",
    [(True, False, True), (True, True, False), (False, False, False)],
    ids=["main_process_run", "dry_run", "job_process"],
)
def test_only_a_real_run_in_the_main_process_is_refused(tmp_path, capsys, main, dry, refused):
    lock = tmp_path / "run.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process's run (flock is per open file)
    os.write(fd, b"4242\n")
    wf = FakeWorkflow(main)
    guard_concurrent_runs(wf, lock)
    try:
        if refused:
            with pytest.raises(SystemExit):
                wf.execute(executor_plugin=plugin(dry))
            err = capsys.readouterr().err
            assert wf.calls == 0 and err.count("\n") == 1 and BUSY in err and "(process 4242)" in err
        else:
            assert wf.execute(executor_plugin=plugin(dry)) is True and wf.calls == 1
    finally:
        os.close(fd)


@pytest.mark.parametrize("holder", ["live", "killed", "finished"])
def test_a_dry_run_reads_past_the_running_jobs_incomplete_markers(tmp_path, holder):
    """While a run is going, its jobs' outputs are half written and marked incomplete: a dry
    run must plan past them (it would stop on them), but not past the markers of a killed run."""
    lock = tmp_path / "run.lock"
    if holder == "live":
        pid = os.getppid()  # a live process that is not this one
    elif holder == "killed":
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        pid = gone.pid
    lock.write_text(f"{pid}\n" if holder != "finished" else "", encoding="ascii")
    wf = FakeWorkflow(True)
    wf.execution_settings = SimpleNamespace(ignore_incomplete=False)
    guard_concurrent_runs(wf, lock)
    assert wf.execute(executor_plugin=plugin(True)) is True and wf.calls == 1
    assert wf.execution_settings.ignore_incomplete is (holder == "live")
    assert lock.read_text(encoding="ascii") == (f"{pid}\n" if holder != "finished" else "")  # untouched


def test_a_finished_run_leaves_the_same_empty_lock_whatever_its_process_id(tmp_path):
    """Two clean runs must leave byte-identical private zones (the SLURM test compares them):
    the holder's process id is only in the lock while the run is going."""
    lock = tmp_path / "run.lock"
    assert hold_run_lock(lock, tmp_path) is None
    assert lock.read_text().strip() == str(os.getpid())
    fd = zones._HELD[-1]
    zones.release_run_lock(fd)
    assert lock.read_bytes() == b""
    assert hold_run_lock(lock, tmp_path) is None  # released: the next run takes it
    zones.release_run_lock(zones._HELD[-1])
