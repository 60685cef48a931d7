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
) -> dict[str, str]:
    """Map transcript id -> raw file path; every sheet row needs a file and vice versa, and the
    sheet's descriptors must be pseudonymous (checked against the register and gazetteers).

    `stamp` (a private file): the descriptor check is skipped when the sheet, the register, the
    reference lists and the checking code are byte for byte those of the last check that passed
    (it loads every name list: a second of every snakemake call at 1,000 transcripts)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise ConfigError(
            "corpus.raw_dir",
            f"folder '{raw_dir}' does not exist",
            "point corpus.raw_dir in the config at your transcripts folder",
        )
    sheet = read_participants(participants_path)
    if reference_dir is not None:
        digest = _check_digest(participants_path, register, reference_dir) if stamp else ""
        if not (stamp and Path(stamp).is_file() and Path(stamp).read_text(encoding="utf-8") == digest):
            from .privacy.sheet import check_descriptors

            check_descriptors(sheet, participants_path, register, reference_dir)
            if stamp:
                from .privacy.key import write_private

                write_private(stamp, digest)
    on_disk = {p.name: p for p in sorted(raw_dir.iterdir()) if p.suffix.lower() in FORMATS and p.is_file()}
    listed = dict(zip(sheet["file"], sheet["transcript_id"], strict=True))
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
