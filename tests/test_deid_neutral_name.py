"""A neutral "[Name n]": where the detector cannot tell what kind of name a word is (the
catch-all rule for an unknown capitalised word, `context:proper-noun`, which used to type
products, shows and companies as places), it says "[Name n]" instead of a wrong type — and a
pseudonym already in the key (published as "[Place n]" by an earlier version) never changes."""

from __future__ import annotations

import json

from coprod.privacy.deidentify import Detector, PseudonymKey, deidentify_files
from coprod.privacy.key import KEY_FORMAT

# invented words of this test's own: no list holds them, no cue says what they are
PRODUCT = "Brellixo"
OTHER = "Quantafy"
TEXT = (
    f"Respondent: We moved everything onto {PRODUCT} last year, and later {PRODUCT} {OTHER} too.\n\n"
    f"Respondent: Honestly {PRODUCT} was the easy part.\n"
)


def _run(tmp_path, key):
    raw = tmp_path / "in.txt"
    raw.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    deidentify_files([raw], None, key, out, review_path=tmp_path / "review.tsv", json_out=False)
    return (out / "t001.txt").read_text(encoding="utf-8")


def test_the_catch_all_rule_types_an_unknown_name_as_neutral():
    spans = Detector([]).find(f"We moved everything onto {PRODUCT} last year.")
    assert [(s.canonical, s.type, s.detector) for s in spans] == [(PRODUCT, "NAME", "context:proper-noun")]


def test_a_typed_rule_keeps_its_type():
    """A listed place is still a place; a person's full name still a person."""
    spans = Detector([]).find(f"We met Ada {PRODUCT} in Dundee that summer.")
    assert [(s.canonical, s.type) for s in spans] == [(f"Ada {PRODUCT}", "PERSON"), ("Dundee", "PLACE")]


def test_a_locative_alone_gives_a_neutral_name():
    """Issue 24: "go to", "in", "at" take a shop, a company or a venue as readily as a town, so
    an unknown word after a locative with no list or head noun behind it is a neutral name."""
    for sentence in (f"We went out in {PRODUCT} that summer.", f"We'd go to {PRODUCT} and then home."):
        spans = Detector([]).find(sentence)
        assert [(s.canonical, s.type, s.detector) for s in spans] == [(PRODUCT, "NAME", "context:locative")]


def test_a_locative_name_listed_with_places_is_a_place():
    """Items of one list are of one kind: "in Brellixo, Dundee and Perth" is three places."""
    spans = Detector([]).find(f"We lived in {PRODUCT}, Dundee and Perth back then.")
    expected = [(PRODUCT, "PLACE"), ("Dundee", "PLACE"), ("Perth", "PLACE")]
    assert [(s.canonical, s.type) for s in spans] == expected
    # a list of mixed kinds says nothing: the locative word stays neutral
    spans = Detector([]).find(f"We went to {PRODUCT}, Ada Quantafy and Dundee.")
    assert (PRODUCT, "NAME") in [(s.canonical, s.type) for s in spans]


def test_a_neutral_word_beside_a_typed_name_joins_it():
    """One thing, one pseudonym: in "past Brellixo Dundee" the unknown word beside a listed
    place is part of it (not "[Name 1] [Place 2]")."""
    spans = Detector([]).find(f"We drove past {PRODUCT} Dundee that summer.")
    assert [(s.canonical, s.type) for s in spans] == [(f"{PRODUCT} Dundee", "PLACE")]


def test_neutral_pseudonyms_are_numbered_and_adjacent_ones_join(tmp_path):
    text = _run(tmp_path, tmp_path / "key.json")
    assert PRODUCT not in text and OTHER not in text
    assert "onto [Name 1] last year, and later [Name 2] too." in text
    assert "Honestly [Name 1] was" in text
    entries = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["type"], e["original"], e["pseudonym"]) for e in entries] == [
        ("NAME", PRODUCT, "Name 1"),
        ("NAME", f"{PRODUCT} {OTHER}", "Name 2"),
    ]
    assert "[Place" not in text


def test_a_published_pseudonym_never_changes_type_or_number(tmp_path):
    """A key written when the rule typed the word as a place keeps publishing "[Place 4]" for it:
    no second entry, no renumbering; a new word gets the next neutral number."""
    key = tmp_path / "key.json"
    old = [
        {"type": "PLACE", "original": "Dundee", "pseudonym": "Place 3"},
        {"type": "PLACE", "original": PRODUCT, "pseudonym": "Place 4"},
    ]
    key.write_text(json.dumps({"format": KEY_FORMAT, "entries": old}), encoding="utf-8")
    text = _run(tmp_path, key)
    assert "onto [Place 4] last year" in text and "Honestly [Place 4] was" in text
    entries = json.loads(key.read_text(encoding="utf-8"))["entries"]
    assert entries[:2] == old
    assert [(e["type"], e["pseudonym"]) for e in entries[2:]] == [("NAME", "Name 1")]
    # and a second run over the same key publishes the same bytes
    assert _run(tmp_path, key) == text


def test_key_lookup_of_a_neutral_name_prefers_the_existing_entry():
    key = PseudonymKey([{"type": "ORG", "original": PRODUCT, "pseudonym": "Organisation 2"}])
    assert key.pseudonym("NAME", PRODUCT.upper()) == "Organisation 2"
    assert key.pseudonym("NAME", OTHER) == "Name 1"
    assert key.pseudonym("PLACE", OTHER) == "Place 1"  # a typed finding is its own entry


def test_the_manuscript_table_reads_a_neutral_row_without_recall():
    """evaluation.tsv has a NAME row (detected, with a precision) but no gold NAME mentions, so
    no recall: an empty cell, read as text; it stopped the manuscript variables on the bundled
    example (`could not convert string to float: ''`)."""
    import pandas as pd

    from coprod.deid_statements import deid_table

    cols = ["type", "gold_mentions", "caught", "recall", "detected", "precision", "gold_forms", "leak_recall"]
    ev = pd.DataFrame(
        [
            ["NAME", "0", "0", "", "5", "0.8000", "0", ""],
            ["ALL", "10", "10", "1.0000", "9", "0.9000", "4", "1.0000"],
        ],
        columns=cols,
    )
    table = deid_table(ev)
    name_row = next(line for line in table.splitlines() if "NAME" in line)
    assert "n/a" in name_row and "80.0%" in name_row
