"""Residual risk: what could still identify someone in the published transcripts and was not
replaced — the names nobody registered and no detector found, which the known-identifier scan
cannot see by construction.

After that scan, every capitalised word and run of capitalised words in
`results/deidentified/*.txt` is a candidate unless it is an ordinary English word, a capitalised
dictionary word that is not also a personal name (Scottish, Monday), a public place or body
(`data/reference/`), an allowed phrase, a pseudonym tag or a speaker label. What is left is
grouped by form, counted, and written with one line of context to a private report; the console
shows counts only. With `audit.residual: fail` the build fails until each form is decided: kept
(deidentify.allow) or registered (then it is replaced, and audited as a known identifier).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import LeakError
from ..decisions import load_decisions
from ..key import write_private
from ..normalise import skeleton
from .reference import (
    REFERENCE_DIR,
    calendar_words,
    english_words,
    first_names,
    proper_words,
    public_names,
    study_words,
    surnames,
    technology_terms,
    word_list,
)

# a capitalised word (letters, inner apostrophes and hyphens: O'Neill, Anne-Marie)
CAP_RE = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*(?:['’]s)?(?![\w'’-])")
TAG_RE = re.compile(r"\[[^\]\n]*\]")
SPEAKER_RE = re.compile(r"^[^\n:]{1,40}:", re.M)
COLUMNS = ["form", "count", "transcripts", "first_transcript", "decision", "context"]


@dataclass(frozen=True)
class Residual:
    form: str
    count: int
    transcripts: int
    first: str  # transcript id of the first occurrence
    context: str  # one line around the first occurrence (private)
    decision: str = ""  # keep | replace when the review decisions decide it, else ""


# Zipf frequency (wordfreq: log10 of uses per billion words) at which a word is common
# English: 3 is once per million words ("governance" 4.1, "carers" 3.2; "feely" 2.6).
COMMON_ZIPF = 3.0
# Surnames this common (1990 US census rank) count as personal names even when they are also
# dictionary words ("Young" 28, "English" 649); rarer ones do not ("Scotland" 36,897).
COMMON_SURNAME_RANK = 5000
CONTRACTION_RE = re.compile(r"^(\w+)['’](?:ve|re|ll|d|m|s|t)$|^(\w+)n['’]t$")
WORD_LISTS = ("conversational_fillers.txt", "conversational_signoffs.txt")


class Ordinary:
    """The audit's own reading of which capitalised words are ordinary: common English (the
    reference word list, or wordfreq at Zipf >= 3) or a capitalised dictionary word, unless it
    is also a personal name (a UK first name, a common surname); fillers, stop words, technology
    terms, month and day names; public places and bodies; allowed phrases."""

    def __init__(
        self, reference_dir: Path = REFERENCE_DIR, allow: list[str] = (), languages: tuple[str, ...] = ("en",)
    ) -> None:
        ref = str(reference_dir)
        self.plain = english_words(reference_dir) | calendar_words()
        # the ordinary words of the study's other languages ("Franchement" opening a sentence),
        # read after the name lists: their frequencies count names too ("Pierre", "Marie")
        others = tuple(lang for lang in languages if lang != "en")
        self.study = study_words(others, ref) if others else frozenset()
        for name in WORD_LISTS:
            self.plain |= word_list(ref, name)
        for f in sorted(Path(reference_dir).glob("stopwords_*.txt")):
            self.plain |= word_list(ref, f.name)
        self.plain |= technology_terms(ref)
        self.proper = proper_words(reference_dir)
        self.people = first_names(ref) | surnames(ref, COMMON_SURNAME_RANK)
        self.public = public_names(ref)
        self.allow = {skeleton(a).casefold().strip() for a in allow}
        # an allowed phrase is released wherever it stands, whatever the case and line wrapping
        # ("the Snorbeck review" releases "Snorbeck" there, not elsewhere)
        phrases = sorted({a.strip() for a in allow if a.strip()}, key=len, reverse=True)
        self.allowed = (
            re.compile(
                "|".join(r"(?<!\w)" + r"\s+".join(map(re.escape, p.split())) + r"(?!\w)" for p in phrases),
                re.I,
            )
            if phrases
            else None
        )
        self._seen: dict[str, bool] = {}

    def word(self, w: str) -> bool:
        low = skeleton(re.sub(r"['’]s$", "", w)).casefold().replace("’", "'")
        if low not in self._seen:
            self._seen[low] = self._word(low)
        return self._seen[low]

    def _word(self, low: str) -> bool:
        if low in self.plain or low in self.public or low in self.allow:
            return True
        m = CONTRACTION_RE.match(low)
        if m:
            return self._word(m.group(1) or m.group(2))
        if "-" in low:  # "co-production", "mm-hm": every part ordinary
            return all(self._word(part) for part in low.split("-") if part)
        if low in self.people:
            return False
        if low in self.study:
            return True
        if low in self.proper:
            return True
        from wordfreq import zipf_frequency

        return zipf_frequency(low, "en") >= COMMON_ZIPF

    def phrase(self, words: list[str]) -> bool:
        return skeleton(" ".join(words)).casefold() in self.public | self.allow


def _blank(text: str, allowed: re.Pattern | None = None) -> str:
    """Pseudonym tags, speaker labels and allowed phrases as spaces (offsets kept)."""
    spaces = lambda m: " " * len(m.group(0))  # noqa: E731
    text = SPEAKER_RE.sub(spaces, TAG_RE.sub(spaces, text))
    return allowed.sub(spaces, text) if allowed else text


def candidates(text: str, ordinary: Ordinary) -> list[tuple[str, int]]:
    """(form, offset) of each name-like form: a run of capitalised words separated by single
    spaces, trimmed of ordinary words at either end, kept if a word is left and the run is not
    itself a public or allowed phrase."""
    blanked = _blank(text, ordinary.allowed)
    out: list[tuple[str, int]] = []
    run: list[re.Match] = []

    def close() -> None:
        words = [m.group(0) for m in run]
        lo, hi = 0, len(words)
        while lo < hi and ordinary.word(words[lo]):
            lo += 1
        while hi > lo and ordinary.word(words[hi - 1]):
            hi -= 1
        if lo < hi and not ordinary.phrase(words) and not ordinary.phrase(words[lo:hi]):
            out.append((re.sub(r"['’]s$", "", " ".join(words[lo:hi])), run[lo].start()))
        run.clear()

    for m in CAP_RE.finditer(blanked):
        if run and blanked[run[-1].end() : m.start()] != " ":
            close()
        run.append(m)
    if run:
        close()
    return out


# what a cache entry of candidates holds; a new format retires every entry
CACHE_FORMAT = "coprod-residual-candidates 1"


def ordinary_key(reference_dir: Path, allow: list[str], languages: tuple[str, ...] = ("en",)) -> str:
    """What `candidates` depends on besides the text: the reference data (every file under the
    folder), the allowed phrases, the study's languages, the wordfreq version and the source of
    the code that reads them (this module, the audit's reference loader, the skeleton fold)."""
    from importlib.metadata import PackageNotFoundError, version

    from ... import cache as content_cache
    from .. import normalise
    from . import reference

    try:
        wordfreq = version("wordfreq")
    except PackageNotFoundError:
        wordfreq = "none"
    code = content_cache.source_digest(sys.modules[__name__], reference, normalise)
    data = content_cache.folder_digest(Path(reference_dir).resolve()).hex()
    return content_cache.digest(CACHE_FORMAT, code, data, wordfreq, list(allow), list(languages))


def residual_forms(
    files: list[Path],
    ordinary: Ordinary | Callable[[], Ordinary],
    cache=None,
    key: str = "",
) -> list[Residual]:
    """Every name-like form left in the published transcripts, most frequent first.

    `ordinary` may be a function building it (only called when a file's candidates are not
    cached). With `cache` (a private `coprod.cache.ContentCache`; it holds original-looking
    forms) and `key` (`ordinary_key`), each file's candidates are reused while its text is
    unchanged: one entry per key holding every file's candidates by the digest of its text,
    rewritten with this run's files only. The report is the same with or without it."""
    from ...cache import text_digest

    count: dict[str, int] = defaultdict(int)
    where: dict[str, set[str]] = defaultdict(set)
    first: dict[str, tuple[str, str]] = {}
    stored = (cache.get(key) or {}) if cache is not None else {}
    entries = stored.get("files") if isinstance(stored.get("files"), dict) else {}
    kept: dict[str, list] = {}
    built: list[Ordinary] = []

    def reader() -> Ordinary:
        if not built:
            built.append(ordinary if isinstance(ordinary, Ordinary) else ordinary())
        return built[0]

    for f in sorted(files):
        text = f.read_text(encoding="utf-8", errors="replace")
        tid = f.name.split(".", 1)[0]
        found = None
        if cache is not None:
            digest = text_digest(text)
            entry = entries.get(digest)
            if isinstance(entry, list) and all(
                isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) and isinstance(e[1], int)
                and 0 <= e[1] < len(text)
                for e in entry
            ):  # fmt: skip
                found = [(form, at) for form, at in entry]
        if found is None:
            found = candidates(text, reader())
        if cache is not None:
            kept[digest] = [[form, at] for form, at in found]
        for form, at in found:
            count[form] += 1
            where[form].add(tid)
            if form not in first:
                line_start = text.rfind("\n", 0, at) + 1
                line_end = text.find("\n", at)
                line = text[line_start : line_end if line_end >= 0 else len(text)]
                k = at - line_start
                first[form] = (tid, line[max(0, k - 60) : k + 60].strip())
    if cache is not None and (built or set(kept) != set(entries)):
        cache.put(key, {"files": kept})
    return [
        Residual(form, count[form], len(where[form]), *first[form])
        for form in sorted(count, key=lambda x: (-count[x], x))
    ]


