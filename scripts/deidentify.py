"""Snakemake adapter: parsed turns -> de-identified transcripts (the private->shareable door)."""

import os
import shutil
from pathlib import Path

from coprod.ingest import Transcript
from coprod.privacy.deidentify import Settings, deidentify_files
from coprod.segment import read_participants
from coprod.snakeutil import run


def main():
    cfg = snakemake.params.settings
    settings = Settings(
        date_mode=cfg["dates"],
        allow=tuple(cfg["allow"]),
        deny=dict(cfg["deny"]),
        reference_dir=Path(cfg["reference_dir"]),
        role_labels=dict(cfg["role_labels"]),
        org_labels=dict(cfg["org_labels"]),
    )
    sheet = read_participants(snakemake.input.participants)
    participants = {r.transcript_id: (r.participant_id, r.group) for r in sheet.itertuples()}
    transcripts = [Transcript.from_json(Path(p).read_text(encoding="utf-8")) for p in snakemake.input.turns]
    deidentify_files(
        inputs=[],
        transcripts=transcripts,
        register=Path(snakemake.input.register),
        key_path=Path(snakemake.params.key),
        out_dir=Path(snakemake.output.txt[0]).parent,
        review_path=Path(snakemake.output.review),
        summary_path=Path(snakemake.output.summary),
        settings=settings,
        participants=participants,
    )
    shutil.copyfile(snakemake.params.key, snakemake.output.key_used)
    os.chmod(snakemake.output.key_used, 0o600)


run(snakemake, main)
