"""Names in a list with names: a word set between commas or "and" beside a name found on its own
evidence is one more item of the same list ("the ships Anyword, [Ship] and [Ship]",
"[Person], anyname and myself"), so it takes the neighbour's type. Run by the analyzer after
overlaps are resolved, on each text's spans; a finding can extend the list further.

The word must carry evidence of its own beside the list:
- capitalised (not an acronym, not right after a sentence end, not part of a longer capitalised
  run): a word no dictionary of the study's languages holds, or a listed first name, surname or
  place; an ordinary word ("Steadfast") only in a list of two names or more;
- lower case: a listed first name that is no ambiguous one, in a list with a person and closed by
  another separator ("[Person], anyname and myself");
never a stop word, never-word, technology term, title, rank, kinship or role word, country or
people (the analyzer's own test of what is generic decides the last).
"""

from __future__ import annotations

import re
from operator import attrgetter

from .detectors import Span
from .names import AMBIGUOUS, NEVER, PERSON_CUES_BEFORE, RANKS, TITLES, _voiceless
from .normalise import view
from .reference import cue_words
from .stopwords import ENGLISH_STOP_WORDS

LIST_TYPES = {"PERSON", "PLACE", "ORG", "NAME"}
_SEP = r"-?(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+)(?:the[ \t]+)?-?"
SEP_RE = re.compile(_SEP)
SEP_ENDS = (",", "and", "or", "&", "the")  # how a separator ends, less its spaces and dash
_WORD = r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*"
AFTER_RE = re.compile(rf"{_SEP}({_WORD})")
BEFORE_RE = re.compile(rf"(?<![\w'’\-])({_WORD}){_SEP}$")
NEXT_RE = re.compile(r"[ \t]+([^\W\d_])")
CLOSED_RE = re.compile(r"-?(?:,|[ \t]+(?:and|or|&)[ \t])")
SENTENCE_END_RE = re.compile(r"(?:^|[.!?:;\n\"“”(\[])[ \t]*$")
CONFIDENCE = 0.7  # below propagation's bar: replaced throughout its transcript, as written
MAX_ROUNDS = 4
_start = attrgetter("start")


