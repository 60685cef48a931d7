"""De-identification's corpus step, cold and after adding one transcript (issue 27).

Builds the seeded synthetic study of `benchmarks/scale.py` (N transcripts, each participant in
the register) without running the workflow, then times `deidentify_transcripts` in this process
with a private detection cache in a temporary folder:

  cold     empty cache, N transcripts
  warm     same input again (every detection reused)
  add one  one more transcript, its sheet row and its register entry (cache from the cold run)

and checks that the add-one output equals a run of the grown study without any cache. Prints CPU
seconds (user + sys of this process) per step and the add-one/cold ratio, with the load average.

Usage: .venv/bin/python benchmarks/deid_add_one.py [--n 300] [--sites 30] [--seed 7] [--no-check]

It measures the code of the tree it is in (`scale.py` puts that tree's `src/` first on the path,
whatever PYTHONPATH says): to compare two versions, run each tree's copy of this file.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale  # noqa: E402


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--sites", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-check", action="store_true", help="skip the uncached run of the grown study")
    args = ap.parse_args()

    from coprod.cache import ContentCache
    from coprod.ingest import read_transcript
    from coprod.privacy.analyzer import Settings
    from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts
    from coprod.privacy.register import interviewer_labels, load_register

    tmp = Path(tempfile.mkdtemp(prefix="coprod-deid-add-one-"))
    try:
        (tmp / "config").mkdir()
        shutil.copyfile(ROOT / "config" / "config.yaml", tmp / "config" / "config.yaml")
        study = scale.build_study(tmp, args.n, args.sites, args.seed)
        raw = tmp / "data" / "raw" / "scale"
        rows = study["rows"]

        def load(k: int):
            entities = load_register(raw / "register.yaml")
            labels = ("Interviewer",) + tuple(interviewer_labels(entities))
            ts = [read_transcript(raw / r["file"], labels, r["transcript_id"]) for r in rows[:k]]
            parts = {r["transcript_id"]: (r["participant_id"], r["group"]) for r in rows[:k]}
            return ts, entities, parts

        def deid(k: int, cache):
            ts, entities, parts = load(k)
            t0, w0 = cpu(), time.perf_counter()
            out = deidentify_transcripts(ts, entities, PseudonymKey(), Settings(), parts, cache)
            return out, cpu() - t0, time.perf_counter() - w0

        cache = ContentCache(tmp / "private" / "cache" / "deidentify")
        print(f"N = {args.n}; load average before: {os.getloadavg()}", flush=True)
        _, cold, cold_wall = deid(args.n, cache)
        print(f"cold     {cold:7.1f} CPU s ({cold_wall:.1f} wall)", flush=True)
        _, warm, warm_wall = deid(args.n, cache)
        print(f"warm     {warm:7.1f} CPU s ({warm_wall:.1f} wall)", flush=True)
        scale.add_transcript(tmp, rows[args.n], study["rng"], study["pool"], study["register"])
        grown, add, add_wall = deid(args.n + 1, cache)
        print(f"add one  {add:7.1f} CPU s ({add_wall:.1f} wall)  {add / cold:.2f} x cold", flush=True)
        if not args.no_check:
            fresh, _, _ = deid(args.n + 1, None)
            print("add one == uncached run of the grown study:", grown == fresh)
        print(f"load average after: {os.getloadavg()}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
