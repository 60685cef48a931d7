"""Audit: an independent second pair of eyes on everything shareable.

It shares only the normaliser (`coprod.privacy.normalise`) with the detectors — never their
matching. Its own method: every shareable byte is turned into text (file and folder names;
text files; HTML text, attributes and decoded `data:` URIs; every XML part of DOCX/.qdpx/.qdc
and other zips; PDF page text and metadata; gzip members; the strings drawn into each figure,
from the figure's `.strings.txt` sidecar), folded to its skeleton, split into letter-only
words, and every word n-gram is looked up in a table of original identifiers (the pseudonym
key, the register's names, aliases and name words, the private review log). A file it cannot
read is a failure, not a pass.

The shareable summary (`audit.tsv`) is written only when nothing is found. On failure the run
prints a short summary, writes every hit with its original value and fix to a private report,
and moves the rendered manuscript out of the shareable zone.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import csv
import gzip
import hashlib
import html
import io
import re
import shutil
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import LeakError
from .key import PseudonymKey, private_dir, write_private
from .names import REFERENCE_DIR, distinctive_words, english_words
from .normalise import hyphen_joins, skeleton
from .register import load_register

TEXT_SUFFIXES = {
    ".txt", ".tsv", ".csv", ".json", ".yml", ".yaml", ".md", ".qmd", ".typ", ".bib", ".lua",
    ".rst", ".log", ".py", ".smk", ".css", ".js", ".tex", ".csl", ".cfg", ".toml", ".ini", "",
}  # fmt: skip
MARKUP_SUFFIXES = {".html", ".htm", ".svg", ".xml", ".qdc", ".qde", ".rels", ".xhtml"}
ZIP_SUFFIXES = {".docx", ".qdpx", ".zip", ".xlsx", ".pptx", ".odt", ".ods"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# letters only: apostrophes, hyphens, digits and underscores separate words
WORD_RE = re.compile(r"[^\W\d_]+")
TAG_RE = re.compile(r"<[^>]*>")
# a token of letters and digits (a login, handle or file stem)
HEX_RE = re.compile(r"(?<![\w-])(?=[0-9a-fA-F-]*\d)[0-9a-fA-F]{6,}(?:-[0-9a-fA-F]{4,})*(?![\w-])")
# A run of letters and digits with both in it ("mdrysdale01"), tried only where a run starts
# (the earlier pattern, tried at every position with nested stars, cost most of the scan).
HANDLE_RE = re.compile(r"(?<![^\W_])(?:[^\W\d_]+\d|\d+[^\W\d_])[^\W_]*")
DATA_URI_RE = re.compile(r"data:([\w/+.-]+)((?:;[\w=.-]+)*?)(;base64)?,([A-Za-z0-9+/=%\s._~-]*)")
# Review rows that are not identifiers outside their own transcript (a participant's own job
# title or organisation, generalised there only).
NOT_GLOBAL = {"QUASI", "DATE"}
# A single word replaced on weak evidence (context rules below this confidence) is audited in
# its own transcript's outputs, not everywhere (elsewhere it is usually an ordinary word). The
# same line as the de-identification's policy (docs/deidentification.md): a decision below 0.8
# reaches its own transcript, one at 0.8 or above the whole corpus. (0.7 here let a word found
# at 0.7, replaced in its own transcript only, fail the audit in every other transcript.)
WEAK = 0.8


@dataclass(frozen=True)
class Value:
    original: str
    label: str  # the pseudonym or register type (printed; never the original)
    source: str  # key | register | review
    guard: str = ""  # "" any case | "cap" capitalised only | "exact" as written (acronyms)
    scope: str = ""  # "" everywhere | a transcript id (weak single words)
    detector: str = ""  # which de-identification layer introduced it (from the review log)


@dataclass(frozen=True)
class Hit:
    file: str
    where: str
    value: Value


def _words(text: str) -> list[str]:
    return WORD_RE.findall(skeleton(text))


def _guard(original: str, english: frozenset[str]) -> str:
    words = _words(original)
    if len(words) != 1:
        return ""
    if original.strip().isupper() and len(words[0]) <= 6:
        return "exact"
    return "cap" if words[0].casefold() in english else ""


def _name_words(name: str) -> list[str]:
    """The audit's own reading of a person's name: each word of two or more letters."""
    return [w for w in _words(name) if len(w) >= 2 and w.casefold() not in TITLE_WORDS]


TITLE_WORDS = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "sir"}


def identifier_values(
    key_path: Path, register_path: Path | None, review_path: Path | None, reference_dir: Path = REFERENCE_DIR
) -> list[Value]:
    """Every original value the shareable zone must not contain."""
    english = english_words(str(reference_dir))
    out: list[Value] = []
    weak: dict[str, set[str]] = defaultdict(set)
    strong: set[str] = set()
    detectors: dict[str, str] = {}
    if review_path and Path(review_path).exists():
        with open(review_path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                original = row["original"]
                detectors.setdefault(original, row["detector"])
                if row["type"] in NOT_GLOBAL:
                    continue
                if float(row["confidence"]) < WEAK and len(_words(original)) == 1:
                    weak[original].add(row["transcript"])
                    continue
                strong.add(original)
                out += _with_name_words(original, f"[{row['pseudonym']}]", "review", row["type"], english)
    for entry in PseudonymKey.load(key_path).entries:
        original = entry["original"]
        if original in weak and original not in strong:
            continue
        if original not in strong and entry.get("scope") and review_path:
            # first decided on weak evidence in one transcript, and not replaced this run (a
            # detector since improved): audited there, as written — not corpus-wide, which
            # failed every run after a fix with hundreds of hits for an ordinary word
            guard = "cap" if _guard(original, english) else ""
            out.append(Value(original, "weak single word", "key (earlier run)", guard, str(entry["scope"])))
            continue
        # an entry this run did not replace came from an earlier run (an older detector, or a
        # term since allowed): still audited — privacy first — but reported as such
        source = "key" if original in strong or not review_path else "key (earlier run)"
        out += _with_name_words(original, f"[{entry['pseudonym']}]", source, entry["type"], english)
    for original, transcripts in sorted(weak.items()):
        if original not in strong:
            # audited in its own transcript's outputs: capitalised if it is also an ordinary
            # word, else in any case ("reka"), as the de-identification replaces it there
            guard = "cap" if _guard(original, english) else ""
            out += [Value(original, "weak single word", "review", guard, t) for t in sorted(transcripts)]
    if register_path and Path(register_path).exists():
        for ent in load_register(register_path):
            for form in (ent.name, *ent.aliases):
                out += _with_name_words(
                    form, f"register {ent.type}", "register", ent.type, english, reference_dir
                )
    out = [replace(v, detector=detectors.get(v.original, v.source)) for v in out]
    return [v for v in out if sum(len(w) for w in _words(v.original)) >= 2]


def _with_name_words(
    original: str, label: str, source: str, etype: str, english, reference_dir: Path = REFERENCE_DIR
) -> list[Value]:
    """The value itself; for a person each word of their name ("Morag", "Drysdale"); for an
    organisation each word that names it on its own ("Rowett")."""
    out = [Value(original, label, source, _guard(original, english))]
    if etype == "PERSON":
        out += [Value(w, label, source, _guard(w, english)) for w in _name_words(original)]
    if etype == "ORG" and source == "register":  # the team's own list, not a detector's guess
        out += [Value(w, label, source, "") for w in distinctive_words(original, reference_dir)]
    return out


class Index:
    """Word n-gram table of identifier values (and of allowed public phrases)."""

    def __init__(
        self, values: list[Value], allow: list[str] = (), english: frozenset[str] = frozenset()
    ) -> None:
        self._english = sorted(english)
        self._stems: dict[str, bool] = {}
        self.table: dict[tuple[str, ...], list[Value]] = defaultdict(list)
        for v in values:
            words = tuple(w.casefold() for w in _words(v.original))
            if words and v not in self.table[words]:
                self.table[words].append(v)
        # first words of values found in any case, and of values found only capitalised
        self.first_any = {w[0] for w, vs in self.table.items() if any(v.guard == "" for v in vs)}
        self.first_cap = {w[0] for w, vs in self.table.items() if any(v.guard != "" for v in vs)}
        self.lengths: dict[str, list[int]] = defaultdict(list)
        for words in self.table:
            if len(words) not in self.lengths[words[0]]:
                self.lengths[words[0]].append(len(words))
        self.allow: set[tuple[str, ...]] = set()
        self.allow_lengths: dict[str, set[int]] = defaultdict(set)
        for phrase in allow:
            words = tuple(w.casefold() for w in _words(phrase))
            if words:
                self.allow.add(words)
                self.allow_lengths[words[0]].add(len(words))
        self.values = values
        # single-word person names of 4+ letters that are not ordinary words, for handles
        self.people = [
            v for v in values if v.guard == "" and len(_words(v.original)) == 1 and len(v.original) >= 4
        ]
        # looked up by substring of a handle, not by trying every person on every handle (which
        # grew as people × handles: 13 of the audit's 28 s on the bundled corpus)
        self.people_cf: dict[str, list[tuple[int, Value]]] = defaultdict(list)
        for k, v in enumerate(self.people):
            self.people_cf[v.original.casefold()].append((k, v))
        self.longest_person = max((len(cf) for cf in self.people_cf), default=0)

    def _handle_names(self, run: str) -> list[tuple[int, Value]]:
        """Names a handle's letters are made of: a name with at most two initials before or
        after it ("mdrysdale", "smithj"), or two names ("moragdrysdale"). Not a name that only
        starts or sits inside a longer word: "conn" in "connolly2023" (a citation key),
        "vale" in "prevalence2021"."""
        out = []
        for i in range(len(run) + 1):
            left, right = run[:i], run[i:]
            names = [self.people_cf.get(part, []) for part in (left, right)]
            if (names[0] or len(left) <= 2) and (names[1] or len(right) <= 2) and (names[0] or names[1]):
                out += names[0] + names[1]
        return out

    def stem_of_a_word(self, token: str) -> bool:
        """`token` (lower case) is the Snowball stem of a longer English word: "reiter" of
        "reiterate" in a topic model's vocabulary, which publishes stems."""
        if token not in self._stems:
            from nltk.stem.snowball import SnowballStemmer

            stem = SnowballStemmer("english").stem
            i = bisect.bisect_right(self._english, token)
            found = False
            for w in self._english[i : i + 5000]:
                if not w.startswith(token):
                    break
                if stem(w) == token:
                    found = True
                    break
            self._stems[token] = found
        return self._stems[token]

    def scan(self, text: str, scope: str = "", stems: bool = False) -> list[tuple[int, Value]]:
        """(character offset in the skeleton, value) for every identifier in `text`. With
        `stems` (a topic model's outputs), a lower-case word that is the stem of a longer
        English word is that word, not the name it happens to equal."""
        # hex strings (GUIDs in a .qdpx, hashes, DOCX revision ids) are not words: "bee1",
        # "babb" inside "0205b85f-babb-…" matched a participant surnamed Babb
        skel = HEX_RE.sub(lambda m: " " * len(m.group(0)), skeleton(text))
        toks = [(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(skel)]
        low = [t[0].casefold() for t in toks]
        hits = []
        # most words start no identifier: only those that can are looked at in Python
        any_case, cap = self.first_any, self.first_cap
        starts = [
            i
            for i, w in enumerate(low)
            if w in any_case
            or (w[-1:] == "s" and w[:-1] in any_case)
            or ((w in cap or (w[-1:] == "s" and w[:-1] in cap)) and toks[i][0][:1].isupper())
        ]
        allowed = [False] * len(toks) if starts else []
        for i in [i for i, w in enumerate(low) if w in self.allow_lengths] if starts else ():
            for n in self.allow_lengths[low[i]]:
                if tuple(low[i : i + n]) in self.allow:
                    allowed[i : i + n] = [True] * n
        for i in starts:
            w = low[i]
            if stems and toks[i][0].islower() and self.stem_of_a_word(w):
                continue
            cands = [(w,)]
            if w.endswith("s") and toks[i][2] < len(skel) and skel[toks[i][2]] == "'":
                cands.append((w[:-1],))  # plural possessive: "the Drysdales' house"
            for first in cands:
                for n in self.lengths.get(first[0], ()):
                    words = first + tuple(low[i + 1 : i + n])
                    if len(words) != n or all(allowed[i : i + n]):
                        continue
                    for v in self.table.get(words, ()):
                        if v.scope and v.scope != scope:
                            continue
                        if v.guard == "cap" and not toks[i][0][:1].isupper():
                            continue
                        if v.guard == "exact" and toks[i][0] != _words(v.original)[0]:
                            continue
                        hits.append((toks[i][1], v))
        for m in HANDLE_RE.finditer(skel):  # a login or handle with a name inside: "mdrysdale01"
            found: dict[int, Value] = {}
            for run in WORD_RE.findall(m.group(0)):
                for k, v in self._handle_names(run.casefold()):
                    if v.scope in ("", scope):
                        found[k] = v
            hits += [(m.start(), found[k]) for k in sorted(found)]
        for joined in hyphen_joins(skel):  # "Drys-" / "dale" across a line end
            hits += [(0, v) for _, v in self.scan(joined, scope)]  # joins contain no "- ": no loop
        return hits


# ----------------------------------------------------------------------------- extraction
class Unreadable(Exception):
    """A file (or member) whose text the audit cannot see: a failure, never a pass."""


@dataclass
class Unit:
    where: str  # "line 12", "member word/document.xml", "page 3", "metadata /Author", "file name"
    text: str


ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|%([0-9a-fA-F]{2})")


def _unescape(text: str) -> str:
    """JSON/JavaScript `\\u004d`, `\\x4d` and URL `%4D` escapes decoded (a name can hide in them)."""

    def sub(m: re.Match) -> str:
        code = m.group(1) or m.group(2) or m.group(3)
        return chr(int(code, 16))

    text = ESCAPE_RE.sub(sub, text)
    try:
        from urllib.parse import unquote

        return unquote(text)
    except ValueError:
        return text


def _lines(text: str, label: str = "line") -> list[Unit]:
    """One unit per line, plus the whole text (a name wrapped across lines) and, where the text
    has escapes, the whole text with them decoded."""
    lines = text.split("\n")
    units = [Unit(f"{label} {i}", line) for i, line in enumerate(lines, start=1) if line.strip()]
    if len(lines) > 1:
        units.append(Unit("text across lines", text))
    if ESCAPE_RE.search(text):
        units.append(Unit("text with escapes decoded", _unescape(text)))
    return units


# Typeface declarations in the formats the renderers write: a DOCX font table and theme list
# dozens of fonts named like people ("Latha", "Kartika", "Mangal", "Times New Roman" for a
# participant called Roman), and CSS names font families. They come from the renderers'
# templates, never from the data, and no allow-list entry could release them without also
# releasing that name in the text.
FONT_DECLARATIONS = [
    (re.compile(r'(<w:font\b[^>]*?\bw:name=")[^"]*"'), r'\1"'),
    (re.compile(r'(<w:altName\b[^>]*?\bw:val=")[^"]*"'), r'\1"'),
    (re.compile(r'(\btypeface=")[^"]*"'), r'\1"'),
    (re.compile(r"<w:rFonts\b[^>]*>"), "<w:rFonts/>"),
    (re.compile(r"(font-family\s*:)[^;}<\n]*"), r"\1"),
]


def _without_font_names(text: str) -> str:
    for rx, repl in FONT_DECLARATIONS:
        text = rx.sub(repl, text)
    return text


# Where one block of text ends (DOCX paragraph, cell, row, break, tab; HTML/SVG blocks).
BLOCK_END_RE = re.compile(
    r"</(?:w:p|w:tc|w:tr|a:p|p|div|td|th|tr|li|dt|dd|h[1-6]|table|caption|figcaption|section|article|"
    r"blockquote|pre|title|text|tspan|desc)\s*>|<(?:w:br|w:cr|w:tab|br)\b[^>]*>",
    re.I,
)


COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
# A style sheet's selectors and properties are markup vocabulary ("li > ol" is no surname Li);
# only its quoted strings and url()s can carry text.
STYLE_RE = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.S | re.I)
CSS_STRING_RE = re.compile(r""""[^"]*"|'[^']*'|url\([^)]*\)""")


