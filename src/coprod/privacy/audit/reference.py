"""The audit's own reading of data/reference/: plain word lists, read from the files.

Deliberately not the detectors' loader (`coprod.privacy.names`): that one applies the
de-identification's allow-list, gazetteer rules and first-name thresholds, and an error there
(one bad allow entry) would blind the detector and its check at once. Here are only the facts
the audit needs — which words are ordinary English, and which names are public places or
bodies — each read straight from its file.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from ..normalise import skeleton

REFERENCE_DIR = Path(__file__).resolve().parents[4] / "data" / "reference"

# Public places and bodies: the gazetteers (names and aliases), read as whole names.
PLACE_FILES = (
    "hscps.csv",
    "health_boards.csv",
    "hospitals.csv",
    "scotland_places.csv",
    "western_isles_settlements.csv",
    "islands.csv",
    "regions.csv",
    "council_areas.csv",
)
# Public terms that are not places: national bodies and eponymous terms ("Alzheimer").
PUBLIC_TERM_FILES = ("national_bodies.csv", "eponymous_terms.csv")
HOSPITAL_WORD_RE = re.compile(r"\s+(?:Hospital|Infirmary)$")


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _forms(row: dict[str, str], first: str) -> list[str]:
    """A row's name (or term) and its `;`-separated aliases, without a leading "the"."""
    out = [row.get(first) or "", *(row.get("aliases") or "").split(";")]
    return [re.sub(r"^the\s+", "", f.strip().replace("’", "'")) for f in out if f.strip()]


@lru_cache(maxsize=8)
def word_list(ref_dir: str | Path, name: str) -> frozenset[str]:
    """One word per line, `#` comment lines skipped (a missing file is an empty list)."""
    path = Path(ref_dir) / name
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").split("\n")
    return frozenset(w for w in lines if w and not w.startswith("#"))


def english_words(ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """Ordinary English words, lower case (english_words.txt with english_abbreviations.txt):
    a value that is also one of these ("Hope", "Will") is looked for capitalised only."""
    return word_list(str(ref_dir), "english_words.txt") | word_list(str(ref_dir), "english_abbreviations.txt")


def proper_words(ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """Capitalised dictionary words, lower-cased (english_proper_words.txt: "scottish")."""
    return word_list(str(ref_dir), "english_proper_words.txt")


@lru_cache(maxsize=8)
def first_names(ref_dir: str | Path = REFERENCE_DIR, min_births: int = 20) -> frozenset[str]:
    """First names, folded and lower case: uk_first_names.csv (at least `min_births` births)
    and gaelic_first_names.csv."""
    d = Path(ref_dir)
    names = [r["name"] for r in _rows(d / "uk_first_names.csv") if int(r.get("births") or 0) >= min_births]
    names += [r["name"] for r in _rows(d / "gaelic_first_names.csv")]
    return frozenset(skeleton(n).casefold() for n in names if n)


@lru_cache(maxsize=8)
def surnames(ref_dir: str | Path = REFERENCE_DIR, max_rank: int = 0) -> frozenset[str]:
    """Surnames, folded and lower case (us_census_1990_surnames.csv), the `max_rank` most
    common if given."""
    rows = _rows(Path(ref_dir) / "us_census_1990_surnames.csv")
    return frozenset(
        skeleton(r["surname"]).casefold()
        for r in rows
        if r.get("surname") and (not max_rank or int(r.get("rank") or 0) <= max_rank)
    )


@lru_cache(maxsize=8)
def technology_terms(ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """Technology terms (technology_terms.csv), folded and lower case: products, languages,
    formats ("Padlet", "Python")."""
    return frozenset(skeleton(r["term"]).casefold() for r in _rows(Path(ref_dir) / "technology_terms.csv"))


def calendar_words() -> frozenset[str]:
    """Month and day names in English, lower case (the standard library's C-locale names)."""
    import calendar

    names = [*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, *calendar.day_abbr]
    return frozenset(n.casefold() for n in names)


@lru_cache(maxsize=8)
def public_names(ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """Names of public places and bodies, folded and lower case: every gazetteer name and
    alias, a hospital's name without "Hospital"/"Infirmary" ("Royal Anytown"; one word only if
    it is no first name), national bodies and eponymous terms."""
    d = Path(ref_dir)
    out: set[str] = set()
    first = first_names(str(ref_dir))
    for fname in PLACE_FILES:
        for row in _rows(d / fname):
            for form in _forms(row, "name"):
                out.add(form)
                short = HOSPITAL_WORD_RE.sub("", form)
                # "Ailsa" of "Ailsa Hospital" is a person's name as often as the hospital's
                if short != form and (len(short.split()) > 1 or skeleton(short).casefold() not in first):
                    out.add(short)
    for fname in PUBLIC_TERM_FILES:
        for row in _rows(d / fname):
            out.update(_forms(row, "term" if "term" in row else "name"))
    return frozenset(skeleton(n).casefold() for n in out if n)


def distinctive_words(name: str, ref_dir: str | Path = REFERENCE_DIR) -> list[str]:
    """The audit's rule for an organisation's words that identify it on their own ("Rowett"
    of "Rowett Research Institute"): four or more letters, not written in capitals (HSCP, NHS:
    shared by many bodies), not an ordinary or capitalised dictionary word, and not on its
    own the name of a public place or body."""
    common = english_words(ref_dir) | proper_words(ref_dir)
    public = public_names(str(ref_dir))
    return [
        w
        for w in re.findall(r"[^\W\d_]+", skeleton(name))
        if len(w) >= 4 and not w.isupper() and w.casefold() not in common and w.casefold() not in public
    ]