class ListRule:
    def __init__(self, ref, ordinary, first_names, generic) -> None:
        self.ref = ref  # the NameFinder's reference (first names, surnames, gazetteer)
        self.ordinary = ordinary
        self.first = first_names  # folded lower-case first names
        self.generic = generic  # (text, span) -> True for a country, people or role
        self.never = {w.casefold() for w in (*NEVER, *TITLES, *RANKS, *PERSON_CUES_BEFORE)}
        self.never |= set(cue_words("kin_words")) | set(cue_words("role_labels"))

    def _listed(self, word: str) -> bool:
        return (
            word in self.ref.first_names
            or word in self.ref.surnames
            or self.ref.gazetteer.get(word.casefold()) is not None
        )

    def _accept(self, text: str, a: int, b: int, chain: int, person: bool, closed: bool) -> bool:
        word = text[a:b]
        low = view(word).casefold()
        if low in ENGLISH_STOP_WORDS or low in self.never or len(low) < 3 or _voiceless(word):
            return False  # a function word, a cue, a sound ("Hmmph")
        if low in self.ref.tech or low in self.ref.tech_ambiguous:
            return False  # a tool or product listed with others ("GitHub, Jenkins and …")
        if word[:1].isupper():
            if sum(c.isupper() for c in word) > 1:
                return False  # an acronym or a product shape
            if SENTENCE_END_RE.search(text, max(0, a - 3), a):
                return not self.ordinary(low)  # capitals there say nothing
            m = NEXT_RE.match(text, b)
            if m is not None and m.group(1).isupper():
                return False  # part of a longer capitalised run, judged elsewhere
            if a > 0 and re.search(r"[^\W\d_][ \t]$", text[max(0, a - 2) : a]):
                prev = re.search(rf"({_WORD})[ \t]$", text[max(0, a - 40) : a])
                if prev is not None and prev.group(1)[:1].isupper():
                    return False
            return not self.ordinary(low) or self._listed(word) or chain >= 2
        if word.islower():
            return person and closed and low in self.first and low not in AMBIGUOUS
        return False

    def apply(self, spans: list[Span], text: str) -> list[Span]:
        out = sorted(spans, key=_start)
        for _ in range(MAX_ROUNDS):
            added = self._round(out, text)
            if not added:
                break
            out = sorted(out + added, key=_start)
        return self._typed_by_list(out, text)

    @staticmethod
    def _typed_by_list(spans: list[Span], text: str) -> list[Span]:
        """A neutral name found only by a locative ("out in Anyword", `names` rule 6: a name,
        kind unknown) listed beside names of one known type ("out in Anyword and Anytown" with
        Anytown a listed place) is one more item of that kind and takes their type. Items of
        different types, or only neutral ones, say nothing: it stays neutral."""
        out = list(spans)
        if not any(s.detector == "context:locative" and s.type == "NAME" for s in out):
            return out  # nothing it could retype
        start = 0
        for k in range(1, len(out) + 1):
            if (
                k < len(out)
                and out[k - 1].type in LIST_TYPES
                and out[k].type in LIST_TYPES
                and SEP_RE.fullmatch(text, out[k - 1].end, out[k].start) is not None
            ):
                continue
            group = range(start, k)
            start = k
            kinds = {out[j].type for j in group} - {"NAME"}
            if len(group) < 2 or len(kinds) != 1:
                continue
            (kind,) = kinds
            for j in group:
                s = out[j]
                if s.type == "NAME" and s.detector == "context:locative":
                    out[j] = Span(s.start, s.end, kind, s.canonical, s.detector, s.confidence)
        return out

    def _round(self, spans: list[Span], text: str) -> list[Span]:
        n = len(spans)
        linked = [
            k + 1 < n
            and spans[k].type in LIST_TYPES
            and spans[k + 1].type in LIST_TYPES
            and SEP_RE.fullmatch(text, spans[k].end, spans[k + 1].start) is not None
            for k in range(n)
        ]
        left = [1] * n  # list items up to and including k, from the left
        for k in range(1, n):
            if linked[k - 1]:
                left[k] = left[k - 1] + 1
        right = [1] * n
        for k in range(n - 2, -1, -1):
            if linked[k]:
                right[k] = right[k + 1] + 1
        added: list[Span] = []
        taken = [(s.start, s.end) for s in spans]
        for k, s in enumerate(spans):
            if s.type not in LIST_TYPES or s.detector == "propagated":
                continue
            person = s.type == "PERSON"
            m = AFTER_RE.match(text, s.end)
            if m is not None and not (k + 1 < n and spans[k + 1].start < m.end(1)):
                a, b = m.span(1)
                closed = CLOSED_RE.match(text, b) is not None
                if self._accept(text, a, b, left[k], person, closed):
                    added.append(Span(a, b, s.type, text[a:b], "context:list", CONFIDENCE))
            # a separator ends in ",", "and", "or", "&" or "the" and spaces or a dash: where
            # the text before the span does not, no list item is before it (no regex search)
            m = (
                BEFORE_RE.search(text, max(0, s.start - 60), s.start)
                if text[max(0, s.start - 60) : s.start].rstrip(" \t-").endswith(SEP_ENDS)
                else None
            )
            if m is not None and not (k > 0 and spans[k - 1].end > m.start(1)):
                a, b = m.span(1)
                # a lower-case word before the list's first name is not closed by a separator
                if self._accept(text, a, b, right[k], person, False):
                    added.append(Span(a, b, s.type, text[a:b], "context:list", CONFIDENCE))
        fresh, seen = [], set()
        for sp in added:
            if (sp.start, sp.end) in seen or any(x < sp.end and sp.start < y for x, y in taken):
                continue
            if self.generic(text, sp):
                continue
            seen.add((sp.start, sp.end))
            fresh.append(sp)
        return fresh
