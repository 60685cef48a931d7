"""Reviewer archive: everything a reviewer needs to rebuild every figure, table and the
manuscript, and nothing private — then the rebuild, verified byte for byte.

`build_archive` zips the shareable zone (results/), the code and manuscript source, the config,
codebook and participants sheet, the human codings (ids and codes only), a data README and
SHA-256 checksums, after scanning every file in it with the privacy audit. `verify` compares a
rebuilt results/ with the checksums.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, LeakError
from .manuscript import config_hash, git_commit
from .privacy.audit import (
    figure_hashes,
    identifier_values,
    scan_bytes,
    shareable_index,
    summary,
)
from .privacy.decisions import kept, load_decisions

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
    """Regular files under `rel` (a file or folder of the repository). A link or special file
    is refused: the archive holds copies, and a link could carry the raw folder in."""
    p = root / rel
    if p.is_symlink() or (p.exists() and not (p.is_file() or p.is_dir())):
        raise InputError(rel, "is a link or special file", "replace it with a copy, or remove it, then rerun")
    if p.is_file():
        return [rel]
    out = []
    for folder, dirs, names in os.walk(p):
        dirs[:] = [d for d in dirs if d not in SKIP_PARTS]
        for name in dirs + names:
            f = Path(folder) / name
            if set(f.relative_to(root).parts) & SKIP_PARTS:
                continue
            if f.is_symlink() or not (f.is_file() or f.is_dir()):
                raise InputError(
                    f.relative_to(root),
                    "is a link or special file",
                    "replace it with a copy, or remove it, then rerun",
                )
            if name in names and not name.endswith(".tmp"):
                out.append(str(f.relative_to(root)))
    return sorted(out)


# What a reviewer's rebuild reads from the pseudonymous inputs (coprod.segment.read_participants,
# coprod.human): the archive writes these columns and no other. Anything else a team keeps in
# its sheet or coding files (a name, a phone number, a coder's memo) stays out by construction.
SHEET_COLUMNS = ["transcript_id", "participant_id", "file", "site_id", "group", "role_category"]
CODING_COLUMNS = {
    "turn": ["transcript_id", "turn_index", "code"],
    "span": ["transcript_id", "start", "end", "code"],
    "sample": ["transcript_id", "turn_index"],
}


@dataclass
class Built:
    """What `build_archive` wrote: the number of members and, per rewritten input, the columns
    it left out (names only)."""

    files: int
    left_out: dict[str, list[str]] = field(default_factory=dict)


def _read_table(data: bytes, name: str, delimiter: str) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "is not UTF-8 text", "save it as UTF-8") from None
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [r for r in rows if r]
    if not rows:
        raise InputError(name, "is empty", "give it a header row")
    return rows[0], rows[1:]


def _write_table(header: list[str], rows: list[list[str]], delimiter: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def rewrite_sheet(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """The participants sheet as the archive holds it: the pipeline's columns only, and the
    `file` column (raw file names, often a person's name) replaced by the row's position."""
    header, rows = _read_table(data, name, "\t")
    keep = [c for c in SHEET_COLUMNS if c in header]
    at = {c: header.index(c) for c in keep}
    out = []
    for k, row in enumerate(rows, start=1):
        cells = {c: (row[at[c]] if at[c] < len(row) else "") for c in keep}
        if "file" in cells:
            cells["file"] = f"transcript_{k}"
        out.append([cells[c] for c in keep])
    return _write_table(keep, out, "\t"), [c for c in header if c not in SHEET_COLUMNS]


def rewrite_coding(data: bytes, name: str, sample: bool = False) -> tuple[bytes, list[str]]:
    """A human coding CSV (by turn or by character span) or the coding sample, with the columns
    the pipeline reads and no other (a memo column naming a carer stays out)."""
    header, rows = _read_table(data, name, ",")
    if sample:
        kind = "sample"
    else:  # as coprod.human decides
        kind = "turn" if "turn_index" in header or "start" not in header else "span"
    keep = [c for c in CODING_COLUMNS[kind] if c in header]
    at = [header.index(c) for c in keep]
    out = [[row[i] if i < len(row) else "" for i in at] for row in rows]
    return _write_table(keep, out, ","), [c for c in header if c not in keep]


def data_readme(cfg: dict, commit: str, left_out: dict[str, list[str]] | None = None) -> str:
    return _readme(cfg, commit) + _left_out_section(left_out or {})


def _left_out_section(left_out: dict[str, list[str]]) -> str:
    lines = [
        "",
        "## Columns left out",
        "",
        "The participants sheet and the human coding files are written into this archive with the",
        "columns the pipeline reads and no other (the sheet's `file` column, the raw file names,",
        "is replaced by `transcript_<row>`).",
    ]
    dropped = {k: v for k, v in sorted(left_out.items()) if v}
    if not dropped:
        return "\n".join([*lines, "No column was left out.", ""])
    lines += ["Left out, by column name:", ""]
    lines += [f"- `{name}`: {', '.join(cols)}" for name, cols in dropped.items()]
    return "\n".join([*lines, ""])


def _readme(cfg: dict, commit: str) -> str:
    return f"""# Reviewer archive — {cfg["corpus"]["name"]}

Built from commit {commit}. Everything here is shareable: de-identified transcripts and every
result under `{cfg["results_dir"]}/`, the code, the manuscript source, the configuration, the
codebook, the pseudonymous participants sheet (ids and descriptors) and the human codings
(transcript id, participant-turn index or character span, code — no text). Raw transcripts, the
identifier register and the pseudonym key are not included and are not needed.

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
    decisions: Path | None = None,
) -> Built:
    """Write the archive zip; refuse (LeakError) if any original identifier is in any member.
    The participants sheet and human coding CSVs are written from the columns the pipeline
    reads; the columns left out are returned (and listed in README_DATA.md). `decisions`: the
    private review decisions, read as the build's audit reads them (keep accepted, replace an
    identifier)."""
    root = Path(root)
    results = cfg["results_dir"]
    _check_inside(root, cfg, config_path)
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
    blobs = {name: (root / name).read_bytes() for name in members}
    # the pseudonymous inputs, rewritten from the columns the pipeline reads (by construction)
    left_out: dict[str, list[str]] = {}
    sheet = cfg["corpus"]["participants"]
    blobs[sheet], left_out[sheet] = rewrite_sheet(blobs[sheet], sheet)
    for h in cfg["coding"]["human"]:
        if Path(h["file"]).suffix.lower() == ".csv":  # a .qdpx project is kept whole and audited
            blobs[h["file"]], left_out[h["file"]] = rewrite_coding(blobs[h["file"]], h["file"])
    if cfg["coding"]["human_sample"]:
        name = cfg["coding"]["human_sample"]
        blobs[name], left_out[name] = rewrite_coding(blobs[name], name, sample=True)
    decided = load_decisions(decisions)
    # the study's languages, as the build's audit reads them (its ordinary words and articles)
    languages = tuple(cfg["deidentify"].get("languages") or ("en",))
    index = shareable_index(
        identifier_values(key, register, review_log, decisions=decided, languages=languages),
        allow + kept(decided),
        [root / m for m in members],
        languages=languages,
    )
    # a column's name is printed and listed: one that holds an identifier is listed as such
    for name, cols in left_out.items():
        left_out[name] = [
            c if not index.scan(c) else "(a column whose name holds an identifier)" for c in cols
        ]
    extra = {
        "README_DATA.md": data_readme(cfg, commit, left_out),
        "config/review.yaml": "# Reviewer mode (written by `make archive`)\n"
        + json.dumps(review_cfg, indent=1)
        + "\n",
    }
    figures = figure_hashes([root / m for m in members])
    sums = []
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
    return Built(len(blobs), {k: v for k, v in left_out.items() if v})


