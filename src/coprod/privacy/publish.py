"""Publishing by a plan: the de-identified document built from a transcript in published form
and its planned replacements (`apply_plan`), written atomically to the shareable zone
(`write_document`), and the workflow's per-chunk step (`apply_chunk`). Nothing here detects:
the plan comes from `coprod.privacy.deidentify`, which re-exports all of this. Kept apart so
that a chunk job imports neither the analyzer nor the reference data (about 3 s of start-up
per job on a loaded machine, once per chunk)."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..ingest import Transcript
from .key import crash_point
from .normalise import tidy


def published_form(t: Transcript) -> Transcript:
    """One form for every text: NFC, no zero-width or soft-hyphen characters (what is published
    and what every offset in a plan refers to)."""
    return replace(t, turns=[replace(u, speaker=tidy(u.speaker), text=tidy(u.text)) for u in t.turns])


def apply_plan(t: Transcript, rows) -> dict:
    """The de-identified document: every planned span (turn, field, start, end, label) replaced
    by `[label]`. `t` is in published form; rows of other fields (the file name) are ignored.
    This is the only place published text is built, for the CLI and the workflow's chunks."""
    by_field: dict[tuple[int, str], list] = defaultdict(list)
    for r in rows:
        by_field[(r.turn, r.field)].append(r)
    turns = []
    for turn in t.turns:
        fields = {}
        for name, value in (("speaker", turn.speaker), ("text", turn.text)):
            out, pos = [], 0
            for r in by_field.get((turn.order, name), ()):  # in document order, as planned
                if r.end > len(value):
                    raise InputError(
                        t.id, f"the de-identification plan does not fit turn {turn.order}",
                        "the plan is stale: re-run the de-identification (make)",
                    )  # fmt: skip
                out += [value[pos : r.start], f"[{r.pseudonym}]"]
                pos = r.end
            out.append(value[pos:])
            fields[name] = "".join(out)
        turns.append(
            {
                "order": turn.order,
                "role": turn.role,
                "speaker": fields["speaker"],
                "text": fields["text"],
                "start": turn.start,
                "end": turn.end,
            }
        )
    return {"id": t.id, "format": t.format, "turns": turns}


def render_text(doc: dict) -> str:
    """The contract format: one turn per paragraph, `Speaker: text`, blank line between turns."""
    return "\n\n".join(f"{t['speaker']}: {t['text']}" for t in doc["turns"]) + "\n"


def _write(path: Path, text: str) -> None:
    """A shareable output: atomic, and 0644 whatever the umask (never world-writable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, 0o644)
    crash_point()
    tmp.replace(path)
    crash_point()


PLAN_FORMAT = "coprod-deidentification-plan/1"


@dataclass(frozen=True)
class PlanRow:
    """One planned replacement: turn order, field, [start, end) in the published form, label."""

    turn: int
    field: str
    start: int
    end: int
    pseudonym: str


def _digest(published: Transcript) -> str:
    """What a plan was made for: the transcript's turns in published form."""
    import hashlib

    turns = [[u.order, u.speaker, u.text] for u in published.turns]
    return hashlib.sha256(json.dumps(turns, ensure_ascii=False).encode("utf-8")).hexdigest()


def write_document(out_dir: Path, doc: dict, json_out: bool = True) -> None:
    """A de-identified transcript: `<id>.txt` (contract format) and `<id>.json` (turns)."""
    _write(out_dir / f"{doc['id']}.txt", render_text(doc))
    if json_out:
        text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _write(out_dir / f"{doc['id']}.json", text)


def apply_chunk(plan_path: Path, transcripts: list[Transcript], out_dir: Path) -> list[str]:
    """The workflow's per-chunk step: publish these transcripts by their corpus-wide plan.
    Everything is checked before anything is written (a plan made for other text is stale)."""
    try:
        plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
        if plan.get("format") != PLAN_FORMAT:
            raise ValueError
        entries = plan["transcripts"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise InputError(plan_path, "not a de-identification plan", "re-run the pipeline (make)") from None
    docs = []
    for t in transcripts:
        entry = entries.get(t.id) if isinstance(entries, dict) else None
        published = published_form(t)
        if entry is None or entry.get("digest") != _digest(published):
            raise InputError(
                plan_path, f"the plan was not made for transcript {t.id} as it is now",
                "re-run the pipeline (make); the de-identification re-plans every transcript",
            )  # fmt: skip
        rows = [PlanRow(*r) for r in entry["replacements"]]
        docs.append(apply_plan(published, rows))
    _check_targets(out_dir, [d["id"] for d in docs], True, [])
    for doc in docs:
        write_document(out_dir, doc)
    return [d["id"] for d in docs]


def _check_targets(out_dir: Path, ids: list[str], json_out: bool, others: list[Path | None]) -> None:
    """Every output path is checked before anything is written: a file where the output folder
    should be, or a folder where an output file should be, is one line, not a traceback after
    half the outputs (and no key) were written."""
    out_dir = Path(out_dir)
    for parent in (out_dir, *out_dir.parents):
        if parent.exists() and not parent.is_dir():
            raise InputError(
                parent, "is a file, but the output folder must go here", "choose a folder for --out"
            )
    targets = [out_dir / f"{i}.{ext}" for i in ids for ext in (("txt", "json") if json_out else ("txt",))]
    for target in targets + [Path(o) for o in others if o is not None]:
        for parent in target.parents:
            if parent.exists() and not parent.is_dir():
                raise InputError(parent, "is a file, but a folder is needed here", "choose another path")
        for path in (target, target.with_name(target.name + ".tmp")):
            if path.is_dir():
                raise InputError(
                    path, "is a folder, but an output file goes here", "remove it or choose another path"
                )
