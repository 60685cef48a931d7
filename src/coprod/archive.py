"""Reviewer archive: everything a reviewer needs to rebuild every figure, table and the
manuscript, and nothing private — then the rebuild, verified byte for byte.

`build_archive` zips the shareable zone (results/), the code and manuscript source, the config,
codebook and participants sheet, the human codings (ids and codes only), a data README and
SHA-256 checksums, after scanning every file in it with the privacy audit. `verify` compares a
rebuilt results/ with the checksums.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from .errors import InputError, LeakError
from .manuscript import config_hash, git_commit
from .privacy.audit import (
    Index,
    english_words,
    figure_hashes,
    identifier_values,
    public_phrases,
    scan_bytes,
    summary,
)

CODE = [
    "Snakefile",
    "Makefile",
    "README.md",
    "environment.yml",
    "pyproject.toml",
    "requirements.lock",
    "workflow",
    "scripts",
    "src",
    "config",
]
# The project's own code is the public repository's: the archive audit scans study data and
# results, not code (a docstring's example name is not a participant).
NOT_STUDY_DATA = tuple(c for c in CODE if c != "config")
SKIP_PARTS = {"__pycache__", ".snakemake", ".pytest_cache", "coprod.egg-info", "examples"}
EPOCH_DATE = (1980, 1, 1, 0, 0, 0)
# What one study writes under its results_dir (another study's results_dir may be nested there:
# it is archived with its own config, not this one's).
STAGES = [
    "deidentified",
    "segments.tsv",
    "descriptives",
    "coding",
    "topics",
    "figures",
    "manuscript",
    "audit",
    "report.html",
]
# Not rebuilt in review mode (they are the archive's inputs, or need the private key).
NOT_REBUILT = ("deidentified/", "audit/")


def _files(root: Path, rel: str) -> list[str]:
    p = root / rel
    if p.is_file():
        return [rel]
    return sorted(
        str(f.relative_to(root))
        for f in p.rglob("*")
        if f.is_file() and not (set(f.relative_to(root).parts) & SKIP_PARTS) and not f.name.endswith(".tmp")
    )


def data_readme(cfg: dict, commit: str) -> str:
    return f"""# Reviewer archive — {cfg["corpus"]["name"]}

Built from commit {commit}. Everything here is shareable: de-identified transcripts and every
result under `{cfg["results_dir"]}/`, the code, the manuscript source, the configuration, the
codebook, the pseudonymous participants sheet and the human codings (transcript id,
participant-turn index, code — no text). Raw transcripts, the identifier register and the
pseudonym key are not included and are not needed.

The corpus is: {cfg["corpus"]["description"]}.

Rebuild every figure, table and the manuscript from this archive and check them against
`SHA256SUMS`:

    make review ARCHIVE=<this zip>        # from a clone of the pipeline, or:
    .venv/bin/snakemake --cores all --configfile config/review.yaml && .venv/bin/coprod verify-archive .

