"""The audit job alone, cold and after adding one transcript (issue 27), on a kept study.

Runs the build's `audit_tree` (rule audit_shareable's function, no Snakemake) on a study kept by
`benchmarks/scale.py --keep DIR`, with the scan cache in a folder of your choice, and prints the
CPU seconds (user + sys of this process), the wall seconds, the load average, the hits and the
sha256 of the hit report (equal reports: equal hits, byte for byte). `--grow` adds one more
transcript (a new invented participant: file, sheet row, register entry) and runs the workflow
up to, not including, the audit, so the next audit run is an add-one run.

  .venv/bin/python benchmarks/audit_add_one.py DIR --cache C     # cold (C empty) or reused
  .venv/bin/python benchmarks/audit_add_one.py DIR --grow        # one more transcript
  .venv/bin/python benchmarks/audit_add_one.py DIR               # no cache at all
  .venv/bin/python benchmarks/audit_add_one.py DIR --cache C --ahead   # rule audit_corpus's scan

`--ahead` runs only the early scan of rule audit_corpus (`scan_ahead` over the files of
`AHEAD`: the published transcripts and the segment, coding and export tables) into the cache;
a run without it afterwards is then the final audit (rule audit_shareable) after that scan, as
the workflow runs them: two processes.

It measures the `coprod` that PYTHONPATH points at (to compare two versions, run this file with
each tree's src/ on PYTHONPATH and a cache folder each, on the same study states).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# rule audit_corpus's shareable inputs (workflow/rules/audit.smk), under results/
AHEAD = (
    "deidentified/*.txt",
    "deidentified/*.json",
    "deidentified/summary.tsv",
    "segments.tsv",
    "descriptives/transcripts.tsv",
    *(
        f"coding/{name}.tsv"
        for name in (
            "code_by_site",
            "coded_segments",
            "keyword_report",
            "code_by_participant",
            "code_by_group",
            "code_summary",
            "cooccurrence",
            "code_labels",
            "exemplars",
        )
    ),
    "coding/project.qdpx",
    "coding/codebook.qdc",
)


def ahead(study: Path, cache: Path) -> None:
    from coprod.privacy.audit import scan_ahead

    cfg = yaml.safe_load((study / "config" / "scale.yaml").read_text(encoding="utf-8"))
    res = study / "results"
    files = sorted({f for pattern in AHEAD for f in res.glob(pattern)})
    out = Path(tempfile.mkdtemp(prefix="coprod-audit-bench-")) / "audit_corpus.tsv"
    t0, w0 = cpu(), time.perf_counter()
    scanned, hits = scan_ahead(
        res,
        files,
        study / "private" / "key" / "key_used.json",
        study / cfg["corpus"]["register"],
        study / "private" / "review" / "replacements.tsv",
        out,
        list(cfg["audit"]["allow"]) + list(cfg["deidentify"]["allow"]),
        reference_dir=study / cfg["deidentify"]["reference_dir"],
        decisions_path=study / "private" / "review" / "decisions.tsv",
        cache_dir=cache,
        bibliography=[study / cfg["manuscript"]["source_dir"] / "references.bib"],
    )
    took, wall = cpu() - t0, time.perf_counter() - w0
    print(
        f"early scan: {scanned} files, {hits} hits: {took:.1f} CPU s ({wall:.1f} wall), "
        f"load {os.getloadavg()}",
        flush=True,
    )


def audit(study: Path, cache: Path | None) -> None:
    from coprod.errors import LeakError
    from coprod.privacy.audit import audit_tree

    cfg = yaml.safe_load((study / "config" / "scale.yaml").read_text(encoding="utf-8"))
    out = Path(tempfile.mkdtemp(prefix="coprod-audit-bench-"))
    hits = out / "hits.tsv"
    t0, w0 = cpu(), time.perf_counter()
    try:
        scanned = audit_tree(
            study / "results",
            study / "private" / "key" / "key_used.json",
            study / cfg["corpus"]["register"],
            study / "private" / "review" / "replacements.tsv",
            out / "audit.tsv",
            list(cfg["audit"]["allow"]) + list(cfg["deidentify"]["allow"]),
            hits_path=hits,
            reference_dir=study / cfg["deidentify"]["reference_dir"],
            speaker_labels=cfg["ingest"]["interviewer_labels"],
            decisions_path=study / "private" / "review" / "decisions.tsv",
            cache_dir=cache,
        )
        verdict = f"passed, {scanned} files"
    except LeakError:
        verdict = "failed"
    took, wall = cpu() - t0, time.perf_counter() - w0
    report = hits.read_bytes() if hits.exists() else b""
    n = max(report.count(b"\n") - 1, 0)
    print(
        f"audit {verdict}: {took:.1f} CPU s ({wall:.1f} wall), {n} hits, report sha256 "
        f"{hashlib.sha256(report).hexdigest()[:16]}, load {os.getloadavg()}",
        flush=True,
    )


def grow(study: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import scale

    raw = study / "data" / "raw" / "scale"
    with open(raw / "participants.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    register = yaml.safe_load((raw / "register.yaml").read_text(encoding="utf-8"))
    taken = {p["name"] for p in register["people"]}
    rng = random.Random(len(rows))
    first, last = next(p for p in scale.names(rng, 50) if f"{p[0]} {p[1]}" not in taken)
    k = len(rows) + 1
    row = {
        "transcript_id": f"s{k:04d}",
        "participant_id": f"Q{k:04d}",
        "file": f"s{k:04d}.txt",
        "site_id": rows[-1]["site_id"],
        "group": scale.GROUPS[k % 2],
        "role_category": scale.ROLES[k % len(scale.ROLES)],
        "first": first,
        "last": last,
    }
    scale.add_transcript(study, row, rng, scale.turn_pool(), register)
    scale.write_sheet(study, [*rows, row])
    cmd = [str(BIN / "snakemake"), "--cores", "2", "--configfile", "config/scale.yaml", "-q"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1643846400"}
    # the audit's jobs are what is measured (rule audit_corpus: a study copied from a tree with it)
    rules = (study / "workflow" / "rules" / "audit.smk").read_text(encoding="utf-8")
    omit = ["audit_shareable", *(["audit_corpus"] if "rule audit_corpus:" in rules else [])]
    subprocess.run([*cmd, "--omit-from", *omit], cwd=study, env=env, check=True)
    print(f"grown to {k} transcripts (the workflow run up to the audit)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study", type=Path)
    ap.add_argument("--cache", type=Path, help="the scan cache folder (absent: no cache)")
    ap.add_argument("--grow", action="store_true", help="add one transcript and run up to the audit")
    ap.add_argument(
        "--ahead", action="store_true", help="only rule audit_corpus's early scan (needs --cache)"
    )
    args = ap.parse_args()
    if args.grow:
        grow(args.study)
    elif args.ahead:
        if args.cache is None:
            ap.error("--ahead needs --cache")
        ahead(args.study, args.cache)
    else:
        audit(args.study, args.cache)


if __name__ == "__main__":
    main()
