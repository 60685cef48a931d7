"""Evidence against a name: a word coordinated with a listed medicine or software product.

Not a recognizer: like `common_uses`, the analyzer asks it which of the spans found are no
mention of a person, place or organisation. The items of a coordination are of one kind ("on
Anyname for a year, then Anyother", "Anyname and some Anyother", "from Anyname to Anyother").
When one of them is a listed medicine (`cues/medicines.txt` or a medicine's shape,
`ContextFinder.is_medicine`) or an unambiguous software product (`technology_terms.csv`), an
unknown capitalised word beside it is a medicine or a product too, not a name — provided that

- the word was found on its shape alone (the weakest rule's neutral name, an ambiguous first
  name, a list member: `WEAK`), never by the register, a gazetteer or a title; by a locative
  (`context:locative`, a neutral name) only as the "to" of "from Partner to Word" with an
  unambiguous software product as the partner ("moved the jobs from Anytool to Anyname": the
  "to" of a change from one product to another, not a destination);
- no list holds it as a first name or a surname (a product whose name is also a first name,
  "product-ambiguous" in `technology_terms.csv`, counts only in the tight forms "from A to B",
  "A and B", "A or B");
- the coordination is tight: the partner, at most `MAX_GAP` lower-case words, a coordinator
  ("and", "or", "then", "than", "vs", "versus") and only determiners after it, then the word
  ("on A for a year, then B"); or the word, a coordinator, determiners, the partner ("B and
  some A"); or "from A to B". No sentence end, no other capitalised word between, and no
  locative right before the word ("tried A, and honestly in the B": a place may be meant);
- and no person cue follows the word there ("…, then Anyname was"), nor a verb of saying
  anywhere in the text ("Anyname said").

One decision per form and text, as in `common_uses`: a form coordinated with a listed product
anywhere in a transcript is kept everywhere in it.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..normalise import fold_word
from ..reference import cue_words, folded_names

name = "coordinated_kinds"

TYPES = {"PERSON", "NAME", "PLACE", "ORG"}
# the findings on a word's shape alone, away from a locative (after one, a place may be meant)
WEAK = frozenset({"context:proper-noun", "context:ambiguous-name", "context:list"})
# a locative's neutral name: eligible only as the "to" of "from Product to Word"
LOCATIVE = "context:locative"
MAX_GAP = 5
COORDINATORS = frozenset({"and", "or", "then", "than", "vs", "versus"})
# between a coordinator and the word: determiners and the like only ("and some Anyname")
FILLERS = frozenset({"some", "the", "a", "an", "then", "also", "maybe", "even", "finally"})
GAP_RE = re.compile(rf"^[\s,]*(?:[a-z]+[\s,]+){{0,{MAX_GAP}}}$")
LOCATIVES = frozenset(cue_words("locatives")) | frozenset(cue_words("place_locatives"))
WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ][\w'’\-]*")
# what only a person does: a word followed by one of these anywhere in the text is a person there
SAYING = frozenset(
    "said says told asked phoned rang emailed wrote thinks thought reckons mentioned explained "
    "wanted wants feels felt himself herself who".split()
)
# the word before a mention, determiners skipped ("in the Anyname")
PREV_RE = re.compile(r"([A-Za-z]+)[ ,]+(?:(?:the|a|an|some) )?$")
# a tight coordination: the only forms a product whose name is also a first name counts in
TIGHT_BEFORE_RE = re.compile(r"(?:\bfrom (?P<a>\S+) to |(?P<b>\S+)(?: and| or|,) )$")


def mentions_of(surface: str) -> re.Pattern:
    """The whole-word mentions of `surface` (no letter, digit, apostrophe or hyphen either side).
    The look-behind follows the literal, so a scan skips straight to where the literal occurs
    (placed first, it made the scan try every position of the text)."""
    lit = re.escape(surface)
    return re.compile(rf"{lit}(?<![\w'’\-]{lit})(?![\w'’\-])")


class CoordinatedKindFilter:
    name = name

    def __init__(self, settings, finder, common_uses) -> None:
        ref_dir = str(settings.reference_dir)
        self.finder = finder
        self.common_uses = common_uses
        self.tech = finder.ref.tech
        self.tech_ambiguous = finder.ref.tech_ambiguous
        self.first, self.surnames = folded_names(ref_dir)
        self.person_after = frozenset(cue_words("person_cues_after", ref_dir))

    def _kind(self, text: str, word: str, at: int) -> str | None:
        """ "tech" (an unambiguous software product), "medicine" (a listed medicine or its shape,
        or a word taken as one: "on Anyname" with a medicine word near, `common_uses`), or None."""
        folded = word.casefold()
        if folded in self.tech:
            return "tech"
        if self.finder.is_medicine(folded):
            return "medicine"
        if self.common_uses._taken(text, Span(at, at + len(word), "NAME", word, "context:", 0.0)):
            return "medicine"
        return None

    def _eligible(self, text: str, span: Span) -> bool:
        if span.type not in TYPES or span.detector not in WEAK and span.detector != LOCATIVE:
            return False
        surface = text[span.start : span.end]
        return bool(re.fullmatch(r"[A-Z][\w\-]*", surface))

    @staticmethod
    def _gap_ok(gap: str, partner_first: bool) -> bool:
        """A tight coordination: the partner, a gap of a few lower-case words whose last
        coordinator comes right before the word (fillers aside: "on A for a year, then B"), or
        the word, a coordinator right after it, the partner ("B and some A"); a bare comma."""
        if "\n" in gap or not GAP_RE.match(gap):
            return False
        words = re.findall(r"[a-z]+", gap)
        if not words:
            return "," in gap
        if not partner_first:
            words = words[::-1]
        k = next((n for n in range(len(words) - 1, -1, -1) if words[n] in COORDINATORS), None)
        return k is not None and all(w in FILLERS for w in words[k + 1 :])

    def _partners(self, text: str, start: int, end: int) -> list[tuple[str, int, str]]:
        """(partner word, its start, the gap between) of the nearest capitalised word either
        side within reach."""
        out = []
        lo = max(0, start - 60)
        before = text[lo:start]
        caps = [m for m in WORD_RE.finditer(before) if m.group(0)[:1].isupper()]
        if caps:
            m = caps[-1]
            out.append((m.group(0), lo + m.start(), before[m.end() :]))
        after = text[end : end + 60]
        m = re.search(r"[A-Z][\w\-]*", after)
        if m is not None:
            out.append((m.group(0), end + m.start(), after[: m.start()]))
        return out

    def _coordinated(self, text: str, span: Span) -> bool:
        """Whether any mention of the span's word in the text is coordinated with a listed
        product (the first mention of a product is often the one beside its peer)."""
        if not self._eligible(text, span):
            return False
        surface = text[span.start : span.end]
        folded = fold_word(surface)
        listed = folded in self.first or folded in self.surnames
        if listed and folded not in self.tech_ambiguous:
            return False
        mentions = list(mentions_of(surface).finditer(text))
        for m in mentions:
            nxt = re.match(r"\s+([a-z]+)", text[m.end() : m.end() + 20])
            if nxt is not None and nxt.group(1) in SAYING:
                return False  # "Anyname said": a person somewhere in the text
        locative = span.detector == LOCATIVE
        return any(self._coordinated_at(text, m.start(), m.end(), listed, locative) for m in mentions)

    def _coordinated_at(self, text: str, start: int, end: int, listed: bool, locative: bool = False) -> bool:
        nxt = re.match(r"\s+([a-z]+)", text[end : end + 20])
        if nxt is not None and nxt.group(1) in self.person_after and nxt.group(1) not in COORDINATORS:
            return False  # "…, then Anyname said"
        prev = PREV_RE.search(text, max(0, start - 40), start)
        after_locative = prev is not None and prev.group(1).casefold() in LOCATIVES
        for partner, at, gap in self._partners(text, start, end):
            kind = self._kind(text, partner, at)
            if kind is None:
                continue
            from_to = at < start and self._from_to(text, start, partner)
            if locative and not (from_to and kind == "tech"):
                continue  # "to Anyname" elsewhere: a destination may be meant
            if not from_to and (after_locative or not self._gap_ok(gap, at < start)):
                continue  # "in the Anyname": a place may be meant
            if listed and (kind != "tech" or not self._tight(text, start, partner)):
                continue
            return True
        return False

    @staticmethod
    def _from_to(text: str, start: int, partner: str) -> bool:
        """ "from Partner to Word"."""
        m = TIGHT_BEFORE_RE.search(text[max(0, start - 60) : start])
        return m is not None and m.group("a") == partner

    @staticmethod
    def _tight(text: str, start: int, partner: str) -> bool:
        """ "from A to B", "A and B", "A or B", "A, B" with the partner first."""
        m = TIGHT_BEFORE_RE.search(text[max(0, start - 60) : start])
        return m is not None and (m.group("a") or m.group("b") or "").strip(",") == partner

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        kept: set[str] = set()
        seen: set[str] = set()  # one decision per surface: its mentions are all looked at
        for s in spans:
            if s.type not in TYPES or s.detector not in WEAK and s.detector != LOCATIVE:
                continue
            surface = text[s.start : s.end]
            if surface in seen:
                continue
            seen.add(surface)
            if self._coordinated(text, s):
                kept.add(fold_word(surface))
        if not kept:
            return spans
        return [
            s
            for s in spans
            if not (
                s.type in TYPES
                and s.detector != "register"
                and (s.detector in WEAK or s.detector == LOCATIVE)
                and fold_word(text[s.start : s.end]) in kept
            )
        ]