def _style_strings(m: re.Match) -> str:
    return m.group(1) + " ".join(CSS_STRING_RE.findall(m.group(2))) + m.group(3)


ATTR_VALUE_RE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _tag_values(text: str) -> str:
    """The markup source as the audit reads it: text, comments and every attribute value
    (alt, title, href, data-*), but not tag or attribute names — an HTML `<li>` is not the
    surname Li."""
    text = COMMENT_RE.sub(lambda m: f" {m.group(1)} ", text)
    return TAG_RE.sub(
        lambda m: " " + " ".join(a or b or c for a, b, c in ATTR_VALUE_RE.findall(m.group(0))) + " ", text
    )


def _markup(text: str, figures: dict[str, str], where: str = "") -> list[Unit]:
    """HTML/SVG/XML: decoded data URIs, the source with entities decoded (attributes such as
    alt/title), and the text with tags removed (joined, and spaced). Typeface declarations
    are not text (FONT_DECLARATIONS)."""
    units: list[Unit] = []
    text = STYLE_RE.sub(_style_strings, _without_font_names(text))
    for k, m in enumerate(DATA_URI_RE.finditer(text), start=1):
        units += _data_uri(m, figures, f"{where}data URI {k}")
    text = DATA_URI_RE.sub(" ", text)
    unescaped = html.unescape(_tag_values(text))
    units.append(Unit(f"{where}source", unescaped))
    if ESCAPE_RE.search(unescaped):
        units.append(Unit(f"{where}source with escapes decoded", _unescape(unescaped)))
    # runs of one paragraph joined ("Drys" + "dale" in two runs is a name), but paragraphs,
    # table cells and line breaks kept apart: cells "prevalence" | "1" | "residents" joined
    # into "prevalence1residents" read as a handle with "vale" inside it
    blocks = BLOCK_END_RE.sub("\n", text)
    units.append(Unit(f"{where}text", html.unescape(TAG_RE.sub("", blocks))))
    units.append(Unit(f"{where}text (tags as spaces)", html.unescape(TAG_RE.sub(" ", text))))
    return units


