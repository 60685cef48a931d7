"""The workflow through the SLURM executor (profiles/slurm) on a real single-node SLURM gives the
same bytes as a local run.

Needs the cluster tests/cluster/slurm-up.sh starts (root); `make test-cluster` starts it, runs
this file and stops it. Marked `cluster`, which the default `pytest` run deselects (pyproject).
One throwaway copy of the workflow and the fixture study: run locally, its results/ and private/
set aside, then run again from scratch through SLURM in the same folder; every file under
results/ (what benchmarks/reproducibility.py compares) and under private/ (turns, key, review
log; not private/logs, which holds per-run logs) must be byte-identical, with the same modes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import BIN, ROOT, copy_workflow

pytestmark = pytest.mark.cluster

FIXTURE_CONFIG = "tests/fixtures/corpus/config.yaml"
PROFILE = ROOT / "profiles" / "slurm"
# Generous: the fixture study takes ~2 min locally and ~8 min through SLURM on 2 busy cores.
TIMEOUT = int(os.environ.get("COPROD_CLUSTER_TIMEOUT", "2400"))
# Where SLURM's job step finds the venv's tools; HOME in the throwaway copy.
ENV_PATH = f"{BIN}:/usr/bin:/bin:/usr/sbin:/sbin"


def cluster_node_state() -> str:
    try:
        proc = subprocess.run(["sinfo", "-h", "-N", "-o", "%T"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"sinfo failed: {err}"
    return proc.stdout.strip() or (proc.stderr.strip().splitlines() or ["no output"])[-1]


def snakemake(work: Path, *args: str) -> tuple[int, str, float]:
    env = {"PATH": ENV_PATH, "SOURCE_DATE_EPOCH": "1643846400", "HOME": str(work), "LANG": "C.UTF-8"}
    start = time.monotonic()
    proc = subprocess.Popen(
        [str(BIN / "snakemake"), "--configfile", FIXTURE_CONFIG, *args],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)  # snakemake cancels its SLURM jobs on SIGTERM
        out, _ = proc.communicate(timeout=120)
        pytest.fail(f"snakemake {' '.join(args)} did not finish in {TIMEOUT} s; last lines:\n{out[-2000:]}")
    return proc.returncode, out, time.monotonic() - start


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """relative path -> (mode, sha256 or 'dir') for everything under folder, minus `skip` prefixes."""
    found = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if rel.startswith(skip):
            continue
        mode = oct(p.stat().st_mode & 0o777)
        found[rel] = (mode, "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest())
    return found


def test_slurm_run_is_byte_identical_to_the_local_run(tmp_path):
    state = cluster_node_state()
    if not re.fullmatch(r"(idle|mixed|allocated)\n?.*", state, re.S):
        pytest.fail(f"no SLURM node ready (sinfo: {state!r}) — start one with tests/cluster/slurm-up.sh")

    (tmp_path / "work").mkdir()
    work = copy_workflow(tmp_path / "work")

    rc, out, local_s = snakemake(work, "--cores", "2")
    assert rc == 0, f"local run failed:\n{out[-3000:]}"
    local_results = tree(work / "results")
    local_private = tree(work / "private", skip=("logs",))
    assert len(local_results) > 50 and "audit/audit.tsv" in local_results
    # set the local run aside: the SLURM run starts from nothing, in the very same folder
    for name in ("results", "private", "logs", ".snakemake"):
        shutil.rmtree(work / name)

    rc, out, slurm_s = snakemake(
        work,
        "--profile",
        str(PROFILE),
        # the test cluster has no accounting database (slurmdbd) and no accounts
        "--slurm-status-command",
        "squeue",
        "--slurm-no-account",
        "--slurm-init-seconds-before-status-checks",
        "5",
    )
    assert rc == 0, f"SLURM run failed:\n{out[-3000:]}"
    # every job but the target `all` went through sbatch, none ran locally
    submitted = set(re.findall(r"Job (\d+) has been submitted with SLURM jobid (\d+)", out))
    finished = re.findall(r"Finished jobid: (\d+) \(Rule: (\w+)\)", out)
    assert len(finished) > 20 and {j for j, _ in submitted} == {j for j, rule in finished if rule != "all"}
    print(f"\nlocal run {local_s:.0f} s, SLURM run {slurm_s:.0f} s, {len(submitted)} SLURM jobs")

    slurm_results = tree(work / "results")
    slurm_private = tree(work / "private", skip=("logs",))
    pairs = (("results", local_results, slurm_results), ("private", local_private, slurm_private))
    for zone, local, slurm in pairs:
        differ = sorted(k for k in local.keys() | slurm.keys() if local.get(k) != slurm.get(k))
        assert not differ, f"{zone}/ differs between the local and the SLURM run: {differ[:20]}"

    # the private zone stays private when jobs run under slurmstepd: folders 0700, files 0600,
    # SLURM's own job logs included (they sit under private/logs/slurm, inside the 0700 zone)
    private = work / "private"
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    for rel, (mode, kind) in tree(private).items():
        if not rel.startswith("logs/slurm"):
            assert mode == ("0o700" if kind == "dir" else "0o600"), f"private/{rel} has mode {mode}"
    assert oct((private / "logs").stat().st_mode & 0o777) == "0o700"
    assert not (work / ".snakemake" / "slurm_logs").exists()
