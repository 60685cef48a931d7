"""The shipped reference lists parse, carry their attribution, and have no duplicate names."""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT

from coprod.privacy.names import load_reference

REF = ROOT / "data" / "reference"
HAND_COMPILED = {
    "council_areas.csv": 32,
    "hscps.csv": 31,
    "health_boards.csv": 14,
    "islands.csv": 60,
    "western_isles_settlements.csv": 25,
    "hospitals.csv": 60,
    "national_bodies.csv": 35,
    "eponymous_terms.csv": 25,
    "national_media.csv": 20,
    "regions.csv": 60,
    "gaelic_first_names.csv": 40,
}


@pytest.mark.parametrize("name,minimum", sorted(HAND_COMPILED.items()))
def test_hand_compiled_lists(name, minimum):
    with open(REF / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    key = "term" if name == "eponymous_terms.csv" else "name"
    names = [r[key] for r in rows]
    assert len(rows) >= minimum and all(names)
    assert len({n.casefold() for n in names}) == len(names), "duplicate names"


def test_attribution_and_loading():
    readme = (REF / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence" in readme and "Crown copyright" in readme
    for f in ("scotland_places.csv", "uk_first_names.csv", "us_census_1990_surnames.csv"):
        assert f in readme
    ref = load_reference(str(REF))
    assert len(ref.first_names) > 10_000 and len(ref.surnames) > 80_000
    assert ref.gazetteer["Ninewells"][0] == "ORG" and ref.gazetteer["Kirkcaldy"][0] == "PLACE"
    assert "care inspectorate" in ref.allow and "alzheimer's" in ref.allow
    # a newspaper is kept with its article only: "the Sun", never the surname "Sun" alone
    assert "the guardian" in ref.allow and "the sun" in ref.allow and "sun" not in ref.allow
