"""The scan: an index of identifier values looked up in every unit of text, the hits, the
private report with each hit's fix, and the audit of a folder (`audit_tree`) or of one archive
member (`scan_bytes`).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import shutil
import stat
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ...cache import digest, text_digest
from ...errors import LeakError
from ..decisions import kept, load_decisions
from ..key import private_dir, write_private
from ..normalise import hyphen_joins, skeleton
from .readers import Unreadable, _by_type, extract, figure_hashes
from .reference import REFERENCE_DIR, english_words, public_names, study_articles, study_words, word_list
from .values import WORD_RE, Value, _words, identifier_values, identifier_values_cached, public_phrases

# after a one-word value that is an ordinary word (guard "cap"): a number, so the word names a
# numbered thing ("Ward 7", "Bay 12") and not the person of that surname — as de-identification
# reads it (`recognizers.register.NUMBERED_RE`)
NUMBERED_RE = re.compile(r" \d{1,4}[a-zA-Z]?\b(?![:./,]\d)")

# the guards under which a value is looked for in lower case too ("noun": except right after an
# article of a study language, `Index._after_article`)
ANY_CASE = ("", "noun")

# a token of letters and digits (a login, handle or file stem)
HEX_RE = re.compile(r"(?<![\w-])(?=[0-9a-fA-F-]*\d)[0-9a-fA-F]{6,}(?:-[0-9a-fA-F]{4,})*(?![\w-])")
# A run of letters and digits with both in it ("mdrysdale01"), tried only where a run starts
# (the earlier pattern, tried at every position with nested stars, cost most of the scan).
HANDLE_RE = re.compile(r"(?<![^\W_])(?:[^\W\d_]+\d|\d+[^\W\d_])[^\W_]*")


@dataclass(frozen=True)
class Hit:
    file: str
    where: str
    value: Value


class Index:
    """Word n-gram table of identifier values (and of allowed public phrases)."""

    def __init__(
        self,
        values: list[Value],
        allow: list[str] = (),
        english: frozenset[str] = frozenset(),
        articles: frozenset[str] = frozenset(),
    ) -> None:
        self._english = sorted(english)
        # the study languages' singular articles (`reference.study_articles`): a "noun" value
        # written in lower case right after one is that language's noun ("le boulanger")
        self.articles = frozenset(articles)
        self._stems: dict[str, bool] = {}
        self._published: list[str] = []
        self._published_set: frozenset[str] = frozenset()
        self.table: dict[tuple[str, ...], list[Value]] = defaultdict(list)
        for v in values:
            words = tuple(w.casefold() for w in _words(v.original))
            if words and v not in self.table[words]:
                self.table[words].append(v)
        # first words of values found in any case, and of values found only capitalised
        self.first_any = {w[0] for w, vs in self.table.items() if any(v.guard in ANY_CASE for v in vs)}
        self.first_cap = {w[0] for w, vs in self.table.items() if any(v.guard not in ANY_CASE for v in vs)}
        self.lengths: dict[str, list[int]] = defaultdict(list)
        for words in self.table:
            if len(words) not in self.lengths[words[0]]:
                self.lengths[words[0]].append(len(words))
        # consecutive words of the values of two or more words: a match across a line end
        # holds one of these pairs as the last word of a line and the next line's first word
        self.pairs = {(w[k], w[k + 1]) for w in self.table for k in range(len(w) - 1)}
        self.allow: set[tuple[str, ...]] = set()
        self.allow_lengths: dict[str, set[int]] = defaultdict(set)
        for phrase in allow:
            words = tuple(w.casefold() for w in _words(phrase))
            if words:
                self.allow.add(words)
                self.allow_lengths[words[0]].add(len(words))
        self.allow_pairs = {(w[k], w[k + 1]) for w in self.allow for k in range(len(w) - 1)}
        self.values = values
        # the stem questions one scan asked, when recorded (`audit_files`' cache checks them)
        self.queries: dict[str, bool] | None = None
        # single-word person names of 4+ letters that are not ordinary words, for handles
        self.people = [
            v for v in values if v.guard in ANY_CASE and len(_words(v.original)) == 1 and len(v.original) >= 4
        ]
        # looked up by substring of a handle, not by trying every person on every handle (which
        # grew as people × handles: 13 of the audit's 28 s on the bundled corpus)
        self.people_cf: dict[str, list[tuple[int, Value]]] = defaultdict(list)
        for k, v in enumerate(self.people):
            self.people_cf[v.original.casefold()].append((k, v))
        self.longest_person = max((len(cf) for cf in self.people_cf), default=0)
        # each run's names, once per index: a table repeats the same runs in every row ("s0001")
        self._handles: dict[str, list[tuple[int, Value]]] = {}
        self._handle_values: dict[str, list[Value]] = {}
        self._partly: dict[str, bool] = {}
        self._allow_phrases = list(allow)
        self._value_set: frozenset[Value] | None = None

    def _handle_names(self, run: str) -> list[tuple[int, Value]]:
        """Names a handle's letters are made of: a name with at most two initials before or
        after it ("mdrysdale", "smithj"), or two names ("moragdrysdale"). Not a name that only
        starts or sits inside a longer word: "conn" in "connolly2023" (a citation key),
        "vale" in "prevalence2021"."""
        known = self._handles.get(run)
        if known is not None:
            return known
        out = []
        for i in range(len(run) + 1):
            left, right = run[:i], run[i:]
            names = [self.people_cf.get(part, []) for part in (left, right)]
            if (names[0] or len(left) <= 2) and (names[1] or len(right) <= 2) and (names[0] or names[1]):
                out += names[0] + names[1]
        self._handles[run] = out
        return out

    def _handle_hits(self, handle: str) -> list[Value]:
        """The people a handle's letter runs name (`_handle_names`), once each, in this
        index's order of people (a caller keeps those in scope), kept per handle text."""
        known = self._handle_values.get(handle)
        if known is None:
            found: dict[int, Value] = {}
            for run in WORD_RE.findall(handle):
                for k, v in self._handle_names(run.casefold()):
                    found[k] = v
            known = self._handle_values[handle] = [found[k] for k in sorted(found)]
        return known

    def names_a_part(self, handle: str) -> bool:
        """Some letter run of `handle` starts or ends with a person's name of this index (in any
        scope): a handle a value added later could complete ("ottolinequarrington7" once
        Ottoline is added beside Quarrington), kept in place by `_quiet_split`."""
        known = self._partly.get(handle)
        if known is None:
            people = self.people_cf
            known = self._partly[handle] = any(
                run[:i] in people or run[i:] in people
                for run in (r.casefold() for r in WORD_RE.findall(handle))
                for i in range(len(run) + 1)
            )
        return known

    def published(self, words: set[str]) -> None:
        """The lower-case words the shareable text outside the topic model's outputs writes
        (the text that model was fitted on): a stem none of them is, but a longer one of them
        stems to, is that word's stem (`stem_of_a_word`)."""
        self._published = sorted(words)
        self._published_set = frozenset(words)
        self._stems.clear()

    def fingerprint(self) -> str:
        """What a scan's hits depend on besides the text, the scope, the stem questions, the
        identifier values and the allowed phrases (a cached scan records which values and
        phrases it was scanned with, `_ValueSets`): the English word list the stem questions
        read, and the study languages' articles (if any)."""
        if self.articles:
            return digest(self._english, sorted(self.articles))
        return digest(self._english)

    def value_keys(self) -> dict[Value, str]:
        """A short key of each identifier value: a cached scan records the values it looked
        for by these (one list per set of values, shared by every file scanned for it)."""
        names = [f.name for f in fields(Value)]
        return {
            v: hashlib.sha256("\x1f".join(str(getattr(v, n)) for n in names).encode()).hexdigest()[:20]
            for v in self.values
        }

    def stem_question(self, token: str) -> str:
        """What `stem_of_a_word(token)` reads besides the English list: whether the published
        text writes `token`, else the published words it would stem (those starting with it).
        The same question has the same answer, with no stemmer loaded."""
        if token in self._published_set:
            return "written"
        i = bisect.bisect_right(self._published, token)
        words = []
        for w in self._published[i : i + 5000]:
            if not w.startswith(token):
                break
            words.append(w)
        return digest(words)

    def stem_of_a_word(self, token: str) -> bool:
        """`token` (lower case) is the Snowball stem of a longer English word: "reiter" of
        "reiterate" in a topic model's vocabulary, which publishes stems; or of a longer word
        the published text writes when it never writes `token` itself ("carrowan" of
        "carrowans": the plural or derived word is audited wherever it is written, and a
        stem the text writes as a word is still audited)."""
        if self.queries is not None:
            self.queries[token] = [self._stem_of_a_word(token), self.stem_question(token)]
        return self._stem_of_a_word(token)

    def _stem_of_a_word(self, token: str) -> bool:
        if token not in self._stems:
            # NLTK's English Snowball stemmer, without NLTK's import (seconds at the build's end)
            from ...snowball import english_stem as stem

            lists = [self._english]
            if token not in self._published_set:
                lists.append(self._published)
            found = False
            for words in lists:
                i = bisect.bisect_right(words, token)
                for w in words[i : i + 5000]:
                    if not w.startswith(token):
                        break
                    if stem(w) == token:
                        found = True
                        break
                if found:
                    break
            self._stems[token] = found
        return self._stems[token]

    def scan(self, text: str, scope: str = "", stems: bool = False) -> list[tuple[int, Value]]:
        """(character offset in the skeleton, value) for every identifier in `text`. With
        `stems` (a topic model's outputs), a lower-case word that is the stem of a longer
        English word is that word, not the name it happens to equal."""
        return self.assemble(self.scan_raw(text, scope, stems), scope)

    def value_set(self) -> frozenset[Value]:
        if self._value_set is None:
            self._value_set = frozenset(self.values)
        return self._value_set

    def scan_raw(
        self,
        text: str,
        scope: str = "",
        stems: bool = False,
        vocab: set | None = None,
        written: set | None = None,
        edges: list | None = None,
    ) -> Raw:
        """What `scan` finds, in parts a cached scan can reuse when values are added or removed:
        each value's own word-sequence matches (a match depends on that value alone: its words,
        guard and scope, the text, the allowed phrases and the stem questions), and the
        value-independent handle runs and hyphen joins, matched again by `assemble` (a handle
        can be two names, one old and one new). `vocab` collects the text's lower-case words,
        `written` those and the words inside hex strings: every word the text writes; `edges`
        gets the text's first and last lower-case word and its number of words (if it has words:
        `scan_across`, `_scan_text`)."""
        # hex strings (GUIDs in a .qdpx, hashes, DOCX revision ids) are not words: "bee1",
        # "babb" inside "0205b85f-babb-…" matched a participant surnamed Babb
        hexes: list[str] = []

        def blank(m: re.Match) -> str:
            hexes.append(m.group(0))
            return " " * len(m.group(0))

        skel = HEX_RE.sub(blank, skeleton(text))
        toks = [(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(skel)]
        low = [t[0].casefold() for t in toks]
        if edges is not None and low:
            edges.append((low[0], low[-1], len(low)))
        if vocab is not None:
            vocab.update(low)
        if written is not None:
            # a hex string is bounded by characters that are neither letters nor hyphens, so
            # the text's words are these and the letter runs inside the hex strings
            written.update(low)
            written.update(w.casefold() for h in hexes for w in WORD_RE.findall(h))
        main = []
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
            for c, first in enumerate(cands):
                for n in self.lengths.get(first[0], ()):
                    words = first + tuple(low[i + 1 : i + n])
                    if len(words) != n or all(allowed[i : i + n]):
                        continue
                    for v in self.table.get(words, ()):
                        if v.scope and v.scope != scope:
                            continue
                        if v.guard == "cap" and not toks[i][0][:1].isupper():
                            continue
                        if v.guard == "cap" and n == 1 and NUMBERED_RE.match(skel, toks[i][2]):
                            continue  # "Ward 7": an ordinary word numbered, not the person Ward
                        if v.guard == "exact" and toks[i][0] != _words(v.original)[0]:
                            continue
                        if v.guard == "noun" and n == 1 and self._after_article(skel, toks, i):
                            continue  # "le boulanger du coin": the study language's noun
                        main.append((toks[i][1], i, c, words, v))
        handles = [(m.start(), m.group(0)) for m in HANDLE_RE.finditer(skel)]
        return Raw(main, handles, hyphen_joins(skel))

    def _after_article(self, skel: str, toks: list, i: int) -> bool:
        """Token i is written in lower case right after one of the study languages' articles
        (in any case: "Le" opens a sentence), nothing but a space or an elision's apostrophe
        between them ("l'", "d'un")."""
        if not i or not self.articles or not toks[i][0].islower():
            return False
        prev = toks[i - 1]
        return prev[0].casefold() in self.articles and skel[prev[2] : toks[i][1]].strip() in ("", "'")

    def crosses(self, pairs) -> bool:
        """One of `pairs` (the last word of a line, the next line's first word, lower case)
        could be two consecutive words of a value: the last word as written or, before an
        apostrophe, without its plural "s" (the scan's possessive candidate)."""
        mine = self.pairs
        return any((a, b) in mine or (a[-1:] == "s" and (a[:-1], b) in mine) for a, b in pairs)

    def allow_crosses(self, pairs) -> bool:
        """One of `pairs` could be two consecutive words of an allowed phrase."""
        return not self.allow_pairs.isdisjoint(pairs)

    def scan_across(self, text: str, pairs, scope: str = "", stems: bool = False, joins=None) -> Raw:
        """The scan of a whole text whose non-blank lines were each scanned as a unit just
        before it (`readers._lines`' "text across lines"), in the part that can add a hit.

        A word sequence inside one line is found there by the line's own scan (an allowed
        phrase across the line end only takes matches away), and so are its handles (a handle
        never crosses white space): the file's hits list a value once outside numbered lines, so
        these add nothing. What can: a value whose words run across a line end, which needs one
        of `pairs` (each line end's last and next first word) to be two consecutive words of a
        value — then the whole text is scanned as before — and the hyphen joins ("Drys-" /
        "dale"), always matched on the whole text (`joins`: the whole text's, worked out from
        its blocks' by `_scan_lines`)."""
        if self.crosses(pairs):
            return self.scan_raw(text, scope, stems)
        if joins is not None:
            return Raw([], [], joins)
        skel = HEX_RE.sub(lambda m: " " * len(m.group(0)), skeleton(text))
        return Raw([], [], hyphen_joins(skel))

    def assemble(self, raw: Raw, scope: str) -> list[tuple[int, Value]]:
        """The hits of a raw scan, in the order a scan with this index lists them: word matches
        of this index's values by word position, then the handles, then the hyphen joins."""
        values = self.value_set()
        main = [m for m in raw.main if m[4] in values]
        if len(main) > 1:  # the scan's own order: the lengths and values in this index's order
            main.sort(
                key=lambda m: (
                    m[1],
                    m[2],
                    self.lengths[m[3][0]].index(len(m[3])),
                    self.table[m[3]].index(m[4]),
                )
            )
        hits = [(m[0], m[4]) for m in main]
        for start, handle in raw.handles:  # a login or handle with a name inside: "mdrysdale01"
            hits += [(start, v) for v in self._handle_hits(handle) if v.scope in ("", scope)]
        for joined in raw.joins:  # "Drys-" / "dale" across a line end
            hits += [(0, v) for _, v in self.scan(joined, scope)]  # joins contain no "- ": no loop
        return hits


@dataclass
class Raw:
    """One unit's scan before its hits are put in order (`Index.scan_raw`)."""

    main: list  # (offset, word position, candidate, words, value) of each word-sequence match
    handles: list  # (offset, text) of each run of letters and digits
    joins: list  # words a line-end hyphen may have split, joined

    def __bool__(self) -> bool:
        return bool(self.main or self.handles or self.joins)


def _scope(path: Path) -> str:
    """Outputs of one transcript are named by its id: `deidentified/<id>.txt`."""
    return path.name.split(".", 1)[0] if path.parent.name == "deidentified" else ""


def _stems(path: Path) -> bool:
    return "topics" in path.parts  # the topic model publishes word stems


class _Consulted(dict):
    """The figure hashes, recording which ones a file's reader asked about (a PNG inside a
    DOCX or HTML is read through its sidecar only if it is one of the pipeline's figures)."""

    def __init__(self, figures: dict[str, str]) -> None:
        super().__init__(figures)
        self.asked: dict[str, bool] = {}

    def __contains__(self, digest: object) -> bool:
        found = super().__contains__(digest)
        self.asked[str(digest)] = found
        return found


def _scan_settings() -> str:
    """The audit code that turns bytes into hits: an edit to it retires every cached scan."""
    from ...cache import source_digest
    from .. import normalise
    from . import readers, reference, scan, values

    return source_digest(normalise, readers, reference, scan, values)


ACROSS = "text across lines"
# (what the skeleton of ASCII text can hold a word with: the skeleton of ASCII text only changes
# "_", "`" and white space)
_ASCII_LETTER = re.compile(r"[A-Za-z]")
LINE_WHERE = re.compile(r"(.*)line ([1-9]\d*)", re.S)
_ASCII_BREAK = re.compile(r"-[\s_]")


def _line_pairs(edges: list) -> set[tuple[str, str]]:
    """(last word of a line, first word of the next line with words) for consecutive lines
    (`edges`: each line's first and last word, as `Index.scan_raw` records them)."""
    return {(a[1], b[0]) for a, b in zip(edges, edges[1:], strict=False)}


def _scan_units(
    index: Index, units, scope: str, stems: bool, vocab: set, written: set, blocks=None, big: bool = False
) -> list:
    """(where, raw scan) of every unit, in order. A "text across lines" unit right after the
    scans of exactly its non-blank lines (`readers._lines`) is scanned by `Index.scan_across`:
    what a full scan of it finds besides those lines' hits, which `_file_hits` lists once.
    With `blocks` (a `_Blocks`), the lines of a long run and a long unit are scanned (or their
    scans reused) in blocks of lines (`_scan_lines`, `_scan_text`), and a long run of short
    units that are not lines (a JSON document's values) in blocks of units (`_scan_short`); in
    a `big` file (BLOCK_MIN_BYTES or more: a project export of a thousand transcripts, each a
    short member) every run is, however short. A unit of ASCII text with no letter in it (a
    JSON number) holds no word, handle or hyphen join: it is not scanned (its scan is empty)."""
    out: list = []
    run: list[tuple[int, str]] = []  # the line units not yet scanned, of this prefix
    short: list = []  # the short units (not lines) not yet scanned, in a row
    prefix = None
    last = None  # (prefix, texts, line-end word pairs) of the latest run of line units

    def flush() -> None:
        nonlocal last
        if run:
            raws, pairs, joins = _scan_lines(index, prefix, run, scope, stems, vocab, written, blocks, big)
            out.extend(raws)
            last = (prefix, [t for _, t in run], pairs, joins)
            run.clear()

    def flush_short() -> None:
        if short:
            out.extend(_scan_short(index, short, scope, stems, vocab, written, blocks, big))
            short.clear()

    for u in units:
        m = LINE_WHERE.fullmatch(u.where)
        if m is not None and m.group(1) == prefix:
            run.append((int(m.group(2)), u.text))
            continue
        flush()
        if m is not None:
            flush_short()
            prefix = m.group(1)
            run.append((int(m.group(2)), u.text))
            continue
        prefix = None
        if u.where.endswith(ACROSS) and last is not None and u.where[: -len(ACROSS)] == last[0]:
            if last[1] == [line for line in u.text.split("\n") if line.strip()]:
                out.append((u.where, index.scan_across(u.text, last[2], scope, stems, last[3])))
                last = None
                continue
        last = None
        if u.text.isascii() and not _ASCII_LETTER.search(u.text):
            continue
        if blocks is not None and len(u.text) < BLOCK_MIN_BYTES:  # scanned alone by `_scan_text`
            short.append(u)
            continue
        flush_short()
        out.append((u.where, _scan_text(index, u.text, scope, stems, vocab, written, blocks)))
    flush()
    flush_short()
    return out


def _file_hits(index: Index, raws, scope: str) -> list[tuple[str, Value]]:
    """(where, value) for every identifier in a file's raw unit scans (in unit order), once
    per original and value except on numbered lines."""
    out: list[tuple[str, Value]] = []
    seen: set[tuple[str, Value]] = set()
    for where, raw in raws:
        for _, v in index.assemble(raw, scope):
            if (v.original, v) not in seen or where.startswith("line"):
                seen.add((v.original, v))
                out.append((where, v))
    return out


def _raw_to_json(where: str, raw: Raw) -> list:
    main = [[o, i, c, list(words), [getattr(v, n) for n in _VALUE_FIELDS]] for o, i, c, words, v in raw.main]
    # the handles as two lists (offsets, texts): read back and checked at C speed
    return [where, main, [o for o, _ in raw.handles], [t for _, t in raw.handles], list(raw.joins)]


_VALUE_SHAPE = [f.type for f in fields(Value)]
_VALUE_FIELDS = [f.name for f in fields(Value)]  # `astuple(Value)`'s order


def _value_from_json(v) -> Value:
    if not (isinstance(v, list) and len(v) == len(_VALUE_SHAPE)):
        raise ValueError("value shape")
    if not all(
        isinstance(x, bool if t in (bool, "bool") else str) for x, t in zip(v, _VALUE_SHAPE, strict=True)
    ):
        raise ValueError("value field")
    return Value(*v)


def _only(items, kind: type) -> bool:
    """`items` is a list of exactly `kind` (not a subclass: a JSON true is no offset)."""
    return type(items) is list and set(map(type, items)) <= {kind}


def _raws_from_json(units) -> list[tuple[str, Raw]]:
    """A cached file's raw unit scans; ValueError/TypeError if the entry is not this code's."""
    out = []
    for where, main, offsets, texts, joins in units:
        if not isinstance(where, str):
            raise ValueError("where")
        m = []
        for o, i, c, words, v in main:
            if not (all(isinstance(x, int) for x in (o, i, c)) and all(isinstance(w, str) for w in words)):
                raise ValueError("match")
            if not words:
                raise ValueError("words")
            m.append((o, i, c, tuple(words), _value_from_json(v)))
        if not (_only(offsets, int) and _only(texts, str) and len(offsets) == len(texts)):
            raise ValueError("handle")
        if not _only(joins, str):
            raise ValueError("join")
        out.append((where, Raw(m, list(zip(offsets, texts, strict=True)), joins)))
    return out


# (`_ValueSets.stale`)
REWRITE_AFTER = 512


class _ValueSets:
    """The identifier values each cached scan looked for, one cache entry per set (by its
    digest), and what a set lacks that this run's index holds: the first words the added values
    start with (a value can match only where its first word, or that word plus "s", is a word
    of the text), by scope. Likewise the allowed phrases a scan was made with (one entry per
    set of phrases): a phrase added or removed since changes what a text's scan finds only
    where the text writes every word of it."""

    def __init__(self, index: Index, cache) -> None:
        self.index, self.cache = index, cache
        self.keys = index.value_keys()
        self.current = sorted(set(self.keys.values()))
        self.id = digest(self.current)
        self._added: dict[str, dict[str, set[str]] | None] = {}
        self._count: dict[str, int] = {}  # how many of this run's values each set lacks
        self.phrases = sorted(index.allow)
        self.allow_id = digest(self.phrases)
        self._changed: dict[str, list[frozenset[str]] | None] = {self.allow_id: []}
        self.stored = False

    def store(self) -> None:
        if not self.stored:
            self.cache.put(f"values-{self.id}", {"values": self.current}, evict=False)
            phrases = [list(p) for p in self.phrases]
            self.cache.put(f"allow-{self.allow_id}", {"phrases": phrases}, evict=False)
            self.stored = True

    def allow_changed(self, allow_id: str) -> list[frozenset[str]] | None:
        """The words of each allowed phrase in the set `allow_id` or in this run's, not in
        both; None when that set is not in the cache (or not readable)."""
        if allow_id not in self._changed:
            changed = None
            entry = self.cache.get(f"allow-{allow_id}") if isinstance(allow_id, str) else None
            old = entry.get("phrases") if entry else None
            if (
                isinstance(old, list)
                and all(isinstance(p, list) and p and all(isinstance(w, str) for w in p) for p in old)
                and digest(sorted(tuple(p) for p in old)) == allow_id
            ):
                changed = [frozenset(p) for p in set(map(tuple, old)).symmetric_difference(self.phrases)]
            self._changed[allow_id] = changed
        return self._changed[allow_id]

    def added_firsts(self, set_id: str) -> dict[str, set[str]] | None:
        """scope -> first words (and their plurals) of this run's values missing from the set
        `set_id`; None when the set is not in the cache (or not readable)."""
        if set_id not in self._added:
            firsts: dict[str, set[str]] | None = None
            entry = self.cache.get(f"values-{set_id}") if isinstance(set_id, str) else None
            old = entry.get("values") if entry else None
            if isinstance(old, list) and all(isinstance(k, str) for k in old):
                old = set(old)
                firsts = defaultdict(set)
                self._count[set_id] = sum(k not in old for k in self.current)
                for v, k in self.keys.items():
                    if k not in old:
                        words = _words(v.original)
                        first = words[0].casefold() if words else ""
                        firsts[v.scope].update((first, first + "s"))
            self._added[set_id] = firsts
        return self._added[set_id]

    def stale(self, set_id: str) -> bool:
        """An entry that covers this run's values but records the set `set_id` is written again
        with this run's set only when that set lacks more than REWRITE_AFTER of them: adding a
        transcript adds a few dozen values, and rewriting every entry after each (thousands of
        files and blocks) cost more than the scan it saved. An entry left as it was is checked
        against its own set the next time, and keeps the matches of values removed since
        (`Index.assemble` lists only this index's values)."""
        return self._count.get(set_id, REWRITE_AFTER + 1) > REWRITE_AFTER

    def covers(self, entry: dict, scope: str) -> bool:
        """The cached scan `entry` found every match of this run's values: none of the values
        it did not look for starts with a word of the file (handles and joins are matched again
        from the entry's own record of them), and no allowed phrase added or removed since it
        was made has all its words in the file."""
        firsts = self.added_firsts(entry["values"])
        changed = self.allow_changed(entry["allow"])
        if firsts is None or changed is None:
            return False
        vocab = entry["vocab"]
        for s in ("", scope) if scope else ("",):
            if not firsts.get(s, set()).isdisjoint(vocab):
                return False
        # an allowed phrase marks a text's words only where the text writes all of its words
        return not any(words <= vocab for words in changed)


def audit_files(
    files: list[Path], root: Path, index: Index, extra_figures: list[Path] = (), cache=None
) -> tuple[list[Hit], int]:
    """Scan file and folder names and every readable unit; return (hits, files scanned).

    With `cache` (a private `coprod.cache.ContentCache`), a file's scan is reused when its
    bytes, its place (the transcript it belongs to, whether it publishes stems) and the audit
    code are those of an earlier scan, the figure hashes and stem questions that scan consulted
    still answer the same, every identifier value it did not look for (added since) starts with
    a word the file does not write, and no allowed phrase added or removed since has all its
    words in the file: its matches of the values still listed, put in this index's order, plus
    the handles and hyphen joins matched again — the same hits as scanning it again, byte for
    byte (`tests/test_audit_cache_growth.py`, `tests/test_audit_allow_reuse.py`)."""
    figures = figure_hashes([*files, *extra_figures])
    settings = (_scan_settings(), index.fingerprint()) if cache is not None else ()
    sets = _ValueSets(index, cache) if cache is not None else None
    blocks = _Blocks(index, cache, sets, settings) if cache is not None else None
    hits: list[Hit] = []
    # each file: its name hits, its cached entry (or None) and its units (None if cached)
    read: list[tuple[Path, list[Hit], dict | None, list | None, str]] = []
    big: set[Path] = set()  # files of BLOCK_MIN_BYTES or more (`_scan_units`)
    for f in sorted(files):
        # names are scanned below the root (the root's own path is the user's choice);
        # hits are reported by the path the user would open
        rel = str(f.relative_to(root)) if f.is_relative_to(root) else f.name
        named = [
            Hit(str(f), "file or folder name", v) for _, v in index.scan(rel.replace("/", " / "), _scope(f))
        ]
        try:
            data = f.read_bytes()
        except OSError as exc:
            bad = Hit(str(f), f"cannot open ({exc.strerror})", Value("", "unreadable file", "audit"))
            read.append((f, [*named, bad], None, [], ""))
            continue
        if len(data) >= BLOCK_MIN_BYTES:
            big.add(f)
        key = ""
        # (a big file's lines and long texts are also kept in blocks, reused when it changes in
        # places: `_scan_units`)
        if cache is not None:
            key = digest(settings, hashlib.sha256(data).hexdigest(), f.suffix.lower(), _scope(f), _stems(f))
            entry = _valid_entry(cache.get(key), figures)
            if entry is not None and sets.covers(entry, _scope(f)) and _quiet(index, entry, _scope(f)):
                read.append((f, named, entry, None, key))
                continue
        consulted = _Consulted(figures)
        try:
            units = _by_type(f.suffix, data, consulted)
        except Unreadable as exc:
            unreadable = Hit(str(f), str(exc), Value("", "unreadable file", "audit"))
            read.append((f, [*named, unreadable], None, [], ""))
            continue
        entry = {"figures": consulted.asked}
        read.append((f, named, entry, units, key))
    # files that publish no stems first: the words they write (collected while scanning them)
    # are what the topic model's outputs are read against (`Index.published`)
    found: dict[int, list[tuple[str, Value]]] = {}
    words: set[str] = set()
    stems_any = any(_stems(f) for f, *_ in read)
    for n in sorted(range(len(read)), key=lambda n: _stems(read[n][0])):
        f, named, entry, units, key = read[n]
        scope, stems = _scope(f), _stems(f)
        if stems and stems_any:
            index.published(words)
            stems_any = False
        if (
            units is None
            and stems
            and any(
                index.stem_question(t) != q and index.stem_of_a_word(t) != a
                for t, (a, q) in entry["stems"].items()
            )
        ):
            units = extract(f, _Consulted(figures))  # the published words changed what it asks
        if units is None:
            found[n] = _file_hits(index, entry["raws"], scope)
            if not stems:
                words.update(entry["vocab"])
                words.update(entry["words"])
            if entry["values"] != sets.id and sets.stale(entry["values"]):  # recorded as covering them
                values = index.value_set()
                for _, raw in entry["raws"]:
                    raw.main = [m for m in raw.main if m[4] in values]
                sets.store()
                cache.put(key, _entry_json(entry, sets), evict=False)
            continue
        index.queries = {}
        vocab: set[str] = set()
        written: set[str] = set()
        raws = _scan_units(index, units, scope, stems, vocab, written, blocks, f in big)
        raws = [(where, raw) for where, raw in raws if raw]
        found[n] = _file_hits(index, raws, scope)
        if not stems and entry is not None:
            words.update(written)
        entry = dict(entry or {}, stems=index.queries, raws=raws, vocab=vocab, words=sorted(written))
        entry["quiet"] = []
        index.queries = None
        if key:
            sets.store()
            cache.put(key, _entry_json(entry, sets), evict=False)
    for n, (f, named, *_) in enumerate(read):
        hits += named + [Hit(str(f), where, v) for where, v in found[n]]
    if cache is not None:
        cache.evict()
    # one hit per (file, place, original), whichever source listed it first
    unique = list({(h.file, h.where, h.value.original): h for h in reversed(hits)}.values())[::-1]
    return unique, len(files)


# Runs of lines and long texts this long (characters) are also cached in blocks of lines
# (adding a transcript changes every corpus-wide table, a row or a few, and the project export
# holding them): when the file changes, only the blocks around a change are scanned again. A
# block ends after a non-blank line whose CRC-32 is a multiple of BLOCK_LINES (so about
# BLOCK_LINES lines long) once it holds BLOCK_MIN_LINES lines, or at 8 × BLOCK_LINES: the
# boundaries depend on the lines' content, so an inserted, removed or changed row moves none of
# the boundaries away from it.
BLOCK_MIN_BYTES = 32 * 1024
BLOCK_LINES = 64
BLOCK_MIN_LINES = 4


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, stop) of each block of `lines` (content-defined boundaries, above)."""
    out, start = [], 0
    for i, line in enumerate(lines):
        size = i + 1 - start
        if size >= 8 * BLOCK_LINES or (
            size >= BLOCK_MIN_LINES and line.strip() and zlib.crc32(line.encode("utf-8")) % BLOCK_LINES == 0
        ):
            out.append((start, i + 1))
            start = i + 1
    if start < len(lines):
        out.append((start, len(lines)))
    return out


class _Blocks:
    """The cached scans of blocks of lines (`_scan_lines`, `_scan_text`), in the audit's private
    cache: a block's entry is reused under the same rules as a file's (its text, place, stem
    questions and audit code unchanged, no added value starting with one of its words, no added
    or removed allowed phrase with all its words in it)."""

    def __init__(self, index: Index, cache, sets: _ValueSets, settings) -> None:
        self.index, self.cache, self.sets, self.settings = index, cache, sets, settings

    def key(self, kind: str, body: str, scope: str, stems: bool) -> str:
        return digest(
            self.settings,
            kind,
            text_digest(body),
            scope,
            stems,
        )

    def get(self, key: str, scope: str, stems: bool, units: int = 0, compact: bool = True) -> dict | None:
        """The block's entry if it applies; `units`: a block of that many units (`_scan_short`,
        its scans listed as "unit k"), else of lines ("line k"). Its handle-only scans, kept as
        their handle texts (`_quiet_split`), come back as one scan of those handles: they add no
        hit (or the entry does not apply), and the file's entry records them."""
        index = self.index
        entry = _valid_block(self.cache.get(key), units)
        if entry is None or not self.sets.covers(entry, scope) or not _quiet(index, entry, scope):
            return None
        if entry["quiet"] and not compact:  # a long text's block keeps its handles in place
            return None
        if stems and any(
            index.stem_question(t) != q and index.stem_of_a_word(t) != a
            for t, (a, q) in entry["stems"].items()
        ):
            return None
        if index.queries is not None:  # the questions its scan asked, for the file's entry
            index.queries.update(entry["stems"])
        if entry["values"] != self.sets.id and self.sets.stale(entry["values"]):  # recorded so
            values = index.value_set()
            for _, raw in entry["raws"]:
                raw.main = [m for m in raw.main if m[4] in values]
            self.put(key, entry, compact)
        if entry["quiet"]:
            label = "unit" if units else "line"
            entry["raws"].append((f"{label} 1", Raw([], [(0, t) for t in entry["quiet"]], [])))
        return entry

    def scan(
        self,
        key: str,
        texts: list[tuple[int, str]],
        scope: str,
        stems: bool,
        label: str = "line",
        compact: bool = True,
    ) -> dict:
        """Scan each (line or unit number in the block, text) and keep the block's entry (the
        scans that found something)."""
        index = self.index
        outer, index.queries = index.queries, {}
        vocab: set[str] = set()
        words: set[str] = set()
        edges: list = []
        raws = [(f"{label} {k}", index.scan_raw(t, scope, stems, vocab, words, edges)) for k, t in texts]
        raws = [(where, raw) for where, raw in raws if raw]
        # a run of lines: the hyphen joins of the block's text, for its file's "text across
        # lines" (`_scan_lines`)
        tjoins = _text_joins(texts) if label == "line" and compact else []
        entry = {
            "figures": {},
            "stems": index.queries,
            "raws": raws,
            "vocab": vocab,
            "words": sorted(words),
            "pairs": sorted(_line_pairs(edges)),
            "ends": [edges[0][0], edges[-1][1]] if edges else [],
            "tokens": sum(e[2] for e in edges),
            "tjoins": tjoins,
        }
        if outer is not None:
            outer.update(index.queries)
        index.queries = outer
        self.put(key, entry, compact)
        return entry

    def put(self, key: str, entry: dict, compact: bool = True) -> None:
        self.sets.store()
        self.cache.put(key, _block_json(entry, self.sets, compact), evict=False)


