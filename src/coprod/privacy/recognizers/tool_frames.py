"""Evidence against a name: a capitalised word said the way a software tool's name is said.

Not a recognizer: like `coordinated_kinds`, the analyzer asks it which of the spans found are no
mention of a person, place or organisation. Many tools are named like people ("Hugo", "Jasmine",
"Ruby", "Cassandra") or have a surname's shape (an in-house tool); found on their shape, a
first-name list or a locative, they read as people. The words around a mention tell them apart:

- a version number right after it ("Anyname 0.110", "Anyname v2");
- a noun for a piece of software right after it ("the Anyname docs", "Anyname plugins":
  `cues/technical_heads.txt`);
- "in Anyname" after a verb of writing code ("written in Anyname", "we prototype in Anyname");
- a passive of building with it as the instrument ("the docs are built with Anyname", "la doc
  est faite avec Anyname");
- an apposition whose head is a noun for a piece of software ("Anyname, our in-house ETL"; not
  any listed technology term: "Anyname, our GP" is a person);
- the predicate of a copula whose subject is a piece of software ("the backend is still
  Anyname", "front-end tests are Anyname", "auth is Anyname": `cues/technical_subjects.txt`,
  the word right before the copula);
- the object of a verb whose object is software ("we self-host Anyname", "we self-host Anytool
  and Anyname"), or what a piece of software (`cues/technical_subjects.txt`) runs on ("our CI
  runs on Anyname");
- for a word `technology_terms.csv` lists as a product whose name is also a person's
  ("product-ambiguous"), "into Anyname" after any verb but one of meeting ("events go into
  Anyname"; "ran into Anyname" meets a person).

A person takes person words, and any of them anywhere in the text keeps the form a person
everywhere: a verb of saying or feeling after it ("Anyname said"), an addressing or meeting word
before it ("asked Anyname"), a personal pronoun after it in its sentence ("built it with Anyname
and his brother"), a kin or people word in an apposition or after its possessive ("Anyname, my
colleague", "Anyname's brother").

Only spans of one word that its shape, a first-name list or a locative found are dropped (the
register, titles, gazetteers and full names are never touched). One decision per form and text,
as in `coordinated_kinds`: a form said as a tool anywhere in a transcript, and nowhere as a
person, is kept everywhere in it. The mentions are read from the analyzer's `TextIndex` (the
words and their offsets): no scan of the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..detectors import Span
from ..reference import cue_words
from .text_index import TextIndex

name = "tool_frames"

TYPES = frozenset({"PERSON", "NAME"})
# findings on a word's shape, a first-name list or a locative: the readings a tool's name gets
ELIGIBLE = frozenset(
    {
        "names:first-name",
        "context:ambiguous-name",
        "context:locative",
        "context:proper-noun",
        "context:list",
    }
)
# a version: "v2", "0.110", "3.2", "1.19.3", "version 4"; not a time ("10.30") or a date
# ("3.5.2020"): two-digit minor parts only after a leading 0 or with a third part
VERSION_RE = re.compile(
    r" (?:v\d+(?:\.\d+)*|0\.\d+(?:\.\d+)*|\d+\.\d(?:\.\d{1,3})?|\d+\.\d+\.\d{1,3})(?![\w.])| version \d"
)
# what only a person does, said right after the name
SAYING = frozenset(
    "said says told asked phoned rang emailed texted wrote thinks thought reckons mentioned explained "
    "wanted wants feels felt himself herself who replied answered agreed laughed smiled".split()
)
APPOSITION_DETERMINERS = frozenset("our the a an their its my your this that notre le la un une".split())
SENTENCE_END_RE = re.compile(r"[.!?\n\x00]")
SPACE = " "


def _frames(ref_dir: str) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line in (Path(ref_dir) / "cues" / "tool_frames.txt").read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, words = line.partition(":")
        out[kind.strip()] = frozenset(words.split())
    return out


class ToolFrameFilter:
    name = name

    def __init__(self, settings, finder) -> None:
        ref_dir = str(settings.reference_dir)
        frames = _frames(ref_dir)
        self.coding = frames["coding"]
        self.built = frames["built"]
        self.auxiliaries = frames["auxiliaries"]
        self.instruments = frames["instruments"]
        self.adverbs = frames["adverbs"]
        self.copulas = frames["copulas"]
        self.meeting = frames["meeting"]
        self.software = frames["software"]
        self.runs_on = frames["runs_on"]
        # the words a frame's last word before the mention can be
        self.openers = (
            frozenset({"in", "en", "into", "and", "or", "on"})
            | self.instruments
            | self.copulas
            | self.adverbs
            | self.software
        )
        self.person_before = frames["person_before"]
        self.pronouns = frames["pronouns"]
        self.heads = cue_words("technical_heads", ref_dir)
        self.heads_low = frozenset(h.lower() for h in self.heads)
        self.subjects = cue_words("technical_subjects", ref_dir)
        self.people = cue_words("kin_words", ref_dir) | cue_words("people_nouns", ref_dir)
        self.tech_ambiguous = frozenset(finder.ref.tech_ambiguous)

    # --- the words around a mention -------------------------------------------------------------
    @staticmethod
    def _sep(text: str, ends: list[int], starts: list[int], k: int) -> str:
        """What lies between word k-1 and word k."""
        return text[ends[k - 1] : starts[k]] if k > 0 else ""

    def _before(self, text, words, starts, ends, k: int, n: int) -> list[str]:
        """Up to n words before word k, nearest first, lower-cased, joined by single spaces."""
        out = []
        j = k
        while j > 0 and len(out) < n and self._sep(text, ends, starts, j) == SPACE:
            j -= 1
            out.append(words[j].lower())
        return out

    def _sentence_after(self, text, words, starts, ends, k: int, n: int) -> list[str]:
        """Up to n words after word k in its sentence, lower-cased."""
        out = []
        j = k + 1
        while j < len(words) and len(out) < n:
            if SENTENCE_END_RE.search(self._sep(text, ends, starts, j)):
                break
            out.append(words[j].lower())
            j += 1
        return out

    # --- person evidence --------------------------------------------------------------------------
    def _person(self, text, words, starts, ends, k: int) -> bool:
        before = self._before(text, words, starts, ends, k, 1)
        if before and before[0] in self.person_before:
            return True
        after = self._sentence_after(text, words, starts, ends, k, 8)
        if after and after[0] in SAYING and self._sep(text, ends, starts, k + 1) in (SPACE, ", "):
            return True
        if any(w in self.pronouns for w in after):
            return True
        if k + 1 < len(words) and self._sep(text, ends, starts, k + 1) == ", ":
            if any(w in self.people for w in after[:4]):
                return True  # "Anyname, my colleague"
        return False

    def _possessive_person(self, text, words, starts, ends, k: int) -> bool:
        """ "Anyname's brother": word k is the possessive form."""
        after = self._sentence_after(text, words, starts, ends, k, 2)
        return any(w in self.people for w in after)

    # --- tool evidence ----------------------------------------------------------------------------
    def _tool(self, text, words, starts, ends, k: int, ambiguous: bool) -> bool:
        end = ends[k]
        if VERSION_RE.match(text, end, end + 20):
            return True
        nxt = k + 1 < len(words) and self._sep(text, ends, starts, k + 1) == SPACE
        if nxt and (words[k + 1] in self.heads or words[k + 1].lower() in self.heads_low):
            return True  # "Anyname plugins", "the Anyname config"
        if self._apposition(text, words, starts, ends, k):
            return True  # "Anyname, our in-house ETL"
        # every other frame starts with the word right before the mention
        if k == 0 or words[k - 1].lower() not in self.openers or text[ends[k - 1] : starts[k]] != SPACE:
            return False
        before = self._before(text, words, starts, ends, k, 5)
        if before[0] in ("in", "en") and any(w in self.coding for w in before[1:4]):
            return True  # "written in Anyname"
        # the auxiliary, maybe an adverb after it ("is now built with")
        aux = (
            before[3]
            if len(before) > 3 and before[2] in self.adverbs
            else before[2]
            if len(before) > 2
            else ""
        )
        if (
            len(before) > 2
            and before[0] in self.instruments
            and before[1] in self.built
            and aux in self.auxiliaries
        ):
            return True  # "the docs are built with Anyname"
        j = 1 if before and before[0] in self.adverbs else 0
        if len(before) > j + 1 and before[j] in self.copulas and before[j + 1] in self.subjects:
            return True  # "the backend is still Anyname"
        verb = before[1] if len(before) > 1 else ""
        if ambiguous and before[:1] == ["into"] and verb not in self.meeting:
            return True  # "events go into Anyname"
        if before and before[0] in self.software:
            return True  # "we self-host Anyname"
        if (
            len(before) > 2
            and before[0] in ("and", "or")
            and words[k - 2][:1].isupper()
            and before[2] in self.software
        ):
            return True  # "we self-host Anytool and Anyname"
        if len(before) > 2 and before[0] == "on" and verb in self.runs_on:
            return before[2] in self.subjects  # "our CI runs on Anyname"
        return False

    def _apposition(self, text, words, starts, ends, k: int) -> bool:
        """ "Anyname, our in-house ETL": a determiner, at most four words, the last one a noun
        for a piece of software, then the end of the phrase."""
        if k + 2 >= len(words) or self._sep(text, ends, starts, k + 1) != ", ":
            return False
        if words[k + 1].lower() not in APPOSITION_DETERMINERS:
            return False
        j = k + 2
        while j < len(words) and j <= k + 5:
            if self._sep(text, ends, starts, j) != SPACE:
                return False
            low = words[j].lower()
            if low in self.people:
                return False
            tail = text[ends[j] : ends[j] + 1]
            if tail == "" or tail in ",.;:!?\n\x00":
                return words[j] in self.heads or low in self.heads_low
            j += 1
        return False

    # --- the decision -----------------------------------------------------------------------------
    def _framed(self, index: TextIndex, form: str, at: list[int]) -> bool:
        """Whether any mention of the form is in a tool's frame."""
        ambiguous = form.casefold() in self.tech_ambiguous
        text, words, starts, ends = index.text, index.words, index.starts, index.ends
        return any(self._tool(text, words, starts, ends, k, ambiguous) for k in at)

    def _said_of_a_person(self, index: TextIndex, at: list[int], possessive: list[int]) -> bool:
        """Whether any mention of the form (`at`; `possessive`: its possessive form) takes
        person words."""
        text, words, starts, ends = index.text, index.words, index.starts, index.ends
        if any(self._person(text, words, starts, ends, k) for k in at):
            return True
        return any(self._possessive_person(text, words, starts, ends, k) for k in possessive)

    def filter(self, spans: list[Span], text: str, index: TextIndex | None = None) -> list[Span]:
        """The spans that are no mention of a tool."""
        eligible = [s for s in spans if s.detector in ELIGIBLE and s.type in TYPES]
        if not eligible:
            return spans
        if index is None or len(index.text) != len(text):
            index = TextIndex(text)  # else the analyzer's, of the folded view (same offsets)
        seen = index.text
        forms = {w for w in (seen[s.start : s.end] for s in eligible) if w.isalpha() and w[:1].isupper()}
        if not forms:
            return spans
        words = index.words
        at: dict[str, list[int]] = {}
        for k in index.where(forms):
            at.setdefault(words[k], []).append(k)
        framed = {f: ks for f, ks in at.items() if self._framed(index, f, ks)}
        if not framed:
            return spans  # most texts: no form in any frame
        possessive = {f + end: f for f in framed for end in ("'s", "’s")}
        owned: dict[str, list[int]] = {}
        for k in index.where(set(possessive)):
            owned.setdefault(possessive[words[k]], []).append(k)
        tools = {f for f, ks in framed.items() if not self._said_of_a_person(index, ks, owned.get(f, []))}
        if not tools:
            return spans
        return [
            s
            for s in spans
            if not (s.type in TYPES and s.detector in ELIGIBLE and seen[s.start : s.end] in tools)
        ]
