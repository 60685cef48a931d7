"""Human codings as the pipeline uses them: every coder's file read and checked, and the rule
coder's segment codes lifted to the unit humans coded (a participant turn).

A coder's file may be a CSV by participant turn (transcript_id, turn_index, code), a CSV by
character span in the de-identified text (transcript_id, start, end, code), or a REFI-QDA
project (.qdpx, e.g. exported from NVivo, ATLAS.ti, MAXQDA or QualCoder after coding the
project this pipeline exported). Spans are mapped to the participant turn they start in.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import pandas as pd

from .errors import InputError
from .refiqda import import_codings, read_qdpx
from .reliability import (
    CODING_COLUMNS,
    EVERY_CODER,
    check_codes,
    read_codings_csv,
    read_long_codings_csv,
    read_sample_csv,
)


def turn_spans(segments: pd.DataFrame) -> dict[str, list[tuple[int, int, int]]]:
    """Per transcript, sorted (start, end, turn_index) of each participant turn in `<id>.txt`."""
    seg = segments[segments.role == "participant"]
    out: dict[str, list[tuple[int, int, int]]] = {}
    if not len(seg):
        return out
    # one grouped min/max over the whole table (a group at a time took most of the job that
    # codes the segments and of the REFI-QDA export)
    table = pd.DataFrame(
        {
            "transcript_id": seg.transcript_id.to_numpy(),
            "turn_index": seg.turn_index.to_numpy(),
            "start": seg.start.astype(int).to_numpy(),
            "end": seg.end.astype(int).to_numpy(),
        }
    )
    turns = table.groupby(["transcript_id", "turn_index"], sort=True).agg(
        start=("start", "min"), end=("end", "max")
    )
    for (tid, idx), start, end in zip(turns.index, turns.start, turns.end, strict=True):
        out.setdefault(tid, []).append((int(start), int(end), int(idx)))
    return {t: sorted(v) for t, v in out.items()}


def spans_to_turns(
    rows: list[tuple[str, int, int, str]], spans: dict, where: str, coder: str
) -> pd.DataFrame:
    """(transcript, start, end, code) -> (transcript, turn_index, code, coder); a span outside every
    participant turn is an error (the unit of coding is the participant turn)."""
    out = []
    for tid, start, end, code in rows:
        turns = spans.get(tid, [])
        k = bisect.bisect_right([a for a, _, _ in turns], start) - 1
        if k < 0 or not (turns[k][0] <= start < turns[k][1]):
            raise InputError(
                where,
                f"coding of '{code}' at characters {start}-{end} of {tid} is not inside a participant turn",
                "code participant turns only (interviewer turns are not units)",
            )
        out.append((tid, turns[k][2], code, coder))
    df = pd.DataFrame(out, columns=["transcript_id", "turn_index", "code", "coder"])
    return df.drop_duplicates().reset_index(drop=True)


def _read_one(path: str, coder: str, codes: list[str], spans: dict | None) -> pd.DataFrame:
    if coder == EVERY_CODER:  # one long-form CSV for the whole team: transcript_id,turn_index,coder,code
        return read_long_codings_csv(path, codes)
    if Path(path).suffix.lower() == ".qdpx":
        if spans is None:
            raise InputError(
                path, "a .qdpx needs the segments table to map spans to turns", "run the full pipeline"
            )
        _, codings = read_qdpx(path)
        mine = [c for c in codings if c["coder"] == coder]
        if codings and not mine:
            users = ", ".join(sorted({c["coder"] for c in codings}))
            raise InputError(path, f"no codings by user '{coder}'", f"set coder to one of: {users}")
        rows = [(c["transcript_id"], c["start"], c["end"], c["code"]) for c in mine]
        check_codes(pd.DataFrame([(r[0], 0, r[3]) for r in rows], columns=CODING_COLUMNS), codes, path)
        return spans_to_turns(rows, spans, path, coder)
    header = Path(path).read_text(encoding="utf-8-sig").split("\n", 1)[0]
    if "turn_index" not in header and "start" in header:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        missing = [c for c in ("transcript_id", "start", "end", "code") if c not in df.columns]
        if missing:
            raise InputError(
                path, f"missing column(s) {', '.join(missing)}", "header: transcript_id,start,end,code"
            )
        rows = []
        for n, r in enumerate(df.itertuples(), start=2):
            if not (r.start.isdigit() and r.end.isdigit() and int(r.start) < int(r.end)):
                raise InputError(
                    f"{path}:{n}", f"bad character span '{r.start}'-'{r.end}'", "use 0 <= start < end"
                )
            rows.append((r.transcript_id, int(r.start), int(r.end), r.code))
        check_codes(pd.DataFrame([(r[0], 0, r[3]) for r in rows], columns=CODING_COLUMNS), codes, path)
        return spans_to_turns(rows, spans or {}, path, coder)
    return read_codings_csv(path, coder, codes)


def load_human(
    files: list[str],
    coders: list[str],
    sample_path: str,
    codes: list[str],
    segments: pd.DataFrame | None = None,
):
    """(codings in long format with a coder column, sample units)."""
    spans = turn_spans(segments) if segments is not None else None
    frames = [_read_one(f, c, codes, spans) for f, c in zip(files, coders, strict=True)]
    return pd.concat(frames, ignore_index=True), read_sample_csv(sample_path)


def rule_codes_by_turn(coded: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """A turn carries a code when any of its sentence windows does."""
    seg = segments[["segment_id", "transcript_id", "turn_index"]].copy()
    seg["turn_index"] = seg.turn_index.astype(int)
    merged = coded[["segment_id", "code_id"]].merge(seg, on="segment_id", how="inner")
    out = merged.rename(columns={"code_id": "code"})[["transcript_id", "turn_index", "code"]]
    return out.drop_duplicates().sort_values(["transcript_id", "turn_index", "code"]).reset_index(drop=True)


def refiqda_codings(coded: pd.DataFrame, segments: pd.DataFrame, human: pd.DataFrame | None) -> list[dict]:
    """Codings with character spans in `<id>.txt` for a REFI-QDA project: the rule coder on its
    segments (coder 'rules'), and each human coder on the whole participant turn they coded."""
    seg = segments.copy()
    for col in ("start", "end", "turn_index"):
        seg[col] = seg[col].astype(int)
    # each segment's place, looked up in a dict (a table lookup per coded row was most of the export)
    spans = dict(zip(seg.segment_id, zip(seg.transcript_id, seg.start, seg.end, strict=True), strict=True))
    out = [
        {
            "transcript_id": spans[sid][0],
            "start": int(spans[sid][1]),
            "end": int(spans[sid][2]),
            "code": code,
            "coder": "rules",
        }
        for sid, code in zip(coded.segment_id, coded.code_id, strict=True)
    ]
    if human is not None and len(human):
        turns = seg.groupby(["transcript_id", "turn_index"]).agg(start=("start", "min"), end=("end", "max"))
        place = {
            (tid, int(idx)): (a, b)
            for (tid, idx), a, b in zip(turns.index, turns.start, turns.end, strict=True)
        }
        for r in human.itertuples():
            key = (r.transcript_id, int(r.turn_index))
            if key in place:
                a, b = place[key]
                out.append(
                    {
                        "transcript_id": r.transcript_id,
                        "start": int(a),
                        "end": int(b),
                        "code": r.code,
                        "coder": r.coder,
                    }
                )
    return out


def load_human_inputs(
    codebook: str, files: list[str], coders: list[str], sample_path: str, segments_path: str
):
    """What every human-coding stage starts from: code ids, the segments table, the codings and
    the sample — read and checked once, the same way, for reliability and the supervised model."""
    from .coding import load_codebook
    from .tables import read_tsv

    _, codes = load_codebook(codebook)
    ids = [c.id for c in codes]
    segments = read_tsv(segments_path)
    codings, sample = load_human(files, coders, sample_path, ids, segments)
    return ids, segments, codings, sample


def participant_turns(docs: list[dict]) -> dict[str, list[tuple[int, int, int]]]:
    """Per transcript, (start, end, turn_index) of every participant turn's text in `<id>.txt` —
    short turns included, which segments.tsv leaves out — from the de-identified documents."""
    from .segment import turn_offsets

    out: dict[str, list[tuple[int, int, int]]] = {}
    for doc in docs:
        index, spans = 0, []
        for turn, offset in zip(doc["turns"], turn_offsets(doc), strict=True):
            if turn["role"] == "participant":
                index += 1
                spans.append((offset, offset + len(turn["text"]), index))
        out[doc["id"]] = spans
    return out


def load_qdpx_codings(
    projects: list[str],
    docs: list[dict],
    texts: dict[str, str],
    codebook: list[tuple[str, str]],
    min_chars: int,
) -> tuple[pd.DataFrame, list[str]]:
    """Every user's codings in the coded REFI-QDA projects, by participant turn, with coder labels
    coder_1, coder_2, ... (one label per user name across all projects); plus the note lines
    (unknown codes, unmapped selections) for the log."""
    units = participant_turns(docs)
    names: dict[str, str] = {}
    rows, notes = [], []
    for path in projects:
        r, n, names = import_codings(path, texts, units, codebook, min_chars, names)
        rows += r
        notes += n
    df = pd.DataFrame(sorted(set(rows)), columns=["transcript_id", "turn_index", "coder", "code"])
    return df.astype({"turn_index": int}), notes


# The assistant's suggestions as a coder of its own. Here, not in coprod.assistant, so the REFI-QDA
# export, which reads only the suggestions, does not import scikit-learn (1-2 CPU s per job).
ASSISTANT = "assistant"


def assistant_codings(suggestions: pd.DataFrame) -> pd.DataFrame:
    """The suggested codes as codings of coder 'assistant' (transcript_id, turn_index, code, coder),
    the shape of human codings, for the REFI-QDA export."""
    s = suggestions[suggestions.suggested.astype(int) == 1]
    out = s[["transcript_id", "turn_index", "code"]].copy()
    out["turn_index"] = out.turn_index.astype(int)
    out["coder"] = ASSISTANT
    return out.reset_index(drop=True)
