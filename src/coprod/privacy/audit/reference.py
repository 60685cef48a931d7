"""The audit's own reading of data/reference/: plain word lists, read from the files.

Deliberately not the detectors' loader (`coprod.privacy.names`): that one applies the
de-identification's allow-list, gazetteer rules and first-name thresholds, and an error there
(one bad allow entry) would blind the detector and its check at once. Here are only the facts
the audit needs — which words are ordinary in the study's languages (English from its lists,
any other from wordfreq's, only the study's), which names are public places or bodies — each
read straight from its file.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from ...languages import check_languages
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


# A word at least this frequent (wordfreq Zipf) in a study language other than English is an
# ordinary word of that language: the line deidentify.languages draws for the de-identification
# ("moulin", "pain", "rue" in French). Restated here, not imported: the audit's own reading.
ZIPF_ORDINARY = 4.0


@lru_cache(maxsize=16)
def _frequent_words(lang: str) -> frozenset[str]:
    """wordfreq's words of `lang` at ZIPF_ORDINARY or more, as the audit reads text (skeleton,
    lower case: "pâques" is "paques")."""
    from wordfreq import iter_wordlist, zipf_frequency

    out: set[str] = set()
    for word in iter_wordlist(lang):
        if zipf_frequency(word, lang) < ZIPF_ORDINARY:
            break  # the list runs from the most frequent word down
        out.add(skeleton(word).casefold())
    return frozenset(out)


@lru_cache(maxsize=8)
def study_words(languages: tuple[str, ...] = ("en",), ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """Ordinary words of the study's languages (deidentify.languages), lower case: English's
    word lists (`english_words`) when English is one of them, each other language's frequent
    words (`_frequent_words`). Only those languages' lists are loaded. A value that is one of
    these is looked for capitalised only ("Moulin", a registered surname, is no hit in "un
    moulin à eau" of a French-English study), and a hit on one is advised keep."""
    languages = tuple(dict.fromkeys(languages or ("en",)))
    check_languages(languages)
    out = english_words(ref_dir) if "en" in languages else frozenset()
    for lang in languages:
        if lang != "en":
            out = out | _frequent_words(lang)
    return out


# A word at least this frequent (wordfreq Zipf, about once in a million words) in a study
# language with articles on cues/study_articles.txt is one its speakers use as a noun: written in
# lower case right after one of its singular articles ("un moulin", "le boulanger du coin") it is
# that noun, not a registered person's surname (`study_nouns`; the de-identification draws the
# same line). Names are that frequent too ("garnier" 3.65 in French): the article decides.
NOUN_FLOOR = 3.0
ARTICLE_KINDS = ("articles", "indefinites")


@lru_cache(maxsize=8)
def study_articles(
    languages: tuple[str, ...] = ("en",), ref_dir: str | Path = REFERENCE_DIR
) -> frozenset[str]:
    """The singular definite and indefinite articles of the study's languages other than
    English (cues/study_articles.txt), as the audit splits words: skeleton, lower case, letters
    only ("l'" is "l"). Empty for an English-only study or a language with no line there."""
    path = Path(ref_dir) / "cues" / "study_articles.txt"
    out: set[str] = set()
    wanted = {lang for lang in languages if lang != "en"}
    if not wanted or not path.exists():
        return frozenset()
    for line in path.read_text(encoding="utf-8").split("\n"):
        head, _, words = line.partition(":")
        parts = head.split()
        if line.startswith("#") or len(parts) != 2 or parts[0] not in wanted or parts[1] not in ARTICLE_KINDS:
            continue
        for w in words.split():
            out.update(x.casefold() for x in re.findall(r"[^\W\d_]+", skeleton(w)))
    return frozenset(out)


def study_nouns(languages: tuple[str, ...] = ("en",), ref_dir: str | Path = REFERENCE_DIR):
    """A predicate on one word as written (accents included): is it a word the speakers of a
    study language with articles (`study_articles`) use, at NOUN_FLOOR or more, and no listed
    first name ("Marie" stays a person after "la")? None when no study language has articles."""
    langs = tuple(
        lang for lang in dict.fromkeys(languages) if lang != "en" and study_articles((lang,), str(ref_dir))
    )
    if not langs:
        return None
    from wordfreq import zipf_frequency

    first = first_names(str(ref_dir))

    def noun(word: str) -> bool:
        low = word.strip().casefold()
        if skeleton(low) in first:
            return False
        return max(zipf_frequency(low, lang) for lang in langs) >= NOUN_FLOOR

    return noun


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