def write_residual(path: Path, forms: list[Residual]) -> None:
    """The private report (0600): each form, its counts and one line of context."""
    rows = ["\t".join(COLUMNS)]
    for r in forms:
        vals = [r.form, str(r.count), str(r.transcripts), r.first, r.decision, r.context]
        rows.append("\t".join(v.replace("\t", " ").replace("\n", " ") for v in vals))
    write_private(path, "\n".join(rows) + "\n")


def _fold(form: str) -> str:
    return " ".join(skeleton(form).casefold().split())


def residual_check(
    root: Path,
    report_path: Path,
    mode: str = "report",
    allow: list[str] = (),
    reference_dir: Path = REFERENCE_DIR,
    decisions_path: Path | None = None,
    cache=None,
    languages: tuple[str, ...] = ("en",),
) -> str:
    """Write the residual report for `root/deidentified/*.txt`; return the console line (counts
    only). A form the review decisions decide (`decisions_path`, read with their own loader) is
    marked with its decision and no longer undecided. With `mode="fail"` and any undecided form
    left, raise LeakError. `cache`: a private `coprod.cache.ContentCache` of each published
    file's candidates (`residual_forms`). `languages`: the study's (deidentify.languages): a
    capitalised ordinary word of any of them is no name-like form."""
    files = sorted((Path(root) / "deidentified").glob("*.txt"))
    decided = {_fold(d.form): d.decision for d in load_decisions(decisions_path)}
    languages = tuple(languages)
    key = ordinary_key(reference_dir, list(allow), languages) if cache is not None else ""
    found = residual_forms(files, lambda: Ordinary(reference_dir, list(allow), languages), cache, key)
    forms = [replace(r, decision=decided.get(_fold(r.form), "")) for r in found]
    write_residual(Path(report_path), forms)
    open_forms = [r for r in forms if not r.decision]
    n = sum(r.count for r in forms)
    line = (
        f"residual risk: {len(forms)} name-like form(s), {n} occurrence(s) in {len(files)} published "
        f"transcript(s) not replaced and not known to be ordinary or public ({len(open_forms)} undecided, "
        f"{len(forms) - len(open_forms)} decided) — {report_path} (private)"
    )
    if mode == "fail":
        _fail_if_undecided(report_path, len(open_forms))
    return line


def _fail_if_undecided(report_path: Path, undecided: int) -> None:
    if undecided:
        raise LeakError(
            report_path,
            f"{undecided} name-like form(s) in the published transcripts undecided (audit.residual: fail)",
            "decide each form in that private report once: `coprod review-deid --keep FORM` if it "
            "identifies nobody, `--replace FORM --type PERSON|PLACE|ORG|NAME` if it does; then rerun",
        )


def enforce_residual_report(report_path: Path, mode: str) -> None:
    """`audit.residual: fail` on a report `residual_check` wrote in `report` mode (the workflow's
    own rule, which runs beside the rest of the pipeline as soon as the transcripts are published):
    the same LeakError as `residual_check(..., "fail")` while any form in it is undecided."""
    if mode != "fail":
        return
    lines = Path(report_path).read_text(encoding="utf-8").splitlines()
    at = COLUMNS.index("decision")
    rows = [line.split("\t") for line in lines[1:] if line]
    _fail_if_undecided(report_path, sum(1 for r in rows if len(r) <= at or not r[at]))
