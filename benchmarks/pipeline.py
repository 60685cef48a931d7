"""Benchmark the whole workflow on a temporary copy of the bundled example corpus.

Times a sequence of runs in the same process, each a fresh `snakemake` subprocess on the same
copy, each after one edit a researcher makes (so each measures that edit alone):
  cold        empty results/ and private/
  no-op       nothing changed (Snakemake only builds the DAG)
  figure      one figure's script changes (a comment added to scripts/figures/code_by_site.py)
  figure-lib  the figure module changes (a comment added to src/coprod/figures.py)
  audit-allow one audit.allow entry (a public phrase the audit accepts)
  bootstrap   topics.bootstrap (prevalence interval draws) changes
  codebook    one code gets one more keyword
  transcript  one transcript gets one more participant sentence
  allow       one deidentify.allow entry (the review loop: a phrase kept as it is)
and prints, as each run ends, seconds, its ratio to cold, the CPU seconds of every process in
the run and their ratio to cold (the work done: on a machine shared with other jobs it varies
far less than the wall-clock time), peak resident memory of the largest process in the run and
the rules it re-ran (chunk rules counted), and under each run that re-ran anything its longest
jobs. With --check, a cold run of the edited inputs follows in a fresh copy (no results/,
private/ or .snakemake/: no cache), and every file under results/ must have the bytes the edits
left there (else the differing files are named and the exit status is 1). Usage:
  .venv/bin/python benchmarks/pipeline.py [--cores N] [--check]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# (the config's deidentify.heldout sets live under tests/fixtures)
COPY = (
    "Snakefile",
    "workflow",
    "scripts",
    "config",
    "manuscript",
    "src",
    "environment.yml",
    "data",
    "tests/fixtures",
)
# Measures the peak RSS of the largest descendant of one snakemake run and the CPU seconds of all
# of them, in its own process; the run's log (which names the rules it ran) goes to the file
# named first.
WRAPPER = (
    "import resource, subprocess, sys; log = open(sys.argv[1], 'w'); "
    "rc = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(rc, u.ru_maxrss, u.ru_utime + u.ru_stime)"
)


def run(workdir: Path, cores: int) -> tuple[float, float, float, list[str]]:
    """Seconds, CPU seconds, peak MB and the rules run (a chunk rule counted, 'ingest_chunk x2')
    of one `snakemake --cores N` in `workdir`."""
    log = workdir / ".snakemake" / "bench_run.log"
    log.parent.mkdir(exist_ok=True)
    cmd = [sys.executable, "-c", WRAPPER, str(log), str(BIN / "snakemake"), "--cores", str(cores)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643846400"}
    start = time.perf_counter()
    out = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, env=env, check=True).stdout
    seconds = time.perf_counter() - start
    rc, kb, cpu = out.split()
    rc, kb = int(rc), int(kb)
    if rc != 0:
        sys.exit(f"snakemake failed in {workdir} (exit {rc}); run it there by hand to see why")
    counts: dict[str, int] = {}
    for name in re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):$", log.read_text(encoding="utf-8"), re.M):
        name = re.sub(r"_\d{3}$", "", name)
        if name != "all":
            counts[name] = counts.get(name, 0) + 1
    return seconds, float(cpu), kb / 1024, [f"{r} x{n}" if n > 1 else r for r, n in counts.items()]


def longest_jobs(workdir: Path, n: int = 8) -> str:
    """The `n` longest jobs of the last run, from its log's time stamps (whole seconds): where a
    cold run spends its time."""
    import datetime as dt

    now, rule, started, took = None, None, {}, []
    for line in (workdir / ".snakemake" / "bench_run.log").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^\[(\w{3} \w{3} +\d+ [\d:]+ \d{4})\]$", line):
            now = dt.datetime.strptime(m.group(1), "%a %b %d %H:%M:%S %Y")
        elif m := re.match(r"^(?:local)?(?:rule|checkpoint) (\w+):$", line):
            rule = m.group(1)
        elif (m := re.match(r"^\s+jobid: (\d+)$", line)) and rule and now:
            started[m.group(1)] = (rule, now)
        elif (m := re.match(r"^Finished jobid: (\d+)", line)) and m.group(1) in started and now:
            name, then = started.pop(m.group(1))
            took.append(((now - then).total_seconds(), name))
    return ", ".join(f"{name} {sec:.0f} s" for sec, name in sorted(took, reverse=True)[:n])


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by its path below it."""
    import hashlib

    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def check_against_cold(work: Path, cores: int) -> list[str]:
    """Run the edited inputs cold in a fresh copy of `work` (no results, private zone, caches or
    Snakemake records) and return the results/ files whose bytes differ from the edited run's."""
    with tempfile.TemporaryDirectory(prefix="coprod-bench-cold-") as tmp:
        fresh = Path(tmp)
        for name in COPY:
            src = work / name
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, fresh / name)
        run(fresh, cores)
        a, b = digests(work / "results"), digests(fresh / "results")
        return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a text file (the benchmark's edits)."""
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        sys.exit(
            f"benchmark edit: {path.name} no longer has exactly one {old!r}; update benchmarks/pipeline.py"
        )
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, line: str) -> None:
    """Append a line, in the file's own encoding (a bundled transcript is cp1252)."""
    raw = path.read_bytes()
    encoding = "cp1252" if b"\x92" in raw else "utf-8"
    with open(path, "a", encoding=encoding) as fh:
        fh.write(line)


