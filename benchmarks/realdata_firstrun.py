"""A new user's first run on each real corpus: `coprod new-study`, the transcripts, snakemake.

    .venv/bin/python benchmarks/realdata_firstrun.py REALDATA_DIR [--corpus NAME] [--keep]
        [--work DIR]

REALDATA_DIR holds one sub-folder per corpus with `transcripts/`, `gold.tsv` and
`not_identifiers.tsv` (the real-data development set). For each corpus, in a temporary copy of
the project, this does what a new user does: `coprod new-study <name>`, the sample transcripts
replaced by the corpus's `transcripts/*` (same file names), a participants sheet with one row per
transcript (neutral placeholder sites, groups and roles), a register holding only a made-up
research team, an empty allow-list, `deidentify.dates: all`, `study.synthetic: false`; then
`snakemake --cores 2` under `nice`.

Printed per corpus (counts only — never a transcript line or an identifier form): whether the
run succeeded and which rule failed; the audit's hits, split by joining each hit's original form
(private `hits.tsv`) on the gold: a gold identifier, a not-identifier row (a de-identifier
false positive that the audit then trips on), or neither; the residual forms listed
(`residual.tsv`); wall time. Everything is written under a temporary folder (or --work) and
deleted unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPY = ("Snakefile", "workflow", "scripts", "config", "manuscript", "src", "environment.yml")
COPY_FILES = ("README.md", "Makefile", "pyproject.toml", "requirements.lock")
STUDY = "firstrun"
# an invented research team: the only register entry a new study starts with
TEAM = 'people:\n  - {name: "Quillon Brackenridge", aliases: ["Quillon"], role: interviewer}\n'


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def copy_project(dest: Path) -> None:
    for name in COPY:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest / name)
    for name in COPY_FILES:
        shutil.copyfile(ROOT / name, dest / name)
    shutil.copytree(ROOT / "data" / "reference", dest / "data" / "reference")
    for name in ("heldout", "technical"):  # the bundled config's held-out sets
        src = ROOT / "tests" / "fixtures" / name
        if src.exists():
            shutil.copytree(src, dest / "tests" / "fixtures" / name)


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "LC_ALL", "TMPDIR")}
    e["PATH"] = f"{BIN}:/usr/bin:/bin"
    e.pop("PYTHONPATH", None)
    return e


def set_up(work: Path, corpus: Path) -> None:
    copy_project(work)
    e = {**env(), "PYTHONPATH": str(work / "src")}
    subprocess.run(
        [str(BIN / "coprod"), "new-study", STUDY, "--root", str(work)],
        cwd=work, env=e, check=True, capture_output=True,
    )  # fmt: skip
    raw = work / "data" / "raw" / STUDY
    for p in raw.iterdir():
        if p.name != "register.yaml":
            p.unlink()
    files = sorted(p for p in (corpus / "transcripts").iterdir() if p.is_file())
    for p in files:
        shutil.copyfile(p, raw / p.name)
    (raw / "register.yaml").write_text(TEAM, encoding="utf-8")
    rows = ["transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category"]
    for k, p in enumerate(files, 1):
        rows.append(f"t{k:02d}\tP{k:02d}\t{p.name}\tsite_{1 + k % 2}\tgroup_{'ab'[k % 2]}\tparticipant")
    (work / "config" / STUDY / "participants.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    cfg = work / "config" / STUDY / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    for old, new in (
        (r"(?m)^  dates: .*$", "  dates: all"),
        (r"(?m)^  synthetic: .*$", "  synthetic: false"),
        (r"(?m)^  description: .*$", "  description: interviews of a study"),
        (r"(?m)^  role_labels: .*$", "  role_labels: {group_a: a participant, group_b: a participant}"),
        (r"(?m)^  org_labels: .*$", "  org_labels: {group_a: an organisation, group_b: an organisation}"),
    ):
        text, n = re.subn(old, new, text)
        if n != 1:
            raise SystemExit(f"config/{STUDY}/config.yaml: expected one line matching {old!r}")
    cfg.write_text(text, encoding="utf-8")


def failed_rules(log: str) -> list[str]:
    return sorted(set(re.findall(r"Error in rule (\w+):", log)))


def run_corpus(corpus: Path, work: Path) -> dict[str, object]:
    set_up(work, corpus)
    t0 = time.monotonic()
    proc = subprocess.run(
        ["nice", str(BIN / "snakemake"), "--cores", "2", "--configfile", f"config/{STUDY}/config.yaml"],
        cwd=work, env=env(), capture_output=True, text=True,
    )  # fmt: skip
    wall = time.monotonic() - t0
    (work / "snakemake.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    private = work / "private" / STUDY / "audit"
    gold = {fold(r["surface"]) for r in read_tsv(corpus / "gold.tsv")}
    not_ids = {fold(r["surface"]) for r in read_tsv(corpus / "not_identifiers.tsv")} - gold
    hits = read_tsv(private / "hits.tsv")
    kinds = {"gold": 0, "not_identifier": 0, "neither": 0}
    for h in hits:
        f = fold(h.get("original", "") or "")
        kinds["gold" if f in gold else "not_identifier" if f in not_ids else "neither"] += 1
    return {
        "ok": proc.returncode == 0,
        "failed": ",".join(failed_rules(proc.stdout + proc.stderr)) or "-",
        "hits": len(hits),
        **kinds,
        "hit_forms": len({fold(h.get("original", "") or "") for h in hits}),
        "residual": len(read_tsv(private / "residual.tsv")),
        "wall_s": round(wall),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("realdata", type=Path)
    ap.add_argument("--corpus", action="append", help="one corpus (repeatable); default all")
    ap.add_argument("--keep", action="store_true", help="keep the working copies")
    ap.add_argument("--work", type=Path, help="folder for the working copies (default: temporary)")
    a = ap.parse_args(argv)
    corpora = sorted(p for p in a.realdata.iterdir() if (p / "transcripts").is_dir())
    if a.corpus:
        corpora = [p for p in corpora if p.name in a.corpus]
    base = a.work or Path(tempfile.mkdtemp(prefix="coprod_firstrun_"))
    cols = ["ok", "failed", "hits", "gold", "not_identifier", "neither", "hit_forms", "residual", "wall_s"]
    print("corpus\t" + "\t".join(cols), flush=True)
    for corpus in corpora:
        work = base / corpus.name
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        r = run_corpus(corpus, work)
        print(corpus.name + "\t" + "\t".join(str(r[c]) for c in cols), flush=True)
        if not a.keep:
            shutil.rmtree(work)
    if a.keep:
        print(f"working copies kept in {base} (private: transcripts and reports)")
    elif not a.work:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
