"""Evidence against a name: capitalised words used the way names are not.

Not a recognizer: the analyzer asks it which of the spans the rules found are no mention of a
person, place or organisation, after the allow-lists and before overlaps are resolved. Three uses:

- a count noun: the indefinite article before the word, and nothing of a noun phrase after it
  ("we use a Brandname, you know", "a Landmark Palace, down there"): a product, a brand or a
  figure of speech. A listed surname is still a person ("she was a Campbell, and" names a
  family), and so is a listed first name said alone or with a title; a name before a lower-case
  head noun is no count noun either ("into a Anyname inlet": the article is the head's);
- a concept named after someone, its head noun capitalised after the name ("the Anyname
  Doctrine", "Anyname's Law", "Anyname Syndrome"): the name is part of the term's name, not a
  mention of the person (`data/reference/cues/eponym_heads.txt`). A head that is also a listed
  surname ("Law") counts only after a possessive ("Anyname's Law", not "Denis Law"); the head
  itself is no place either there ("Law" is also a town). So is a place or name, whatever rule
  found it, before one to three capitalised ordinary words and such a head ("Anytown Coma
  Scale").
- a product: one unlisted word before a noun for a thing bought, installed or taken ("an
  Anyname filter", "the Anyname app": `data/reference/cues/product_heads.txt`), or in a
  medicine's context ("a prescription for Anyname", "Anyname 50 mg") even where a gazetteer
  holds the word as a town (drug brands are often some town's name too), or after a taking
  verb with a medicine word near ("she was on Anyname, the tablets made her sleep":
  `cues/medicine_verbs.txt`, `cues/medicine_words.txt`), or after an amount or a container
  and "of" ("a few drops of Anyname": `cues/product_measures.txt`);
- a thing among things: an unknown capitalised word that no list explains (the weakest rule's
  finding, a neutral name) listed between plain lower-case nouns ("sodas, juice, Anyname
  Fizz, water"): the items of a list are of one kind, and these are no people or places
  (no kin or people word among them: "my cousins, Anyname and me" keeps the name);
- a public body by its generic title ("the Integration Joint Board", "the Alcohol and Drug
  Partnership"): a body head (`cues/generic_body_heads.txt`) after words that are all ordinary
  lower-case dictionary words ("and", "of", "for" between them), none a listed first name or
  surname: a kind of body every area has, no identifier (a registered body stays replaced).

One decision per form and text: a form used as a count noun anywhere in a text is kept
everywhere in it (the analyzer passes one transcript's turns as one text), so a kept and a
replaced mention of one word never meet in one transcript.
"""

from __future__ import annotations

import re

from ..detectors import Span
from ..normalise import fold_word
from ..reference import cue_words, folded_names, ordinary_words
from ..stopwords import ENGLISH_STOP_WORDS

name = "common_uses"

# detectors whose finding is evidence of a name's SHAPE only (no list of places, no register)
SHAPE_DETECTORS = ("context:", "names:")
ARTICLE_RE = re.compile(r"(?<![\w'’\-])(?:an?|An?) $")
# after the word: the noun phrase is over (punctuation, the end, or a word that starts no noun)
ENDS = frozenset(
    "and or but so when where because then there now too though while until as if which that you down up "
    "out in on at with from for like".split()
)
NEXT_RE = re.compile(r"\s*(?:(?P<punct>[.,;:!?)\]\n]|$)|(?P<word>[A-Za-z]+))")
TYPES = {"PERSON", "NAME", "PLACE", "ORG"}
# a medicine's context: "a prescription for Anyname", "prescribed Anyname", "Anyname 20 mg"
MEDICINE_BEFORE_RE = re.compile(r"(?:prescription for|prescribed|dose of|mg of|milligrams of) $", re.I)
DOSE_AFTER_RE = re.compile(r" ?\d+(?:\.\d+)? ?(?:mg|mcg|milligrams?|micrograms?)\b|,? (?:mg|milligrams)\b")
MEASURE_RE = re.compile(r"(?<![\w'’\-])([a-z]+) of $")
POSSESSIVE_RE = re.compile(r"(?<![\w'’\-])[A-Z][\w\-]*['’]s $")
# a list item of plain lower-case words right before the span, itself after a comma ("…, soft
# drinks, "), or right after it (", juice," / " and water.")
ITEM_BEFORE_RE = re.compile(r"(?:^|[,;] )((?:[a-z]+ ){0,2}[a-z]+), $")
LAST_ITEM_RE = re.compile(r"(?<![\w'’\-])([a-z]+), $")
ITEM_AFTER_RE = re.compile(
    r"(?:[A-Z][\w'’\-]* )*?[A-Z][\w'’\-]*(?:,| and| or) ((?:[a-z]+ ){0,2}[a-z]+)(?:[,;.!?]|$| and | or )"
)
WEAKEST = "context:proper-noun"
# one to three capitalised words, then a capitalised head: " Coma Scale"
TITLED_TERM_RE = re.compile(r"((?: [A-Z][a-z]+){1,3}) ([A-Z][a-z]+)(?![\w'’\-])")
MOVED_RE = re.compile(r" (?:to|home|with|along|round|around|out|back|in|into|over|up|down)\b")


