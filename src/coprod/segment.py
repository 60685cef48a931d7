"""Segment: de-identified turns -> the segments table, the unit of coding and topic modelling.

A segment is one participant turn (interviewer turns are excluded unless configured), tagged
with the participant's pseudonymous descriptors from the participants sheet.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    from nltk.tokenize.punkt import PunktSentenceTokenizer
from .tables import read_tsv

PARTICIPANT_COLUMNS = ["participant_id", "file", "site_id", "group", "role_category"]
# site_id is optional: a study without sites (remote one-to-one interviews) leaves the column out,
# and gets no per-site outputs, tables, figures or sentences (its site_id is empty throughout).
OPTIONAL_COLUMNS = ("site_id",)
SEGMENT_COLUMNS = [
    "segment_id",
    "transcript_id",
    "participant_id",
    "site_id",
    "group",
    "role_category",
    "turn_index",
    "order",
    "window",
    "role",
    "start",
    "end",
    "n_words",
    "text",
]
WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['’][A-Za-z]+)?")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


# Descriptors in the participants sheet travel into every shareable table, figure and quote
# attribution, so they must be pseudonymous codes: letters, digits, space and . _ ( ) / & , ' -
# only, starting with a letter or digit (a leading = + - @ is a spreadsheet formula).
SAFE_VALUE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()/&,'-]*")
TRANSCRIPT_ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
DESCRIPTOR_COLUMNS = ["transcript_id", "participant_id", "site_id", "group", "role_category"]


def has_sites(sheet: pd.DataFrame) -> bool:
    """Whether the study has sites: a participants sheet with a site_id column (read_participants
    leaves the column empty without one)."""
    return bool(sheet.site_id.astype(str).ne("").any())


def sheet_has_sites(path: str | Path) -> bool:
    """Whether the participants sheet at `path` has a site_id column (its header only; a missing
    sheet is reported elsewhere, so it counts as having sites)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            header = fh.readline().rstrip("\r\n").split("\t")
    except OSError:
        return True
    return "site_id" in header


def read_participants(path: str | Path) -> pd.DataFrame:
    """Read the participants sheet; one row per transcript file, ids unique.

    A transcript's shareable id is the sheet's `transcript_id` column, or `t001`, `t002`, … in
    row order — never the file name, which stays in the private zone (files are often named
    after the person interviewed). Without a `site_id` column the study has no sites: the
    column is added, empty."""
    df = read_tsv(path, [c for c in PARTICIPANT_COLUMNS if c not in OPTIONAL_COLUMNS])
    sites = "site_id" in df.columns
    if not sites:
        df["site_id"] = ""
    required = [c for c in PARTICIPANT_COLUMNS if sites or c != "site_id"]
    if "transcript_id" not in df.columns:
        width = max(3, len(str(len(df))))
        df["transcript_id"] = [f"t{i:0{width}d}" for i in range(1, len(df) + 1)]
    for col in ("participant_id", "file", "transcript_id"):
        dup = df[df[col].duplicated()][col]
        if len(dup):
            # a cell may itself name someone (a file named after them, an id that is a name):
            # give its row, never its value
            raise InputError(
                path, f"duplicate {col} on row {dup.index[0] + 2}", f"each {col} must appear once"
            )
    for i, row in df.iterrows():
        where = f"{path}:{i + 2}"
        if not all(row[c] for c in required):
            raise InputError(where, "empty cell", f"fill every column: {', '.join(required)}")
        for col in DESCRIPTOR_COLUMNS:
            value = row[col]
            if col == "site_id" and not sites:
                continue
            if value[:1] in "=+-@\t\r":
                raise InputError(
                    where,
                    f"column {col} starts with '{value[:1]}' (read as a spreadsheet formula)",
                    "use a plain code such as site_a",
                )
            if not SAFE_VALUE_RE.fullmatch(value):
                raise InputError(
                    where,
                    f"column {col} has a character outside the safe set"
                    " (letters, digits, space . _ ( ) / & , ' -)",
                    "use a plain pseudonymous code such as site_a",
                )
        if not TRANSCRIPT_ID_RE.fullmatch(row["transcript_id"]):
            raise InputError(
                where,
                "transcript_id must be a short code (a letter, then letters, digits, _ or -)",
                "e.g. t01",
            )
    return df


ABBREVIATIONS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "cllr",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "no",
    "approx",
    "dept",
}


