"""Out-of-sample precision of de-identification on real text no rule was written from.

    .venv/bin/python benchmarks/realcoded_deid.py REALCODED_DIR [--set NAME] [--dates MODE]
        [--table FILE] [--judged FILE] [--show N]

REALCODED_DIR holds one folder per set with a `units.tsv` (`unit_id`, `doc_id`, `speaker_id`,
`text`, …; tab-separated, RFC-4180 quoting), e.g. the human-coded development sets (NHS
Friends-and-Family answers, think-aloud usability sessions, educators' survey answers). Their
text was never read to write a de-identification rule, so almost every replacement in it is a
false positive: an honest out-of-sample precision check. Each set is de-identified as one
study through the library (`deidentify_transcripts`: the detection, corpus-wide propagation
and pseudonymisation of `coprod deidentify`) with an EMPTY register and allow-list; one
transcript per `doc_id`, one turn per unit (exact repeats within a document dropped), the
speaker a role label so that only the text is judged.

Printed (aggregates only, no text): words, replacements and replacements per 1,000 words per
set; replacements by type and by detector. `--table FILE` writes every replacement (set, unit,
offsets, type, detector, surface, context) as TSV for hand-judging -- keep it outside the
project (it holds the source's words). `--judged FILE` reads such a table back with a column
`judgement` (`identifier` or `not`) and an optional `category` (why it is not: GARBLE, PRODUCT,
ORDINARY, FOREIGN, ORG, ACRONYM, ...) and prints precision per set and false positives by
detector and by category; rows are matched on (set, unit_id, start, end). `--show N` prints the
N most frequent replaced surfaces per detector (text: for a private terminal only).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coprod.ingest import Transcript, Turn  # noqa: E402
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts  # noqa: E402

WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
TABLE_COLUMNS = ["set", "unit_id", "start", "end", "type", "detector", "surface", "context"]


def read_units(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def transcripts_of(units: list[dict[str, str]]) -> tuple[list[Transcript], dict[tuple[str, int], str]]:
    """One transcript per doc_id, one turn per distinct unit text; (transcript, turn) -> unit_id."""
    by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for u in units:
        by_doc[u["doc_id"]].append(u)
    transcripts, unit_of = [], {}
    for k, doc in enumerate(sorted(by_doc)):
        tid = f"d{k:05d}"
        seen, turns = set(), []
        for u in by_doc[doc]:
            text = u["text"].strip()
            if not text or text in seen:
                continue
            seen.add(text)
            role = "Interviewer" if u.get("speaker_id", "").lower() == "moderator" else "Participant"
            turns.append(Turn(speaker=role, role=role.lower(), text=text, order=len(turns)))
            unit_of[(tid, len(turns) - 1)] = u["unit_id"]
        transcripts.append(Transcript(id=tid, source="", format="txt", encoding="utf-8", turns=turns))
    return transcripts, unit_of


def run_set(folder: Path, dates: str) -> tuple[int, list[dict[str, str]], float]:
    transcripts, unit_of = transcripts_of(read_units(folder / "units.tsv"))
    words = sum(len(WORD_RE.findall(turn.text)) for t in transcripts for turn in t.turns)
    started = time.process_time()
    _, log = deidentify_transcripts(transcripts, [], PseudonymKey(), Settings(date_mode=dates))
    cpu = time.process_time() - started
    rows = [
        {
            "set": folder.name, "unit_id": unit_of[(r.transcript, r.turn)], "start": str(r.start),
            "end": str(r.end), "type": r.type, "detector": r.detector, "surface": r.original,
            "context": r.context.replace("\t", " ").replace("\n", " "),
        }
        for r in log
        if r.field == "text"
    ]  # fmt: skip
    return words, rows, cpu


def key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["set"], row["unit_id"], row["start"], row["end"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("realcoded", type=Path)
    ap.add_argument("--set", action="append", default=[], help="only this set (repeatable)")
    ap.add_argument("--dates", choices=("month_year", "redact", "all"), default="month_year")
    ap.add_argument("--table", type=Path, help="write every replacement as TSV (outside the project)")
    ap.add_argument("--judged", type=Path, help="a judged table: precision and false positives")
    ap.add_argument("--show", type=int, default=0, help="print N top surfaces per detector (text!)")
    args = ap.parse_args()
    sets = args.set or sorted(p.parent.name for p in args.realcoded.glob("*/units.tsv"))
    if not sets:
        sys.exit(f"{args.realcoded}: no */units.tsv found; give the folder that holds one folder per set")
    judged: dict[tuple[str, str, str, str], dict[str, str]] = {}
    if args.judged:
        judged = {key(r): r for r in read_units(args.judged)}
    all_rows = []
    head = f"{'words':>8}{'repl':>6}{'/1000w':>8}{'judged':>8}{'ident':>7}{'precision':>10}{'cpu s':>7}"
    print(f"{'set':<32}{head}")
    for name in sets:
        words, rows, cpu = run_set(args.realcoded / name, args.dates)
        all_rows += rows
        marks = [judged[key(r)] for r in rows if key(r) in judged]
        ident = sum(m["judgement"] == "identifier" for m in marks)
        prec = f"{ident / len(marks):.3f}" if marks else "-"
        print(
            f"{name:<32}{words:>8}{len(rows):>6}{1000 * len(rows) / max(words, 1):>8.2f}"
            f"{len(marks):>8}{ident:>7}{prec:>10}{cpu:>7.1f}"
        )
    if args.judged:
        stale = sum(key(r) not in judged for r in all_rows)
        gone = len({key(r) for r in judged.values()} - {key(r) for r in all_rows if r["set"] in sets})
        print(f"replacements not in the judged table: {stale}; judged rows no longer replaced: {gone}")
    print("replacements by type / detector (judged false positives in brackets):")
    fp = Counter()
    cat = Counter()
    for r in all_rows:
        m = judged.get(key(r))
        if m is not None and m["judgement"] != "identifier":
            fp[(r["type"], r["detector"])] += 1
            cat[m.get("category") or "?"] += 1
    for (typ, det), n in Counter((r["type"], r["detector"]) for r in all_rows).most_common():
        print(f"  {n:5d} [{fp[(typ, det)]:4d}]  {typ:<10}{det}")
    if cat:
        print("judged false positives by category:")
        for c, n in cat.most_common():
            print(f"  {n:5d}  {c}")
    if args.show:
        by_det: dict[str, Counter] = defaultdict(Counter)
        for r in all_rows:
            by_det[r["detector"]][r["surface"]] += 1
        for det, c in sorted(by_det.items(), key=lambda kv: -sum(kv[1].values())):
            print(f"-- {det}: " + ", ".join(f"{s!r}x{n}" for s, n in c.most_common(args.show)))
    if args.table:
        with args.table.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=TABLE_COLUMNS, delimiter="\t")
            w.writeheader()
            w.writerows(all_rows)
        print(f"{len(all_rows)} replacements written to {args.table}")


if __name__ == "__main__":
    main()