class CommonUseFilter:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        self.first, self.surnames = folded_names(ref_dir)
        self.heads = frozenset(cue_words("eponym_heads", ref_dir))
        self.products = frozenset(cue_words("product_heads", ref_dir))
        self.measures = frozenset(cue_words("product_measures", ref_dir))
        self.titles = frozenset(t.casefold() for t in cue_words("titles", ref_dir))
        verbs = sorted(cue_words("medicine_verbs", ref_dir), key=len, reverse=True)
        self.taking = re.compile(
            r"(?<![\w'’\-])(?:"
            + "|".join(re.escape(v) for v in verbs)
            + r") (?:the |my |his |her |their |some )?$",
            re.I,
        )
        self.medicine_words = frozenset(cue_words("medicine_words", ref_dir))
        self.people = cue_words("kin_words", ref_dir) | cue_words("people_nouns", ref_dir)
        self.ordinary = ordinary_words(tuple(settings.languages), ref_dir)
        self.body_heads = frozenset(cue_words("generic_body_heads", ref_dir))

    def _shape_only(self, span: Span) -> bool:
        return span.type in TYPES and span.detector.startswith(SHAPE_DETECTORS)

    def _count_noun(self, text: str, span: Span) -> bool:
        if not ARTICLE_RE.search(text, max(0, span.start - 4), span.start):
            return False
        m = NEXT_RE.match(text, span.end)
        if m is None or (m.group("word") is not None and m.group("word").casefold() not in ENDS):
            return False
        surface = text[span.start : span.end]
        if " " in surface and surface.split()[-1].islower():
            return False  # "a Anyname inlet": the article is the head noun's; the name is its own
        words = [fold_word(w) for w in surface.replace("’", "'").split()]
        words = [w[:-2] if w.endswith("'s") else w for w in words]
        if any(w in self.surnames or w in self.titles for w in words):
            return False  # "a Campbell": a family's name
        return not (len(words) == 1 and words[0] in self.first)  # "a Sarah": a person

    def _product(self, text: str, span: Span) -> bool:
        """One unlisted word before a product noun ("an Anyname filter"), or a medicine by its
        context ("a prescription for Anyname", "Anyname 50 mg"), whatever rule found it."""
        if span.detector == "register" or span.type not in TYPES:
            return False
        surface = text[span.start : span.end]
        if " " in surface or fold_word(surface) in self.first or fold_word(surface) in self.surnames:
            return False
        before = text[max(0, span.start - 20) : span.start]
        if MEDICINE_BEFORE_RE.search(before) or DOSE_AFTER_RE.match(text, span.end):
            return True
        if self._taken(text, span):
            return True  # "switched me to Anyname" with "tablets" near
        m = MEASURE_RE.search(before)
        if m is not None and m.group(1).casefold() in self.measures and self._shape_only(span):
            return True  # "a few drops of Anyname"
        m = re.match(r" ([a-z]+|[A-Z]{2,}s?)(?![\w'’\-])", text[span.end : span.end + 20])
        return m is not None and m.group(1) in self.products and self._shape_only(span)

    def _taken(self, text: str, span: Span) -> bool:
        """After a taking verb ("on", "taking", "came off the"), with a medicine word in the
        passage (200 characters either side)."""
        if not self.taking.search(text[max(0, span.start - 30) : span.start]):
            return False
        if MOVED_RE.match(text, span.end):
            return False  # "taking Anyname to the pharmacy": someone taken somewhere
        window = text[max(0, span.start - 200) : span.end + 200].casefold()
        return any(w in self.medicine_words for w in re.findall(r"[a-z]+", window))

    def _thing_item(self, words: str) -> bool:
        """A list item of plain nouns: ordinary words, no stop word, no person."""
        for w in words.split():
            if w in ENGLISH_STOP_WORDS or not self.ordinary(w):
                return False
            if w in self.people or (w.endswith("s") and w[:-1] in self.people):
                return False
        return True

    def _among_things(self, text: str, span: Span) -> bool:
        """The weakest rule's neutral name listed between plain nouns ("…, soft drinks, Anyname
        Fizz, water"): an item before it that follows a comma itself, or one after it."""
        if span.detector != WEAKEST:
            return False
        before = ITEM_BEFORE_RE.search(text[max(0, span.start - 60) : span.start])
        if before is not None and before.group(0)[:1] in ",;" and self._thing_item(before.group(1)):
            return True
        after = ITEM_AFTER_RE.match(text, span.start)
        last = LAST_ITEM_RE.search(text[max(0, span.start - 30) : span.start])
        return (
            last is not None
            and self._thing_item(last.group(1))
            and after is not None
            and self._thing_item(after.group(1))
        )

    def _generic_body(self, text: str, span: Span) -> bool:
        """A body head after ordinary words only ("the Integration Joint Board")."""
        if span.type != "ORG" or span.detector == "register":
            return False
        words = text[span.start : span.end].split()
        if words and words[0] in ("The", "the"):
            words = words[1:]
        if len(words) < 2 or words[-1] not in self.body_heads:
            return False
        for w in words[:-1]:
            low = w.casefold()
            if low in ("and", "of", "for"):
                continue
            if not w.isalpha() or not w[:1].isupper() or w[1:] != w[1:].lower():
                return False
            if low in self.first or low in self.surnames or not self.ordinary(low):
                return False
        return words[0].casefold() not in ("and", "of", "for")

    def _eponym(self, text: str, span: Span) -> bool:
        surface = text[span.start : span.end]
        words = surface.split()
        if len(words) > 1 and self._head(words[-1], " ".join(words[:-1])):
            return True
        m = re.match(r"(['’]s)? ([A-Z][a-z]+)(?![\w'’\-])", text[span.end : span.end + 40])
        return m is not None and self._head(m.group(2), surface + (m.group(1) or ""))

    def _titled_term(self, text: str, span: Span) -> bool:
        """A place or name that opens a title-cased term ending in an eponym head, with one to
        three capitalised ordinary words between ("Anytown Coma Scale", "Anytown Postnatal
        Depression Scale"): the name names the term, whatever rule found it (not the register)."""
        if span.detector == "register" or span.type not in TYPES:
            return False
        m = TITLED_TERM_RE.match(text, span.end)
        if m is None or m.group(2) not in self.heads:
            return False
        return all(self.ordinary(w.casefold()) for w in m.group(1).split())

    def _head_alone(self, text: str, span: Span) -> bool:
        """The head word itself, found as a place or name ("Law" is a town), right after a
        capitalised possessive ("Anyname's Law")."""
        if span.detector == "register" or text[span.start : span.end] not in self.heads:
            return False
        before = text[max(0, span.start - 40) : span.start]
        return POSSESSIVE_RE.search(before) is not None

    def _head(self, word: str, before: str) -> bool:
        if word not in self.heads:
            return False
        possessive = before.endswith(("'s", "’s"))
        return possessive or fold_word(word) not in self.surnames

    def filter(self, spans: list[Span], text: str) -> list[Span]:
        """The spans that are no count noun or eponymous term, one decision per form."""
        kept_forms: set[str] = set()
        out = []
        for s in spans:
            shaped = self._shape_only(s) and (self._count_noun(text, s) or self._eponym(text, s))
            if shaped or self._product(text, s) or self._among_things(text, s):
                kept_forms.add(fold_word(text[s.start : s.end]))
                continue
            if self._head_alone(text, s) or self._generic_body(text, s) or self._titled_term(text, s):
                continue
            out.append(s)
        if not kept_forms:
            return spans if len(out) == len(spans) else out
        return [s for s in out if not (self._kept_form(s) and fold_word(text[s.start : s.end]) in kept_forms)]

    def _kept_form(self, span: Span) -> bool:
        return span.detector != "register" and span.type in TYPES
