"""Corpus-wide decisions, taken after every text was analysed: speaker labels that are names,
a first name two registered people share, propagation of a confident name to its other
mentions, and linking a person's short mentions to their full name (one person, one
pseudonym).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from ..ingest import Transcript
from .analyzer import MERGEABLE, Analyzer, resolve_overlaps
from .detectors import EMAIL_RE, URL_RE, Span
from .key import PseudonymKey, _norm
from .names import AMBIGUOUS, TITLES
from .normalise import fold_word, view
from .recognizers.caseless import caseless
from .recognizers.register import compile_forms, lower, near
from .reference import cue_words, english_words
from .register import Entity, person_variants
from .role_phrases import is_role_phrase
from .stopwords import ENGLISH_STOP_WORDS

# Speaker labels that identify nobody and are kept as they are.
GENERIC_LABEL_RE = re.compile(
    r"^(?:interviewer|respondent|participant|researcher|facilitator|moderator|interviewee|"
    r"speaker|int|resp|i|r|q|a|p|f|m)\s*\d{0,3}$",
    re.I,
)
ROLE_SUFFIX_RE = re.compile(r"^(?P<role>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)?)\s*(?:\d{1,3}|[a-z])?$", re.I)


def is_role_label(
    label: str, extra: tuple[str, ...] = (), allow: tuple[str, ...] = (), languages: tuple[str, ...] = ("en",)
) -> bool:
    """`_role_label`, remembered: it is asked once per turn, and a caption file repeats its
    speaker labels thousands of times."""
    return _role_label(label, tuple(extra), tuple(allow), tuple(languages))


@lru_cache(maxsize=4096)
def _role_label(
    label: str, extra: tuple[str, ...], allow: tuple[str, ...], languages: tuple[str, ...]
) -> bool:
    """A speaker label that names a role, not a person ("Interviewer", "Therapist 2", "Client B",
    "Speaker 27", the config's own interviewer labels), also mis-typed by one letter (two for
    long words: "Intervieweee", "Thearpist"); an ordinary phrase of the study's languages that
    no name list claims ("Carer", "Key Worker", "Service User 2": `role_phrases`); and anything
    on the allow-list."""
    text = " ".join(label.strip("[]() ").split())
    if GENERIC_LABEL_RE.match(text) or text.casefold() in {a.casefold() for a in allow}:
        return True
    role = re.sub(r"(?:\s*\d{1,3}|\s+[A-Za-z])$", "", text).casefold()
    if is_role_phrase(role, allow, languages):
        return True
    if not ROLE_SUFFIX_RE.match(role):
        return False
    return _role_word(role, frozenset(e.casefold() for e in extra))


def role_phrase_labels(
    transcripts: list[Transcript], allow: tuple[str, ...] = (), languages: tuple[str, ...] = ("en",)
) -> tuple[str, ...]:
    """The corpus's own role vocabulary: speaker labels read as roles by `role_phrases` (an
    ordinary phrase, not a word of the role list: "Key Worker", "Carer"), without a trailing
    number or letter. The same phrase said in speech ("the Key Worker came") is that role and is
    kept: de-identification adds them to its allow-list for this corpus."""
    out: set[str] = set()
    seen: set[str] = set()
    roles = cue_words("role_labels")
    for t in transcripts:
        for turn in t.turns:
            if turn.speaker in seen:
                continue
            seen.add(turn.speaker)
            text = " ".join(turn.speaker.strip("[]() ").split())
            role = re.sub(r"(?:\s*\d{1,3}|\s+[A-Za-z])$", "", text)
            low = role.casefold()
            if GENERIC_LABEL_RE.match(text) or low in roles or len(low) < 3:
                continue
            if is_role_phrase(low, tuple(allow), tuple(languages)):
                out.add(role)
    return tuple(sorted(out))


@lru_cache(maxsize=4096)
def _role_word(role: str, extra: frozenset[str]) -> bool:
    """Whether a label's word is a role word or one mis-typed, decided once per distinct word
    (a label repeats in every transcript that has the speaker)."""
    roles = cue_words("role_labels") | extra
    if role in roles:
        return True
    return any(near(role, r, 1 if len(r) < 8 else 2) for r in roles if len(r) >= 5 and len(role) >= 5)


WORD_RE = re.compile(r"(?<![\w'’\-])[a-zà-ÿ][a-zà-ÿ'’\-]*")
# every match of URL_RE (case-insensitive) has one of these, case-folded (its scheme, "www." or
# its top-level domain): a text without any is left as it is without scanning it
URL_CUES = ("://", "www.", ".uk", ".scot", ".com", ".org", ".net")


def speaker_entities(
    transcripts: list[Transcript],
    entities: list[Entity],
    allow: tuple[str, ...] = (),
    languages: tuple[str, ...] = ("en",),
) -> list[Entity]:
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
            if is_role_label(label, (), allow, languages) or _norm(label) in known:
                continue
            extra.setdefault(label, Entity("PERSON", label))
    return [extra[k] for k in sorted(extra)]


def resolve_shared(
    found: dict, transcripts: list[Transcript], detector: Analyzer, participants: dict, by_pid: dict
) -> None:
    """A first name (or other form) two registered people share is linked, transcript by
    transcript, to the one person the context names: the transcript's own participant, or the
    only candidate whose full name is said there. Otherwise it keeps a pseudonym of its own —
    never someone else's."""
    if not detector.shared:
        return
    # each transcript's units, in the order of `found` (one pass: filtering `found` once per
    # transcript was quadratic, 3 s at 300 transcripts and ten times that at 1,000)
    by_transcript: dict[str, list] = defaultdict(list)
    for u in found:
        by_transcript[u[0]].append(u)
    for t in transcripts:
        units = by_transcript.get(t.id, [])
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


