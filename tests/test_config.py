"""Config, codebook and participants validation: one line naming the key and what is allowed."""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from coprod.coding import load_codebook
from coprod.config import load_config
from coprod.errors import ConfigError, InputError
from coprod.segment import read_participants


def base():
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


def test_shipped_config_is_valid_and_defaults_fill_in():
    cfg = load_config(base())
    assert cfg["topics"]["k"] == "auto" and cfg["private_dir"] == "private"
    minimal = load_config({"corpus": {"name": "x", "raw_dir": "r", "participants": "p", "register": "g"}})
    assert minimal["topics"]["seed"] == 20220203 and minimal["segment"]["min_words"] == 5


@pytest.mark.parametrize(
    "mutate,expected",
    [
        (
            lambda c: c["topics"].update(kk=3),
            "unknown key 'topics.kk' — allowed here: alpha, bootstrap, collocations, conversational_words,",
        ),
        (lambda c: c.update(topcis={}), "unknown key 'topcis'"),
        (lambda c: c["topics"].update(k="six"), "key 'topics.k' is 'six' — allowed: auto or an integer >= 2"),
        (lambda c: c["topics"].update(k_grid="4"), "key 'topics.k_grid' is '4' — allowed: auto or an array"),
        (lambda c: c["topics"].update(k=1), "key 'topics.k' is 1 — allowed: auto or an integer >= 2"),
        (
            lambda c: c["manuscript"].update(engine="word"),
            "key 'manuscript.engine' is 'word' — allowed values: auto, quarto, pandoc",
        ),
        (lambda c: c["corpus"].pop("raw_dir"), "missing required key 'corpus.raw_dir'"),
        (
            lambda c: c["deidentify"].update(dates="years"),
            "key 'deidentify.dates' is 'years' — allowed values: month_year, redact, all",
        ),
    ],
)
def test_config_errors_name_the_key(mutate, expected):
    cfg = base()
    mutate(cfg)
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    line = str(exc.value)
    assert expected in line and "\n" not in line and line.startswith("config error: config/config.yaml: ")


def test_dates_mode_all_is_accepted():
    cfg = base()
    cfg["deidentify"]["dates"] = "all"
    assert load_config(cfg)["deidentify"]["dates"] == "all"


def test_codebook_is_valid_and_complete():
    data, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    assert len(data["themes"]) >= 6 and len(codes) >= 15
    assert all(c.keywords for c in codes)


def test_codebook_errors(tmp_path):
    bad = tmp_path / "cb.yaml"
    bad.write_text(
        "themes:\n  - id: t\n    label: T\n    codes:\n      - {id: Bad-Id, label: L, definition: D}\n"
    )
    with pytest.raises(ConfigError, match=r"key 'themes.0.codes.0.id' = 'Bad-Id' does not match"):
        load_codebook(bad)
    dup = tmp_path / "dup.yaml"
    dup.write_text(
        "themes:\n  - id: t\n    label: T\n    codes:\n      - {id: a, label: L, definition: D}\n"
        "      - {id: a, label: L, definition: D}\n"
    )
    with pytest.raises(ConfigError, match="duplicate code id 'a'"):
        load_codebook(dup)


def test_participants_sheet_errors(tmp_path):
    sheet = tmp_path / "p.tsv"
    sheet.write_text("participant_id\tfile\tsite_id\tgroup\n")
    with pytest.raises(InputError, match="missing column"):
        read_participants(sheet)
    sheet.write_text(
        "participant_id\tfile\tsite_id\tgroup\trole_category\nP1\ta.txt\ts\tlocal\tx\nP1\tb.txt\ts\tlocal\tx\n"
    )
    with pytest.raises(InputError, match="duplicate participant_id on row 3"):
        read_participants(sheet)