def _scan_lines(
    index: Index, prefix, run, scope, stems, vocab, written, blocks, big=False
) -> tuple[list, set, list | None]:
    """(where, raw scan) of each line unit of `run` ((line number, text) of a prefix's lines,
    in order), the run's line-end word pairs and, when scanned in blocks, the hyphen joins of
    the text of its lines (`Index.scan_across`; else None). A long run with `blocks` is scanned
    in blocks (`_blocks`), each kept with its line numbers counted from its first line: a row
    inserted above a block moves its numbers, not its entry. In a `big` file any run is
    (`_scan_units`). The joins of the whole text are its blocks' own joins (`_text_joins`) where
    a block ends in a character that cannot end a hyphen break ("- " across the line end): a
    match of `hyphen_joins` cannot run across that line end, so the whole text's matches are
    the blocks'; blocks that do not end so are joined and matched together."""
    if blocks is None or (not big and sum(len(t) for _, t in run) < BLOCK_MIN_BYTES):
        edges: list = []
        raws = [(f"{prefix}line {n}", index.scan_raw(t, scope, stems, vocab, written, edges)) for n, t in run]
        return raws, _line_pairs(edges), None
    raws, pairs, ends, joins, pending = [], set(), [], [], []
    for start, stop in _blocks([t for _, t in run]):
        part = run[start:stop]
        first = part[0][0] - 1
        texts = [(n - first, t) for n, t in part]
        key = blocks.key("lines", json.dumps(texts, ensure_ascii=False), scope, stems)
        entry = blocks.get(key, scope, stems) or blocks.scan(key, texts, scope, stems)
        raws += [(f"{prefix}line {int(where[5:]) + first}", raw) for where, raw in entry["raws"]]
        vocab.update(entry["vocab"])
        written.update(entry["vocab"])
        written.update(entry["words"])
        pairs.update((a, b) for a, b in entry["pairs"])
        if entry["ends"]:
            ends.append(entry["ends"])
        pending.append((texts, entry["tjoins"]))
        if _ends_clear(texts[-1][1]):
            joins += pending[0][1] if len(pending) == 1 else _text_joins([t for p, _ in pending for t in p])
            pending.clear()
    if pending:
        joins += pending[0][1] if len(pending) == 1 else _text_joins([t for p, _ in pending for t in p])
    return raws, pairs | _line_pairs(ends), joins


