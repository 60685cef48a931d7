"""A second run in a folder where one is going gets one clear line, not Snakemake's lock advice.

Issue: a second run started while the first is going is refused with Snakemake's advice to use
--rerun-incomplete (wrong while the first still runs); want one clear line ("another run is using
this folder"). README: the second run "stops at once with one line (another run is using this
folder: … (process N); wait for it to finish, or if no run is going, make unlock)"; `snakemake -n`
is never refused; the lock dies with its process, and after a kill `make unlock`
(`snakemake --unlock`) lets the next run go.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from rt_common import SNAKEMAKE, copy_workflow, env, kill_group

pytestmark = pytest.mark.redteam


def _start(workdir: Path, log: Path, *extra: str) -> subprocess.Popen:
    fh = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller via the process
    return subprocess.Popen(
        [SNAKEMAKE, "--cores", "1", *extra],
        cwd=workdir,
        env=env(workdir / "src"),
        stdout=fh,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _wait_running(workdir: Path, proc: subprocess.Popen, timeout: float = 25) -> None:
    """Until the run has started executing (its run lock or a job log exists), then a moment more."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if (workdir / "private" / "run.lock").exists() or (workdir / ".snakemake" / "log").exists():
            time.sleep(1.5)
            return
        time.sleep(0.1)


def test_second_run_gets_one_clear_line_and_unlock_recovers(tmp_path: Path):
    workdir = tmp_path / "w"
    workdir.mkdir()
    copy_workflow(workdir)  # the bundled example, which config/config.yaml points at
    first = _start(workdir, tmp_path / "first.log")
    third = None
    try:
        _wait_running(workdir, first)
        assert first.poll() is None, (
            "the first run ended before a second could be started: "
            + (tmp_path / "first.log").read_text(encoding="utf-8")[-1500:]
        )

        t0 = time.monotonic()
        second = subprocess.run(
            [SNAKEMAKE, "--cores", "1"],
            cwd=workdir,
            env=env(workdir / "src"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        elapsed = time.monotonic() - t0
        both = second.stdout + second.stderr
        assert first.poll() is None, "the first run ended while the second was being refused: inconclusive"
        assert second.returncode != 0, f"a second run was not refused: {both[-1500:]}"
        assert "Traceback" not in both, both[-2000:]
        assert "another run" in both.casefold(), f"no 'another run' line: {both[-1500:]!r}"
        assert "--rerun-incomplete" not in both, f"Snakemake's stale-lock advice was given: {both[-1500:]!r}"
        assert "rerun-incomplete" not in both.casefold()
        assert elapsed < 20, f"refusal took {elapsed:.1f}s"
        lines = [line for line in second.stderr.splitlines() if line.strip()]
        refusal = [line for line in lines if "another run" in line.casefold()]
        assert len(refusal) == 1, f"expected one refusal line: {lines!r}"
        assert "unlock" in refusal[0], f"refusal line gives no way out: {refusal[0]!r}"
        assert "Building DAG" not in both, "refused only after Snakemake built the DAG"
        # README: the second run "stops at once with one line"; checked last (below) so the other
        # contracts are still exercised when only this one fails.
        # Snakemake's own start-up notice comes before any workflow code runs, so no project
        # check can precede it; it is information, not an error, and says nothing about locks.
        startup = {"Assuming unrestricted shared filesystem usage."}
        other_lines = [
            line
            for line in both.splitlines()
            if line.strip() and line not in refusal and line.strip() not in startup
        ]

        # A dry run is never refused (README), even while the first run is going.
        dry = subprocess.run(
            [SNAKEMAKE, "-n", "--cores", "1"],
            cwd=workdir,
            env=env(workdir / "src"),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "another run" not in (dry.stdout + dry.stderr).casefold(), "a dry run was refused"
        assert dry.returncode == 0, f"dry run failed while a run was going: {dry.stderr[-1500:]}"
    finally:
        kill_group(first)

    # After the kill, `make unlock` (snakemake --unlock) and a new run must not be refused.
    unlock = subprocess.run(
        [SNAKEMAKE, "--unlock", "--cores", "1"],
        cwd=workdir,
        env=env(workdir / "src"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unlock.returncode == 0, f"snakemake --unlock failed: {unlock.stderr[-1500:]}"
    assert "another run" not in (unlock.stdout + unlock.stderr).casefold(), "--unlock was refused"

    def _job_started(text: str) -> bool:
        # Snakemake prints a job as "rule X:", "localrule X:" or, for a checkpoint (the
        # de-identification corpus step is one), "checkpoint X:"
        return any(k in text for k in ("rule ", "localrule ", "checkpoint "))

    try:
        # the run after the kill is started the way `make` starts one (`make run`): a job the kill
        # cut short left its outputs marked incomplete, and `--rerun-incomplete` redoes them
        third = _start(workdir, tmp_path / "third.log", "--rerun-incomplete")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and third.poll() is None:
            text = (tmp_path / "third.log").read_text(encoding="utf-8")
            if _job_started(text):
                break
            time.sleep(0.2)
        text = (tmp_path / "third.log").read_text(encoding="utf-8")
        assert "another run" not in text.casefold(), (
            f"the run after kill + unlock was refused: {text[-1500:]}"
        )
        assert "LockException" not in text and "is locked" not in text, text[-1500:]
        if third.poll() is not None:
            assert third.returncode == 0, f"the run after kill + unlock failed: {text[-1500:]}"
        else:
            assert _job_started(text), f"no job started after unlock: {text[-1500:]}"
    finally:
        if third is not None:
            kill_group(third)
    assert not other_lines, f"the refusal is not one line; also printed: {other_lines!r}"
