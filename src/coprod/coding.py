"""Coding: the codebook's keyword rules applied to segments, transparently.

Keywords match whole words, case-insensitively, as MAXQDA's and NVivo's "whole words" text
search does: "precise" does not hit "precision", "fairness" does not hit "faire". Words are
Unicode letter/digit runs (accented letters belong to the word; apostrophes inside a word too,
and a possessive "'s" is ignored), and a phrase matches its words in sequence whatever the
spacing or hyphens between them ("tick box" = "tick-box"). A codebook widens a keyword only on
purpose: `stem: true` compares Snowball stems in the codebook's `language`, a trailing `*`
matches any ending ("tokeni*"), and `not_in` lists phrases whose occurrences a hit must not
overlap ("power" not in "power point").

Every coded segment records which rule matched and which words in the text matched, and
`apply_codebook` also reports, per rule, how often it fired and the words it matched — so a rule
that never fired, or fired on the wrong words, is visible.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .config import read_yaml, validate
from .errors import ConfigError
from .snowball import LANGUAGES, stemmer
from .text import PSEUDONYM_RE

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
TERM_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*\*?")


@lru_cache(maxsize=262144)
def _stem(word: str, language: str) -> str:
    return _stemmer(language)(word)


@lru_cache(maxsize=32)
def _stemmer(language: str) -> Callable[[str], str]:
    # English without NLTK (coprod.snowball); another language loads NLTK's stemmer
    return stemmer(language)


def _norm(word: str) -> str:
    """The form a word is compared in: case-folded, one apostrophe, possessive 's dropped."""
    w = word.casefold().replace("’", "'")
    return w[:-2] if w.endswith("'s") and len(w) > 2 else w


