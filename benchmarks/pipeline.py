"""Benchmark the whole workflow on a temporary copy of the bundled example corpus.

Times three runs in the same process, each a fresh `snakemake` subprocess:
  cold   — empty results/ and private/
  no-op  — nothing changed (Snakemake should only build the DAG)
  edit   — one transcript gets one more sentence (ingest of that file, then everything downstream)
and prints seconds, peak resident memory of the largest process in each run, and the ratios
no-op/cold and edit/cold. Usage: .venv/bin/python benchmarks/pipeline.py [--cores N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPY = ("Snakefile", "workflow", "scripts", "config", "manuscript", "src", "environment.yml", "data")
# Measures the peak RSS of the largest descendant of one snakemake run, in its own process.
WRAPPER = (
    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL).returncode; "
    "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(workdir: Path, cores: int) -> tuple[float, float]:
    """Seconds and peak MB of one `snakemake --cores N` in `workdir`."""
    cmd = [sys.executable, "-c", WRAPPER, str(BIN / "snakemake"), "--cores", str(cores)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643846400"}
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, env=env, check=True).stdout
    seconds = time.perf_counter() - start
    rc, kb = map(int, out.split())
    if rc != 0:
        sys.exit(f"snakemake failed in {workdir} (exit {rc}); run it there by hand to see why")
    return seconds, kb / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        work = Path(tmp)
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, work / name)
        cold = run(work, args.cores)
        noop = run(work, args.cores)
        target = sorted((work / "data" / "raw" / "example").glob("*.txt"))[0]
        with open(target, "a", encoding="utf-8" if b"\x92" not in target.read_bytes() else "cp1252") as fh:
            fh.write("\n\nRespondent: And one more thing about the budget, for the benchmark.\n")
        edit = run(work, args.cores)
    print(f"pipeline benchmark on the example corpus ({args.cores} cores)")
    print(f"{'run':<8}{'seconds':>10}{'peak MB':>10}")
    for name, (sec, mb) in (("cold", cold), ("no-op", noop), ("edit", edit)):
        print(f"{name:<8}{sec:>10.2f}{mb:>10.1f}")
    print(f"ratio no-op/cold = {noop[0] / cold[0]:.3f}")
    print(f"ratio edit/cold  = {edit[0] / cold[0]:.3f}  (edited {target.name})")


if __name__ == "__main__":
    main()