def _data_uri(m: re.Match, figures: dict[str, str], where: str) -> list[Unit]:
    mime, is_b64, payload = m.group(1).lower(), m.group(3), m.group(4)
    try:
        data = base64.b64decode(re.sub(r"\s+", "", payload)) if is_b64 else payload.encode()
    except (binascii.Error, ValueError):
        raise Unreadable(f"{where}: undecodable base64") from None
    if mime.startswith("font/") or "font" in mime:
        return []  # embedded fonts (pandoc's self-contained HTML): glyphs, not text
    return [Unit(f"{where} ({mime}) {u.where}", u.text) for u in _by_type(mime_suffix(mime), data, figures)]


def mime_suffix(mime: str) -> str:
    known = {
        "image/png": ".png", "image/svg+xml": ".svg", "text/html": ".html", "text/plain": ".txt",
        "text/css": ".css", "application/json": ".json", "text/javascript": ".js",
        "application/javascript": ".js", "text/xml": ".xml", "application/xml": ".xml",
        "text/csv": ".csv", "application/pdf": ".pdf", "application/zip": ".zip",
    }  # fmt: skip
    if mime in known:
        return known[mime]
    if mime.startswith("text/"):
        return ".txt"
    return "." + mime.replace("/", "-")


def _by_type(suffix: str, data: bytes, figures: dict[str, str]) -> list[Unit]:
    suffix = suffix.lower()
    if suffix == ".png":
        digest = hashlib.sha256(data).hexdigest()
        if digest not in figures:
            what = "a PNG" if data.startswith(PNG_MAGIC) else "not a PNG at all"
            raise Unreadable(f"{what} with no strings sidecar (only the pipeline's figures can be audited)")
        return []  # its strings are audited in the sidecar
    if suffix in MARKUP_SUFFIXES:
        return _markup(_decode(data), figures)
    if suffix in ZIP_SUFFIXES:
        return _zip(data, figures)
    if suffix == ".pdf":
        return _pdf(data)
    if suffix == ".gz":
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise Unreadable(f"broken gzip ({exc})") from None
        return _by_type(".txt" if inner.isascii() else ".bin", inner, figures)
    if suffix == ".csl":  # a citation style: its <info> (the style's authors) and locale terms
        # (month names: "May") are the style's own vocabulary, not study data
        text = CSL_TEMPLATE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), _decode(data))
        return _lines(text)
    if suffix in TEXT_SUFFIXES:
        return _lines(_decode(data))
    # anything else: text if it is text, else a failure
    return _lines(_decode(data))