def _text_joins(texts: list[tuple[int, str]]) -> list[str]:
    """The hyphen joins of these lines' text (`Index.scan_across`: hex strings blanked). An
    ASCII text with no hyphen before white space or "_" has none: its skeleton changes only
    "_", "`" and white space, and a blanked hex string never follows a hyphen."""
    text = "\n".join(t for _, t in texts)
    if text.isascii() and not _ASCII_BREAK.search(text):
        return []
    return hyphen_joins(HEX_RE.sub(lambda m: " " * len(m.group(0)), skeleton(text)))


def _ends_clear(line: str) -> bool:
    """The line ends in a character that cannot end a hyphen break: ASCII, not white space, not
    a hyphen and not "_" (which the skeleton makes a space), so no "- " runs across its end."""
    c = line[-1:]
    return c.isascii() and c != "" and not c.isspace() and c not in "-_"


def _scan_short(index: Index, units: list, scope, stems, vocab, written, blocks, big=False) -> list:
    """(where, raw scan) of each of `units`, a run of short units that are not lines, each
    scanned on its own (`index.scan_raw`, as `_scan_text` scans a short text). A long run with
    `blocks` is scanned in blocks of units (`_blocks` over their texts: content-defined, so an
    added or changed value of a JSON document moves no block boundary away from it), each block
    kept by its units' places and texts, its scans listed by their place in the block."""
    if blocks is None or (not big and sum(len(u.text) for u in units) < BLOCK_MIN_BYTES):
        return [(u.where, index.scan_raw(u.text, scope, stems, vocab, written)) for u in units]
    out = []
    for start, stop in _blocks([u.text for u in units]):
        part = units[start:stop]
        body = json.dumps([[u.where, u.text] for u in part], ensure_ascii=False)
        key = blocks.key("units", body, scope, stems)
        entry = blocks.get(key, scope, stems, units=len(part))
        if entry is None:
            entry = blocks.scan(key, [(k, u.text) for k, u in enumerate(part, start=1)], scope, stems, "unit")
        out += [(part[int(where[5:]) - 1].where, raw) for where, raw in entry["raws"]]
        vocab.update(entry["vocab"])
        written.update(entry["vocab"])
        written.update(entry["words"])
    return out