def _check_inside(root: Path, cfg: dict, config_path: str) -> None:
    """Every folder and file the archive takes must be inside the repository: members are
    named by their path relative to it, and a reviewer's rebuild finds them there."""
    named = {
        "results_dir": cfg["results_dir"],
        "manuscript.source_dir": cfg["manuscript"]["source_dir"],
        "corpus.participants": cfg["corpus"]["participants"],
        "coding.codebook": cfg["coding"]["codebook"],
        "coding.human_sample": cfg["coding"]["human_sample"],
        "the config file": config_path,
    }
    named.update({f"coding.human (coder {h['coder']})": h["file"] for h in cfg["coding"]["human"]})
    top = root.resolve()
    for key, value in named.items():
        if not value:
            continue
        path = Path(value)
        if path.is_absolute() or ".." in path.parts or not (root / path).resolve().is_relative_to(top):
            raise InputError(
                f"{config_path}: {key}",
                f"'{value}' is outside the repository, which the archive is built from",
                "run `coprod archive` in the repository that holds it, with a path relative to it",
            )


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
    checked, differ, seen = 0, [], set()
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
        if name in seen:
            raise InputError(f"{sums_path}:{k}", "lists a path twice", "restore SHA256SUMS from the zip")
        seen.add(name)
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
    extra = unlisted(root, seen, results_dir)
    if extra:
        tops = sorted({Path(e).parts[0] if len(Path(e).parts) > 1 else "." for e in extra})
        raise InputError(
            root,
            f"{len(extra)} file(s) here are not in the archive's SHA256SUMS (under {', '.join(tops[:4])})"
            " — an archive is exactly what its writer listed",
            "unpack the zip `make archive` wrote into a new, empty folder and rerun `make review`",
        )
    return checked, differ


REBUILT = (".snakemake", "logs", "private")  # what a reviewer's rebuild writes besides results/


