"""De-identification on sets the rules were not tuned on: written by the pipeline to
results/deidentified/evaluation_heldout.tsv and reported in the manuscript with what each measures."""

from __future__ import annotations

import pandas as pd
import yaml
from conftest import ROOT

from coprod.deid_statements import deid_heldout_md
from coprod.heldout import evaluate_sets

HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


def test_heldout_set_is_scored_against_its_own_gold():
    t = evaluate_sets([{"name": "held-out", "fixture": str(HELDOUT), "measures": "x"}])
    assert list(t.columns[:3]) == ["set", "transcripts", "type"]
    a = t.set_index("type").loc["ALL"]
    assert a.set == "held-out" and a.transcripts == 3
    gold = yaml.safe_load((HELDOUT / "gold.yaml").read_text(encoding="utf-8"))
    # overlapping gold forms are resolved longest-first, so at most the forms' counts
    assert 0 < a.gold_mentions <= sum(int(i.get("count", 1)) for v in gold["transcripts"].values() for i in v)
    # the same figures as the floors test reads the set (transcript ids from file names there)
    from test_deid_quality import run

    ev, _, _ = run(HELDOUT, HELDOUT / "register.yaml", HELDOUT / "participants.tsv", HELDOUT / "gold.yaml")
    for col in ("gold_mentions", "caught", "recall", "detected", "precision", "keep_survival"):
        assert a[col] == ev.loc["ALL", col], col


def test_the_manuscript_reports_each_set_from_the_file_and_says_what_it_measures():
    rows = []
    for name, rec, prec in (("held-out", 0.5, 0.25), ("technical", 0.75, 0.125)):
        rows += [
            {"set": name, "transcripts": 2, "type": "PERSON", "gold_mentions": 4, "recall": rec / 2,
             "precision": prec, "keep_survival": float("nan")},
            {"set": name, "transcripts": 2, "type": "ALL", "gold_mentions": 8, "recall": rec,
             "precision": prec, "keep_survival": 0.9},
        ]  # fmt: skip
    sets = [
        {"name": "held-out", "fixture": "f", "measures": "names the register does not list"},
        {"name": "technical", "fixture": "g", "measures": "technical words that must stay"},
    ]
    text = deid_heldout_md(pd.DataFrame(rows), sets).replace("\\-", "-")  # as rendered
    assert "held-out set (names the register does not list; two transcripts, 8 gold" in text
    assert "recall 50.0% (25.0% for people), precision 25.0%" in text
    assert "technical set (technical words that must stay;" in text
    assert "recall 75.0% (37.5% for people), precision 12.5%" in text
    assert "evaluation_heldout.tsv" in text
    none = deid_heldout_md(None, [])
    assert "not measured on text its rules were not tuned on" in none and "%" not in none


def test_a_missing_set_is_one_config_line(tmp_path):
    import pytest

    from coprod.errors import ConfigError
    from coprod.heldout import heldout_files

    (tmp_path / "gold.yaml").write_text("transcripts: {}\n")
    with pytest.raises(ConfigError) as err:
        heldout_files([{"name": "x", "fixture": str(tmp_path), "measures": "m"}], "config/config.yaml")
    line = str(err.value)
    assert "\n" not in line and "deidentify.heldout[0]" in line and "register.yaml, participants.tsv" in line
    assert heldout_files([{"name": "h", "fixture": str(HELDOUT), "measures": "m"}], "c")[-1].endswith(
        "register.yaml"
    )