def _scan_text(index: Index, text: str, scope, stems, vocab, written, blocks) -> Raw:
    """`index.scan_raw(text, …)` as `Index.assemble` reads it. A long text of many lines, with
    `blocks`, is scanned in blocks of lines (`_blocks`, each reused while unchanged) and their
    scans joined, word positions counted on: the same hits unless a value or an allowed phrase
    can run across a block's end (its last and the next block's first word two consecutive
    words of one), when the whole text is scanned; the hyphen joins are matched on the whole
    text. (Character offsets stay the block's own: a file's hits do not list them.)"""
    lines = text.split("\n") if blocks is not None and len(text) >= BLOCK_MIN_BYTES else []
    if len(lines) < 2 * BLOCK_LINES:
        return index.scan_raw(text, scope, stems, vocab, written)
    main, handles, ends, at = [], [], [], 0
    for start, stop in _blocks(lines):
        body = "\n".join(lines[start:stop])
        key = blocks.key("text", body, scope, stems)
        entry = blocks.get(key, scope, stems, compact=False)
        entry = entry or blocks.scan(key, [(1, body)], scope, stems, compact=False)
        for _, raw in entry["raws"]:
            main += [(o, i + at, c, words, v) for o, i, c, words, v in raw.main]
            handles += raw.handles
        vocab.update(entry["vocab"])
        written.update(entry["vocab"])
        written.update(entry["words"])
        if entry["ends"]:
            ends.append(entry["ends"])
        at += entry["tokens"]
    pairs = _line_pairs(ends)
    if index.crosses(pairs) or index.allow_crosses(pairs):
        return index.scan_raw(text, scope, stems)
    skel = HEX_RE.sub(lambda m: " " * len(m.group(0)), skeleton(text))
    return Raw(main, handles, hyphen_joins(skel))


