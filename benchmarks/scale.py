"""Scale benchmark: synthetic N-transcript studies through the whole pipeline (issues 16, 17).

For each N it builds a seeded synthetic study in a temporary copy of the workflow — transcripts
recombined from the bundled examples' turns (≈ 2,500 words each), N participants over many
sites with registered names (first names deliberately shared, as in any real study), a
participants sheet and a register — and runs `snakemake` three times in that copy:

  cold     empty results/ and private/
  no-op    nothing changed
  add one  one more transcript (sheet row, register entry, file)

It prints, per N: wall seconds, the peak RSS of the whole process tree (sampled every 0.2 s and
summed over processes), summed job seconds per rule (from Snakemake's own log), the no-op and
add-one times with their ratio to cold, time(N)/time(smallest N), and the share of participants
whose own bare first name, in their own transcript, got someone else's pseudonym (issue 17.1),
and the PDF layout check of issue 14 on the cold run's manuscript (every table cell on its page,
inside the text area, no overlapping words).

Usage: .venv/bin/python benchmarks/scale.py [--sizes 20 100 1000] [--sites 30] [--cores 2]
       [--seed 7] [--keep DIR]   (DIR keeps the last study's copy for inspection)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from coprod.ingest import read_transcript  # noqa: E402

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
    "tests/fixtures",
)
WORDS_PER_TRANSCRIPT = 2500
GROUPS = ("local", "national")
ROLES = ("strategic planning lead", "senior planning officer", "head of planning", "policy lead")


# --------------------------------------------------------------------------- the synthetic study
def turn_pool() -> tuple[list[str], list[str]]:
    """Interviewer and participant turn texts from the bundled examples (fictional people)."""
    questions, answers = [], []
    for folder in ("example", "peer_support"):
        for path in sorted((ROOT / "data" / "raw" / folder).iterdir()):
            if path.suffix.lower() not in (".txt", ".docx", ".vtt", ".srt"):
                continue
            for turn in read_transcript(path).turns:
                if len(turn.text.split()) < 4:
                    continue
                (questions if turn.role == "interviewer" else answers).append(turn.text)
    return questions, answers


def names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n distinct (first, last) names; first names from a small pool, so many are shared."""
    with open(ROOT / "data" / "reference" / "uk_first_names.csv", encoding="utf-8") as fh:
        firsts = [r["name"] for r in csv.DictReader(fh)][:200]
    with open(ROOT / "data" / "reference" / "us_census_1990_surnames.csv", encoding="utf-8") as fh:
        lasts = [r["surname"].title() for r in csv.DictReader(fh)][:3000]
    pool = firsts[: max(8, n // 12)]
    out: set[tuple[str, str]] = set()
    while len(out) < n:
        out.add((rng.choice(pool), rng.choice(lasts)))
    # shuffled from a sorted list: a set's order follows the per-process string hash, so
    # shuffling the set itself gave every process another study for the same seed
    return sorted(sorted(out), key=lambda x: rng.random())


def write_transcript(path: Path, rng: random.Random, first: str, last: str, pool) -> None:
    questions, answers = pool
    lines = [
        "Interviewer: Thanks for joining us. For the recording, could you say who you are?",
        f"Respondent: I'm {first} {last}, and I lead planning for the partnership.",
    ]
    words = 20
    k = 0
    while words < WORDS_PER_TRANSCRIPT:
        q, a = rng.choice(questions), rng.choice(answers)
        if k % 6 == 2:
            q = f"Thanks, {first}. {q}"
        lines += [f"Interviewer: {q}", f"Respondent: {a}"]
        words += len(q.split()) + len(a.split())
        k += 1
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def build_study(work: Path, n: int, sites: int, seed: int) -> dict:
    """Write data/raw/scale/, its sheet, register and config; return what the checks need."""
    rng = random.Random(seed)
    pool = turn_pool()
    raw = work / "data" / "raw" / "scale"
    raw.mkdir(parents=True)
    people = names(rng, n + 1)  # one spare for the add-one run
    bundled = yaml.safe_load((ROOT / "data" / "raw" / "example" / "register.yaml").read_text())
    register = {
        "people": list(bundled.get("people") or []),
        "organisations": list(bundled.get("organisations") or []),
        "places": list(bundled.get("places") or []),
    }
    rows = []
    for k in range(1, n + 2):
        tid, (first, last) = f"s{k:04d}", people[k - 1]
        site = f"site{(k - 1) % sites + 1:02d}"
        rows.append(
            {
                "transcript_id": tid,
                "participant_id": f"Q{k:04d}",
                "file": f"{tid}.txt",
                "site_id": site,
                "group": GROUPS[k % len(GROUPS)],
                "role_category": ROLES[k % len(ROLES)],
                "first": first,
                "last": last,
            }
        )
    for row in rows[:n]:
        add_transcript(work, row, rng, pool, register, write_register=False)
    (raw / "register.yaml").write_text(yaml.safe_dump(register, sort_keys=False), encoding="utf-8")
    write_sheet(work, rows[:n])
    cfg = yaml.safe_load((work / "config" / "config.yaml").read_text())
    cfg["corpus"].update(
        name="scale",
        description=f"a synthetic {n}-transcript benchmark study (no real participants)",
        raw_dir="data/raw/scale",
        participants="data/raw/scale/participants.tsv",
        register="data/raw/scale/register.yaml",
        gold="",
    )
    cfg["study"]["synthetic"] = True  # (a study key since the config moved it out of corpus)
    cfg["coding"].update(human=[], human_sample="")
    (work / "config" / "scale.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return {"rows": rows, "rng": rng, "pool": pool, "register": register}


def write_sheet(work: Path, rows: list[dict]) -> None:
    cols = ["transcript_id", "participant_id", "file", "site_id", "group", "role_category"]
    text = "\t".join(cols) + "\n" + "".join("\t".join(r[c] for c in cols) + "\n" for r in rows)
    (work / "data" / "raw" / "scale" / "participants.tsv").write_text(text, encoding="utf-8")


def add_transcript(work, row, rng, pool, register, write_register=True) -> None:
    write_transcript(work / "data" / "raw" / "scale" / row["file"], rng, row["first"], row["last"], pool)
    register["people"].append(
        {
            "name": f"{row['first']} {row['last']}",
            "aliases": [row["first"]],
            "role": "participant",
            "participant_id": row["participant_id"],
        }
    )
    if write_register:
        path = work / "data" / "raw" / "scale" / "register.yaml"
        path.write_text(yaml.safe_dump(register, sort_keys=False), encoding="utf-8")


# --------------------------------------------------------------------------- measuring a run
def run(work: Path, cores: int) -> tuple[float, float]:
    """Wall seconds and peak summed RSS (MB) of one snakemake run and all its descendants."""
    cmd = [str(BIN / "snakemake"), "--cores", str(cores), "--configfile", "config/scale.yaml"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643846400"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.communicate()[0].decode("utf-8", "replace")
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        tail = "\n".join(out.strip().splitlines()[-5:])
        sys.exit(f"snakemake failed in {work} (exit {proc.returncode}):\n{tail}")
    return seconds, peak / 2**20


STAMP = re.compile(r"^\[(\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4})\]$")
START = re.compile(r"^(?:local)?(?:rule|checkpoint) (\S+):$")
JOBID = re.compile(r"^\s+jobid: (\d+)$")
FINISHED = re.compile(r"^Finished jobid: (\d+) \(Rule: (\S+)\)$")


def rule_seconds(work: Path) -> dict[str, float]:
    """Summed job seconds per rule (a stage's chunk jobs summed, e.g. 'ingest_chunks') from the
    latest log."""
    logs = sorted((work / ".snakemake" / "log").glob("*.snakemake.log"))
    if not logs:
        return {}
    now = None
    started: dict[str, datetime] = {}
    pending_rule = None
    totals: dict[str, float] = defaultdict(float)
    for line in logs[-1].read_text(encoding="utf-8", errors="replace").splitlines():
        if m := STAMP.match(line):
            now = datetime.strptime(m.group(1), "%a %b %d %H:%M:%S %Y")
        elif m := START.match(line):
            pending_rule = m.group(1)
        elif (m := JOBID.match(line)) and pending_rule and now:
            started[m.group(1)] = now
            pending_rule = None
        elif (m := FINISHED.match(line)) and now and m.group(1) in started:
            rule = re.sub(r"_chunk_\d+$", "_chunks", m.group(2))  # ingest/deidentify chunks summed
            totals[rule] += (now - started.pop(m.group(1))).total_seconds()
    return dict(totals)


def wrong_first_name_share(work: Path, rows: list[dict]) -> tuple[int, int]:
    """(participants whose own bare first name got another pseudonym, participants checked)."""
    key = json.loads((work / "private" / "key" / "pseudonym_key.json").read_text(encoding="utf-8"))
    pseud = {e["original"]: e["pseudonym"] for e in key["entries"] if e["type"] == "PERSON"}
    own = defaultdict(set)
    with open(work / "private" / "review" / "replacements.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            own[(r["transcript"], r["original"])].add(r["pseudonym"])
    wrong = checked = 0
    for row in rows:
        full = pseud.get(f"{row['first']} {row['last']}")
        got = own.get((row["transcript_id"], row["first"]))
        if full is None or not got:
            continue
        checked += 1
        wrong += any(p != full for p in got)
    return wrong, checked


def pdf_layout(work: Path) -> tuple[int, list[str]]:
    """The manuscript PDF read as a reader does (tests/manuscript_layout.py, issue 14): its page
    count and every word outside the text area, drawn over another, or table cell missing."""
    import pdfplumber

    sys.path.insert(0, str(ROOT / "tests"))
    from manuscript_layout import included_tables, layout_problems

    source = work / "results" / "manuscript" / "source"
    margin = yaml.safe_load((source / "_quarto.yml").read_text(encoding="utf-8"))["format"]["typst"]["margin"]
    pdf = work / "results" / "manuscript" / "index.pdf"
    problems = layout_problems(pdf, float(margin["x"][:-2]), float(margin["y"][:-2]), included_tables(source))
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages), problems


def bench(n: int, sites: int, cores: int, seed: int, keep: Path | None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"coprod-scale-{n}-"))
    try:
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, tmp / name)
        shutil.copytree(ROOT / "data" / "reference", tmp / "data" / "reference")
        study = build_study(tmp, n, sites, seed)
        cold, cold_rss = run(tmp, cores)
        stages = rule_seconds(tmp)
        pdf_pages, pdf_problems = pdf_layout(tmp)
        wrong, checked = wrong_first_name_share(tmp, study["rows"][:n])
        noop, _ = run(tmp, cores)
        extra = study["rows"][n]
        add_transcript(tmp, extra, study["rng"], study["pool"], study["register"])
        write_sheet(tmp, study["rows"])
        add, _ = run(tmp, cores)
        return {
            "n": n,
            "cold": cold,
            "rss": cold_rss,
            "stages": stages,
            "noop": noop,
            "add": add,
            "wrong": wrong,
            "checked": checked,
            "pdf_pages": pdf_pages,
            "pdf_problems": pdf_problems,
        }
    finally:
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.move(str(tmp), keep)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 100])
    ap.add_argument("--sites", type=int, default=30)
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        r = bench(n, min(args.sites, n), args.cores, args.seed, args.keep)
        results.append(r)
        top = sorted(r["stages"].items(), key=lambda kv: -kv[1])[:6]
        print(
            f"N={n:>5}  cold {r['cold']:7.1f} s  peak RSS {r['rss']:7.0f} MB  "
            f"no-op {r['noop']:5.1f} s  add one {r['add']:6.1f} s ({r['add'] / r['cold']:.2f} x cold)  "
            f"own first name -> other pseudonym: {r['wrong']}/{r['checked']}"
        )
        print("         job seconds: " + ", ".join(f"{k} {v:.0f}" for k, v in top), flush=True)
        print(
            f"         manuscript PDF: {r['pdf_pages']} pages, layout problems: {len(r['pdf_problems'])}"
            + "".join(f"\n           {p}" for p in r["pdf_problems"][:10]),
            flush=True,
        )
    base = results[0]
    for r in results[1:]:
        print(f"time({r['n']})/time({base['n']}) = {r['cold'] / base['cold']:.2f}")


if __name__ == "__main__":
    main()
