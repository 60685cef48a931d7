"""What counts as text of the bundled study, for the test that a new study's manuscript has none."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def words(text: str) -> list[str]:
    text = re.sub(r"\{\{<.*?>\}\}", " ", text, flags=re.S)  # shortcodes
    text = re.sub(r"[\u2019\u2018]", "'", text)
    return re.findall(r"[a-z0-9']+", text.lower())


def shingles(text: str, n: int = 7) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def bundled_prose() -> str:
    """The bundled manuscript's text: front matter values and body."""
    return (ROOT / "manuscript" / "index.qmd").read_text(encoding="utf-8")


def bundled_terms() -> list[str]:
    """Names and labels that only the bundled study uses: its authors, affiliations, code labels,
    site and group names and the study's subject."""
    front = yaml.safe_load(bundled_prose().split("---")[1])
    terms = [a["name"] for a in front["author"]]
    terms += [aff["name"] for a in front["author"] for aff in a.get("affiliations", [])]
    book = yaml.safe_load((ROOT / "config" / "codebook.yaml").read_text(encoding="utf-8"))
    terms += [c["label"] for t in book["themes"] for c in t["codes"]]
    terms += ["Co-Production", "co-production", "Scotland", "Scottish", "health and social care", "site_a"]
    return sorted(set(terms))
