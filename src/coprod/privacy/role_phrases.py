"""Speaker labels that are an ordinary phrase, not a name: "Carer:", "Key Worker:", "Service
User 2:", "Audience Member:", "Co-facilitator:", "Mum:". A transcriber labels a speaker by a name
or by a role; a role is written in the words of the language, a name mostly is not. So a label
is a role when each of its words (one to three, split at spaces and hyphens) is

- a role word of the reference list (`cues/role_labels.txt`), or an allowed word or phrase, or
- an ordinary word of the study's languages (`reference.ordinary_words`: the English dictionary,
  wordfreq for the others), or an English agent noun formed on one ("carer" of "care",
  "clinician" of "clinic", "panellist" of "panel"),

and no word is a title ("Mrs"), a first name of the name lists ("Grace", "Will", "Rose": a
first name that is also a word is a name in a label) or, in a one-word label, a common
surname ("Baker:", "Young:", "Brown:" label a person by surname). The lists decide, never the
study's transcripts.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from .names import TITLES
from .normalise import view
from .reference import REFERENCE_DIR, cue_words, english_words, first_name_births, ordinary_words

# A first name given to this many babies (uk_first_names.csv) is a name in a label, even when it
# is also a word ("Grace", "Will", "Hope"); "Young" (19 births) is not.
FIRST_NAME_BIRTHS = 100
# A surname this common (percent of people in the surname list) labels a person on its own
# ("Baker" 0.171, "Friend" 0.007); "Staff" (0.001), "Coach", "Host" are words before names.
COMMON_SURNAME_PERCENT = 0.002
# Endings of English agent nouns ("one who ..."), with what the stem may have lost: "carer" is
# "care" + "r", "panellist" is "panel" + "list" (British doubling), "clinician" "clinic" + "ian".
AGENT_ENDINGS = ("r", "er", "or", "ist", "list", "ian", "ee", "ant", "ent")
MIN_STEM = 4
# Bound prefixes that join a role word by a hyphen ("Co-facilitator", "Vice-chair", "Ex-partner").
PREFIXES = frozenset({"co", "ex", "vice", "sub", "step", "self", "non", "pre", "post", "re"})
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MAX_WORDS = 3
TITLE_WORDS = frozenset(t.casefold().rstrip(".") for t in TITLES)


@lru_cache(maxsize=4)
def _common_surnames(ref_dir: str) -> frozenset[str]:
    """Surnames at COMMON_SURNAME_PERCENT or more of the surname list, lower case."""
    out: set[str] = set()
    path = Path(ref_dir) / "us_census_1990_surnames.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                try:
                    if float(row.get("percent") or 0) >= COMMON_SURNAME_PERCENT:
                        out.add(row["surname"].casefold())
                except ValueError:
                    continue
    return frozenset(out)


def _agent_noun(word: str, english: frozenset[str]) -> bool:
    """An English agent noun formed on a dictionary word: "carer", "clinician", "panellist"."""
    for ending in AGENT_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            stem = word[: -len(ending)]
            if stem in english or stem + "e" in english:
                return True
            if ending == "list" and stem + "l" in english:  # panel + list: "panellist"
                return True
    return False


@lru_cache(maxsize=8192)
def is_role_phrase(
    label: str,
    allow: tuple[str, ...] = (),
    languages: tuple[str, ...] = ("en",),
    ref_dir: str = str(REFERENCE_DIR),
) -> bool:
    """Whether a speaker label (its trailing number or letter already taken off) is an ordinary
    phrase of the study's languages naming a role, not a person (module docstring)."""
    text = view(" ".join(label.split())).replace("’", "'")
    if not text or any(ch.isdigit() for ch in text):
        return False
    words = [w.casefold() for w in re.split(r"[\s\-‐‑–]+", text) if w]
    if not 1 <= len(words) <= MAX_WORDS or any(WORD_RE.fullmatch(w) is None for w in words):
        return False
    allowed = {a.casefold() for a in allow}
    roles = cue_words("role_labels")
    english = english_words(ref_dir)
    ordinary = ordinary_words(tuple(languages), ref_dir)
    births = first_name_births(ref_dir)
    if len(words) > 1 and words[0] in PREFIXES and re.search(r"^\w+[\-‐‑–]", text):
        words = words[1:]  # "co-facilitator": the prefix is no word of its own
    for w in words:
        if w in TITLE_WORDS:
            return False
        if w in roles or w in allowed:
            continue
        if len(w) < 2 or births.get(w, 0) >= FIRST_NAME_BIRTHS:
            return False
        if not (ordinary(w) or _agent_noun(w, english)):
            return False
    if len(words) == 1 and words[0] not in roles and words[0] not in allowed:
        return words[0] not in _common_surnames(ref_dir)
    return True