def _block_json(entry: dict, sets: _ValueSets, compact: bool = True) -> dict:
    pairs = [list(p) for p in entry["pairs"]]
    body = _entry_json(entry, sets, compact)
    return dict(
        body, pairs=pairs, ends=list(entry["ends"]), tokens=entry["tokens"], tjoins=list(entry["tjoins"])
    )


BLOCK_WHERE = re.compile(r"line [1-9]\d*")
UNIT_WHERE = re.compile(r"unit ([1-9]\d*)")


def _valid_block(entry: dict | None, units: int = 0) -> dict | None:
    """A cached block's scan, checked as a file's (`_valid_entry`) and for its line numbers
    (with `units`: its unit numbers, each at most `units`), line-end word pairs, first and last
    words and word count; None if anything is not this code's."""
    entry = _valid_entry(entry, {})
    if entry is None:
        return None
    pairs, ends, tokens = entry.get("pairs"), entry.get("ends"), entry.get("tokens")
    if units:
        places = [UNIT_WHERE.fullmatch(where) for where, _ in entry["raws"]]
        placed = all(m is not None and int(m.group(1)) <= units for m in places)
    else:
        placed = all(BLOCK_WHERE.fullmatch(where) for where, _ in entry["raws"])
    if not (
        placed
        and isinstance(pairs, list)
        and all(isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in pairs)
        and isinstance(ends, list)
        and len(ends) in (0, 2)
        and all(isinstance(w, str) for w in ends)
        and type(tokens) is int
        and tokens >= 0
        and _only(entry.get("tjoins"), str)
    ):
        return None
    return entry