CSL_TEMPLATE_RE = re.compile(r"<info>.*?</info>|<term\b[^>]*?(?:/>|>.*?</term>)|<!--.*?-->", re.S)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise Unreadable("binary content the audit cannot read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None


def _zip(data: bytes, figures: dict[str, str]) -> list[Unit]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = sorted(zf.namelist())
        units = [Unit("member names", " / ".join(names))]
        for name in names:
            if name.endswith("/"):
                continue
            member = zf.read(name)
            suffix = Path(name).suffix.lower()
            if suffix in (".jpeg", ".jpg", ".gif", ".emf", ".wmf"):
                raise Unreadable(f"member {name}: image the audit cannot read")
            units += [Unit(f"member {name} {u.where}", u.text) for u in _by_type(suffix, member, figures)]
        return units
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, EOFError) as exc:
        raise Unreadable(f"unreadable zip ({type(exc).__name__})") from None


def _pdf(data: bytes) -> list[Unit]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        units = [
            Unit(f"metadata {k}", str(v))
            for k, v in sorted((reader.metadata or {}).items())
            if isinstance(v, str)
        ]
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise Unreadable(f"unreadable PDF ({type(exc).__name__})") from None
    units += [Unit(f"page {i}", text) for i, text in enumerate(pages, start=1)]
    # a name broken across a page break
    units += [
        Unit(f"pages {i}-{i + 1}", a[-200:] + " " + b[:200])
        for i, (a, b) in enumerate(zip(pages, pages[1:], strict=False), 1)
    ]
    return units


