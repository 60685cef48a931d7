"""Which transcripts make up the corpus: the participants sheet checked against the raw folder."""

from __future__ import annotations

import zlib
from pathlib import Path

from .errors import ConfigError, InputError
from .ingest import FORMATS
from .segment import read_participants


def discover(
    raw_dir: str | Path,
    participants_path: str | Path,
    register: str | Path | None = None,
    reference_dir: str | Path | None = None,
    stamp: str | Path | None = None,
    listing: str | Path | None = None,
) -> dict[str, str]:
    """Map transcript id -> raw file path; every sheet row needs a file and vice versa, and the
    sheet's descriptors must be pseudonymous (checked against the register and gazetteers).

    `stamp` (a private file): the descriptor check is skipped when the sheet, the register, the
    reference lists and the checking code are byte for byte those of the last check that passed
    (it loads every name list: a second of every snakemake call at 1,000 transcripts).
    `listing` (a private file: it holds the raw file names): the sheet's file -> transcript id
    rows, kept with a digest of the sheet and of the code that reads it, so an unchanged sheet is
    not read again (reading it imports pandas: a third of a CPU second of every snakemake call,
    the no-op's included)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise ConfigError(
            "corpus.raw_dir",
            f"folder '{raw_dir}' does not exist",
            "point corpus.raw_dir in the config at your transcripts folder",
        )
    # (the digest is taken before the sheet is read: a sheet edited meanwhile is read again next time)
    sheet_digest = _listing_digest(participants_path) if listing else None
    sheet, listed = None, _read_listing(listing, sheet_digest) if sheet_digest else None
    if listed is None:
        sheet = read_participants(participants_path)
        listed = dict(zip(sheet["file"], sheet["transcript_id"], strict=True))
        if sheet_digest:
            _write_listing(listing, sheet_digest, listed)
    if reference_dir is not None:
        digest = _check_digest(participants_path, register, reference_dir) if stamp else ""
        if not (stamp and Path(stamp).is_file() and Path(stamp).read_text(encoding="utf-8") == digest):
            from .privacy.sheet import check_descriptors

            if sheet is None:
                sheet = read_participants(participants_path)
            check_descriptors(sheet, participants_path, register, reference_dir)
            if stamp:
                from .privacy.key import write_private

                write_private(stamp, digest)
    on_disk = {p.name: p for p in sorted(raw_dir.iterdir()) if p.suffix.lower() in FORMATS and p.is_file()}
    for name in sorted(on_disk):
        if name not in listed:
            raise InputError(
                participants_path,
                f"transcript '{name}' in {raw_dir} has no row",
                "add a row for it (participant_id, file, site_id, group, role_category)",
            )
    for name in sorted(listed):
        if name not in on_disk:
            raise InputError(
                participants_path,
                f"row for '{name}' but no such file in {raw_dir}",
                "add the transcript or delete the row",
            )
    return {listed[name]: str(on_disk[name]) for name in sorted(on_disk)}


def _listing_digest(participants_path: str | Path) -> str | None:
    """SHA-256 over what `read_participants` reads and runs: the sheet's bytes, the modules that
    read it (segment.py, tables.py) and the installed pandas (its __init__'s size and time);
    None when the sheet cannot be read (read_participants says why)."""
    import hashlib
    import importlib.util

    try:
        h = hashlib.sha256(Path(participants_path).read_bytes() + b"\0")
    except OSError:
        return None
    for module in ("segment.py", "tables.py"):
        h.update((Path(__file__).parent / module).read_bytes() + b"\0")
    spec = importlib.util.find_spec("pandas")
    if spec is not None and spec.origin:
        st = Path(spec.origin).stat()
        h.update(f"{spec.origin}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _read_listing(listing: str | Path, digest: str) -> dict[str, str] | None:
    """The kept file -> transcript id rows, if they were read from this sheet by this code; else
    None (no file yet, another sheet, edited code, or an unreadable file: the sheet is read)."""
    import json

    try:
        kept = json.loads(Path(listing).read_text(encoding="utf-8"))
        if kept["digest"] != digest:
            return None
        rows = kept["rows"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (isinstance(rows, list) and all(isinstance(r, list) and len(r) == 2 for r in rows)):
        return None
    return {str(f): str(t) for f, t in rows}


def _write_listing(listing: str | Path, digest: str, listed: dict[str, str]) -> None:
    import json

    from .privacy.key import write_private

    write_private(listing, json.dumps({"digest": digest, "rows": [[f, t] for f, t in listed.items()]}) + "\n")


def _check_digest(participants_path, register, reference_dir) -> str:  # noqa: ANN001
    """SHA-256 over what the descriptor check reads: the sheet, the register, every reference
    list (name, size, modification time) and the checking code itself."""
    import hashlib

    h = hashlib.sha256()
    for path in (participants_path, register):
        if path and Path(path).is_file():
            h.update(str(path).encode() + b"\0" + Path(path).read_bytes() + b"\0")
    for path in sorted(Path(reference_dir).iterdir()) if Path(reference_dir).is_dir() else ():
        st = path.stat()
        h.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for module in ("sheet.py", "names.py", "register.py", "normalise.py"):
        h.update((Path(__file__).parent / "privacy" / module).read_bytes())
    return h.hexdigest()


# Per-transcript outputs, by folder (relative to the results / private zone) and extension.
PER_TRANSCRIPT = (
    ("results", "deidentified", (".json", ".txt")),
    ("private", "turns", (".json",)),
    ("private", "logs/ingest", (".log",)),
)


def stale_outputs(ids: list[str] | set[str], results_dir: str | Path, private_dir: str | Path) -> list[Path]:
    """Files left by transcripts no longer in the study (renamed, removed from the sheet): they
    would otherwise be audited, archived and counted as if they were still part of it."""
    ids = set(ids)
    roots = {"results": Path(results_dir), "private": Path(private_dir)}
    stale = []
    for zone, folder, exts in PER_TRANSCRIPT:
        d = roots[zone] / folder
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            if p.is_file() and p.suffix in exts and p.stem not in ids:
                stale.append(p)
    return stale


def remove_stale(ids, results_dir, private_dir, dry_run: bool = False) -> str | None:
    """Remove stale per-transcript outputs (unless dry_run); one line saying what, or None.
    The line gives counts and transcript ids (opaque), never file contents."""
    stale = stale_outputs(ids, results_dir, private_dir)
    if not stale:
        return None
    gone = sorted({p.stem for p in stale})
    shown = ", ".join(gone[:8]) + (" …" if len(gone) > 8 else "")
    if dry_run:
        return (
            f"{len(stale)} output file(s) of {len(gone)} transcript(s) no longer in the study "
            f"({shown}) will be removed by the next run"
        )
    for p in stale:
        p.unlink()
    return (
        f"removed {len(stale)} output file(s) of {len(gone)} transcript(s) no longer in the study ({shown})"
    )


# At most this many transcripts per ingest chunk when `ingest.chunks` is auto.
CHUNK_SIZE = 50


def chunk_count(n_transcripts: int, setting: int | str = "auto") -> int:
    """How many ingest (and de-identification publishing) chunks: `setting`, or with "auto" the
    smallest power of two that leaves at most CHUNK_SIZE transcripts a chunk — one chunk up to
    50 transcripts, 25-50 a chunk beyond. A job's start-up (1-2 s) is then paid once per chunk,
    not 16 times for a small study, and the count (with every transcript's chunk) changes only
    when the corpus doubles, so adding one transcript usually re-parses only its own chunk."""
    if setting != "auto":
        return int(setting)
    n = 1
    while n * CHUNK_SIZE < n_transcripts:
        n *= 2
    return n


def assign_chunks(ids: list[str], n_chunks: int) -> dict[int, list[str]]:
    """Transcript ids by chunk: a transcript's chunk depends only on its id and the count."""
    chunks: dict[int, list[str]] = {}
    for tid in sorted(ids):
        chunks.setdefault(zlib.crc32(tid.encode()) % n_chunks, []).append(tid)
    return chunks