Files under `{cfg["results_dir"]}/deidentified/` and `{cfg["results_dir"]}/audit/` are inputs,
not rebuilt (the audit needs the private key). `config/review.yaml` switches the pipeline to
reviewer mode and records the commit and config hash the results came from.
"""


def _check_out(root: Path, out: Path, cfg: dict, config_path: str) -> None:
    """The archive may only be written to a new path or over an earlier archive: never onto an
    input (a raw transcript, the register, the sheet, the config), into the raw, private or
    results folders, or onto a folder."""
    target = (root / out).resolve()
    if target.is_dir():
        raise InputError(
            out, "is a folder", "give a file path for the archive, e.g. archive/coprod-archive.zip"
        )
    zones = [cfg["corpus"]["raw_dir"], cfg["private_dir"], cfg["results_dir"]]
    inputs = [
        config_path,
        cfg["corpus"]["participants"],
        cfg["corpus"]["register"],
        cfg["coding"]["codebook"],
    ]
    inputs += [h["file"] for h in cfg["coding"]["human"]]
    for zone in zones:
        if target.is_relative_to((root / zone).resolve()):
            raise InputError(out, f"is inside {zone}/", "write the archive outside the study's folders")
    for name in inputs:
        if name and target == (root / name).resolve():
            raise InputError(out, "is one of the study's input files", "choose a new path for the archive")
    if target.exists():
        with open(target, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                raise InputError(
                    out,
                    "exists and is not an archive this command wrote",
                    "choose a new path for the archive",
                )


def build_archive(
    root: Path,
    cfg: dict,
    out: Path,
    key: Path,
    register: Path | None,
    review_log: Path | None,
    allow: list[str],
    config_path: str = "config/config.yaml",
) -> int:
    """Write the archive zip; refuse (LeakError) if any original identifier is in any member."""
    root = Path(root)
    results = cfg["results_dir"]
    _check_out(root, Path(out), cfg, config_path)
    if not (root / results / "manuscript" / "index.html").exists():
        raise InputError(root / results, "no results to archive", "run `make` first")
    # this study's stage outputs only (another study's results_dir may be nested inside results/)
    stage_outputs = [f"{results}/{d}" for d in STAGES if (root / results / d).exists()]
    sources = [*stage_outputs, *CODE, cfg["manuscript"]["source_dir"]]
    members = [f for rel in sources for f in _files(root, rel)]
    # the config this archive was built with and the pseudonymous inputs it names
    members += [config_path, cfg["corpus"]["participants"], cfg["coding"]["codebook"]]
    members += [h["file"] for h in cfg["coding"]["human"]]
    members += [cfg["coding"]["human_sample"]] if cfg["coding"]["human_sample"] else []
    members = sorted(
        set(members) - {str(Path(out).relative_to(root))} if Path(out).is_relative_to(root) else set(members)
    )
    # the commit and config hash the results were built from, as their provenance recorded them
    made = _recorded_provenance(root / results / "manuscript" / "generated" / "_variables.yml")
    commit = made.get("commit") or git_commit(str(root))
    review_cfg = {
        "review": {
            "enabled": True,
            "commit": commit,
            "config_sha256": made.get("config_sha256") or config_hash(cfg),
        }
    }
    extra = {
        "README_DATA.md": data_readme(cfg, commit),
        "config/review.yaml": "# Reviewer mode (written by `make archive`)\n"
        + json.dumps(review_cfg, indent=1)
        + "\n",
    }
    index = Index(
        identifier_values(key, register, review_log),
        allow + public_phrases([root / m for m in members]),
        english_words(),
    )
    figures = figure_hashes([root / m for m in members])
    sums, blobs = [], {}
    for name in members:
        blobs[name] = (root / name).read_bytes()
    for name, text in extra.items():
        blobs[name] = text.encode("utf-8")
    study = [n for n in sorted(blobs) if not n.startswith(NOT_STUDY_DATA) or n.startswith("config/")]
    hits = [h for name in study for h in scan_bytes(name, blobs[name], index, figures)]
    if hits:
        raise LeakError(
            f"{hits[0].file} ({hits[0].where})",
            f"archive refused: {hits[0].value.label}\n" + summary(hits, None),
            "remove or fix those members (or run the pipeline's audit for the full private report)",
        )
    for name in sorted(blobs):
        sums.append(f"{hashlib.sha256(blobs[name]).hexdigest()}  {name}")
    blobs["SHA256SUMS"] = ("\n".join(sums) + "\n").encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(blobs):
            info = zipfile.ZipInfo(name, date_time=EPOCH_DATE)
            info.external_attr = 0o644 << 16
            zf.writestr(info, blobs[name])
    tmp.replace(out)
    return len(blobs)


def _recorded_provenance(path: Path) -> dict:
    import yaml

    try:
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("provenance", {})
    except (OSError, yaml.YAMLError):
        return {}


SUM_LINE = re.compile(r"([0-9a-f]{64})  (\S.*)")


def verify(root: Path, results_dir: str) -> tuple[int, list[str]]:
    """Check every member listed in the archive's SHA256SUMS against the files here: the
    rebuilt results must be byte-identical, and everything else (de-identified transcripts,
    the audit summary, code, config) must be untouched. Paths are confined to the archive."""
    root = Path(root).resolve()
    sums_path = root / "SHA256SUMS"
    if not sums_path.is_file():
        raise InputError(root, "no SHA256SUMS here", "run this in an unpacked reviewer archive")
    checked, differ = 0, []
    lines = sums_path.read_text(encoding="utf-8", errors="replace").splitlines()
    if not any(line.strip() for line in lines):
        raise InputError(sums_path, "lists no files", "unpack the archive again into a new folder")
    for k, line in enumerate(lines, start=1):
        m = SUM_LINE.fullmatch(line)
        if not m:
            raise InputError(
                f"{sums_path}:{k}",
                "not a checksum line (sha256, two spaces, path)",
                "restore SHA256SUMS from the zip",
            )
        digest, name = m.groups()
        path = (root / name).resolve()
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise InputError(
                f"{sums_path}:{k}", "a path points outside the archive", "restore SHA256SUMS from the zip"
            )
        if not path.is_relative_to(root):  # the member was replaced by a link out of the archive
            raise InputError(
                name, "is a link out of the archive", "unpack the archive again into a new folder"
            )
        checked += 1
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            differ.append(name)
    return checked, differ


def unpack(archive: Path, dest: Path) -> None:
    """All or nothing: members are checked (no links, no absolute or `..` paths), extracted
    with their CRCs verified into a temporary folder beside `dest`, and only then moved in."""
    import shutil
    import stat
    import tempfile

    archive, dest = Path(archive), Path(dest)
    if not archive.is_file():
        raise InputError(archive, "not a file", "give the path of the zip `make archive` wrote")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InputError(dest, "exists and is not an empty folder", "unpack into a new folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                mode = info.external_attr >> 16
                name = Path(info.filename)
                if stat.S_ISLNK(mode) or name.is_absolute() or ".." in name.parts:
                    raise InputError(
                        archive,
                        f"member '{info.filename}' is a link or leaves the archive",
                        "use the zip `make archive` wrote",
                    )
            bad = zf.testzip()
            if bad is not None:
                raise InputError(
                    archive, f"member '{bad}' is corrupt (CRC error)", "download or copy the archive again"
                )
            zf.extractall(tmp)
        if dest.exists():
            dest.rmdir()
        tmp.replace(dest)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(
            archive, f"not a readable archive ({type(exc).__name__})", "use the zip `make archive` wrote"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


__all__ = ["build_archive", "verify", "unpack", "io"]
