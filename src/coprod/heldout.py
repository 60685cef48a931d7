"""De-identification measured on sets the detectors were not tuned on (`deidentify.heldout`).

A set is a folder shipped with the project: transcripts, `participants.tsv`, `register.yaml` and
`gold.yaml` (either `transcripts: {id: [{text, type}]}, keep: [...]` or `identifiers: {file:
[{text, type}]}, non_identifiers: {file: [term]}`). Each is de-identified with the default
settings (the study's date mode) and scored by `evaluate`; the table holds only counts and ratios.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .segment import read_participants

if TYPE_CHECKING:
    import pandas as pd

SET_FILES = ("gold.yaml", "register.yaml", "participants.tsv")


def heldout_files(sets: list[dict], where: str) -> list[str]:
    """Every file of the configured sets (the rule's inputs); a set whose folder or one of its
    SET_FILES is missing stops the run with one line naming the key and the path."""
    from .errors import ConfigError

    files = []
    for i, s in enumerate(sets):
        folder = Path(s["fixture"])
        missing = [f for f in SET_FILES if not (folder / f).is_file()]
        if missing:
            raise ConfigError(
                where,
                f"deidentify.heldout[{i}].fixture {s['fixture']!r} has no {', '.join(missing)}",
                "give a folder of transcripts with gold.yaml, register.yaml and participants.tsv, "
                "or remove the set",
            )
        files += sorted(str(p) for p in folder.iterdir() if p.is_file())
    return files


def evaluate_set(folder: str | Path, date_mode: str = "month_year") -> pd.DataFrame:
    """`evaluate`'s table (one row per type and ALL) for one held-out set."""
    import pandas as pd

    from .evaluate import evaluate, gold_by_file
    from .ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript
    from .privacy.deidentify import REVIEW_COLUMNS, PseudonymKey, Settings, deidentify_transcripts
    from .privacy.register import interviewer_labels, load_register

    folder = Path(folder)
    entities = load_register(folder / "register.yaml")
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(entities)
    sheet = read_participants(folder / "participants.tsv")
    transcripts = [read_transcript(folder / r.file, labels, r.transcript_id) for r in sheet.itertuples()]
    raw = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    gold = (
        gold_by_file(raw, dict(zip(sheet.file, sheet.transcript_id, strict=True)))
        if "identifiers" in raw
        else raw
    )
    parts = {r.transcript_id: (r.participant_id, r.group) for r in sheet.itertuples()}
    docs, log = deidentify_transcripts(
        transcripts, entities, PseudonymKey(), Settings(date_mode=date_mode), parts
    )
    review = pd.DataFrame([[getattr(r, c) for c in REVIEW_COLUMNS] for r in log], columns=REVIEW_COLUMNS)
    review = review[review.field != "file_name"]
    text = {d["id"]: "\n\n".join(f"{t['speaker']}: {t['text']}" for t in d["turns"]) for d in docs}
    return evaluate(transcripts, review, text, gold)


def evaluate_sets(sets: list[dict], date_mode: str = "month_year") -> pd.DataFrame:
    """All configured sets in one table: columns `set`, `transcripts`, then `evaluate`'s."""
    import pandas as pd

    tables = []
    for s in sets:
        t = evaluate_set(s["fixture"], date_mode)
        t.insert(0, "set", s["name"])
        n = len(read_participants(Path(s["fixture"]) / "participants.tsv"))
        t.insert(1, "transcripts", n)
        tables.append(t)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