def extract(path: Path, figures: dict[str, str]) -> list[Unit]:
    """Every piece of text a reader (or a program) could get out of `path`."""
    return _by_type(path.suffix, path.read_bytes(), figures)


def figure_hashes(files: list[Path]) -> dict[str, str]:
    """sha256 of each figure PNG that has a strings sidecar (`<name>.png.strings.txt`)."""
    out = {}
    for f in files:
        if f.suffix.lower() == ".png" and f.with_name(f.name + ".strings.txt").exists():
            out[hashlib.sha256(f.read_bytes()).hexdigest()] = str(f.with_name(f.name + ".strings.txt"))
    return out


def _scope(path: Path) -> str:
    """Outputs of one transcript are named by its id: `deidentified/<id>.txt`."""
    return path.name.split(".", 1)[0] if path.parent.name == "deidentified" else ""


def audit_files(
    files: list[Path], root: Path, index: Index, extra_figures: list[Path] = ()
) -> tuple[list[Hit], int]:
    """Scan file and folder names and every readable unit; return (hits, files scanned)."""
    figures = figure_hashes([*files, *extra_figures])
    hits: list[Hit] = []
    for f in sorted(files):
        # names are scanned below the root (the root's own path is the user's choice);
        # hits are reported by the path the user would open
        rel = str(f.relative_to(root)) if f.is_relative_to(root) else f.name
        scope = _scope(f)
        stems = "topics" in f.parts  # the topic model publishes word stems
        for _, v in index.scan(rel.replace("/", " / "), scope):
            hits.append(Hit(str(f), "file or folder name", v))
        rel = str(f)
        try:
            units = extract(f, figures)
        except Unreadable as exc:
            hits.append(Hit(rel, str(exc), Value("", "unreadable file", "audit")))
            continue
        except OSError as exc:
            hits.append(Hit(rel, f"cannot open ({exc.strerror})", Value("", "unreadable file", "audit")))
            continue
        seen: set[tuple[str, Value]] = set()
        for unit in units:
            for _, v in index.scan(unit.text, scope, stems):
                if (v.original, v) not in seen or unit.where.startswith("line"):
                    seen.add((v.original, v))
                    hits.append(Hit(rel, unit.where, v))
    # one hit per (file, place, original), whichever source listed it first
    unique = list({(h.file, h.where, h.value.original): h for h in reversed(hits)}.values())[::-1]
    return unique, len(files)