def sentence_splitter() -> PunktSentenceTokenizer:
    """Punkt with a fixed abbreviation list: no training data, nothing downloaded. (Loaded here,
    not with the module: the workflow imports this module at start-up, on every snakemake call,
    dry runs included.)"""
    punkt = _punkt()
    params = punkt.PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return punkt.PunktSentenceTokenizer(params)


def _punkt():  # noqa: ANN202 (the module nltk.tokenize.punkt)
    """NLTK's `nltk.tokenize.punkt`, without running `nltk/__init__` when NLTK is not loaded yet.

    Importing any NLTK module first runs `nltk/__init__` and `nltk/tokenize/__init__`, which
    import nearly all of NLTK, scipy.stats and scikit-learn (1.5-2 CPU s, in the segmenting job,
    on the build's critical path), while Punkt itself needs six small modules (probability,
    internals, util and NLTK's path, pickle and regex guards: 0.1 s). So the two packages are
    stood in for by empty packages over NLTK's own folders while Punkt and what it imports load
    from NLTK's files, unchanged; then every `nltk` entry is taken out of `sys.modules` again, so
    this private copy is all that stays and a later `import nltk` loads the real package whole.
    tests/test_text_without_nltk.py checks that the copy splits as NLTK's import does."""
    if "nltk" in sys.modules:  # NLTK is loaded (a test, a library caller): use it as it is
        from nltk.tokenize import punkt

        return punkt
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("NLTK is not installed (it is in requirements.lock: run make)")
    root = list(spec.submodule_search_locations)
    for name, path in (("nltk", root), ("nltk.tokenize", [os.path.join(p, "tokenize") for p in root])):
        package = types.ModuleType(name)
        package.__path__ = path
        sys.modules[name] = package
    try:
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        for name in [m for m in sys.modules if m == "nltk" or m.startswith("nltk.")]:
            del sys.modules[name]


def windows(text: str, max_words: int, splitter: PunktSentenceTokenizer) -> list[tuple[int, int]]:
    """Character spans of consecutive-sentence windows of at most `max_words` words (a single
    longer sentence is its own window). Short texts are one window."""
    if count_words(text) <= max_words:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start, words, prev_end = None, 0, 0
    for a, b in splitter.span_tokenize(text):
        n = count_words(text[a:b])
        if start is not None and words + n > max_words:
            spans.append((start, prev_end))
            start, words = None, 0
        if start is None:
            start = a
        words += n
        prev_end = b
    if start is not None:
        spans.append((start, prev_end))
    return spans


# the code whose output a windows cache entry holds: a change to it retires every entry
WINDOWS_FORMAT = "coprod-segment-windows 1"


class WindowCache:
    """The sentence windows of long turns reused by content (`windows` is a function of the
    text, `max_words` and Punkt as configured here): one entry per `max_words`, this module's
    source and NLTK's version, holding every long turn's windows by the sha256 of its text,
    rewritten with the turns of this run only (so it stays the size of the corpus). A stored
    value that is not a list of spans inside its text is computed again. `cache`: a
    `coprod.cache.ContentCache` (None: every window is computed)."""

    def __init__(self, cache, max_words: int) -> None:
        self.cache, self.max_words = cache, max_words
        self.splitter: PunktSentenceTokenizer | None = None  # loaded for the first turn it must split
        self.kept: dict[str, list] = {}
        self.stored: dict = {}
        self.key = ""
        if cache is not None:
            from importlib.metadata import PackageNotFoundError, version

            from . import cache as content_cache

            try:
                nltk_version = version("nltk")
            except PackageNotFoundError:
                nltk_version = "none"
            code = content_cache.source_digest(sys.modules[__name__])
            self.key = content_cache.digest(WINDOWS_FORMAT, code, nltk_version, max_words)
            entry = cache.get(self.key) or {}
            stored = entry.get("windows")
            self.stored = stored if isinstance(stored, dict) else {}

    def windows(self, text: str) -> list[tuple[int, int]]:
        if self.cache is None:
            self.splitter = self.splitter or sentence_splitter()
            return windows(text, self.max_words, self.splitter)
        from .cache import text_digest

        tkey = text_digest(text)
        got = self.stored.get(tkey)
        ok = (
            isinstance(got, list)
            and bool(got)
            and all(
                isinstance(w, list)
                and len(w) == 2
                and all(type(x) is int for x in w)
                and 0 <= w[0] <= w[1] <= len(text)
                for w in got
            )
        )
        if not ok:
            self.splitter = self.splitter or sentence_splitter()
            got = [list(w) for w in windows(text, self.max_words, self.splitter)]
        self.kept[tkey] = got
        return [(a, b) for a, b in got]

    def save(self) -> None:
        """Write the entry when anything in it changed."""
        if self.cache is not None and self.kept != self.stored:
            self.cache.put(self.key, {"windows": self.kept})


