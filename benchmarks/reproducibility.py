"""Reproducibility check: two clean runs, and a run killed with SIGKILL part-way then resumed,
must give byte-identical files under results/ (manuscript included).

Works on a temporary copy of the repository (the bundled example). Prints the number of files
compared, the differing files (if any), and the seconds each run took. Exit code 1 on any
difference. Usage: .venv/bin/python benchmarks/reproducibility.py [--kill-after SECONDS]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPY = ("Snakefile", "workflow", "scripts", "config", "manuscript", "src", "environment.yml", "data")


def fresh_copy(base: Path, name: str) -> Path:
    work = base / name
    work.mkdir()
    for item in COPY:
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, work / item)
    return work


def snakemake(work: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643846400"}
    return subprocess.Popen(
        [str(BIN / "snakemake"), "--cores", "2", *extra],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def digests(work: Path) -> dict[str, str]:
    res = work / "results"
    return {
        str(p.relative_to(res)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(res.rglob("*"))
        if p.is_file()
    }


def timed_run(work: Path, *extra: str) -> float:
    start = time.perf_counter()
    if snakemake(work, *extra).wait() != 0:
        sys.exit(f"snakemake failed in {work}")
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kill-after", type=float, default=40.0, help="seconds before SIGKILL in the third run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="coprod-repro-") as tmp:
        base = Path(tmp)
        a, b, c = fresh_copy(base, "a"), fresh_copy(base, "b"), fresh_copy(base, "c")
        ta, tb = timed_run(a), timed_run(b)
        proc = snakemake(c)
        time.sleep(args.kill_after)
        killed = proc.poll() is None
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        partial = len(digests(c)) if (c / "results").exists() else 0
        # a SIGKILLed Snakemake cannot release its lock: unlock (as `make unlock` does), then resume
        if snakemake(c, "--unlock").wait() != 0:
            sys.exit(f"snakemake --unlock failed in {c}")
        tc = timed_run(c, "--rerun-incomplete")
        da, db, dc = digests(a), digests(b), digests(c)
    diff_ab = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
    diff_ac = sorted(k for k in set(da) | set(dc) if da.get(k) != dc.get(k))
    print(f"clean run A: {ta:.1f} s, clean run B: {tb:.1f} s, {len(da)} files under results/")
    state = "killed mid-run" if killed else "had already finished"
    print(f"run C: SIGKILL after {args.kill_after:.0f} s ({state}, {partial} files present), ", end="")
    print(f"resumed in {tc:.1f} s")
    print(
        f"A vs B: {'byte-identical' if not diff_ab else f'{len(diff_ab)} differ: ' + ', '.join(diff_ab[:10])}"
    )
    verdict = "byte-identical" if not diff_ac else f"{len(diff_ac)} differ: " + ", ".join(diff_ac[:10])
    print(f"A vs killed+resumed C: {verdict}")
    sys.exit(1 if diff_ab or diff_ac else 0)


if __name__ == "__main__":
    main()