def edits(work: Path) -> list[tuple[str, object]]:
    """The researcher's edits, in order; each is applied just before its run."""
    config = work / "config" / "config.yaml"
    transcript = sorted((work / "data" / "raw" / "example").glob("*.txt"))[0]
    sentence = "\n\nRespondent: And one more thing about the budget, for the benchmark.\n"
    woolly = "keywords: [woolly, "
    public = "  allow:\n    - University"
    # cheap edits first: each row is printed as soon as its run ends
    return [
        ("no-op", lambda: None),
        ("figure", lambda: append(work / "scripts" / "figures" / "code_by_site.py", "# benchmark edit\n")),
        ("figure-lib", lambda: append(work / "src" / "coprod" / "figures.py", "# benchmark edit\n")),
        ("audit-allow", lambda: edit(config, public, "  allow:\n    - Benchmark Board\n    - University")),
        ("bootstrap", lambda: edit(config, "  bootstrap: 500\n  seed:", "  bootstrap: 499\n  seed:")),
        ("codebook", lambda: edit(work / "config" / "codebook.yaml", woolly, woolly + "fuzzy, ")),
        ("transcript", lambda: append(transcript, sentence)),
        ("allow", lambda: edit(config, "  allow: []\n", '  allow: ["Ombudsman Review Board"]\n')),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument(
        "--runs", default="", help="only these runs after cold, comma-separated (e.g. no-op; default: all)"
    )
    ap.add_argument(
        "--check",
        action="store_true",
        help="then run the edited inputs cold in a fresh copy and compare results/ byte for byte",
    )
    ap.add_argument(
        "--keep", type=Path, help="copy the work folder here when done (to compare results/ byte for byte)"
    )
    args = ap.parse_args()
    wanted = {r for r in args.runs.split(",") if r and r != "cold"}
    with tempfile.TemporaryDirectory(prefix="coprod-bench-") as tmp:
        work = Path(tmp)
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, work / name)
        print(f"pipeline benchmark on the example corpus ({args.cores} cores)")
        print(
            f"{'run':<12}{'seconds':>9}{'x cold':>8}{'CPU s':>8}{'x cold':>8}{'peak MB':>9}  rules re-run",
            flush=True,
        )
        cold = cold_cpu = None
        runs = [("cold", lambda: None), *edits(work)]
        unknown = wanted - {name for name, _ in runs}
        if unknown:
            sys.exit(f"--runs: unknown run(s) {', '.join(sorted(unknown))}")
        for name, change in runs:
            if wanted and name != "cold" and name not in wanted:
                continue
            change()
            sec, cpu, mb, rules = run(work, args.cores)
            cold, cold_cpu = cold or sec, cold_cpu or cpu
            shown = "(all)" if name == "cold" else ", ".join(rules) or "none"
            ratios = f"{sec:>9.2f}{sec / cold:>8.3f}{cpu:>8.1f}{cpu / cold_cpu:>8.3f}"
            print(f"{name:<12}{ratios}{mb:>9.1f}  {shown}", flush=True)
            if rules or name == "cold":
                # where each run spends its time (wall seconds per job, from the run's log)
                print(f"{'':<12}longest jobs: {longest_jobs(work)}", flush=True)
        if args.keep:
            shutil.copytree(work, args.keep, symlinks=True)
        if args.check:
            differ = check_against_cold(work, args.cores)
            verdict = f"{len(differ)} file(s) differ: " + ", ".join(differ[:20]) if differ else "identical"
            print(f"results/ after the edits vs a cold run of the edited inputs: {verdict}", flush=True)
            if differ:
                sys.exit(1)


if __name__ == "__main__":
    main()
