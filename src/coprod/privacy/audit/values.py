"""What the audit looks for: every original identifier value, from the private pseudonym key,
the identifier register and the de-identification's review log — and the phrases public by
construction (the manuscript's byline and cited authors).

The values are read with the audit's own rules (a person's name words, an organisation's
distinctive words, which forms count only capitalised), never the detectors'.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..decisions import Decision, replaced
from ..key import PseudonymKey
from ..normalise import skeleton
from ..register import load_register
from .reference import REFERENCE_DIR, distinctive_words, study_nouns, study_words

# letters only: apostrophes, hyphens, digits and underscores separate words
WORD_RE = re.compile(r"[^\W\d_]+")
# Review rows that are not identifiers outside their own transcript (a participant's own job
# title or organisation, generalised there only).
NOT_GLOBAL = {"QUASI", "DATE"}
# A single word replaced on weak evidence (context rules below this confidence) is audited in
# its own transcript's outputs, not everywhere (elsewhere it is usually an ordinary word). The
# same line as the de-identification's policy (docs/deidentification.md): a decision below 0.8
# reaches its own transcript, one at 0.8 or above the whole corpus. (0.7 here let a word found
# at 0.7, replaced in its own transcript only, fail the audit in every other transcript.)
WEAK = 0.8
# A name found below this confidence is a guess: the de-identifier carries a word of it to the
# rest of the corpus only where the corpus does not write that word in lower case (its policy,
# docs/deidentification.md), so the audit reads such a word's lower-case uses the same way
# (`guessed`, used by the scan's capitalised-where-ordinary rule).
CONFIDENT_NAME = 0.9


@dataclass(frozen=True)
class Value:
    original: str
    label: str  # the pseudonym or register type (printed; never the original)
    source: str  # key | register | review | decision
    guard: str = ""  # "" any case | "cap" capitalised only | "exact" as written (acronyms)
    scope: str = ""  # "" everywhere | a transcript id (weak single words)
    detector: str = ""  # which de-identification layer introduced it (from the review log)
    guessed: bool = False  # a word of a name found only below CONFIDENT_NAME this run


@dataclass(frozen=True)
class Hit:
    file: str
    where: str
    value: Value


def _words(text: str) -> list[str]:
    return WORD_RE.findall(skeleton(text))


def _guard(original: str, english: frozenset[str], nouns=None) -> str:
    """How a value is looked for: "exact" (a short acronym), "cap" (an ordinary word of the
    study's languages: capitalised only), "noun" (a person's word that a study language uses
    as a noun, `reference.study_nouns`: any case but lower case right after one of its
    articles) or "" (any case)."""
    words = _words(original)
    if len(words) != 1:
        return ""
    if original.strip().isupper() and len(words[0]) <= 6:
        return "exact"
    if words[0].casefold() in english:
        return "cap"
    return "noun" if nouns is not None and nouns(original.strip()) else ""


def _name_words(name: str) -> list[str]:
    """The audit's own reading of a person's name: each word of two or more letters."""
    return [w for w in _words(name) if len(w) >= 2 and w.casefold() not in TITLE_WORDS]


TITLE_WORDS = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "sir"}


def identifier_values(
    key_path: Path,
    register_path: Path | None,
    review_path: Path | None,
    reference_dir: Path = REFERENCE_DIR,
    decisions: list[Decision] = (),
    languages: tuple[str, ...] = ("en",),
) -> list[Value]:
    """Every original value the shareable zone must not contain; `decisions` (the private
    review decisions): each form decided replace, read like a register entry. `languages`: the
    study's (deidentify.languages): a value that is an ordinary word of one of them is looked
    for capitalised only."""
    english = study_words(tuple(languages), str(reference_dir))
    nouns = study_nouns(tuple(languages), str(reference_dir))
    out: list[Value] = []
    weak: dict[str, set[str]] = defaultdict(set)
    strong: set[str] = set()
    where: dict[str, set[str]] = defaultdict(set)  # the transcripts a strong value was replaced in
    detectors: dict[str, str] = {}
    best: dict[str, float] = {}  # each name's highest confidence this run
    if review_path and Path(review_path).exists():
        with open(review_path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                conf = float(row["confidence"])
                best[row["original"]] = max(best.get(row["original"], 0.0), conf)
        with open(review_path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                original = row["original"]
                detectors.setdefault(original, row["detector"])
                if row["type"] in NOT_GLOBAL:
                    continue
                single = len(_words(original)) == 1
                # an ordinary word of a full name, carried to its own transcript's other
                # mentions only (de-identification: "Grace" of "Grace Liu"), is audited there
                local = row["detector"] == "propagated" and original.strip().casefold() in english
                if single and (float(row["confidence"]) < WEAK or local):
                    weak[original].add(row["transcript"])
                    continue
                strong.add(original)
                where[original].add(row["transcript"])
                label = f"[{row['pseudonym']}]"
                found = where[original]
                guessed = best[original] < CONFIDENT_NAME
                out += _with_name_words(
                    original,
                    label,
                    "review",
                    row["type"],
                    english,
                    found_in=found,
                    guessed=guessed,
                    nouns=nouns,
                )
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
        out += _with_name_words(
            original,
            f"[{entry['pseudonym']}]",
            source,
            entry["type"],
            english,
            found_in=where.get(original),
            guessed=source == "key" and best.get(original, 1.0) < CONFIDENT_NAME,
            nouns=nouns,
        )
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
                    form, f"register {ent.type}", "register", ent.type, english, reference_dir, nouns=nouns
                )
    for d in replaced(list(decisions)):
        out += _with_name_words(
            d.form, f"decided {d.type}", "decision", d.type, english, reference_dir, nouns=nouns
        )
    out = [replace(v, detector=detectors.get(v.original, v.source)) for v in out]
    return [v for v in out if sum(len(w) for w in _words(v.original)) >= 2]


VALUES_FORMAT = "coprod-audit-values 1"


def _file_digest(path: Path | None) -> str | None:
    import hashlib

    if path is None or not Path(path).is_file():
        return None
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _languages_key(languages: tuple[str, ...]) -> list:
    """What the study's languages add to the values' cache key: the languages, and for any
    but English the version of the word-frequency lists their words come from."""
    if all(lang == "en" for lang in languages):
        return [list(languages), ""]
    from importlib.metadata import version

    return [list(languages), version("wordfreq")]


def identifier_values_cached(
    key_path: Path,
    register_path: Path | None,
    review_path: Path | None,
    reference_dir: Path = REFERENCE_DIR,
    decisions: list[Decision] = (),
    cache=None,
    languages: tuple[str, ...] = ("en",),
) -> list[Value]:
    """`identifier_values`, reused from `cache` (a private `coprod.cache.ContentCache`: the
    values are originals) while the key, register and review log have the same bytes, the
    decisions, the study's languages (and the word-frequency lists' version) and every file
    under `reference_dir` are the same and so is the code that reads them. An edit that changes
    no identifier (a figure, a setting, a keyword) then rebuilds none of them; an entry of the
    wrong shape is ignored and rebuilt."""
    languages = tuple(languages)
    if cache is None:
        return identifier_values(key_path, register_path, review_path, reference_dir, decisions, languages)
    import hashlib
    from dataclasses import astuple, fields

    from ... import cache as cache_module
    from .. import decisions as decisions_module
    from .. import key, normalise, register
    from . import reference

    ref = Path(reference_dir)
    refs = sorted(
        (p.relative_to(ref).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in ref.rglob("*")
        if p.is_file()
    )
    code = cache_module.source_digest(normalise, key, register, decisions_module, reference, cache_module)
    code += Path(__file__).read_text(encoding="utf-8")
    k = cache_module.digest(
        VALUES_FORMAT,
        hashlib.sha256(code.encode("utf-8")).hexdigest(),
        [_file_digest(key_path), _file_digest(register_path), _file_digest(review_path), bool(review_path)],
        [astuple(d) for d in decisions],
        str(ref),
        refs,
        *_languages_key(languages),
    )
    kinds = [f.type for f in fields(Value)]
    entry = cache.get(k)
    try:
        rows = entry["values"]
        if not all(
            isinstance(r, list)
            and len(r) == len(kinds)
            and all(isinstance(x, bool if t == "bool" else str) for x, t in zip(r, kinds, strict=True))
            for r in rows
        ):
            raise ValueError
        return [Value(*r) for r in rows]
    except (KeyError, TypeError, ValueError):
        pass
    values = identifier_values(key_path, register_path, review_path, reference_dir, decisions, languages)
    # each value's fields in order, as `astuple` gives them (which copies field by field: a
    # second per 20,000 values)
    names = [f.name for f in fields(Value)]
    cache.put(k, {"values": [[getattr(v, n) for n in names] for v in values]})
    return values


def _with_name_words(
    original: str,
    label: str,
    source: str,
    etype: str,
    english,
    reference_dir: Path = REFERENCE_DIR,
    found_in: set[str] | None = None,
    guessed: bool = False,
    nouns=None,
) -> list[Value]:
    """The value itself; for a person each word of their name ("Morag", "Drysdale"); for an
    organisation each word that names it on its own ("Rowett").

    A name the de-identifier found this run (`found_in`: the transcripts it was replaced in)
    has its words audited as the de-identifier replaces them: a word under three letters not on
    its own ("QX" of a name guessed from "Velby QX" is no name elsewhere), an ordinary word
    ("Marsh") capitalised in those transcripts only; any other word everywhere. A first run
    failed on every "Hill" of other transcripts after a detector read a two-word place as a
    person. Register names (the team's own list) keep every word everywhere. A word of a name
    found only on weak evidence (`guessed`) is marked so: one lower-case use in the published
    cased transcripts makes it ordinary there, as it does for the de-identifier. `nouns`
    (`reference.study_nouns`): a person's word a study language
    uses as a noun is no hit in lower case right after one of its articles ("le boulanger")."""
    nouns = nouns if etype == "PERSON" else None
    out = [Value(original, label, source, _guard(original, english, nouns))]
    if etype == "PERSON" and found_in:
        for w in _name_words(original):
            if len(w) < 3 or w == original.strip():
                continue
            if w.casefold() in english:
                out += [Value(w, label, source, "cap", t) for t in sorted(found_in)]
            else:
                out.append(Value(w, label, source, _guard(w, english, nouns), guessed=guessed))
    elif etype == "PERSON":
        out += [Value(w, label, source, _guard(w, english, nouns)) for w in _name_words(original)]
    if etype == "ORG" and source in ("register", "decision"):  # the team's word, not a detector's guess
        out += [Value(w, label, source, "") for w in distinctive_words(original, reference_dir)]
    return out


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
