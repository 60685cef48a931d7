"""Snakemake adapter, corpus step of the private->shareable door: parsed turns of every transcript
-> detection, pseudonyms (the key), one private plan per ingest chunk, the review log and the
shareable summary. deidentify_chunk.py publishes each chunk by its plan."""

import json
import os
import shutil
from pathlib import Path

from coprod.cache import ContentCache
from coprod.ingest import Transcript
from coprod.privacy.deidentify import Settings, deidentify_files
from coprod.privacy.key import write_private
from coprod.segment import read_participants
from coprod.snakeutil import run


def main():
    cfg = snakemake.params.settings
    # the configured allow-list (the workflow writes it; only its part the corpus meets is a
    # rerun trigger)
    allow = json.loads(Path(snakemake.params.allow).read_text(encoding="utf-8"))
    settings = Settings(
        date_mode=cfg["dates"],
        allow=tuple(allow),
        deny=dict(cfg["deny"]),
        reference_dir=Path(cfg["reference_dir"]),
        languages=tuple(cfg.get("languages", ["en"])),
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
        out_dir=Path(snakemake.output.plans[0]).parent,
        review_path=Path(snakemake.output.review),
        summary_path=Path(snakemake.output.summary),
        settings=settings,
        participants=participants,
        plans={
            Path(path): ids for path, ids in zip(snakemake.output.plans, snakemake.params.chunks, strict=True)
        },
        decisions_path=Path(snakemake.params.decisions),
        cache=ContentCache(snakemake.params.cache),
        # the transcripts the cache cannot serve (all of them cold) detected side by side
        workers=max(snakemake.threads, int(getattr(snakemake.resources, "workers", 1))),
    )
    shutil.copyfile(snakemake.params.key, snakemake.output.key_used)
    os.chmod(snakemake.output.key_used, 0o600)
    # the allow-list these outputs were made with: the next run compares an edit with it
    write_private(snakemake.params.allow_used, json.dumps(allow, ensure_ascii=False, indent=1) + "\n")


run(snakemake, main)