BIB_AUTHOR_RE = re.compile(r"\b(?:author|editor)\s*=\s*[{\"]((?:[^{}\"]|\{[^{}]*\})*)[}\"]", re.I)


def cited_authors(bib_files: list[Path]) -> list[str]:
    """Full names of the authors and editors in BibTeX files, as "Given Family" and
    "Family, Given" (public phrases of the manuscript's references)."""
    out: list[str] = []
    for f in bib_files:
        for field in BIB_AUTHOR_RE.findall(f.read_text(encoding="utf-8", errors="replace")):
            for person in re.split(r"\s+and\s+", field.replace("{", "").replace("}", "")):
                if "," in person:
                    family, given = (p.strip() for p in person.split(",", 1))
                else:
                    *given_words, family = person.split() or [""]
                    given = " ".join(given_words)
                if family and given:
                    out += [f"{given} {family}", f"{family}, {given}", f"{family} {given}"]
    return sorted(set(out))


def manuscript_authors(qmd_files: list[Path]) -> list[str]:
    """The manuscript's own authors and affiliations (its YAML front matter): public by
    construction, so the article's byline never fails its own audit."""
    import yaml

    out: list[str] = []
    for f in qmd_files:
        text = f.read_text(encoding="utf-8", errors="replace")
        m = re.match(r"---\n(.*?)\n---\n", text, re.S)
        try:
            meta = yaml.safe_load(m.group(1)) if m else None
        except yaml.YAMLError:
            meta = None
        authors = (meta or {}).get("author") or [] if isinstance(meta, dict) else []
        for a in authors if isinstance(authors, list) else [authors]:
            if isinstance(a, str):
                out.append(a)
            elif isinstance(a, dict):
                out += [a["name"]] if isinstance(a.get("name"), str) else []
                for aff in a.get("affiliations") or []:
                    name = aff.get("name") if isinstance(aff, dict) else aff
                    out += [name] if isinstance(name, str) else []
    return [n for n in sorted(set(out)) if len(n.split()) >= 2]


