"""Detector labels are published (results/deidentified/summary.tsv names the detector that found
each replacement), so no label may contain a word that is a listed first name: the audit, which
looks for every detected original in every shareable file, would find a participant called by
that name inside the label itself (a first run on real transcripts failed on exactly that)."""

from __future__ import annotations

import re
from pathlib import Path

from coprod.privacy.reference import folded_names

SRC = Path(__file__).resolve().parents[1] / "src" / "coprod" / "privacy"
LABEL_RE = re.compile(r"[\"'](?:pattern|context|names|register|caseless|world-place):[a-z0-9_{}-]+[\"']")


def labels() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        found.update(m.group(0)[1:-1] for m in LABEL_RE.finditer(path.read_text(encoding="utf-8")))
    return found


def test_the_label_scan_sees_the_detectors():
    got = labels()
    assert len(got) >= 30
    assert "context:proper-noun" in got and "pattern:email" in got


def test_no_detector_label_holds_a_listed_first_name():
    first, _surnames = folded_names()
    bad = {}
    for label in labels():
        words = [w for w in re.split(r"[:_{}-]+", label) if w]
        named = [w for w in words if w in first]
        if named:
            bad[label] = named
    assert not bad, f"detector labels containing first names: {bad}"


def test_health_number_labels_as_built_hold_no_first_name():
    from coprod.privacy.detectors import health_numbers, ni_numbers

    first, _ = folded_names()
    text = "numbers 943 476 5919 and 120348 5735 and AB 12 34 56 C"
    for span in health_numbers(text) + ni_numbers(text):
        assert not [w for w in re.split(r"[:_-]+", span.detector) if w in first], span.detector