# the rules that find a whole name: each word of it is a name's word (a surname joined to a
# one-word name is as much a name as a full name found by its context)
NAME_RULES = {"context:title", "context:full-name", "context:surname-after"}


def propagate(found: dict, transcripts: list[Transcript], detector: Analyzer) -> None:
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
    name_words: set[str] = set()
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
                words = s.canonical.replace(",", " ").split()
                if s.confidence >= 0.9:  # each half of a double-barrelled name travels too
                    words += [p for w in words if "-" in w for p in w.split("-") if len(p) >= 3]
                for w in words:
                    if len(w) < 3 or w in TITLES or fold_word(w) in tech or not w[:1].isupper():
                        continue
                    if "." in w:
                        continue  # initials ("A.M.") are no name to look for: "9 a.m."
                    word = Span(s.start, s.end, "PERSON", w, "propagated", 0.8)
                    strong = s.confidence >= 0.9
                    if _ordinary_name_word(w, english) or (not strong and detector.names.is_common(w)):
                        local[tid].setdefault(w, word)
                    else:
                        forms.setdefault(w, word)
                        # the corpus writing it in lower case too ("hamish gilruthven and i")
                        # is no evidence that a word of a confident name is ordinary
                        if strong:
                            name_words.add(w)
    # only names that are not ordinary words, matched in any case and spelling ("morag"); an
    # acronym that is also a word ("VOCAL") only in capitals, everywhere
    folded: dict[str, Span] = {}
    for f, s in sorted(forms.items()):
        common = detector.names.is_common(f) and f not in name_words
        if len(f) >= 3 and not common and fold_word(f) not in english:
            folded.setdefault(fold_word(f), s)
        elif len(f) >= 3 and f.isupper() and f.isalpha():
            for t in transcripts:
                local[t.id].setdefault(f, s)
    rx = compile_forms(sorted(folded), 0, plural=True) if folded else None
    for t in transcripts:
        mine, mine_folded = local.get(t.id, {}), local_folded.get(t.id, {})
        rx_local = compile_forms(sorted(mine), 0) if mine else None
        rx_folded = compile_forms(sorted(mine_folded), 0, plural=True) if mine_folded else None
        if rx is None and rx_local is None and rx_folded is None:
            continue
        for turn in t.turns:
            unit = (t.id, turn.order, "text")
            spans = found.get(unit, [])
            hits = []
            if rx is not None:
                hits += [
                    (m.start(), m.end(), folded[m.group(1)]) for m in rx.finditer(lower(view(turn.text)))
                ]
            if rx_local is not None:  # capitalised, as written: "Grace ran it", not "grace period"
                hits += [(m.start(), m.end(), mine[m.group(0)]) for m in rx_local.finditer(view(turn.text))]
            if rx_folded is not None:
                hits += [
                    (m.start(), m.end(), mine_folded[m.group(1)])
                    for m in rx_folded.finditer(lower(view(turn.text)))
                ]
            if not hits:
                continue
            have = {(x.start, x.end) for x in spans}  # a word found there already keeps its finding
            hits = [(a, b, s) for a, b, s in hits if (a, b) not in have]
            if not hits:
                continue
            # the allow-listed phrases only where a form occurs that nothing found (a scan per text)
            keep = detector.protected(turn.text)
            extra = [
                Span(a, b, s.type, s.canonical, "propagated", min(0.8, s.confidence))
                for a, b, s in hits
                if not any(x <= a and b <= y for x, y in keep)
            ]
            if extra:
                found[unit] = resolve_overlaps(spans + extra)


def _ordinary_name_word(word: str, english) -> bool:
    """A word of a confident name that is also an ordinary word ("Grace", "Will"): an English
    word, a stop word or an ambiguous first name — not merely a word this corpus writes in
    lower case (which it may do because it is the name, written carelessly)."""
    low = word.lower()
    return fold_word(word) in english or low in ENGLISH_STOP_WORDS or low in AMBIGUOUS


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


def common_words(transcripts: list[Transcript]) -> set[str]:
    """Words the corpus itself uses in lower case: evidence that a capitalised one is ordinary.
    E-mail addresses and URLs are removed first ("fife" in "@fife.gov.uk" is not a word). A
    transcript with no case information (speech recognition output, all lower case) is left
    out: it writes names in lower case too, so its words say nothing about what is ordinary."""
    words: set[str] = set()
    for t in transcripts:
        if caseless("\n".join(turn.text for turn in t.turns)):
            continue
        for turn in t.turns:
            text = turn.text
            if "@" in text:  # every e-mail address has one
                text = EMAIL_RE.sub(" ", text)
            folded = text.casefold()
            if any(cue in folded for cue in URL_CUES):
                text = URL_RE.sub(" ", text)
            words.update(WORD_RE.findall(text))
    return words
