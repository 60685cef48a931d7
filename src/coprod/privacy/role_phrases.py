"""Speaker labels that are an ordinary phrase, not a name: "Carer:", "Key Worker:", "Service
User 2:", "Audience Member:", "Co-facilitator:", "Mum:". A transcriber labels a speaker by a name
or by a role; a role is written in the words of the language, a name mostly is not. So a label
is a role when each of its words (one to three, split at spaces and hyphens) is

- a role or kinship word of the reference lists (`cues/role_labels.txt`, `cues/kin_words.txt`),
  or an allowed word or phrase, or
- an ordinary word of the study's languages (`reference.ordinary_words`: the English dictionary,
  wordfreq for the others), or an English agent noun formed on one ("carer" of "care",
  "clinician" of "clinic", "panellist" of "panel"), or a compound of a word and such a role
  ("headteacher", "childminder"),

and no word is a title before another word ("Mrs Wood"; "Ward Sister" is a role), a first
name of the name lists ("Grace", "Will", "Rose": a first name that is also a word is a name in
a label; so is a listed first name that only another study language counts as a word, as
wordfreq counts "Yves" in French) or, in a one-word label, any listed first name ("Sue:",
"Pat:"), a common surname or a name rarer as a word than Zipf 4 ("Baker:", "Young:",
"Nightingale:" label a person). A registered person's name is never a role
(`deidentify_transcripts`). A word formed by the agent or compound rule counts only when no
name list holds it ("Kissinger" is a surname). The lists decide, never the study's transcripts.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

from .names import TITLES
from .normalise import view
from .reference import (
    REFERENCE_DIR,
    cue_words,
    english_words,
    first_name_births,
    folded_names,
    ordinary_words,
)

# A first name given to this many babies (uk_first_names.csv) is a name in a label, even when it
# is also a word ("Grace", "Will", "Hope"); "Young" (19 births) is not.
FIRST_NAME_BIRTHS = 100
# A surname this common (percent of people in the surname list) labels a person on its own
# ("Baker" 0.171, "Friend" 0.007); "Staff" (0.001), "Coach", "Host" are words before names.
COMMON_SURNAME_PERCENT = 0.002
# ... and a one-word label that any name list holds is a word only when this frequent as one
# (wordfreq Zipf: "staff" 5.1, "coach" 5.0; "nightingale", "squire" under it)
WORD_ZIPF = 4.0
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


def _compound(word: str, english: frozenset[str], roles: frozenset[str]) -> bool:
    """A closed compound of a dictionary word and a role word or agent noun: "headteacher",
    "childminder", "caseworker" (not "Blackwood": "wood" is no role)."""
    for cut in range(3, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if head in english and (tail in roles or _agent_noun(tail, english)):
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
    roles = cue_words("role_labels") | cue_words("kin_words")
    english = english_words(ref_dir)
    ordinary = ordinary_words(tuple(languages), ref_dir)
    births = first_name_births(ref_dir)
    firsts, lasts = folded_names(ref_dir)
    if len(words) > 1 and words[0] in PREFIXES and re.search(r"^\w+[\-‐‑–]", text):
        words = words[1:]  # "co-facilitator": the prefix is no word of its own
    for k, w in enumerate(words):
        if w in TITLE_WORDS and k < len(words) - 1:
            return False  # a title before a word: "Mrs Wood", "Sister Mary" (not "Ward Sister")
        if w in roles or w in allowed:
            continue
        if len(w) < 2 or births.get(w, 0) >= FIRST_NAME_BIRTHS:
            return False
        if ordinary(w):
            if w in firsts and w not in english and view(w).casefold() not in english:
                return False  # a listed first name only another study language counts as a word
                # (wordfreq counts "yves", "camille" as French words): "Yves Chevalier:" a person
            continue
        if w in firsts or w in lasts or births.get(w, 0):  # a name no dictionary holds ("Kissinger")
            return False
        if not (_agent_noun(w, english) or _compound(w, english, roles)):
            return False
    one = words[0]
    named = one in firsts or one in lasts or births.get(one, 0) > 0
    if len(words) == 1 and one not in roles and one not in allowed and named:
        # a one-word label that is also a name: a word only if no first name ("Sue:", "Pat:"),
        # far more common as a word ("Staff", "Coach") and no common surname ("Baker", "Young")
        # — else "Nightingale:" is a person
        return (
            births.get(one, 0) == 0
            and one not in _common_surnames(ref_dir)
            and zipf_frequency(one, "en") >= WORD_ZIPF
        )
    return True
