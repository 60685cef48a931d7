"""Audit: scan every shareable file for every original identifier; any hit fails the build.

Values come from the pseudonym key, the register (names and aliases) and the private review
log (surface forms as spoken). Text is extracted from .docx (XML) and .pdf (pypdf) so the
rendered manuscript is checked as a reader would see it. Hit reports name file + line and the
pseudonym only — never the original value, because the report itself is shareable.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from ..errors import LeakError
from .key import PseudonymKey
from .register import load_register

TEXT_SUFFIXES = {
    ".txt",
    ".tsv",
    ".csv",
    ".json",
    ".yml",
    ".yaml",
    ".md",
    ".qmd",
    ".typ",
    ".html",
    ".htm",
    ".bib",
    ".svg",
    ".lua",
    ".xml",
    ".rst",
    ".log",
    ".qdc",
    ".qdpx_xml",
}
NO_TEXT = {".png", ".jpg", ".jpeg", ".gif"}
DATA_URI_RE = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")


# Review rows that are not identifiers outside their own context: a participant's own job title
# or organisation (generalised in their own transcript only).
NOT_GLOBAL = {"QUASI"}
# Single words replaced on weak evidence only (context rules below this confidence) are
# precautionary: the same word elsewhere is usually an ordinary word, so they are not audited.
WEAK = 0.7


def identifier_values(key_path: Path, register_path: Path | None, review_path: Path | None) -> dict[str, str]:
    """original value -> pseudonym/type label (for reporting without revealing the value)."""
    values: dict[str, str] = {}
    strong: set[str] = set()
    weak: set[str] = set()
    quasi: set[str] = set()
    if review_path and review_path.exists():
        with open(review_path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                original = row["original"]
                if row["type"] in NOT_GLOBAL:
                    quasi.add(original)
                    continue
                if float(row["confidence"]) < WEAK and len(original.split()) == 1:
                    weak.add(original)
                    continue
                strong.add(original)
                values.setdefault(original, f"[{row['pseudonym']}]")
    key = PseudonymKey.load(key_path)
    for original, pseudonym in key.originals():
        if original in weak and original not in strong:
            continue
        values.setdefault(original, f"[{pseudonym}]")
    if register_path and register_path.exists():
        for ent in load_register(register_path):
            for form in (ent.name, *ent.aliases):
                values.setdefault(form, f"register {ent.type}")
    return {v: lab for v, lab in values.items() if len(v.strip()) >= 2}


def compile_values(values: dict[str, str]) -> list[re.Pattern]:
    """Multi-word values match case-insensitively (whitespace-flexible); single words match in
    their own case or in capitals, so an alias such as "HIS" does not fire on "his"."""
    multi = [v for v in values if len(v.split()) > 1]
    single = {w for v in values if len(v.split()) == 1 for w in (v, v.upper())}
    patterns = []
    if multi:
        alts = [
            r"\s+".join(re.escape(w) for w in v.split()) for v in sorted(multi, key=lambda s: (-len(s), s))
        ]
        patterns.append(re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.I))
    if single:
        alts = [re.escape(v) for v in sorted(single, key=lambda s: (-len(s), s))]
        patterns.append(re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)"))
    return patterns


def extract_lines(path: Path) -> list[str] | None:
    """The text a reader could see in a file, as lines; None for formats without text."""
    suffix = path.suffix.lower()
    if suffix in NO_TEXT:
        return None
    if suffix in (".docx", ".qdpx", ".zip"):
        lines = []
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                if name.endswith((".xml", ".txt", ".qde", ".rels")):
                    xml = zf.read(name).decode("utf-8", errors="replace")
                    xml = re.sub(r"</w:p>", "\n", xml)
                    text = re.sub(r"<[^>]+>", "", xml)
                    lines += text.split("\n")
        return lines
    if suffix == ".pdf":
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(path).pages]
    text = path.read_bytes().decode("utf-8", errors="replace")
    if suffix in (".html", ".htm", ".svg"):
        text = DATA_URI_RE.sub("", text)
    return text.split("\n")


def allow_pattern(allow: list[str]) -> re.Pattern | None:
    """Public phrases (e.g. the published authors' affiliations) blanked out before scanning."""
    if not allow:
        return None
    alts = [r"\s+".join(re.escape(w) for w in a.split()) for a in sorted(allow, key=lambda s: (-len(s), s))]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.I)


def scan(
    files: list[Path], patterns: list[re.Pattern], values: dict[str, str], allow: re.Pattern | None = None
) -> tuple[list[str], int]:
    """Return (hits as 'file:line: label', files with text scanned)."""
    hits, scanned = [], 0
    folded = {v.casefold(): lab for v, lab in values.items()}
    for f in sorted(files):
        lines = extract_lines(f)
        if lines is None:
            continue
        scanned += 1
        unit = "page" if f.suffix.lower() == ".pdf" else "line"
        for i, line in enumerate(lines, start=1):
            if allow is not None:
                line = allow.sub(" ", line)
            for m in (m for p in patterns for m in p.finditer(line)):
                label = folded.get(re.sub(r"\s+", " ", m.group(0)).casefold(), "identifier")
                where = f"{f}:{i}" if unit == "line" else f"{f} ({unit} {i})"
                hits.append(f"{where}: original identifier ({label})")
    return hits, scanned


# What one study writes under its results_dir. Another study's results_dir may be nested inside
# (results/peer_support): it has its own key and its own audit, so it is not scanned here.
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


def study_files(root: Path) -> list[Path]:
    """Every file under `root`, except inside another study's results_dir nested there (a folder
    that is not one of our stages but holds its own `deidentified/` or `manuscript/`)."""
    out: list[Path] = []
    for p in sorted(root.iterdir()) if root.is_dir() else []:
        if p.is_file():
            out.append(p)
        elif p.name in STAGES or not ((p / "deidentified").is_dir() or (p / "manuscript").is_dir()):
            out += [f for f in p.rglob("*") if f.is_file()]
    return sorted(f for f in out if not f.name.endswith(".tmp"))


def audit_tree(
    root: Path,
    key_path: Path,
    register_path: Path | None,
    review_path: Path | None,
    report_path: Path,
    allow: list[str] | None = None,
) -> int:
    """Scan this study's files under `root` (except the report itself); raise LeakError on any hit."""
    values = identifier_values(key_path, register_path, review_path)
    files = [p for p in study_files(Path(root)) if p.resolve() != report_path.resolve()]
    hits, scanned = scan(files, compile_values(values), values, allow_pattern(allow or []))
    if hits:
        more = f" (+{len(hits) - 1} more)" if len(hits) > 1 else ""
        raise LeakError(
            hits[0].split(": original")[0],
            f"original identifier found{more}: {hits[0].split(': ', 1)[1]}",
            "fix de-identification (register/allow-lists) or remove the text, then rerun",
        )
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(
        f"files_scanned\t{scanned}\nfiles_without_text\t{len(files) - scanned}\n"
        f"identifier_values_checked\t{len(values)}\nallowed_phrases\t{len(allow or [])}\nhits\t0\n",
        encoding="utf-8",
    )
    return scanned