def unlisted(root: Path, listed: set[str], results_dir: str) -> list[str]:
    """Files (and links) in an unpacked archive that its SHA256SUMS does not list, outside what
    the rebuild itself writes (results_dir, Snakemake's records, logs, the private folder of
    reviewer mode) and Python's byte-code caches: a raw transcript dropped in beside the
    archive, or a member appended to the zip and unpacked without `coprod unpack`."""
    import os

    rebuilt = {Path(results_dir).parts[0] if Path(results_dir).parts else "results", *REBUILT}
    extra = []
    for folder, dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root)
        if rel.parts and (rel.parts[0] in rebuilt or "__pycache__" in rel.parts):
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not (rel == Path(".") and d in rebuilt) and d != "__pycache__"]
        for f in files:
            name = (rel / f).as_posix()
            if name != "SHA256SUMS" and name not in listed:
                extra.append(name)
        for d in list(dirs):  # a link to a folder is not walked: it is itself unlisted
            if (Path(folder) / d).is_symlink():
                extra.append((rel / d).as_posix())
                dirs.remove(d)
    return sorted(extra)


def check_zip(zf: zipfile.ZipFile, archive: Path) -> int:
    """The archive is exactly what its writer listed: every member name once, no link or path
    out of the archive, the member list equal to SHA256SUMS (nothing appended, nothing missing)
    and every member's SHA-256 as listed. Returns the number of members checked."""
    import stat

    fix = "use the zip `make archive` wrote, or ask its authors for a new copy"
    infos = zf.infolist()
    names = [i.filename for i in infos]
    for info in infos:
        mode = info.external_attr >> 16
        name = Path(info.filename)
        if stat.S_ISLNK(mode) or name.is_absolute() or ".." in name.parts:
            raise InputError(
                archive,
                f"member '{info.filename}' is a link or leaves the archive",
                "use the zip `make archive` wrote",
            )
    bad = zf.testzip()  # read every member once: a corrupt one is named before anything else
    if bad is not None:
        raise InputError(
            archive, f"member '{bad}' is corrupt (CRC error)", "download or copy the archive again"
        )
    if len(set(names)) != len(names):
        raise InputError(archive, "a member name appears more than once", fix)
    if "SHA256SUMS" not in names:
        raise InputError(archive, "has no SHA256SUMS member", fix)
    listed: dict[str, str] = {}
    for k, line in enumerate(zf.read("SHA256SUMS").decode("utf-8", "replace").splitlines(), start=1):
        m = SUM_LINE.fullmatch(line)
        if not m or m.group(2) in listed:
            raise InputError(archive, f"SHA256SUMS line {k} is not a checksum line or repeats a path", fix)
        listed[m.group(2)] = m.group(1)
    members = set(names) - {"SHA256SUMS"}
    extra, missing = members - set(listed), set(listed) - members
    if extra:
        # not named: an appended member may be a raw transcript named after its speaker
        raise InputError(
            archive,
            f"{len(extra)} member(s) not listed in SHA256SUMS (added after the archive was written)",
            fix,
        )
    if missing:
        raise InputError(archive, f"{len(missing)} member(s) listed in SHA256SUMS are missing", fix)
    for name in sorted(listed):
        try:
            digest = hashlib.sha256(zf.read(name)).hexdigest()
        except zipfile.BadZipFile:
            raise InputError(
                archive, f"member '{name}' is corrupt (CRC error)", "download or copy the archive again"
            ) from None
        if digest != listed[name]:
            raise InputError(archive, f"member '{name}' differs from its SHA256SUMS line", fix)
    return len(listed)


def unpack(archive: Path, dest: Path) -> None:
    """All or nothing: the member list and every hash are checked against SHA256SUMS (no
    member appended, none missing, no links, no absolute or `..` paths), members extracted with
    their CRCs verified into a temporary folder beside `dest`, and only then moved in."""
    import shutil
    import tempfile

    archive, dest = Path(archive), Path(dest)
    if not archive.is_file():
        raise InputError(archive, "not a file", "give the path of the zip `make archive` wrote")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InputError(dest, "exists and is not an empty folder", "unpack into a new folder")
    try:
        with zipfile.ZipFile(archive) as zf:
            check_zip(zf, archive)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(
            archive, f"not a readable archive ({type(exc).__name__})", "use the zip `make archive` wrote"
        ) from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
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


def verify_zip(archive: Path) -> int:
    """`coprod verify-archive <zip>`: the zip itself, member list and hashes, before unpacking."""
    try:
        with zipfile.ZipFile(archive) as zf:
            return check_zip(zf, Path(archive))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(
            archive, f"not a readable archive ({type(exc).__name__})", "use the zip `make archive` wrote"
        ) from None


__all__ = ["Built", "build_archive", "check_zip", "unpack", "verify", "verify_zip"]