def _quiet_split(raws, index: Index, quiet=()) -> tuple[list, list[str]]:
    """(the unit scans to keep, the distinct texts of the handles of the others) of an entry:
    a table writes ids in every row ("s0001", "site04"), so most of its line scans are handles
    alone that name nobody. Those (handles only, none with a letter run that starts or ends with
    a person's name of `index`: `Index.names_a_part`) are kept as their handle texts: a reused
    entry is taken only while none of them names anyone in scope (`_quiet`), when such a unit
    adds no hit — a value added since that does makes the file or block be read again. The
    other scans stay whole, in order."""
    kept, texts = [], set(quiet)
    for where, raw in raws:
        if raw.main or raw.joins or any(index.names_a_part(t) for _, t in raw.handles):
            kept.append((where, raw))
        else:
            texts.update(t for _, t in raw.handles)
    return kept, sorted(texts)


def _quiet(index: Index, entry: dict, scope: str) -> bool:
    """None of the entry's handle-only units (`_quiet_split`) adds a hit under `index`."""
    return not any(v.scope in ("", scope) for handle in entry["quiet"] for v in index._handle_hits(handle))


def _entry_json(entry: dict, sets: _ValueSets, compact: bool = True) -> dict:
    """A scan's entry, recorded as made with this run's values and allowed phrases (`sets`: a
    reused entry is written again so only once `_ValueSets.covers` has said it finds what a scan
    with them would). `compact`: its handle-only units kept as their handle texts
    (`_quiet_split`); a long text's block is kept whole, its handles joined in order with the
    other blocks' (`_scan_text`)."""
    raws, quiet = entry["raws"], list(entry.get("quiet", []))
    if compact:
        raws, quiet = _quiet_split(raws, sets.index, quiet)
    return {
        "figures": entry["figures"],
        "stems": entry["stems"],
        # the words the text writes besides its vocabulary (those inside hex strings): its
        # lower-case words are `vocab`, kept once
        "words": sorted(set(entry["words"]).difference(entry["vocab"])),
        "values": sets.id,
        "allow": sets.allow_id,
        "vocab": sorted(entry["vocab"]),
        "units": [_raw_to_json(where, raw) for where, raw in raws],
        "quiet": quiet,
    }


def _valid_entry(entry: dict | None, figures: dict[str, str]) -> dict | None:
    """A cached scan still applies: its shape is right and each figure hash it consulted is
    (or is not) one of this run's figures as it was then. Returned with its raw unit scans read
    (`raws`) and its words as a set (`vocab`)."""
    try:
        if entry is None or not all(
            isinstance(entry[k], t)
            for k, t in (
                ("figures", dict),
                ("stems", dict),
                ("units", list),
                ("vocab", list),
                ("values", str),
                ("allow", str),
            )
        ):
            return None
        # a match's value as `astuple(Value)`: its text fields, then its flags (a cache written
        # by code with another Value shape is not this one's: rebuilt)
        raws = _raws_from_json(entry["units"])
        if not _only(entry["vocab"], str):
            return None
        if any((d in figures) != bool(found) for d, found in entry["figures"].items()):
            return None
        if not all(isinstance(a, bool) and isinstance(q, str) for a, q in entry["stems"].values()):
            return None
        if not _only(entry["words"], str) or not _only(entry["quiet"], str):
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return dict(entry, raws=raws, vocab=set(entry["vocab"]))


def study_files(root: Path) -> list[Path]:
    """Every regular file under `root`, however deeply nested (a stale copy of an earlier run,
    or another study's results, is scanned too: nothing shareable goes unread). Links and
    special files are not files to read: `strange_entries` reports them."""
    return _walk(root)[0]


def strange_entries(root: Path) -> list[Hit]:
    """A failure for every entry under `root` that is not a regular file or folder: a symbolic
    link (to a file or folder, inside or outside — a link to the raw folder was scanned as
    nothing), a FIFO, socket or device file. Shareable data is a copy, never a pointer."""
    return [Hit(str(p), what, Value("", what, "audit")) for p, what in _walk(root)[1]]


