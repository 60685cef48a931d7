"""Precision and recall of de-identification on a corpus nobody tuned on, against scrubadub.

    .venv/bin/python benchmarks/deid_precision.py                      # tests/fixtures/technical
    .venv/bin/python benchmarks/deid_precision.py --fixture DIR       # any set in that format
    .venv/bin/python benchmarks/deid_precision.py --dates all         # a deidentify.dates mode

A fixture folder holds transcripts, `participants.tsv` (transcript_id, file, …), `register.yaml`
and `gold.yaml` with `identifiers: {file: [{text, type}]}` (every identifying surface form) and
`non_identifiers: {file: [term, …]}` (product, technology and method vocabulary that must
survive). Both tools run the whole corpus with the default settings and an empty allow-list.
Printed: precision (replacements that overlap a gold identifier), recall by type (gold mentions
fully covered), survival of the gold non-identifiers, and the share of replaced gold
organisations that were typed as a place.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coprod.evaluate import evaluate, gold_by_file, gold_mentions, org_typed_as_place  # noqa: E402
from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript  # noqa: E402
from coprod.privacy.deidentify import REVIEW_COLUMNS, PseudonymKey, Settings, deidentify_transcripts  # noqa: E402
from coprod.privacy.register import interviewer_labels, load_register  # noqa: E402
from coprod.segment import read_participants  # noqa: E402

SCRUBADUB_TYPES = {
    "email": "EMAIL", "phone": "PHONE", "postalcode": "POSTCODE", "url": "URL", "name": "PERSON",
    "national_insurance_number": "ID_NUMBER", "tax_reference_number": "ID_NUMBER", "address": "ADDRESS",
    "location": "PLACE", "organization": "ORG", "date_of_birth": "DATE",
}  # fmt: skip


def load(fixture: Path):
    entities = load_register(fixture / "register.yaml")
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(entities)
    sheet = read_participants(fixture / "participants.tsv")
    transcripts = [read_transcript(fixture / r.file, labels, r.transcript_id) for r in sheet.itertuples()]
    raw = yaml.safe_load((fixture / "gold.yaml").read_text(encoding="utf-8"))
    gold = gold_by_file(raw, dict(zip(sheet.file, sheet.transcript_id, strict=True)))
    participants = {r.transcript_id: (r.participant_id, r.group) for r in sheet.itertuples()}
    return entities, transcripts, gold, participants


def ours(entities, transcripts, participants, dates="month_year") -> tuple[pd.DataFrame, dict[str, str]]:
    settings = Settings(date_mode=dates)
    docs, log = deidentify_transcripts(transcripts, entities, PseudonymKey(), settings, participants)
    review = pd.DataFrame([[getattr(r, c) for c in REVIEW_COLUMNS] for r in log], columns=REVIEW_COLUMNS)
    review = review[review.field != "file_name"]
    text = {d["id"]: "\n\n".join(f"{t['speaker']}: {t['text']}" for t in d["turns"]) for d in docs}
    return review, text


def scrubadub_review(transcripts) -> pd.DataFrame:
    import scrubadub

    scrubber = scrubadub.Scrubber(locale="en_GB")
    rows = []
    for t in transcripts:
        for turn in t.turns:
            for field, value in (("speaker", turn.speaker), ("text", turn.text)):
                for f in scrubber.iter_filth(value):
                    rows.append(
                        (t.id, turn.order, field, f.beg, f.end, SCRUBADUB_TYPES.get(f.type, f.type.upper()))
                    )
    return pd.DataFrame(rows, columns=["transcript", "turn", "field", "start", "end", "type"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fixture", default=str(ROOT / "tests" / "fixtures" / "technical"))
    ap.add_argument("--top", type=int, default=15, help="false positives to list")
    ap.add_argument("--dates", choices=("month_year", "redact", "all"), default="month_year")
    args = ap.parse_args()
    entities, transcripts, gold, participants = load(Path(args.fixture))
    review, text = ours(entities, transcripts, participants, args.dates)
    results = {"coprod": (review, text), "scrubadub": (scrubadub_review(transcripts), {})}
    n_gold = sum(len(v) for v in gold["transcripts"].values())
    print(
        f"{Path(args.fixture).name}: {len(transcripts)} transcripts, {n_gold} gold forms, "
        f"{len(gold['keep'])} terms to keep"
    )
    print(
        f"{'tool':<11}{'replaced':>9}{'precision':>10}{'recall':>8}{'PERSON':>8}{'keep':>7}{'ORG->PLACE':>12}"
    )
    for name, (rev, docs) in results.items():
        ev = evaluate(transcripts, rev, docs, gold).set_index("type")
        place, orgs = org_typed_as_place(transcripts, rev, gold)
        keep = ev.keep_survival["ALL"] if docs else float("nan")
        person = ev.recall.get("PERSON", float("nan")) if "PERSON" in ev.index else float("nan")
        print(
            f"{name:<11}{len(rev):>9}{ev.precision['ALL']:>10.3f}{ev.recall['ALL']:>8.3f}{person:>8.3f}"
            f"{keep:>7.3f}{f'{place}/{orgs}':>12}"
        )
    # the false positives, grouped by surface form (what a reviewer would allow)
    ev_rows = []
    for t in transcripts:
        items = gold["transcripts"].get(t.id, [])
        for turn in t.turns:
            for field, value in (("speaker", turn.speaker), ("text", turn.text)):
                mentions = gold_mentions(value, items)
                sub = review[
                    (review.transcript == t.id) & (review.turn == turn.order) & (review.field == field)
                ]
                for r in sub.itertuples():
                    if not any(int(r.start) < e and int(r.end) > s for s, e, _ in mentions):
                        ev_rows.append((r.original, r.type, r.detector))
    misses = []
    for t in transcripts:
        items = gold["transcripts"].get(t.id, [])
        for turn in t.turns:
            for field, value in (("speaker", turn.speaker), ("text", turn.text)):
                sub = review[
                    (review.transcript == t.id) & (review.turn == turn.order) & (review.field == field)
                ]
                spans = list(zip(sub.start.astype(int), sub.end.astype(int), strict=True))
                for s, e, typ in gold_mentions(value, items):
                    covered = set()
                    for a, b in spans:
                        covered |= set(range(max(a, s), min(b, e)))
                    if len(covered) < e - s:
                        misses.append((value[s:e], typ))
    print(f"coprod misses by surface form (top {args.top}):")
    for (form, typ), n in Counter(misses).most_common(args.top):
        print(f"  {n:4d}  {form!r:30} {typ}")
    print(f"coprod false positives by surface form (top {args.top}):")
    for (form, typ, det), n in Counter(ev_rows).most_common(args.top):
        print(f"  {n:4d}  {form!r:30} {typ:8} {det}")


if __name__ == "__main__":
    main()
