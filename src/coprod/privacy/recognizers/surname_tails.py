"""Surnames that the one-word join after a person's first name (`Analyzer._surnames_after`,
"[Person 3] Carveth") cannot read as one word:

- a hyphenated surname ("Gareth Penhallow-Vyse"): every part capitalised like the first name,
  and at least one part a listed surname or no ordinary word ("Mary Well-Known" stays);
- a surname with particles ("Ana de la Cruz-Villalobos", "Pieter van der Berg"): one to
  three lower-case particles (`PARTICLES`) and a capitalised word after a capitalised first
  name; the particles and the capital are the evidence, so a first name whose kind was not
  told ("[Name 1]") becomes a person here too;
- an Irish surname with the h- prefix after a vowel ("Pádraig Ó hUiginn", "Ní hAodha"): a
  lower-case "h" (or "h-") and a capital vowel, after "Ó", "Ní", "Uí", "Nic" or "Mac" (in the
  name found or right after it); the shape is the evidence, no list is needed;
- in lower case (speech recognition: "margaret quarrie"), a word that is no ordinary word,
  no stop word, four letters or more and rare in English use (wordfreq's Zipf frequency under
  RARE_ZIPF: "quarrie", not "yeah", "gonna" or "innit"), beside the listed surnames the join
  already takes.
"""

from __future__ import annotations

import re
from functools import lru_cache

name = "surname_tails"

PARTICLES = "de|del|della|der|den|di|da|das|dos|du|la|le|van|von|ter|ten|bin|ibn|al|el"
PARTICLE_RE = re.compile(rf" ((?:(?:{PARTICLES}) ){{1,3}})([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)*)(?![\w'’\-])")
GAELIC_PARTICLE = r"(?:Ó|Ò|O|Ní|Ni|Uí|Ui|Nic|Mhic|Mac)"
GAELIC_H_RE = re.compile(
    rf"(?:[ \t]+(?P<particle>{GAELIC_PARTICLE}))?[ \t]+(h-?[AEIOUÁÉÍÓÚ][^\W\d_]+)(?![\w'’\-])"
)
GAELIC_END_RE = re.compile(rf"(?<![\w'’\-]){GAELIC_PARTICLE}$")
HYPHENATED_RE = re.compile(r" ([^\W\d_]{2,}(?:-[^\W\d_]{2,})+)(?![\w'’\-])")
RARE_ZIPF = 2.3


@lru_cache(maxsize=4096)
def rare_word(low: str) -> bool:
    """A lower-case word rare in English use (no filler or slang: "yeah", "innit")."""
    from wordfreq import zipf_frequency

    return len(low) >= 4 and low.isalpha() and zipf_frequency(low, "en") < RARE_ZIPF


def particle_surname(text: str, end: int) -> int | None:
    """The end of "de la Cruz-Villalobos" right after a capitalised first name ending at `end`."""
    m = PARTICLE_RE.match(text, end)
    return m.end() if m else None


def gaelic_h_surname(text: str, start: int, end: int) -> int | None:
    """The end of an h-prefixed Irish surname ("Ó hUiginn") after the name text[start:end]: the
    particle is the name's last word or comes right after it."""
    m = GAELIC_H_RE.match(text, end)
    if m is None:
        return None
    if m["particle"] is None and GAELIC_END_RE.search(text, start, end) is None:
        return None
    return m.end()


def hyphenated_surname(text: str, end: int, capital: bool, plain, listed) -> int | None:
    """The end of a hyphenated surname right after a first name ending at `end`: its parts in
    the first name's case, at least one of them listed (`listed(part)`) or no ordinary or stop
    word (`plain(low)`)."""
    m = HYPHENATED_RE.match(text, end)
    if m is None:
        return None
    parts = m.group(1).split("-")
    if any(p[:1].isupper() != capital or (p.isupper() and len(p) > 1) for p in parts):
        return None
    if all(plain(p.casefold()) and not listed(p) for p in parts):
        return None
    return m.end()