def turn_offsets(doc: dict) -> list[int]:
    """Offset of each turn's text in the de-identified `<id>.txt` (`Speaker: text`, blank line
    between turns — see coprod.privacy.deidentify.render_text), so segments can be cited by position."""
    offsets, pos = [], 0
    for turn in doc["turns"]:
        offsets.append(pos + len(turn["speaker"]) + 2)
        pos += len(turn["speaker"]) + 2 + len(turn["text"]) + 2
    return offsets


def build_segments(
    docs: list[dict],
    participants: pd.DataFrame,
    sheet: str | Path,
    include_interviewer: bool = False,
    min_words: int = 1,
    max_words: int = 0,
    cache=None,
) -> pd.DataFrame:
    """One row per kept turn — or per sentence window of a turn longer than `max_words` — with
    descriptors from the participants sheet and character offsets into `<id>.txt`. `cache`: a
    `coprod.cache.ContentCache` reusing the windows of long turns by their text (`WindowCache`)."""
    by_id = participants.set_index("transcript_id")
    # Punkt (NLTK) is loaded for the first turn longer than max_words not in the cache, if any
    split = WindowCache(cache, max_words)
    rows = []
    for doc in sorted(docs, key=lambda d: d["id"]):
        if doc["id"] not in by_id.index:
            raise InputError(
                sheet,
                f"no row for transcript '{doc['id']}'",
                "add a row (participant_id, file, site_id, group, role_category)",
            )
        meta = by_id.loc[doc["id"]].to_dict()  # one look-up per transcript, not per row
        p_index = 0
        for turn, offset in zip(doc["turns"], turn_offsets(doc), strict=True):
            keep = turn["role"] == "participant" or include_interviewer
            n = count_words(turn["text"])
            if turn["role"] == "participant":
                p_index += 1
            if not keep or n < min_words:
                continue
            idx = p_index if turn["role"] == "participant" else 0
            if max_words and n > max_words:
                spans = split.windows(turn["text"])
            else:
                spans = [(0, len(turn["text"]))]
            for w, (a, b) in enumerate(spans):
                base = f"{doc['id']}_{turn['order']:04d}"
                rows.append(
                    {
                        "segment_id": base if len(spans) == 1 else f"{base}_{w + 1:02d}",
                        "transcript_id": doc["id"],
                        "participant_id": meta["participant_id"],
                        "site_id": meta["site_id"],
                        "group": meta["group"],
                        "role_category": meta["role_category"],
                        "turn_index": idx,
                        "order": turn["order"],
                        "window": w + 1,
                        "role": turn["role"],
                        "start": offset + a,
                        "end": offset + b,
                        "n_words": count_words(turn["text"][a:b]),
                        "text": turn["text"][a:b],
                    }
                )
    split.save()
    import pandas as pd

    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def load_docs(paths: list[str | Path]) -> list[dict]:
    return [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]


def transcript_stats(docs: list[dict], participants: pd.DataFrame) -> pd.DataFrame:
    """Per-transcript descriptives (shareable): turns, words by role, format, site, group."""
    by_id = participants.set_index("transcript_id")
    rows = []
    for doc in sorted(docs, key=lambda d: d["id"]):
        meta = by_id.loc[doc["id"]]
        words = {"participant": 0, "interviewer": 0}
        for t in doc["turns"]:
            words[t["role"]] += count_words(t["text"])
        rows.append(
            {
                "transcript_id": doc["id"],
                "participant_id": meta["participant_id"],
                "site_id": meta["site_id"],
                "group": meta["group"],
                "format": doc["format"],
                "turns": len(doc["turns"]),
                "participant_words": words["participant"],
                "interviewer_words": words["interviewer"],
                "words": sum(words.values()),
            }
        )
    import pandas as pd

    return pd.DataFrame(rows)
