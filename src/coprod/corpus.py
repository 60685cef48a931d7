"""Which transcripts make up the corpus: the participants sheet checked against the raw folder."""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError, InputError
from .ingest import FORMATS
from .segment import read_participants


def discover(
    raw_dir: str | Path,
    participants_path: str | Path,
    register: str | Path | None = None,
    reference_dir: str | Path | None = None,
) -> dict[str, str]:
    """Map transcript id -> raw file path; every sheet row needs a file and vice versa, and the
    sheet's descriptors must be pseudonymous (checked against the register and gazetteers)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise ConfigError(
            "corpus.raw_dir",
            f"folder '{raw_dir}' does not exist",
            "point corpus.raw_dir in the config at your transcripts folder",
        )
    sheet = read_participants(participants_path)
    if reference_dir is not None:
        from .privacy.sheet import check_descriptors

        check_descriptors(sheet, participants_path, register, reference_dir)
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