def _walk(root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    root = Path(root)
    if not root.is_dir():
        return [], []
    files, strange = [], []
    for folder, dirs, names in os.walk(root):  # never follows a link
        for name in sorted(dirs + names):
            p = Path(folder) / name
            mode = p.lstat().st_mode
            if stat.S_ISLNK(mode):
                strange.append((p, "symbolic link"))
            elif stat.S_ISREG(mode):
                if name in names and not name.endswith(".tmp"):
                    files.append(p)
            elif not stat.S_ISDIR(mode):
                strange.append((p, "special file (FIFO, socket or device)"))
    return sorted(files), sorted(strange)


REPORT_COLUMNS = ["file", "where", "original", "label", "source", "detector", "fix"]


# Words that label a speaker or a role in a transcript, never a person ("Interviewer"); the
# reference list of role labels (data/reference/cues/role_labels.txt: "therapist", "client") and
# the study's own interviewer labels (config ingest.interviewer_labels) are added to them.
SPEAKER_WORDS = frozenset(
    {"interviewer", "interviewee", "participant", "respondent", "researcher", "facilitator"}
    | {"moderator", "speaker", "chair", "notetaker", "note", "taker", "int", "q", "i"}
)
# How a decision is recorded (coprod.privacy.decisions): once per form, read by the
# de-identification and the audit alike.
KEEP = "coprod review-deid --keep"
REPLACE = "coprod review-deid --replace"
# What each kind of hit asks for (the console's summary by remedy).
REMEDY_OF = {
    "file": "fix or remove the file",
    "role label": f"keep it ({KEEP}, or deidentify.allow); never register a role word",
    "ordinary word": f"keep it ({KEEP}) if it is the word; replace it ({REPLACE} --type …) if a name",
    "public name": f"keep it ({KEEP}, or audit.allow for shareable files only)",
    "name": f"replace it ({REPLACE} --type …, or the register), or keep it ({KEEP}) if found by mistake",
}


@dataclass(frozen=True)
class Remedies:
    """The right remedy per hit: a role label, an ordinary word or a public name is kept
    (registering "Interviewer" would replace the word in every transcript); a name is recorded
    as replace. Classified with the audit's own word lists, never the detectors'."""

    english: frozenset[str] = frozenset()
    public: frozenset[str] = frozenset()
    speakers: frozenset[str] = SPEAKER_WORDS

    @classmethod
    def load(
        cls,
        reference_dir: Path = REFERENCE_DIR,
        speaker_labels: list[str] = (),
        languages: tuple[str, ...] = ("en",),
    ) -> Remedies:
        roles = {w.casefold() for w in word_list(str(reference_dir), "cues/role_labels.txt")}
        speakers = SPEAKER_WORDS | {w for role in roles for w in _words(role)}
        speakers |= {w.casefold() for label in speaker_labels for w in _words(label)}
        ordinary = study_words(tuple(languages), str(reference_dir))
        return cls(ordinary, public_names(str(reference_dir)), frozenset(speakers))

    def kind(self, v: Value) -> str:
        words = [w.casefold() for w in _words(v.original)]
        if v.source == "audit":
            return "file"
        if words and all(w in self.speakers for w in words):
            return "role label"
        if v.source in ("register", "decision"):  # the team listed it: a name, whatever else it is
            return "name"
        if len(words) == 1 and words[0] in self.english:
            return "ordinary word"
        if skeleton(v.original).casefold().strip() in self.public:
            return "public name"
        return "name"

    def fix(self, hit: Hit) -> str:
        v, o = hit.value, hit.value.original
        kind = self.kind(v)
        keep = f"{KEEP} '{o}'"
        repl = f"{REPLACE} '{o}' --type PERSON|PLACE|ORG|NAME"
        if kind == "file":
            if v.label == "symbolic link":
                return "replace the link with a copy of what it points to (if shareable), or remove it"
            if v.label.startswith("special file"):
                return "remove it: only regular files and folders belong in the shareable zone"
            return "remove the file from the shareable zone or export it in a format the audit reads"
        if kind == "role label":
            return (
                f"'{o}' is a speaker or role label, not a name: keep it ({keep}, or deidentify.allow "
                "in the config; kept in the transcripts and accepted by the audit); never register it "
                "or record it as replace, which would replace the word everywhere"
            )
        if kind == "ordinary word":
            return (
                f"'{o}' is also an ordinary English word: if that is what it is here, keep it ({keep}); "
                f"if it names someone here, replace it ({repl})"
            )
        if kind == "public name":
            return (
                f"'{o}' is a public place or body (data/reference): if it identifies nobody here, keep it "
                f"({keep}; or audit.allow to accept it in shareable files only); if it identifies "
                f"someone, replace it ({repl})"
            )
        if v.source == "decision":
            return (
                f"'{o}' is recorded as replace in the review decisions but is still here: rerun the "
                "pipeline (make) so the de-identification applies it; if it stays, this file was not "
                "made by this run's de-identification"
            )
        if v.source == "register":
            return (
                f"'{o}' is in the register but was not replaced here: add this form as an alias of its "
                "register entry"
            )
        if v.source == "key (earlier run)":
            return (
                f"'{o}' is in the pseudonym key from an earlier run but this run no longer replaces it: "
                f"if it names someone, replace it ({repl}); if it identifies nobody, keep it ({keep})"
            )
        if v.source in ("review", "key"):  # a detector's finding: a missed name or its own false positive
            return (
                f"'{o}' was found and replaced elsewhere as {v.label}: if it names someone or somewhere "
                f"here, replace it everywhere ({repl}); if it does not (the de-identifier's false "
                f"positive), keep it ({keep}: kept everywhere and accepted by the audit)"
            )
        return f"'{o}' was found but not replaced: replace it everywhere ({repl}), or add it to the register"


def _fix(hit: Hit, remedies: Remedies | None = None) -> str:
    return (remedies or Remedies.load()).fix(hit)


def write_report(path: Path, hits: list[Hit], remedies: Remedies | None = None) -> None:
    """Private report: every hit with the original value and the fix (mode 0600)."""
    remedies = remedies or Remedies.load()
    rows = ["\t".join(REPORT_COLUMNS)]
    for h in hits:
        v = h.value
        vals = [h.file, h.where, v.original, v.label, v.source, v.detector, remedies.fix(h)]
        rows.append("\t".join(x.replace("\t", " ").replace("\n", " ") for x in vals))
    write_private(path, "\n".join(rows) + "\n")


def summary(hits: list[Hit], report: Path | None, limit: int = 8, remedies: Remedies | None = None) -> str:
    """A few lines: counts by file, kind and remedy, never an original value."""
    remedies = remedies or Remedies.load()
    by_file = Counter(h.file for h in hits)
    kinds = Counter(
        h.value.label if h.value.source in ("register", "audit") else h.value.source for h in hits
    )
    by_remedy = Counter(remedies.kind(h.value) for h in hits)
    lines = [
        f"{len(hits)} hit(s) in {len(by_file)} file(s); by kind: "
        + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    ]
    lines.append(
        "by remedy: " + "; ".join(f"{k} {n} -> {REMEDY_OF[k]}" for k, n in sorted(by_remedy.items()))
    )
    lines += [f"  {n:5d}  {f}" for f, n in by_file.most_common(limit)]
    if len(by_file) > limit:
        lines.append(f"  ... and {len(by_file) - limit} more file(s)")
    if report:
        lines.append(f"every hit with its original value and the fix: {report} (private)")
    return "\n".join(lines)


# A word the published, cased transcripts write in lower case in this many places is ordinary
# there (one lower-case slip of a name is not)
LOWER_CASE_USES = 3


def _cased(text: str) -> bool:
    """The transcript carries case information: besides its speaker labels and pseudonyms, at
    least one word in fifty is capitalised ("I" aside). Speech-recognition output, all lower
    case, writes names in lower case too, so its lower-case words say nothing (the audit's own
    reading, not the de-identifier's)."""
    body = re.sub(r"\[[^\]\n]*\]", " ", re.sub(r"(?m)^[^:\n]{1,60}:\s", " ", text))
    words = [w for w in WORD_RE.findall(body) if w != "I"]
    return bool(words) and sum(w[:1].isupper() for w in words) * 50 >= len(words)


def _lower_case_words(data: bytes) -> tuple[bool, Counter[str]]:
    """A published transcript's bytes: whether it carries case information (`_cased`) and how
    often it writes each lower-case word (read as text with universal newlines)."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if not _cased(text):
        return False, Counter()
    return True, Counter(w for w in WORD_RE.findall(text) if w.islower())


def _lower_case_words_cached(data: bytes, cache, settings: str) -> Counter[str]:
    """`_lower_case_words` (the count, empty for a transcript without case information), kept
    in the audit's private cache by the transcript's content and the audit code: a run reads
    each unchanged transcript's counts instead of counting its words again. An entry of the
    wrong shape is ignored and rebuilt."""
    key = digest("lower-case words", settings, hashlib.sha256(data).hexdigest())
    entry = cache.get(key)
    if entry is not None:
        cased, lower = entry.get("cased"), entry.get("lower")
        if (
            isinstance(cased, bool)
            and isinstance(lower, dict)
            and all(type(n) is int and n > 0 for n in lower.values())
            and (cased or not lower)
        ):
            return Counter(lower)
    cased, counts = _lower_case_words(data)
    cache.put(key, {"cased": cased, "lower": dict(sorted(counts.items()))}, evict=False)
    return counts


def capitalised_where_ordinary(values: list[Value], files: list[Path], cache=None) -> list[Value]:
    """A single capitalised word a detector replaced ("Zarvik" at a sentence start, read as a
    place) that the published transcripts with case information write in lower case in at
    least LOWER_CASE_USES places is audited capitalised only. The de-identifier draws the same
    line (a word the corpus writes in lower case is ordinary: it replaces the capitalised
    finding, not the lower-case word), and a first run failed on every lower-case use of a
    slang word. A word of a name the de-identifier found only on weak evidence (`guessed`,
    below 0.9) needs one lower-case use, the de-identifier's own line for such a name: a first
    run failed on a food word said once in lower case after a garbled party name was read as a
    person elsewhere. Register values and words found in lower case keep their guard.
    `cache` (the audit's private `ContentCache`): each transcript's counts reused by content."""
    counts: Counter[str] = Counter()
    settings = _scan_settings() if cache is not None else ""
    for f in files:
        if f.parent.name == "deidentified" and f.suffix == ".txt":
            data = f.read_bytes()
            if cache is not None:
                counts.update(_lower_case_words_cached(data, cache, settings))
            else:
                counts.update(_lower_case_words(data)[1])
    out = []
    for v in values:
        words = _words(v.original)
        if (
            v.guard in ANY_CASE
            and v.source in ("review", "key")
            and len(words) == 1
            and words[0][:1].isupper()
            and counts[words[0].casefold()] >= (1 if v.guessed else LOWER_CASE_USES)
        ):
            v = replace(v, guard="cap")
        out.append(v)
    return out


def shareable_index(
    values: list[Value],
    allow: list[str],
    files: list[Path],
    reference_dir: Path = REFERENCE_DIR,
    cache=None,
    languages: tuple[str, ...] = ("en",),
) -> Index:
    """The audit's lookup table for a set of shareable `files`: the identifier values with the
    lower-case rule applied over those files (`capitalised_where_ordinary`), the allowed phrases
    plus the authors the files cite (`public_phrases`: "David Smith" is released as a whole
    name; a participant's first name alone, elsewhere, is still a hit), and the ordinary words.
    The build's audit and the archive both build their index here, so a study the build passed
    is not refused by the archive on a rule only one of them applied. `cache`: the audit's
    private cache (`capitalised_where_ordinary`). `languages`: the study's (deidentify.languages),
    whose articles make a person's word that the language uses as a noun that noun after them
    (`reference.study_articles`); the stem questions read the English list whatever they are."""
    values = capitalised_where_ordinary(values, files, cache)
    articles = study_articles(tuple(languages), str(reference_dir))
    return Index(values, list(allow) + public_phrases(files), english_words(reference_dir), articles)


def _tree_index(
    files,
    key_path,
    register_path,
    review_path,
    allow,
    reference_dir,
    decisions_path,
    cache_dir,
    languages: tuple[str, ...] = ("en",),
):
    """(identifier values, allowed phrases before the files' own, index, cache or None) of an
    audit of `files` (`audit_tree`, `scan_ahead`)."""
    decisions = load_decisions(decisions_path)
    allow = list(allow or []) + kept(decisions)
    cache = None
    if cache_dir is not None:
        from ...cache import ContentCache

        cache = ContentCache(cache_dir)
    # reused while the key, register, review log, decisions and reference lists are unchanged
    values = identifier_values_cached(
        key_path, register_path, review_path, reference_dir, decisions, cache, languages
    )
    return values, allow, shareable_index(values, allow, files, reference_dir, cache, languages), cache


def scan_ahead(
    root: Path,
    files: list[Path],
    key_path: Path,
    register_path: Path | None,
    review_path: Path | None,
    out_path: Path,
    allow: list[str] | None = None,
    reference_dir: Path = REFERENCE_DIR,
    decisions_path: Path | None = None,
    cache_dir: Path | None = None,
    bibliography: list[Path] = (),
    languages: tuple[str, ...] = ("en",),
) -> tuple[int, int]:
    """The audit's scan of the shareable `files` under `root` that exist long before the rest
    (rule audit_corpus: the published transcripts and the tables and project export built from
    them), made as soon as they are written, beside the jobs that build the rest, and kept in
    the audit's private cache (`cache_dir`, the final audit's).

    It decides nothing: the final audit (`audit_tree`, rule audit_shareable) scans every file
    under `root` again or reuses these scans under its own cache rules (the same bytes, place,
    audit code and figure hashes, no identifier value or allowed phrase of its own that these
    scans could have missed: the manuscript's byline and cited authors, allowed only there, are
    re-checked word by word), so its hits and report are a full scan's whatever this found or
    whether this ran. `bibliography`: the manuscript's BibTeX files, which the render copies
    into `root`: their authors are allowed here as they will be there (`public_phrases`), so
    the final audit has no cited name of its own to look for again. Writes the files scanned
    and the hits found among them to `out_path` (private: two counts). Returns (files scanned,
    hits)."""
    root = Path(root)
    files = sorted({Path(f) for f in files})
    allow = list(allow or []) + public_phrases([Path(b) for b in bibliography])
    _, _, index, cache = _tree_index(
        files,
        key_path,
        register_path,
        review_path,
        allow,
        reference_dir,
        decisions_path,
        cache_dir,
        languages,
    )
    hits, scanned = audit_files(files, root, index, cache=cache)
    write_private(Path(out_path), f"files_scanned\t{scanned}\nhits\t{len(hits)}\n")
    return scanned, len(hits)


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
    speaker_labels: list[str] = (),
    decisions_path: Path | None = None,
    cache_dir: Path | None = None,
    languages: tuple[str, ...] = ("en",),
) -> int:
    """Scan every file under `root` (except the report itself); raise LeakError on any hit.

    On failure: every hit goes to `hits_path` (private) with its remedy, and `root/manuscript`
    is moved to `quarantine` (private) so a failed manuscript is not left where a user would
    send it. `speaker_labels` (ingest.interviewer_labels) are role words: allowed, never
    registered. `decisions_path`: the private review decisions, read here with their own
    loader — a form decided keep is accepted, one decided replace must not appear.
    `cache_dir`: a private folder where each file's scan is kept and reused while the file,
    the identifiers and the audit code are unchanged (`audit_files`). `languages`: the study's
    (deidentify.languages): a value that is an ordinary word of one of them is looked for
    capitalised only, and a hit on one is advised keep; only their word lists are loaded."""
    root = Path(root)
    report = Path(report_path).resolve()
    files = [p for p in study_files(root) if p.resolve() != report]
    values, allow, index, cache = _tree_index(
        files,
        key_path,
        register_path,
        review_path,
        allow,
        reference_dir,
        decisions_path,
        cache_dir,
        languages,
    )
    hits, scanned = audit_files(files, root, index, cache=cache)
    hits = strange_entries(root) + hits
    if hits:
        remedies = Remedies.load(reference_dir, list(speaker_labels), tuple(languages))
        if hits_path:
            write_report(Path(hits_path), hits, remedies)
        moved = ""
        if quarantine and (root / "manuscript").is_dir():
            dest = Path(quarantine) / "manuscript"
            shutil.rmtree(dest, ignore_errors=True)
            private_dir(dest.parent)
            shutil.move(str(root / "manuscript"), str(dest))
            moved = f"; the failed manuscript was moved to {dest} (private)"
        first = hits[0]
        what = (
            f"not a file the audit can read ({first.value.label})"
            if first.value.source == "audit"
            else f"original identifier found ({first.value.label})"
        )
        raise LeakError(
            f"{first.file} ({first.where})",
            what + moved,
            f"this one: {REMEDY_OF[remedies.kind(first.value)]}; then rerun\n"
            + summary(hits, hits_path, remedies=remedies),
        )
    Path(report_path).parent.mkdir(parents=True, exist_ok=True)
    Path(report_path).write_text(
        f"files_scanned\t{scanned}\nidentifier_values_checked\t{len(values)}\n"
        f"allowed_phrases\t{len(allow)}\nhits\t0\n",
        encoding="utf-8",
    )
    return scanned


def scan_bytes(name: str, data: bytes, index: Index, figures: dict[str, str]) -> list[Hit]:
    """Audit one archive member (name and content) without writing it anywhere."""
    hits = [Hit(name, "member name", v) for _, v in index.scan(name.replace("/", " / "))]
    stems = _stems(Path(name))
    try:
        units = _by_type(Path(name).suffix, data, figures)
    except Unreadable as exc:
        return hits + [Hit(name, str(exc), Value("", "unreadable file", "audit"))]
    for unit in units:
        hits += [Hit(name, unit.where, v) for _, v in index.scan(unit.text, "", stems)]
    return hits


__all__ = ["audit_tree", "identifier_values", "Index", "extract", "scan_bytes", "study_files"]