def public_phrases(files: list[Path]) -> list[str]:
    """Phrases public by construction: the manuscript's byline and its cited authors."""
    bib = [f for f in files if f.suffix == ".bib" and f.is_file()]
    qmd = [f for f in files if f.suffix == ".qmd" and f.is_file()]
    return cited_authors(bib) + manuscript_authors(qmd)


def study_files(root: Path) -> list[Path]:
    """Every file under `root`, however deeply nested (a stale copy of an earlier run, or
    another study's results, is scanned too: nothing shareable goes unread)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(f for f in root.rglob("*") if f.is_file() and not f.name.endswith(".tmp"))


REPORT_COLUMNS = ["file", "where", "original", "label", "source", "detector", "fix"]


def _fix(hit: Hit) -> str:
    v = hit.value
    if v.source == "audit":
        return "remove the file from the shareable zone or export it in a format the audit reads"
    if v.source == "key (earlier run)":
        return (
            f"'{v.original}' is in the pseudonym key from an earlier run but this run no longer replaces "
            "it: if it identifies nobody, add it to deidentify.allow; if it does, add it to the register"
        )
    if v.source == "register" or v.source == "key":
        return (
            f"if '{v.original}' is public and identifies nobody, add it to deidentify.allow in the "
            "config; otherwise find why it was not replaced and add that form as a register alias"
        )
    return f"add '{v.original}' to the register (person, place or organisation) so it is replaced everywhere"


def write_report(path: Path, hits: list[Hit]) -> None:
    """Private report: every hit with the original value and the fix (mode 0600)."""
    rows = ["\t".join(REPORT_COLUMNS)]
    for h in hits:
        vals = [h.file, h.where, h.value.original, h.value.label, h.value.source, h.value.detector, _fix(h)]
        rows.append("\t".join(x.replace("\t", " ").replace("\n", " ") for x in vals))
    write_private(path, "\n".join(rows) + "\n")


def summary(hits: list[Hit], report: Path | None, limit: int = 8) -> str:
    """A few lines: counts by file and kind, never an original value."""
    by_file = Counter(h.file for h in hits)
    kinds = Counter(
        h.value.label if h.value.source in ("register", "audit") else h.value.source for h in hits
    )
    lines = [
        f"{len(hits)} hit(s) in {len(by_file)} file(s); by kind: "
        + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    ]
    lines += [f"  {n:5d}  {f}" for f, n in by_file.most_common(limit)]
    if len(by_file) > limit:
        lines.append(f"  ... and {len(by_file) - limit} more file(s)")
    if report:
        lines.append(f"every hit with its original value and the fix: {report} (private)")
    return "\n".join(lines)


def audit_tree(
    root: Path,
    key_path: Path,
    register_path: Path | None,
    review_path: Path | None,
    report_path: Path,
    allow: list[str] | None = None,
    hits_path: Path | None = None,
    quarantine: Path | None = None,
    reference_dir: Path = REFERENCE_DIR,
) -> int:
    """Scan every file under `root` (except the report itself); raise LeakError on any hit.

    On failure: every hit goes to `hits_path` (private), and `root/manuscript` is moved to
    `quarantine` (private) so a failed manuscript is not left where a user would send it."""
    root = Path(root)
    values = identifier_values(key_path, register_path, review_path, reference_dir)
    files = [p for p in study_files(root) if p.resolve() != Path(report_path).resolve()]
    # the authors the manuscript cites are public: "David Smith" is released as a whole name
    # (a participant's first name alone, elsewhere, is still a hit)
    index = Index(values, list(allow or []) + public_phrases(files), english_words(str(reference_dir)))
    hits, scanned = audit_files(files, root, index)
    if hits:
        if hits_path:
            write_report(Path(hits_path), hits)
        moved = ""
        if quarantine and (root / "manuscript").is_dir():
            dest = Path(quarantine) / "manuscript"
            shutil.rmtree(dest, ignore_errors=True)
            private_dir(dest.parent)
            shutil.move(str(root / "manuscript"), str(dest))
            moved = f"; the failed manuscript was moved to {dest} (private)"
        first = hits[0]
        raise LeakError(
            f"{first.file} ({first.where})",
            f"original identifier found ({first.value.label}){moved}",
            "release public terms with deidentify.allow, add missed forms to the register, then rerun\n"
            + summary(hits, hits_path),
        )
    Path(report_path).parent.mkdir(parents=True, exist_ok=True)
    Path(report_path).write_text(
        f"files_scanned\t{scanned}\nidentifier_values_checked\t{len(values)}\n"
        f"allowed_phrases\t{len(allow or [])}\nhits\t0\n",
        encoding="utf-8",
    )
    return scanned


def scan_bytes(name: str, data: bytes, index: Index, figures: dict[str, str]) -> list[Hit]:
    """Audit one archive member (name and content) without writing it anywhere."""
    hits = [Hit(name, "member name", v) for _, v in index.scan(name.replace("/", " / "))]
    stems = "topics" in Path(name).parts  # the topic model publishes word stems
    try:
        units = _by_type(Path(name).suffix, data, figures)
    except Unreadable as exc:
        return hits + [Hit(name, str(exc), Value("", "unreadable file", "audit"))]
    for unit in units:
        hits += [Hit(name, unit.where, v) for _, v in index.scan(unit.text, "", stems)]
    return hits


__all__ = ["audit_tree", "identifier_values", "Index", "extract", "scan_bytes", "study_files"]
