"""Public reference data for de-identification, loaded once from data/reference/: first-name
and surname lists, gazetteers, the allow-list of national bodies and eponymous terms, English
word lists, technology vocabulary, and the cue words the context rules read (titles,
organisation and place head nouns, locatives …, in `data/reference/cues/`). No word list lives
in the Python code: a list is data, documented with its source and licence in
data/reference/README.md.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .normalise import view

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "data" / "reference"


@lru_cache(maxsize=64)
def cue_words(name: str, ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """One list of `data/reference/cues/<name>.txt`: an entry per line as written (case
    matters), `#` lines are comments. A missing list is an error: the rules need it."""
    path = Path(ref_dir) / "cues" / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


@dataclass
class Reference:
    """Public reference lists loaded once: names, gazetteers, allow-list phrases."""

    first_names: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    gazetteer: dict[str, tuple[str, float]] = field(default_factory=dict)  # exact phrase -> (type, conf)
    allow: set[str] = field(default_factory=set)  # casefolded phrases that must survive
    # technology, product, language, method and acronym vocabulary (technology_terms.csv),
    # casefolded: never a name without strong evidence; `tech_ambiguous` ("Jenkins", "Julia")
    # only escapes the weak rules
    tech: set[str] = field(default_factory=set)
    tech_ambiguous: set[str] = field(default_factory=set)
    tech_len: int = 1
    acronyms: set[str] = field(default_factory=set)  # computing acronyms (computing_acronyms.txt)
    english: frozenset[str] = frozenset()  # common English words, lower case (english_words.txt)
    proper: frozenset[str] = frozenset()  # capitalised dictionary words (english_proper_words.txt)
    max_len: int = 1


@lru_cache(maxsize=8)
def english_words(ref_dir: str | Path = REFERENCE_DIR, name: str = "english_words.txt") -> frozenset[str]:
    """Common English words (lower case) from data/reference/english_words.txt and
    english_abbreviations.txt: a register or found name that is also one of these ("Hope",
    "Will", "Bath", "Max") counts only when capitalised.
    `name="english_proper_words.txt"`: capitalised dictionary words (Scottish, Glasgow)."""
    paths = [Path(ref_dir) / name]
    if name == "english_words.txt":  # with the common abbreviations ("max", "val", "dev")
        paths.append(Path(ref_dir) / "english_abbreviations.txt")
    words: set[str] = set()
    for path in paths:
        if path.exists():
            lines = path.read_text(encoding="utf-8").split("\n")
            words.update(w for w in lines if w and not w.startswith("#"))
    return frozenset(words)


def distinctive_words(name: str, ref_dir: str | Path = REFERENCE_DIR) -> list[str]:
    """Words of an organisation's name that identify it on their own ("Rowett" of "Rowett
    Research Institute"): four or more letters, not an English word, not a capitalised
    dictionary word, not an acronym (HSCP, NHS: shared by many bodies), not a public place (a
    place is a place, typed and replaced as one)."""
    ref = load_reference(str(ref_dir))
    common = english_words(str(ref_dir)) | english_words(str(ref_dir), "english_proper_words.txt")
    places = {k.casefold() for k in ref.gazetteer}
    out = []
    for w in re.findall(r"[^\W\d_]+", view(name)):
        low = w.casefold()
        if (
            len(w) >= 4
            and not w.isupper()
            and low not in common
            and low not in places
            and low not in ref.allow
        ):
            out.append(w)
    return out


@lru_cache(maxsize=4)
def load_reference(ref_dir: str | Path = REFERENCE_DIR, min_births: int = 20) -> Reference:
    """Read data/reference/*.csv (missing files are simply empty lists)."""
    d = Path(ref_dir)
    ref = Reference()
    for row in _read_csv(d / "uk_first_names.csv"):
        if int(row.get("births") or 0) >= min_births:
            ref.first_names.add(row["name"])
    for row in _read_csv(d / "gaelic_first_names.csv"):
        ref.first_names.add(row["name"])
    for row in _read_csv(d / "us_census_1990_surnames.csv"):
        name = row["surname"].title()
        ref.surnames.add(name)
        if name.startswith("O") and len(name) > 3 and name[1] not in "aeiou":  # Oneill -> O'Neill
            ref.surnames.add(f"O'{name[1].upper()}{name[2:]}")

    def add(name: str, etype: str, conf: float) -> None:
        name = re.sub(r"^the\s+", "", name.replace("’", "'"))  # "the Council" -> "Council"
        if name and name not in ref.gazetteer:
            ref.gazetteer[name] = (etype, conf)
            ref.max_len = max(ref.max_len, len(name.split()))

    for fname in ("hscps.csv", "health_boards.csv", "hospitals.csv"):
        for row in _read_csv(d / fname):
            for n in [row["name"], *_split(row.get("aliases"))]:
                add(n, "ORG", 0.9)
                # people drop the word: "the Anytown General", "St Anyone's", "Royal Anytown"
                short = re.sub(r"\s+(?:Hospital|Infirmary)$", "", n)
                if short != n and (len(short.split()) > 1 or short not in ref.first_names):
                    add(short, "ORG", 0.8)
    for row in _read_csv(d / "scotland_places.csv"):
        add(row["name"], "PLACE", 0.8)
    for fname in ("western_isles_settlements.csv", "islands.csv"):
        for row in _read_csv(d / fname):
            for n in [row["name"], *_split(row.get("aliases"))]:
                add(n, "PLACE", 0.85)
    for row in _read_csv(d / "regions.csv"):
        for n in [row["name"], *_split(row.get("aliases"))]:
            add(n, "PLACE", 0.85)
    for row in _read_csv(d / "council_areas.csv"):
        add(row["name"], "PLACE", 0.9)
        for n in _split(row.get("aliases")):
            add(n, "ORG", 0.9)
    # detectors see the folded view of the text (coprod.privacy.normalise): "Ùna", "Seònaid"
    # arrive as "Una", "Seonaid", so the lists answer for both spellings
    ref.first_names |= {view(n) for n in ref.first_names}
    ref.surnames |= {view(n) for n in ref.surnames}
    for name, value in list(ref.gazetteer.items()):
        ref.gazetteer.setdefault(view(name), value)
    for row in _read_csv(d / "national_bodies.csv"):
        for n in [row["name"], *_split(row.get("aliases"))]:
            ref.allow.add(re.sub(r"^the\s+", "", n.replace("’", "'")).casefold())
    for row in _read_csv(d / "eponymous_terms.csv"):
        ref.allow.add(row["term"].replace("’", "'").casefold())
    ref.acronyms = {a.casefold() for a in english_words(str(d), "computing_acronyms.txt")}
    ref.english = english_words(str(d))
    ref.proper = english_words(str(d), "english_proper_words.txt")
    for row in _read_csv(d / "technology_terms.csv"):
        term = view(row["term"]).casefold()
        (ref.tech_ambiguous if row["kind"].endswith("-ambiguous") else ref.tech).add(term)
        ref.tech_len = max(ref.tech_len, len(term.split()))
    return ref
