"""Addresses written the continental way, which the English address patterns
(`detectors.addresses`: a number, a name, then "Road") never see:

- a street whose head word comes before its name (`cues/street_heads_before.txt`, per
  language), with the house number in figures where that language puts it: before the head in
  French ("12 rue des Anyname-Anyword", "3 bis avenue Anyname"), after the name in Spanish,
  Italian and Portuguese ("Calle Anyname 5", "Via Anyname 12"). The name is one to four
  capitalised words (hyphenated parts joined), after the language's particles ("de la", "des",
  "d'", "del", "della" …); a head after its number may be in either case, one before its name
  and number must be capitalised (as an address is written), and the name must be no
  technology term ("Via Zoom 3 times" stays);
- a postcode of five figures right before a capitalised town (France, Germany, Italy, Spain
  and others write "29300 Anytown", "10115 Anytown"): the figures are a postcode and the town
  (with its article, "Le Anyword", and hyphenated parts) a place. Not a longer number, a
  decimal, an amount (a currency sign before it) or a number before a month, a weekday or a
  function word ("12000 The").

Read in every transcript, whatever the study's languages: an address abroad is said in an
English interview too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..detectors import Span
from ..normalise import view
from ..reference import load_reference
from .language_name_cues import _stop_words
from .text_index import finditer_at, index_of

name = "street_addresses_before"

CAP = r"[A-Z][^\W\d_]*(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*"  # a capitalised word, hyphenated parts joined
PARTICLES = (
    r"(?:(?:de|di|da|do|du|des|del|della|delle|dei|degli|dello|dos|das|de\s+la|de\s+las|de\s+los|"
    r"la|le|les|el|los|las|il|lo)\s+|(?:d|l|dell|all|sull)['’]\s*)"
)
NAME = rf"(?:{PARTICLES})?{CAP}(?:\s+(?:{PARTICLES})?{CAP}){{0,3}}"
NUMBER_BEFORE = r"(?<![\w/.,£$€#-])\d{1,4}(?:\s?(?:bis|ter|quater)\b|[A-Ba-b]\b)?,?"
NUMBER_AFTER = r",?\s+\d{1,4}[A-Za-z]?(?![\w:.,]\d|\d|%)"
POSTCODE_RE = re.compile(
    r"(?<![\w.,/£$€#+-])(?P<code>\d{5})\s+(?P<town>(?:(?:Le|La|Les|L['’]\s*)\s*)?"
    r"[A-Z][^\W\d_]*(?:-[^\W\d_]+)*(?:['’][^\W\d_]+)?)(?![\w])"
)
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday janvier fevrier mars avril mai juin"
    " juillet aout septembre octobre novembre decembre lundi mardi mercredi jeudi vendredi samedi"
    " dimanche".split()
)


@lru_cache(maxsize=4)
def _heads(ref_dir: str) -> dict[str, tuple[str, ...]]:
    """ "before" / "after" -> the heads whose house number stands there, folded."""
    out: dict[str, list[str]] = {"before": [], "after": []}
    for line in (Path(ref_dir) / "cues" / "street_heads_before.txt").read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        _, head, number = (c.strip() for c in line.split("\t"))
        out[number].append(view(head).casefold())
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


class StreetAddressBeforeRecognizer:
    name = name

    def __init__(self, settings) -> None:
        ref_dir = str(settings.reference_dir)
        heads = _heads(ref_dir)
        self.before_rx = re.compile(
            rf"{NUMBER_BEFORE}\s+(?i:{_alternatives(heads['before'])})\s+(?P<name>{NAME})(?![\w'’-])"
        )
        after = "|".join(w[:1].upper() + re.escape(w[1:]) for w in heads["after"])
        self.after_rx = re.compile(rf"(?<![\w'’-])(?:{after})\s+(?P<name>{NAME}){NUMBER_AFTER}")
        self.after_firsts = tuple({w[:1].upper() + w[1:3] for w in heads["after"]})
        # a match starts with a head after no letter, apostrophe or hyphen and before white
        # space: a whole word of the text's index, written as the pattern spells it; so the scan
        # is tried only where one stands (a head that is no plain word: the whole-text scan)
        spelt = {w[:1].upper() + w[1:] for w in heads["after"]}
        self.after_words = spelt if all(re.fullmatch(r"[A-Za-z]+", w) for w in spelt) else None
        ref = load_reference(ref_dir)
        self.tech = {w.casefold() for w in ref.tech | ref.tech_ambiguous}
        self.stop = _stop_words(ref_dir)

    def _name_ok(self, words: str) -> bool:
        caps = [w for w in re.findall(r"[^\W\d_][^\s]*", words) if w[:1].isupper()]
        return bool(caps) and not any(w.casefold() in self.tech for w in caps)

    def find(self, seen: str, index=None) -> list[Span]:
        # "12 rue des X" and "29300 Town" start with a digit after no word character: at the
        # start of one of the text's digit runs
        starts = [a for a, _ in index_of(seen, index).digit_runs]
        if not starts:
            return []
        spans: list[Span] = []
        for m in finditer_at(self.before_rx, seen, starts):
            if self._name_ok(m.group("name")):
                value = seen[m.start() : m.end()]
                spans.append(Span(m.start(), m.end(), "ADDRESS", value, "pattern:address-head", 0.9))
        if any(f in seen for f in self.after_firsts):
            idx = index_of(seen, index)
            after = (
                self.after_rx.finditer(seen)
                if self.after_words is None
                else finditer_at(self.after_rx, seen, [idx.starts[i] for i in idx.where(self.after_words)])
            )
            for m in after:
                if self._name_ok(m.group("name")):
                    value = seen[m.start() : m.end()]
                    spans.append(Span(m.start(), m.end(), "ADDRESS", value, "pattern:address-head", 0.9))
        for m in finditer_at(POSTCODE_RE, seen, starts):
            town = m.group("town")
            first = re.split(r"[\s'’-]", town)[-1 if re.match(r"(?:Le|La|Les|L['’])\s", town) else 0]
            low = first.casefold()
            if low in self.stop or low in MONTHS_AND_DAYS or (town.isupper() and len(town) <= 3):
                continue
            a, b = m.start("code"), m.end("code")
            spans.append(Span(a, b, "POSTCODE", m.group("code"), "pattern:postcode-town", 0.9))
            a, b = m.start("town"), m.end("town")
            spans.append(Span(a, b, "PLACE", seen[a:b], "pattern:postcode-town", 0.85))
        return spans
