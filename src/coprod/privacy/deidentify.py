"""De-identification: the only door from the private zone to the shareable zone.

Layers, each recorded per replacement with its detector and confidence:
  1. the register (people, organisations, places + aliases) with generated name variants;
  2. patterns: e-mail, URL, UK phones (libphonenumber + spoken digits), postcodes, NHS/CHI
     and National Insurance numbers, full dates (generalised), street addresses;
  3. gazetteers of public Scottish names (data/reference/);
  4. names not in the register, from open name lists plus context (coprod.names);
  5. quasi-identifiers: a participant's own job title and organisation in their own transcript.
Speaker labels are pseudonymised too. Pseudonyms are typed and readable ("[Person 7]",
"[HSCP C]", "[Place 12]"), consistent across the corpus and stable across runs because the
key is append-only.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ConfigError, InputError
from ..ingest import DEFAULT_INTERVIEWER_LABELS, Transcript, read_transcript
from .detectors import EMAIL_RE, URL_RE, Span, all_patterns, pattern_hints
from .key import LABELS, PseudonymKey, _norm, crash_point, locked, private_dir, write_private  # noqa: F401  (re-exported)
from .names import REFERENCE_DIR, TITLES, NameFinder, distinctive_words, english_words, load_reference
from .normalise import fold_word, tidy, view
from .register import Entity, interviewer_labels, load_register, person_variants, variants
from .trie import trie_pattern

# Replaced by their canonical text directly (no numbered pseudonym): generalised values.
DIRECT = {"DATE", "QUASI"}
# Speaker labels that identify nobody and are kept as they are.
GENERIC_LABEL_RE = re.compile(
    r"^(?:interviewer|respondent|participant|researcher|facilitator|moderator|interviewee|"
    r"speaker|int|resp|i|r|q|a|p|f|m)\s*\d{0,3}$",
    re.I,
)
WORD_RE = re.compile(r"(?<![\w'’\-])[a-zà-ÿ][a-zà-ÿ'’\-]*")


@dataclass
class Settings:
    """What a reviewer can tune in config (deidentify.*) without touching code."""

    date_mode: str = "month_year"  # or "redact"
    allow: tuple[str, ...] = ()  # phrases never replaced
    deny: dict[str, str] = field(default_factory=dict)  # phrase -> type, always replaced
    reference_dir: Path = REFERENCE_DIR
    role_labels: dict[str, str] = field(
        default_factory=lambda: {"local": "senior planning role", "national": "senior national role"}
    )
    org_labels: dict[str, str] = field(
        default_factory=lambda: {"local": "the participant's partnership", "national": "a national body"}
    )


class Detector:
    """Finds identifier spans in text. Built once per corpus."""

    def __init__(self, entities: list[Entity], settings: Settings | None = None, common_words=()) -> None:
        self.settings = settings or Settings()
        if not Path(self.settings.reference_dir).is_dir():
            raise ConfigError(
                "deidentify.reference_dir",
                f"folder '{self.settings.reference_dir}' not found",
                "point it at the public name lists and gazetteers (data/reference in the repository)",
            )
        english = english_words(str(self.settings.reference_dir))
        # Register forms are matched on the folded view (case, accents, look-alikes do not
        # matter), with a guard where a form is also an ordinary word: folded form ->
        # (type, canonical name, guard, form as registered).
        self.forms: dict[str, tuple[str, str, str, str]] = {}
        people: dict[str, set[str]] = defaultdict(set)  # folded form -> registered people
        for ent in sorted(entities, key=lambda e: (e.type, e.name)):
            for form in sorted(variants(ent)):
                for v in sorted({form, *_spelling_variants(form)}):
                    self.forms.setdefault(fold_word(v), (ent.type, ent.name, _guard(v, english), v))
                    if ent.type == "PERSON":
                        people[fold_word(v)].add(ent.name)
        # A form two registered people share ("Caitlin" of Caitlin Adamson and Caitlin Drysdale)
        # belongs to neither until the transcript's context says whose it is (`resolve_shared`):
        # its canonical is the form itself, and `shared` lists who it may be.
        self.shared: dict[str, list[str]] = {}
        for f, names in people.items():
            if len(names) > 1 and f in self.forms and self.forms[f][0] == "PERSON":
                etype, _, guard, v = self.forms[f]
                self.forms[f] = (etype, v, guard, v)
                self.shared[v] = sorted(names)
        for ent in sorted(entities, key=lambda e: (e.type, e.name)):
            if ent.type == "ORG":  # "Rowett" alone is the Rowett Research Institute
                for form in (ent.name, *ent.aliases):
                    for w in distinctive_words(form, self.settings.reference_dir):
                        self.forms.setdefault(fold_word(w), (ent.type, ent.name, "", w))
        for phrase, etype in sorted(self.settings.deny.items()):
            self.forms.setdefault(fold_word(phrase), (etype, phrase, "", phrase))
        self._reg = _compile(sorted(f for f in self.forms if f), 0, plural=True)
        # user names and handles that embed a registered name ("mdrysdale01")
        inner = sorted(
            {
                f
                for f, (t, _, g, _) in self.forms.items()
                if t == "PERSON" and " " not in f and len(f) >= 4 and not g
            }
        )
        self._handle_names = re.compile(trie_pattern(inner)) if inner else None
        self._handle_form = {f: self.forms[f] for f in inner}
        ref = load_reference(str(self.settings.reference_dir))
        self.names = NameFinder(ref, set(common_words), set(self.settings.allow))
        self._allow = _compile(sorted({a.lower() for a in self.names.allow}), 0)
        # the user's own allow-list releases anything, register entries included; the built-in
        # public lists (national bodies, eponymous terms) never override the team's register
        self._low_cache: tuple[str | None, str, str] = (None, "", "")
        self._user_allow = _compile(sorted({fold_word(a) for a in self.settings.allow if a.strip()}), 0)

    def _low(self, text: str) -> str:
        """The lower-cased folded view of `text`, computed once per text (find, protected and
        the user's allow-list all need it for the same long joined text)."""
        return self._views(text)[1]

    def _views(self, text: str) -> tuple[str, str]:
        """(view, lower-cased view) of `text`, computed once per text."""
        if self._low_cache[0] is not text:
            seen = view(text)
            self._low_cache = (text, _lower(seen), seen)
        return self._low_cache[2], self._low_cache[1]

    def protected(self, text: str) -> list[tuple[int, int]]:
        if not self._allow:
            return []
        return [(m.start(), m.end()) for m in self._allow.finditer(self._low(text))]

    def find(self, text: str, patterns: bool = True, finish: bool = True) -> list[Span]:
        spans: list[Span] = []
        seen = self._views(text)[0]  # same offsets as text; look-alikes, accents, fullwidth folded
        if self._reg is not None:
            for m in self._reg.finditer(self._low(text)):
                etype, name, guard, form = self.forms[m.group(1)]
                surface = seen[m.start() : m.end()]
                if guard == "exact" and surface != view(form):
                    continue  # an acronym alias ("HIS") does not fire on the word "his"
                if guard == "cap" and not surface[:1].isupper():
                    continue  # "Hope" the person, not "I hope so"
                spans.append(Span(m.start(), m.end(), etype, name, "register", 1.0))
        if self._handle_names is not None:
            for start, end in handles(seen):
                inner = self._handle_names.search(seen[start:end].lower())
                if inner:
                    etype, name, _, _ = self._handle_form[inner.group(0)]
                    spans.append(Span(start, end, etype, name, "register", 1.0))
        if patterns:
            spans += all_patterns(seen, self.settings.date_mode)
        spans += self.names.find(seen)
        return self._finish(spans, text) if finish else spans

    def _finish(self, spans: list[Span], text: str) -> list[Span]:
        """Drop spans inside protected phrases, resolve overlaps, merge adjacent names."""
        keep = self.protected(text)
        if keep:
            starts = [a for a, _ in keep]
            spans = [s for s in spans if s.detector == "register" or not _inside(s, keep, starts)]
        if self._user_allow is not None:
            mine = [(m.start(), m.end()) for m in self._user_allow.finditer(self._low(text))]
            starts = [a for a, _ in mine]
            spans = [s for s in spans if not _inside(s, mine, starts)]
        return merge_adjacent(resolve_overlaps(spans), text)

    def find_many(self, texts: list[str]) -> list[list[Span]]:
        """`find` over many short texts in one pass: they are joined with a separator no
        detector crosses, which saves the per-call cost of a dozen regex scans per turn."""
        unique = list(dict.fromkeys(texts))  # speaker labels repeat hundreds of times
        if len(unique) < len(texts):
            found = dict(zip(unique, self.find_many(unique), strict=True))
            return [list(found[t]) for t in texts]
        joined = SEP.join(texts)
        offsets, pos = [], 0
        for t in texts:
            offsets.append(pos)
            pos += len(t) + len(SEP)
        # pattern detectors run per text: their cheap hints skip most turns entirely
        hints = pattern_hints(joined)
        extra = [
            Span(s.start + off, s.end + off, s.type, s.canonical, s.detector, s.confidence)
            for t, off in zip(texts, offsets, strict=True)
            for s in all_patterns(t, self.settings.date_mode, hints)
        ]
        out: list[list[Span]] = [[] for _ in texts]
        k = 0
        for s in self._finish(self.find(joined, patterns=False, finish=False) + extra, joined):
            while k + 1 < len(offsets) and s.start >= offsets[k + 1]:
                k += 1
            base = offsets[k]
            if s.end - base > len(texts[k]):
                continue  # cannot happen with SEP; guard against a detector that crosses it
            out[k].append(Span(s.start - base, s.end - base, s.type, s.canonical, s.detector, s.confidence))
        return out


MERGEABLE = {"PERSON", "PLACE", "ORG"}
# A handle: one token of letters and digits (user names, logins, file stems) — "mdrysdale01".
# Found from its letter/digit junction (rare in speech, so cheap), then widened to the token.
DIGITS_RE = re.compile(r"\d+")
TOKEN_TAIL = re.compile(r"[\w.-]*")
TOKEN_HEAD = re.compile(r"[\w.-]*$")


def handles(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of 4+ characters that mixes letters and digits."""
    out: list[tuple[int, int]] = []
    for m in DIGITS_RE.finditer(text):
        a, b = m.start(), m.end()
        if out and a < out[-1][1]:
            continue
        before, after = text[a - 1 : a], text[b : b + 1]
        if not (before.isalpha() or after.isalpha()):
            continue  # a plain number, not part of a handle
        a = TOKEN_HEAD.search(text, max(0, a - 64), a).start()
        b = TOKEN_TAIL.match(text, b).end()
        while a < b and text[a] in ".-":  # a sentence's full stop is not part of the handle
            a += 1
        while b > a and text[b - 1] in ".-":
            b -= 1
        if b - a >= 4 and text[a - 1 : a] != "@" and text[b : b + 1] != "@":
            out.append((a, b))
    return out


# Joins texts for find_many: a newline (no pattern's \s+ reaches past the NUL) and a NUL byte,
# which no name, word or number pattern accepts.
SEP = "\n\x00\n"


def _inside(span: Span, intervals: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect.bisect_right(starts, span.start) - 1
    return k >= 0 and intervals[k][0] <= span.start and span.end <= intervals[k][1]


def merge_adjacent(spans: list[Span], text: str) -> list[Span]:
    """Join same-type name spans separated only by a space ("Caird" + "Park" -> one place), so
    one thing gets one pseudonym and no fragment is left between two replacements."""
    out: list[Span] = []
    for s in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and last.type == s.type
            and s.type in MERGEABLE
            and text[last.end : s.start] == " "
            and "register" not in (last.detector, s.detector)
        ):
            surface = text[last.start : s.end]
            out[-1] = Span(
                last.start, s.end, s.type, surface, last.detector, min(last.confidence, s.confidence)
            )
        else:
            out.append(s)
    return out


def _lower(text: str) -> str:
    """Lower-case with positions kept (falls back to ASCII-only lowering if Unicode would change
    the length, e.g. 'İ')."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _compile(forms: list[str], flags: int, plural: bool = False) -> re.Pattern | None:
    """One trie regex over literal forms, bounded by non-letters (so "Morag_Drysdale" and
    "t01Morag" still match). With `plural`, group 1 is the form and a plural possessive
    ("the Drysdales' house") is part of the match."""
    if not forms:
        return None
    if plural:
        # \b: forms start with a letter; a name glued to digits is a handle (see `handles`)
        return re.compile(rf"\b({trie_pattern(forms)})(?:s(?=['’]))?(?![^\W\d_])", flags)
    return re.compile(rf"(?<!\w)(?:{trie_pattern(forms)})(?!\w)", flags)


def _guard(form: str, english: frozenset[str]) -> str:
    """How a register form must look in the text to count: 'exact' for short acronyms
    (registered in capitals), 'cap' for a single word that is also an ordinary English word
    (capitalised only), '' for anything else (any case, any accents)."""
    if " " in form.strip():
        return ""
    if form.isupper() and len(form) <= 6:
        return "exact"
    return "cap" if fold_word(form) in english else ""


def _spelling_variants(form: str) -> set[str]:
    """Apostrophe, hyphen and Mac/Mc variants people and transcribers produce."""
    out = {form.replace("'", "’"), form.replace("’", "'"), form.replace("-", " "), form.replace("-", "")}
    out |= {re.sub(r"\bMac(?=[A-Z])", "Mc", form), re.sub(r"\bMc(?=[A-Z])", "Mac", form)}
    out |= {re.sub(r"\bO['’](?=[A-Z])", "O", form)}
    return {v for v in out if v != form}


# Detectors whose spans win any overlap: an e-mail or URL is replaced whole even when a
# registered place is inside it, and a participant's own job title is generalised whole.
ABSOLUTE = {"pattern:email": 3, "pattern:url": 2, "quasi": 1}


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Where spans overlap keep e-mail/URL/quasi first, then the longest, then the most
    confident, then the earliest."""
    starts: list[int] = []
    chosen: list[Span] = []  # sorted by start, never overlapping
    order = sorted(
        spans, key=lambda s: (-ABSOLUTE.get(s.detector, 0), -(s.end - s.start), -s.confidence, s.start)
    )
    for span in order:
        k = bisect.bisect_left(starts, span.start)
        if k > 0 and chosen[k - 1].end > span.start:
            continue
        if k < len(chosen) and chosen[k].start < span.end:
            continue
        starts.insert(k, span.start)
        chosen.insert(k, span)
    return chosen


def speaker_entities(transcripts: list[Transcript], entities: list[Entity]) -> list[Entity]:
    """Speaker labels that are names become PERSON entities (so an unregistered name in a label
    is still replaced everywhere it is said); names already in the register map onto it."""
    known = {}
    for e in entities:
        if e.type == "PERSON":
            for form in (e.name, *e.aliases):
                for v in person_variants(form):
                    known.setdefault(_norm(v), e)
    extra = {}
    for t in transcripts:
        for turn in t.turns:
            label = turn.speaker
            if GENERIC_LABEL_RE.match(label) or _norm(label) in known:
                continue
            extra.setdefault(label, Entity("PERSON", label))
    return [extra[k] for k in sorted(extra)]


def quasi_spans(text: str, phrases: list[tuple[str, str]]) -> list[Span]:
    """A participant's own job title / organisation, generalised in their own transcript."""
    out = []
    for phrase, label in phrases:
        rx = re.compile(rf"(?<!\w)(?:the\s+)?{re.escape(phrase)}(?!\w)", re.I)
        out += [Span(m.start(), m.end(), "QUASI", label, "quasi", 1.0) for m in rx.finditer(text)]
    return out


def resolve_shared(
    found: dict, transcripts: list[Transcript], detector: Detector, participants: dict, by_pid: dict
) -> None:
    """A first name (or other form) two registered people share is linked, transcript by
    transcript, to the one person the context names: the transcript's own participant, or the
    only candidate whose full name is said there. Otherwise it keeps a pseudonym of its own —
    never someone else's."""
    if not detector.shared:
        return
    for t in transcripts:
        units = [u for u in found if u[0] == t.id]
        named = {s.canonical for u in units for s in found[u] if s.type == "PERSON"}
        pid = participants.get(t.id, ("", ""))[0]
        own = by_pid[pid].name if pid in by_pid else ""
        for u in units:
            spans = found[u]
            for k, s in enumerate(spans):
                cands = detector.shared.get(s.canonical) if s.detector == "register" else None
                if not cands:
                    continue
                pick = [own] if own in cands else [c for c in cands if c in named]
                if len(pick) == 1:
                    spans[k] = Span(s.start, s.end, s.type, pick[0], s.detector, s.confidence)


PROPAGATE_MIN = 0.8


NAME_RULES = {"context:title", "context:full-name"}


def propagate(found: dict, transcripts: list[Transcript], detector: Detector) -> None:
    """A name found confidently anywhere is replaced everywhere it occurs in the corpus, even
    where no rule fired (sentence-initial "Anytown ..."): one identifier, one decision.

    The words of a full name found by its context ("Dr Tunde Bakare", "Grace Liu") travel too:
    a word that is no ordinary word ("Tunde") everywhere and in any case; one that is ("Grace",
    "Will") only capitalised and only in the transcript where the full name was said.

    A single word found on weaker evidence (below PROPAGATE_MIN) is replaced throughout its own
    transcript (capitalised only if it is also an ordinary word); a weak phrase of several
    words everywhere."""
    forms: dict[str, Span] = {}
    local: dict[str, dict[str, Span]] = defaultdict(dict)
    local_folded: dict[str, dict[str, Span]] = defaultdict(dict)
    english = english_words(str(detector.settings.reference_dir))
    tech = detector.names.ref.tech | detector.names.ref.tech_ambiguous
    for (tid, _, _), spans in sorted(found.items()):
        for s in spans:
            if s.type in MERGEABLE and s.detector != "register":
                if s.confidence >= PROPAGATE_MIN or " " in s.canonical.strip():
                    forms.setdefault(s.canonical, s)
                elif len(s.canonical) >= 3 and s.canonical[:1].isupper():
                    # a word replaced on weaker evidence is replaced throughout its transcript:
                    # one decision per transcript ("Retrofit" replaced once mid-sentence but
                    # kept where it starts a sentence published the word and trapped the
                    # audit, which checks such words in that transcript) — capitalised if it
                    # is also an ordinary word, else in any case and spelling ("reka")
                    # (the English list only, as the audit reads it: not the corpus's own
                    # lower-case words, so both draw the same line)
                    w = s.canonical
                    if fold_word(w) in english:
                        local[tid].setdefault(w, s)
                    else:
                        local_folded[tid].setdefault(fold_word(w), s)
            if s.type == "PERSON" and s.detector in NAME_RULES:
                for w in s.canonical.replace(",", " ").split():
                    if len(w) < 3 or w in TITLES or fold_word(w) in tech or not w[:1].isupper():
                        continue
                    word = Span(s.start, s.end, "PERSON", w, "propagated", 0.8)
                    if detector.names.is_common(w) or fold_word(w) in english:
                        local[tid].setdefault(w, word)
                    else:
                        forms.setdefault(w, word)
    # only names that are not ordinary words, matched in any case and spelling ("morag"); an
    # acronym that is also a word ("VOCAL") only in capitals, everywhere
    folded: dict[str, Span] = {}
    for f, s in sorted(forms.items()):
        if len(f) >= 3 and not detector.names.is_common(f) and fold_word(f) not in english:
            folded.setdefault(fold_word(f), s)
        elif len(f) >= 3 and f.isupper() and f.isalpha():
            for t in transcripts:
                local[t.id].setdefault(f, s)
    rx = _compile(sorted(folded), 0, plural=True) if folded else None
    for t in transcripts:
        mine, mine_folded = local.get(t.id, {}), local_folded.get(t.id, {})
        rx_local = _compile(sorted(mine), 0) if mine else None
        rx_folded = _compile(sorted(mine_folded), 0, plural=True) if mine_folded else None
        if rx is None and rx_local is None and rx_folded is None:
            continue
        for turn in t.turns:
            unit = (t.id, turn.order, "text")
            spans = found.get(unit, [])
            keep = detector.protected(turn.text)
            hits = []
            if rx is not None:
                hits += [
                    (m.start(), m.end(), folded[m.group(1)]) for m in rx.finditer(_lower(view(turn.text)))
                ]
            if rx_local is not None:  # capitalised, as written: "Grace ran it", not "grace period"
                hits += [(m.start(), m.end(), mine[m.group(0)]) for m in rx_local.finditer(view(turn.text))]
            if rx_folded is not None:
                hits += [
                    (m.start(), m.end(), mine_folded[m.group(1)])
                    for m in rx_folded.finditer(_lower(view(turn.text)))
                ]
            have = {(x.start, x.end) for x in spans}  # a word found there already keeps its finding
            extra = [
                Span(a, b, s.type, s.canonical, "propagated", min(0.8, s.confidence))
                for a, b, s in hits
                if not any(x <= a and b <= y for x, y in keep) and (a, b) not in have
            ]
            if extra:
                found[unit] = resolve_overlaps(spans + extra)


def link_people(spans: list[Span], key: PseudonymKey | None = None) -> dict[str, str]:
    """Map short person mentions onto a full name found elsewhere in the corpus when that is
    unambiguous ("Mrs McBride", "Ann" -> "Ann McBride"), so one person gets one
    pseudonym."""
    full = sorted({s.canonical for s in spans if s.type == "PERSON" and len(s.canonical.split()) >= 2})
    by_first, by_last = defaultdict(set), defaultdict(set)
    for name in full:
        words = name.split()
        if words[0] in {"Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Professor", "Councillor", "Cllr"}:
            by_last[words[-1]].add(name)
            continue
        by_first[words[0]].add(name)
        by_last[words[-1]].add(name)
    untitled = {
        n for n in full if n.split()[0] not in {"Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Councillor"}
    }
    out = {}
    for s in spans:
        if s.type != "PERSON" or s.detector == "register":
            continue
        if key is not None and ("PERSON", _norm(s.canonical)) in key._index:
            continue  # already has a pseudonym: never re-link it (pseudonyms are stable)
        words = s.canonical.split()
        if len(words) == 1 and len(by_first.get(words[0], ())) == 1:
            out[s.canonical] = next(iter(by_first[words[0]]))
        elif len(words) == 2 and words[0] in {"Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Councillor", "Cllr"}:
            matches = by_last.get(words[1], set()) & untitled
            if len(matches) == 1:
                out[s.canonical] = next(iter(matches))
    return out


@dataclass
class Replacement:
    transcript: str
    turn: int
    field: str  # "speaker" | "text"
    start: int
    end: int
    type: str
    detector: str
    confidence: float
    original: str
    pseudonym: str
    context: str


def assign(
    spans: list[Span], key: PseudonymKey, links: dict[str, str], transcript: str = ""
) -> list[tuple[Span, str]]:
    """Each span with the label that replaces it (`[label]`): a generalised value as it is, else
    the key's pseudonym for its canonical form (short names linked to their full name first).
    A new key entry for a single word found on weak evidence records its transcript."""
    done = []
    for s in spans:
        if s.type in DIRECT:
            label = s.canonical
        else:
            canonical = links.get(s.canonical, s.canonical) if s.type == "PERSON" else s.canonical
            weak = s.confidence < PROPAGATE_MIN and len(canonical.split()) == 1
            label = key.pseudonym(s.type, canonical, transcript if weak else "")
        done.append((s, label))
    return done


def published_form(t: Transcript) -> Transcript:
    """One form for every text: NFC, no zero-width or soft-hyphen characters (what is published
    and what every offset in a plan refers to)."""
    return replace(t, turns=[replace(u, speaker=tidy(u.speaker), text=tidy(u.text)) for u in t.turns])


def apply_plan(t: Transcript, rows) -> dict:
    """The de-identified document: every planned span (turn, field, start, end, label) replaced
    by `[label]`. `t` is in published form; rows of other fields (the file name) are ignored.
    This is the only place published text is built, for the CLI and the workflow's chunks."""
    by_field: dict[tuple[int, str], list] = defaultdict(list)
    for r in rows:
        by_field[(r.turn, r.field)].append(r)
    turns = []
    for turn in t.turns:
        fields = {}
        for name, value in (("speaker", turn.speaker), ("text", turn.text)):
            out, pos = [], 0
            for r in by_field.get((turn.order, name), ()):  # in document order, as planned
                if r.end > len(value):
                    raise InputError(
                        t.id, f"the de-identification plan does not fit turn {turn.order}",
                        "the plan is stale: re-run the de-identification (make)",
                    )  # fmt: skip
                out += [value[pos : r.start], f"[{r.pseudonym}]"]
                pos = r.end
            out.append(value[pos:])
            fields[name] = "".join(out)
        turns.append(
            {
                "order": turn.order,
                "role": turn.role,
                "speaker": fields["speaker"],
                "text": fields["text"],
                "start": turn.start,
                "end": turn.end,
            }
        )
    return {"id": t.id, "format": t.format, "turns": turns}


def common_words(transcripts: list[Transcript]) -> set[str]:
    """Words the corpus itself uses in lower case: evidence that a capitalised one is ordinary.
    E-mail addresses and URLs are removed first ("fife" in "@fife.gov.uk" is not a word)."""
    words: set[str] = set()
    for t in transcripts:
        for turn in t.turns:
            text = URL_RE.sub(" ", EMAIL_RE.sub(" ", turn.text))
            words.update(WORD_RE.findall(text))
    return words


def deidentify_transcripts(
    transcripts: list[Transcript],
    entities: list[Entity],
    key: PseudonymKey,
    settings: Settings | None = None,
    participants: dict[str, tuple[str, str]] | None = None,
) -> tuple[list[dict], list[Replacement]]:
    """De-identify parsed transcripts (sorted by id for a stable pseudonym order).

    `participants` maps transcript id -> (participant_id, group) for quasi-identifiers.
    """
    settings = settings or Settings()
    transcripts = [published_form(t) for t in sorted(transcripts, key=lambda t: t.id)]
    detector = Detector(
        entities + speaker_entities(transcripts, entities), settings, common_words(transcripts)
    )
    by_pid = {e.participant_id: e for e in entities if e.participant_id}
    # pass 1: detect everywhere
    found: dict[tuple[str, int, str], list[Span]] = {}
    for t in transcripts:
        quasi = []
        pid, group = (participants or {}).get(t.id, ("", ""))
        person = by_pid.get(pid)
        if person is not None:
            quasi += [(p, settings.role_labels.get(group, "participant's role")) for p in person.job_titles]
            quasi += [
                (p, settings.org_labels.get(group, "participant's organisation"))
                for p in person.organisations
            ]
        labels = [turn for turn in t.turns if not GENERIC_LABEL_RE.match(turn.speaker)]
        texts = [turn.text for turn in t.turns] + [turn.speaker for turn in labels]
        results = detector.find_many(texts)
        for turn, spans in zip(t.turns, results, strict=False):
            found[(t.id, turn.order, "text")] = resolve_overlaps(spans + quasi_spans(turn.text, quasi))
        for turn, spans in zip(labels, results[len(t.turns) :], strict=True):
            found[(t.id, turn.order, "speaker")] = spans
    resolve_shared(found, transcripts, detector, participants or {}, by_pid)
    propagate(found, transcripts, detector)
    links = link_people([s for spans in found.values() for s in spans], key)
    # pass 2: assign labels in document order, so pseudonym numbers follow first mention; the
    # log is the plan every published text is built from (apply_plan)
    docs, log = [], []
    for t in transcripts:
        first = len(log)
        for turn in t.turns:
            for name, value in (("speaker", turn.speaker), ("text", turn.text)):
                spans = found.get((t.id, turn.order, name), [])
                if name == "speaker" and not GENERIC_LABEL_RE.match(value) and not spans:
                    spans = [Span(0, len(value), "PERSON", value, "speaker-label", 1.0)]
                for span, label in assign(spans, key, links, t.id):
                    ctx = value[max(0, span.start - 40) : span.end + 40]
                    log.append(
                        Replacement(
                            t.id,
                            turn.order,
                            name,
                            span.start,
                            span.end,
                            span.type,
                            span.detector,
                            span.confidence,
                            value[span.start : span.end],
                            label,
                            ctx,
                        )
                    )
        docs.append(apply_plan(t, log[first:]))
        # a file named after a person stays private; say so in the private review log
        stem = Path(t.source).stem if t.source else ""
        for span in detector.find(stem.replace("_", " ")) if stem else []:
            log.append(
                Replacement(
                    t.id, -1, "file_name", span.start, span.end, span.type, span.detector, span.confidence,
                    stem[span.start : span.end], "(file name: not published)", stem,
                )
            )  # fmt: skip
    return docs, log


def render_text(doc: dict) -> str:
    """The contract format: one turn per paragraph, `Speaker: text`, blank line between turns."""
    return "\n\n".join(f"{t['speaker']}: {t['text']}" for t in doc["turns"]) + "\n"


def _write(path: Path, text: str) -> None:
    """A shareable output: atomic, and 0644 whatever the umask (never world-writable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, 0o644)
    crash_point()
    tmp.replace(path)
    crash_point()


REVIEW_COLUMNS = [
    "transcript",
    "turn",
    "field",
    "start",
    "end",
    "type",
    "detector",
    "confidence",
    "original",
    "pseudonym",
    "context",
]


def write_review(path: Path, log: list[Replacement]) -> None:
    """Private review file: every replacement with original text and context (0600)."""
    rows = ["\t".join(REVIEW_COLUMNS)]
    for r in log:
        vals = [str(getattr(r, c)) for c in REVIEW_COLUMNS]
        rows.append("\t".join(v.replace("\t", " ").replace("\n", " ") for v in vals))
    write_private(path, "\n".join(rows) + "\n")


def review_table(path: Path, top: int = 40) -> str:
    """The replacements a human should glance at, as a terminal table: grouped by surface form
    and type, weakest evidence first, with counts and one line of context. Private (it prints
    original text). Each line ends with the config line that would release a false positive."""
    import csv

    if not Path(path).exists():
        raise InputError(path, "no review log yet", "run the pipeline (make) first")
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["type"] not in DIRECT and row["field"] != "file_name":
                groups[(row["original"], row["type"])].append(row)
    order = sorted(
        groups.items(), key=lambda kv: (min(float(r["confidence"]) for r in kv[1]), -len(kv[1]), kv[0])
    )
    lines = [f"{'conf':>4}  {'n':>4}  {'type':<7} {'surface form':<28} {'detector':<22} context"]
    for (form, etype), rows in order[:top]:
        conf = min(float(r["confidence"]) for r in rows)
        ctx = " ".join(rows[0]["context"].split())[:70]
        lines.append(
            f"{conf:>4.2f}  {len(rows):>4}  {etype:<7} {form[:28]:<28} {rows[0]['detector'][:22]:<22} {ctx}"
        )
    lines.append(
        f"{len(groups)} surface forms, {sum(len(v) for v in groups.values())} replacements; release a "
        "false positive by adding it to deidentify.allow in the config (the audit honours it too)"
    )
    return "\n".join(lines)


def summary_rows(log: list[Replacement], ids: list[str]) -> str:
    """Shareable summary: counts of replacements by transcript, type and detector (no text)."""
    counts = Counter((r.transcript, r.type, r.detector) for r in log)
    lines = ["transcript\ttype\tdetector\tcount"]
    lines += [f"{t}\t{ty}\t{d}\t{n}" for (t, ty, d), n in sorted(counts.items())]
    missing = sorted(set(ids) - {t for t, _, _ in counts})
    lines += [f"{t}\tNONE\t-\t0" for t in missing]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ plans: detect once, apply per chunk
PLAN_FORMAT = "coprod-deidentification-plan/1"


@dataclass(frozen=True)
class PlanRow:
    """One planned replacement: turn order, field, [start, end) in the published form, label."""

    turn: int
    field: str
    start: int
    end: int
    pseudonym: str


def _digest(published: Transcript) -> str:
    """What a plan was made for: the transcript's turns in published form."""
    import hashlib

    turns = [[u.order, u.speaker, u.text] for u in published.turns]
    return hashlib.sha256(json.dumps(turns, ensure_ascii=False).encode("utf-8")).hexdigest()


def plan_rows(log: list[Replacement]) -> dict[str, list]:
    """The log as plan rows (turn, field, start, end, label) by transcript, file names left out."""
    rows: dict[str, list] = defaultdict(list)
    for r in log:
        if r.field != "file_name":
            rows[r.transcript].append([r.turn, r.field, r.start, r.end, r.pseudonym])
    return rows


def plan_payload(transcripts: list[Transcript], rows: dict[str, list]) -> str:
    """A private plan (offsets and labels, no original text) for these transcripts."""
    body = {
        t.id: {"digest": _digest(published_form(t)), "replacements": rows.get(t.id, [])} for t in transcripts
    }
    return json.dumps({"format": PLAN_FORMAT, "transcripts": body}, ensure_ascii=False, sort_keys=True) + "\n"


def write_document(out_dir: Path, doc: dict, json_out: bool = True) -> None:
    """A de-identified transcript: `<id>.txt` (contract format) and `<id>.json` (turns)."""
    _write(out_dir / f"{doc['id']}.txt", render_text(doc))
    if json_out:
        text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        _write(out_dir / f"{doc['id']}.json", text)


def apply_chunk(plan_path: Path, transcripts: list[Transcript], out_dir: Path) -> list[str]:
    """The workflow's per-chunk step: publish these transcripts by their corpus-wide plan.
    Everything is checked before anything is written (a plan made for other text is stale)."""
    try:
        plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
        if plan.get("format") != PLAN_FORMAT:
            raise ValueError
        entries = plan["transcripts"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise InputError(plan_path, "not a de-identification plan", "re-run the pipeline (make)") from None
    docs = []
    for t in transcripts:
        entry = entries.get(t.id) if isinstance(entries, dict) else None
        published = published_form(t)
        if entry is None or entry.get("digest") != _digest(published):
            raise InputError(
                plan_path, f"the plan was not made for transcript {t.id} as it is now",
                "re-run the pipeline (make); the de-identification re-plans every transcript",
            )  # fmt: skip
        rows = [PlanRow(*r) for r in entry["replacements"]]
        docs.append(apply_plan(published, rows))
    _check_targets(out_dir, [d["id"] for d in docs], True, [])
    for doc in docs:
        write_document(out_dir, doc)
    return [d["id"] for d in docs]


def _refuse_overwrite(inputs: list[Path], out_dir: Path, others: list[Path | None]) -> None:
    """Inputs (transcripts, the register) are read-only: no output may be an input or sit in a
    folder holding one."""
    folders = {Path(p).resolve().parent for p in inputs}
    files = {Path(p).resolve() for p in inputs}
    if Path(out_dir).resolve() in folders:
        raise InputError(
            out_dir,
            "the output folder holds input transcripts (or the register)",
            "choose a new, separate --out folder",
        )
    for o in others:
        if o is None:
            continue
        if Path(o).resolve() in files:
            raise InputError(o, "this output path is an input file", "choose another path")


def _check_targets(out_dir: Path, ids: list[str], json_out: bool, others: list[Path | None]) -> None:
    """Every output path is checked before anything is written: a file where the output folder
    should be, or a folder where an output file should be, is one line, not a traceback after
    half the outputs (and no key) were written."""
    out_dir = Path(out_dir)
    for parent in (out_dir, *out_dir.parents):
        if parent.exists() and not parent.is_dir():
            raise InputError(
                parent, "is a file, but the output folder must go here", "choose a folder for --out"
            )
    targets = [out_dir / f"{i}.{ext}" for i in ids for ext in (("txt", "json") if json_out else ("txt",))]
    for target in targets + [Path(o) for o in others if o is not None]:
        for parent in target.parents:
            if parent.exists() and not parent.is_dir():
                raise InputError(parent, "is a file, but a folder is needed here", "choose another path")
        for path in (target, target.with_name(target.name + ".tmp")):
            if path.is_dir():
                raise InputError(
                    path, "is a folder, but an output file goes here", "remove it or choose another path"
                )


def deidentify_files(
    inputs: list[Path],
    register: Path | None,
    key_path: Path,
    out_dir: Path,
    review_path: Path | None = None,
    summary_path: Path | None = None,
    extra_interviewer_labels: tuple[str, ...] = DEFAULT_INTERVIEWER_LABELS,
    json_out: bool = True,
    transcripts: list[Transcript] | None = None,
    settings: Settings | None = None,
    participants: dict[str, tuple[str, str]] | None = None,
    plans: dict[Path, list[str]] | None = None,
) -> list[str]:
    """Raw or parsed transcripts -> `out_dir/<id>.txt` (+ `.json`), extending the key.

    With `plans` (plan file -> the transcript ids it covers; the workflow's chunks) nothing is
    published here: each plan file is written (private) for `apply_chunk` to publish its chunk.

    Everything is read and checked before anything is written, so bad input leaves no partial
    outputs and the key is untouched.
    """
    if transcripts is None:  # standalone use: inputs (and the register) are read-only
        _refuse_overwrite(
            [*inputs, *([register] if register else [])], out_dir, [review_path, summary_path, key_path]
        )
    entities = load_register(register) if register else []
    with locked(key_path):  # one read–assign–write cycle at a time on this key
        return _deidentify_files_locked(
            inputs, entities, key_path, out_dir, review_path, summary_path, extra_interviewer_labels,
            json_out, transcripts, settings, participants, plans,
        )  # fmt: skip


def _deidentify_files_locked(
    inputs, entities, key_path, out_dir, review_path, summary_path, extra_interviewer_labels,
    json_out, transcripts, settings, participants, plans,
) -> list[str]:  # fmt: skip
    key = PseudonymKey.load(key_path)
    if transcripts is None:
        labels = tuple(extra_interviewer_labels) + tuple(interviewer_labels(entities))
        # shareable ids are opaque (t001, t002 … in input order): file names stay private,
        # because transcripts are often named after the person interviewed
        width = max(3, len(str(len(inputs))))
        transcripts = [read_transcript(p, labels, f"t{k:0{width}d}") for k, p in enumerate(inputs, start=1)]
    ids = [t.id for t in transcripts]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise InputError(
            dupes[0], "two inputs share this file stem", "rename one so every transcript id is unique"
        )
    if plans is None:
        _check_targets(out_dir, ids, json_out, [review_path, summary_path])
    else:
        covered = Counter(i for chunk in plans.values() for i in chunk)
        if sorted(covered) != sorted(ids) or any(n > 1 for n in covered.values()):
            raise InputError(
                "de-identification plans", "the chunks do not cover every transcript exactly once",
                "report this as a bug",
            )  # fmt: skip
        _check_targets(Path(next(iter(plans))).parent, [], False, [*plans, review_path, summary_path])
    docs, log = deidentify_transcripts(transcripts, entities, key, settings, participants)
    # the key first, durably: a run killed after this never leaves published text (or a plan)
    # whose pseudonyms the next run could give to someone else
    key.save(key_path)
    if plans is None:
        for doc in docs:
            write_document(out_dir, doc, json_out)
    else:
        by_id, rows = {t.id: t for t in transcripts}, plan_rows(log)  # the log grouped once
        for path, chunk in plans.items():
            write_private(path, plan_payload([by_id[i] for i in chunk], rows))
    if review_path:
        write_review(review_path, log)
    if summary_path:
        _write(summary_path, summary_rows(log, ids))
    return sorted(ids)
