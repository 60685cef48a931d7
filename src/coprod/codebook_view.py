"""The codebook without its keyword rules: what the readers that never apply a rule read.

Only the coding stage (`code_segments`) and the coding assistant apply the codebook's rules
(`keywords`, `regex`, `proximity`); reliability, the topic-code alignment, the REFI-QDA export,
the codes' statements and the reporting checklists read its themes, codes, labels and
definitions. They read this view instead of the codebook, written by a checkpoint rule
(`codebook_structure`), so a keyword edit leaves the view byte-identical and Snakemake starts none
of them (a checkpoint's readers are looked at again once it has run). Keeping everything but the
rules (ids, labels, definitions, notes, examples, the language, in the file's order) keeps every
reader's output what it was when it read the whole codebook.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .config import read_yaml, validate
from .errors import ConfigError

# a code's fields that only the rules read (coprod.coding.load_codebook builds its Code from them)
RULE_FIELDS = ("keywords", "regex", "proximity")


def without_rules(data: dict) -> dict:
    """A copy of a parsed (schema-valid) codebook with every code's rule fields left out;
    everything else kept in its order."""
    themes = []
    for theme in data["themes"]:
        codes = [{k: v for k, v in code.items() if k not in RULE_FIELDS} for code in theme["codes"]]
        themes.append({**theme, "codes": codes})
    return {**data, "themes": themes}


def write_view(codebook: str | Path, out: str | Path) -> None:
    """Write the view of `codebook` to `out` (YAML; the same bytes for the same view)."""
    data = read_yaml(codebook, ConfigError)
    # checked here, as the loader checks it, so a reader of the view never names the view in an
    # error about the codebook (the rules themselves are checked by the coding stage)
    validate(data, "codebook", codebook)
    seen: set[str] = set()
    for theme in data["themes"]:
        for code in theme["codes"]:
            if code["id"] in seen:
                raise ConfigError(
                    codebook, f"duplicate code id '{code['id']}'", "give every code a unique id"
                )
            seen.add(code["id"])
    Path(out).write_text(
        yaml.safe_dump(without_rules(data), sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