def words(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The text with pseudonym and transcription tags blanked, and (compared form, start, end)
    of every word in it."""
    clean = PSEUDONYM_RE.sub(lambda m: " " * len(m.group(0)), text)
    return clean, [(_norm(m.group(0)), m.start(), m.end()) for m in WORD_RE.finditer(clean)]


@dataclass(frozen=True)
class Keyword:
    """One keyword rule: `term` as written in the codebook, compared word by word."""

    term: str
    words: tuple[str, ...]
    stem: bool = False
    language: str = "english"
    not_in: tuple[tuple[str, ...], ...] = ()

    @property
    def rule(self) -> str:
        return "keyword:" + self.term


def _term_words(term: str) -> tuple[str, ...]:
    return tuple(_norm(w) for w in TERM_RE.findall(term))


def keyword(term: str, stem: bool = False, not_in=(), language: str = "english") -> Keyword:
    """A keyword rule from its codebook form; ValueError when it cannot match anything."""
    ws = _term_words(term)
    if not ws:
        raise ValueError(f"keyword '{term}' has no words")
    if any("*" in w for w in ws):
        if stem:
            raise ValueError(f"keyword '{term}': use either a wildcard or stem: true, not both")
        if any(w == "*" or not w.endswith("*") for w in ws if "*" in w):
            raise ValueError(f"keyword '{term}': '*' must end a word of at least one letter")
    if stem:
        ws = tuple(_stem(w, language) for w in ws)
    excl = tuple(_term_words(p) for p in not_in)
    if not all(excl):
        raise ValueError(f"keyword '{term}': an empty not_in phrase")
    return Keyword(term, ws, bool(stem), language, excl)


@dataclass(frozen=True)
class Code:
    id: str
    theme: str
    label: str
    keywords: tuple[Keyword, ...]
    regex: tuple[re.Pattern, ...]
    proximity: tuple[tuple[Keyword, Keyword, int], ...] = ()


def load_codebook(path: str | Path) -> tuple[dict, list[Code]]:
    """Read and validate the codebook; return (raw data, flat list of codes)."""
    data = read_yaml(path, ConfigError)
    validate(data, "codebook", path)
    language = data.get("language", "english")
    if language not in LANGUAGES:
        raise ConfigError(
            path, f"language '{language}' has no Snowball stemmer", f"use one of: {', '.join(LANGUAGES)}"
        )
    codes, seen = [], set()
    for theme in data["themes"]:
        for c in theme["codes"]:
            if c["id"] in seen:
                raise ConfigError(path, f"duplicate code id '{c['id']}'", "give every code a unique id")
            seen.add(c["id"])
            try:
                kws = tuple(
                    keyword(k, language=language)
                    if isinstance(k, str)
                    else keyword(k["term"], k.get("stem", False), k.get("not_in", ()), language)
                    for k in c.get("keywords", [])
                )
                near = tuple(
                    (
                        keyword(p["terms"][0], p.get("stem", False), (), language),
                        keyword(p["terms"][1], p.get("stem", False), (), language),
                        int(p["within"]),
                    )
                    for p in c.get("proximity", [])
                )
            except ValueError as exc:
                raise ConfigError(path, f"code '{c['id']}': {exc}", "fix the keyword") from None
            try:
                rxs = tuple(re.compile(r, re.I) for r in c.get("regex", []))
            except re.error as exc:
                raise ConfigError(path, f"code '{c['id']}': bad regex ({exc})", "fix the pattern") from None
            codes.append(Code(c["id"], theme["id"], c["label"], kws, rxs, near))
    return data, codes


def _word_matches(pattern: str, form: str, kw: Keyword) -> bool:
    if kw.stem:
        return _stem(form, kw.language) == pattern
    if pattern.endswith("*"):
        return form.startswith(pattern[:-1])
    return form == pattern


class Forms:
    """A segment's compared word forms, indexed by form, so a keyword is looked up where its
    first word occurs instead of being tried at every position (the coding stage's cost grew
    with words × keywords)."""

    __slots__ = ("forms", "at", "_stems", "_prefixes")

    def __init__(self, forms: list[str]) -> None:
        self.forms = forms
        self.at: dict[str, list[int]] = {}
        for i, f in enumerate(forms):
            self.at.setdefault(f, []).append(i)
        self._stems: dict[str, dict[str, list[int]]] = {}
        self._prefixes: dict[str, list[int]] = {}

    def starts(self, pattern: str, kw: Keyword) -> list[int]:
        """Positions whose word matches `pattern` under the keyword's rule, in order."""
        if kw.stem:
            index = self._stems.get(kw.language)
            if index is None:
                index = {}
                for f, ps in self.at.items():
                    index.setdefault(_stem(f, kw.language), []).extend(ps)
                for ps in index.values():
                    ps.sort()
                self._stems[kw.language] = index
            return index.get(pattern, [])
        if pattern.endswith("*"):
            hit = self._prefixes.get(pattern)
            if hit is None:
                pre = pattern[:-1]
                hit = sorted(p for f, ps in self.at.items() if f.startswith(pre) for p in ps)
                self._prefixes[pattern] = hit
            return hit
        return self.at.get(pattern, [])


def _find(kw: Keyword, forms: Forms | list[str]) -> list[int]:
    """Start positions of every occurrence of the keyword's words in sequence."""
    if not isinstance(forms, Forms):
        forms = Forms(forms)
    n, seq = len(kw.words), forms.forms
    last = len(seq) - n
    rest = tuple(enumerate(kw.words[1:], 1))
    return [
        i
        for i in forms.starts(kw.words[0], kw)
        if i <= last and all(_word_matches(p, seq[i + j], kw) for j, p in rest)
    ]


def _excluded(kw: Keyword, forms: Forms, i: int) -> bool:
    """The hit at i overlaps an occurrence of one of the keyword's not_in phrases."""
    n = len(kw.words)
    for phrase in kw.not_in:
        probe = Keyword("", phrase)
        for j in _find(probe, forms):
            if j < i + n and i < j + len(phrase):
                return True
    return False


def match_code(
    code: Code, clean: str, ws: list[tuple[str, int, int]], forms: Forms | None = None
) -> list[tuple[str, str]]:
    """All (rule, matched words) hits of one code in one segment (`clean, ws = words(text)`;
    `forms`, the segment's index, shared by its codes); the matched words are the text as
    written (lower case), from the first word to the last."""
    if forms is None:
        forms = Forms([f for f, _, _ in ws])

    def span(i: int, j: int) -> str:
        return " ".join(clean[ws[i][1] : ws[j][2]].lower().split())

    hits = []
    for kw in code.keywords:
        n = len(kw.words)
        for i in _find(kw, forms):
            if not (kw.not_in and _excluded(kw, forms, i)):
                hits.append((kw.rule, span(i, i + n - 1)))
    for rx in code.regex:
        for m in rx.finditer(clean):
            hits.append(("regex:" + rx.pattern, m.group(0).lower()))
    for a, b, within in code.proximity:
        pos_a, pos_b = _find(a, forms), _find(b, forms)
        for i in pos_a:
            near = [j for j in pos_b if 0 < abs(i - j) <= within]
            if near:
                j = min(near, key=lambda j: (abs(i - j), j))
                hits.append(
                    (
                        proximity_rule(a, b, within),
                        f"{span(i, i + len(a.words) - 1)} … {span(j, j + len(b.words) - 1)}",
                    )
                )
    return hits


def proximity_rule(a: Keyword, b: Keyword, within: int) -> str:
    return f"near:{a.term}~{b.term}/{within}"


def rules_of(code: Code) -> list[tuple[str, str, bool]]:
    """(rule, kind, stemmed) of every rule of a code, in codebook order."""
    out = [(k.rule, "keyword", k.stem) for k in code.keywords]
    out += [("regex:" + rx.pattern, "regex", False) for rx in code.regex]
    out += [(proximity_rule(a, b, w), "proximity", a.stem) for a, b, w in code.proximity]
    return out


CODED_COLUMNS = [
    "segment_id",
    "transcript_id",
    "participant_id",
    "site_id",
    "group",
    "theme_id",
    "code_id",
    "n_hits",
    "rules",
    "matched",
]
REPORT_COLUMNS = ["code_id", "theme_id", "rule", "kind", "stem", "fired", "segments", "hits", "matched"]


def segment_hits(text: str, codes: list[Code]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(code id, its hits) of every code that fires in one segment's text, in codebook order: a
    function of the text and the codebook alone."""
    clean, ws = words(text)
    forms = Forms([f for f, _, _ in ws])
    out = []
    for code in codes:
        hits = match_code(code, clean, ws, forms)
        if hits:
            out.append((code.id, hits))
    return out


# the code whose output a coding cache entry holds: a change to any of it retires every entry
CACHE_FORMAT = "coprod-coding-hits 2"


def _code_key(code: Code, source: str | None = None) -> str:
    """What one code's hits in a transcript depend on besides its texts: the code's rules as
    compiled (their reprs name every keyword, stem, wildcard, not_in phrase, regex and proximity
    rule; not its theme or label, which no hit reads), and the source of the matching code (this
    module, the stemmer, the tag pattern: `source`, computed once per run by the caller)."""
    import sys

    from . import cache as content_cache
    from . import snowball, text

    if source is None:
        source = content_cache.source_digest(sys.modules[__name__], snowball, text)
    rules = [
        code.id,
        [repr(k) for k in code.keywords],
        [[rx.pattern, rx.flags] for rx in code.regex],
        [[repr(a), repr(b), n] for a, b, n in code.proximity],
    ]
    return content_cache.digest(CACHE_FORMAT, source, rules)


def _stored_hits(entry: object, n: int) -> list | None:
    """A cached transcript's hits of one code (one list of (rule, words) per segment), or None
    when the entry is not that (damaged, foreign, or for a transcript with other segments)."""
    if not isinstance(entry, list) or len(entry) != n:
        return None
    try:
        # most segments have no hit of a given code: [] is taken as it is
        return [[] if seg == [] else [(str(r), str(w)) for r, w in seg] for seg in entry]
    except (TypeError, ValueError):
        return None


def _all_hits(segments: pd.DataFrame, codes: list[Code], cache) -> list:
    """Every segment's `segment_hits`, in table order. With `cache` (a private
    `coprod.cache.ContentCache`) each code's hits in each transcript are reused while the code's
    rules and the transcript's segment texts, in order, are unchanged: one entry per code (its
    rules' `_code_key`) holding its hits in every transcript by the digest of its texts,
    rewritten with the transcripts of this run only (so it stays the size of the corpus). An
    edited keyword then applies its code's rules to every segment again and no other code's;
    an edited or added transcript applies every code's rules to its segments only."""
    texts = [str(t) for t in segments["text"]]
    if cache is None or not len(segments) or not codes:
        return [segment_hits(t, codes) for t in texts]
    import sys

    from . import cache as content_cache
    from . import snowball, text

    source = content_cache.source_digest(sys.modules[__name__], snowball, text)
    keys = [_code_key(c, source) for c in codes]
    stored = []
    for key in keys:
        body = cache.get(key) or {}
        entries = body.get("transcripts")
        stored.append(entries if isinstance(entries, dict) else {})
    by_transcript: dict[str, list[int]] = {}
    for i, tid in enumerate(segments["transcript_id"].astype(str)):
        by_transcript.setdefault(tid, []).append(i)
    kept: list[dict[str, list]] = [{} for _ in codes]
    changed: set[int] = set()
    out: list = [None] * len(texts)
    for rows in by_transcript.values():
        own = [texts[i] for i in rows]
        tkey = content_cache.digest(own)
        missing = []
        for j, entries in enumerate(stored):
            hits = _stored_hits(entries.get(tkey), len(rows))
            if hits is None:
                missing.append(j)
            else:
                kept[j][tkey] = hits
        if missing:
            # each segment's words and index once, shared by the codes computed again
            parsed = []
            for t in own:
                clean, ws = words(t)
                parsed.append((clean, ws, Forms([f for f, _, _ in ws])))
            for j in missing:
                kept[j][tkey] = [match_code(codes[j], clean, ws, forms) for clean, ws, forms in parsed]
            changed.update(missing)
        for k, i in enumerate(rows):
            out[i] = [(code.id, kept[j][tkey][k]) for j, code in enumerate(codes) if kept[j][tkey][k]]
    rewrite = [j for j in range(len(codes)) if j in changed or set(kept[j]) != set(stored[j])]
    for j in rewrite:
        cache.put(keys[j], {"transcripts": kept[j]}, evict=False)
    if rewrite:
        cache.evict()
    return out


def apply_codebook(
    segments: pd.DataFrame, codes: list[Code], cache=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Multi-label rule coding: (one row per (segment, code) with the rules and words matched,
    one row per rule with the segments and hits it had and every word form it matched).
    `cache`: a private `coprod.cache.ContentCache` reusing each code's hits in each unchanged
    transcript while the code's rules are unchanged (`_all_hits`); the tables are the same with or
    without it."""
    rows = []
    fired: dict[tuple[str, str], Counter] = {}
    in_segments: Counter = Counter()
    theme = {c.id: c.theme for c in codes}
    all_hits = _all_hits(segments, codes, cache)
    for seg, seg_hits in zip(segments.itertuples(index=False), all_hits, strict=True):
        for code_id, hits in seg_hits:
            for rule, word in hits:
                fired.setdefault((code_id, rule), Counter())[word] += 1
            for rule in {r for r, _ in hits}:
                in_segments[(code_id, rule)] += 1
            rows.append(
                {
                    "segment_id": seg.segment_id,
                    "transcript_id": seg.transcript_id,
                    "participant_id": seg.participant_id,
                    "site_id": seg.site_id,
                    "group": seg.group,
                    "theme_id": theme[code_id],
                    "code_id": code_id,
                    "n_hits": len(hits),
                    "rules": "; ".join(sorted({r for r, _ in hits})),
                    "matched": "; ".join(sorted({w for _, w in hits})),
                }
            )
    report = []
    for code in codes:
        for rule, kind, stemmed in rules_of(code):
            words_seen = fired.get((code.id, rule), Counter())
            report.append(
                {
                    "code_id": code.id,
                    "theme_id": code.theme,
                    "rule": rule,
                    "kind": kind,
                    "stem": "yes" if stemmed else "no",
                    "fired": "yes" if words_seen else "no",
                    "segments": in_segments[(code.id, rule)],
                    "hits": sum(words_seen.values()),
                    "matched": "; ".join(
                        f"{w} ×{n}" for w, n in sorted(words_seen.items(), key=lambda x: (-x[1], x[0]))
                    ),
                }
            )
    return pd.DataFrame(rows, columns=CODED_COLUMNS), pd.DataFrame(report, columns=REPORT_COLUMNS)


def code_segments(segments: pd.DataFrame, codes: list[Code]) -> pd.DataFrame:
    """Multi-label rule coding: one row per (segment, code) with the rules and words matched."""
    return apply_codebook(segments, codes)[0]


def matrix(coded: pd.DataFrame, codes: list[Code], by: str, levels: list[str]) -> pd.DataFrame:
    """Code × `by` matrix of the number of coded segments (all codes and levels present)."""
    ids = [c.id for c in codes]
    table = pd.crosstab(coded["code_id"], coded[by]) if len(coded) else pd.DataFrame()
    table = table.reindex(index=ids, columns=levels, fill_value=0).fillna(0).astype(int)
    table.index.name = "code_id"
    table.insert(0, "theme_id", [c.theme for c in codes])  # the hierarchy travels with every table
    return table.reset_index()


def summary(coded: pd.DataFrame, segments: pd.DataFrame, codes: list[Code]) -> pd.DataFrame:
    """Per code: theme, label, segments, participants and sites where it occurs."""
    rows = []
    total = max(len(segments), 1)
    for c in codes:
        sub = coded[coded["code_id"] == c.id]
        rows.append(
            {
                "code_id": c.id,
                "theme_id": c.theme,
                "label": c.label,
                "segments": len(sub),
                "share_of_segments": round(len(sub) / total, 6),
                "participants": sub["participant_id"].nunique(),
                "sites": sub["site_id"][sub["site_id"].astype(str) != ""].nunique(),
            }
        )
    return pd.DataFrame(rows)
