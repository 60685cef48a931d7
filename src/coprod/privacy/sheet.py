"""Participants-sheet descriptors must be pseudonymous codes, not identifiers.

Site ids, groups and role categories are copied into every shareable table, figure label and
quote attribution, so a real town as a site id or a person's name as a role would leak
everywhere at once. They are checked at start-up against the register, the gazetteers and the
name lists (through the shared normaliser), and a hit stops the run with one line naming the
cell and the fix. The characters allowed and formula cells are checked in
`coprod.segment.read_participants`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .names import REFERENCE_DIR, english_words, load_reference
from .normalise import fold_word, view
from .register import load_register, variants

WORDS_RE = re.compile(r"[^\W\d_]+")
CHECKED = ["transcript_id", "participant_id", "site_id", "group", "role_category"]


def check_descriptors(
    sheet: pd.DataFrame,
    path: str | Path,
    register: str | Path | None,
    reference_dir: str | Path = REFERENCE_DIR,
) -> None:
    """Raise InputError for the first descriptor cell that names a registered entity, a real
    place or organisation, or looks like a personal name."""
    entities = load_register(register) if register and Path(register).exists() else []
    registered = {fold_word(f) for e in entities for f in variants(e)}
    ref = load_reference(str(reference_dir))
    english = english_words(str(reference_dir))
    gazetteer = {fold_word(k) for k in ref.gazetteer}
    people = {fold_word(n) for n in ref.first_names | ref.surnames}
    for i, row in sheet.reset_index(drop=True).iterrows():
        for col in CHECKED:
            if col not in row:
                continue
            value = str(row[col])
            words = WORDS_RE.findall(view(value))
            low = [w.casefold() for w in words]
            problem = ""
            for n in range(min(6, len(low)), 0, -1):
                for k in range(len(low) - n + 1):
                    phrase = " ".join(low[k : k + n])
                    common = n == 1 and phrase in english
                    if phrase in registered and not common:
                        problem = "names a person, organisation or place in the register"
                    elif phrase in gazetteer and not common and len(phrase) > 2:
                        problem = "is a real place or organisation name (public gazetteer)"
                    elif n == 1 and words[k][:1].isupper() and phrase in people and not common:
                        problem = "looks like a personal name (public name lists)"
                    if problem:
                        break
                if problem:
                    break
            if problem:
                raise InputError(
                    f"{path}:{i + 2}",
                    f"column {col} {problem}; the sheet's descriptors are copied into shareable outputs",
                    "replace it with a pseudonymous code (site_a, local, senior planning role)",
                )
