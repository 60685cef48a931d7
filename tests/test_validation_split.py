"""The rule coder's agreement with the human consensus is reported on an evaluation part of the
human-coded units, split off by transcript, that the codebook was not revised on."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

from coprod.claims import code_claims
from coprod.coding import load_codebook
from coprod.reliability import (
    auto_vs_human_parts,
    consensus,
    evaluation_part,
    read_codings_csv,
    read_sample_csv,
    split_units,
)
from coprod.reliability_statements import reliability_variables

CODING = ROOT / "data" / "raw" / "example" / "coding"
CODE_IDS = [c.id for c in load_codebook(ROOT / "config" / "codebook.yaml")[1]]
SPLIT = {"split": "transcript", "evaluation_share": 0.5, "seed": 20220203, "min_units": 20}


@pytest.fixture(scope="module")
def example():
    codings = pd.concat(
        [read_codings_csv(CODING / f"{c}.csv", c, known_codes=CODE_IDS) for c in ("coder_a", "coder_b")],
        ignore_index=True,
    )
    return codings, read_sample_csv(CODING / "sample.csv")


def test_split_is_by_transcript_deterministic_and_seeded(example):
    _, sample = example
    parts = split_units(sample, SPLIT)
    assert parts == split_units(sample, SPLIT)  # same seed, same split
    transcripts = sorted(set(sample.transcript_id))
    assert sorted(parts) == transcripts  # every transcript in exactly one part
    ev = [t for t, p in parts.items() if p == "evaluation"]
    assert len(ev) == 4 and set(parts.values()) == {"development", "evaluation"}
    others = {
        tuple(sorted(t for t, p in split_units(sample, SPLIT | {"seed": s}).items() if p == "evaluation"))
        for s in range(10)
    }
    assert len(others) > 1  # the seed chooses the transcripts
    # the split does not depend on the order of the sample's rows
    assert split_units(sample.iloc[::-1], SPLIT) == parts
    assert split_units(sample, SPLIT | {"evaluation_share": 0.25}) != parts


def _auto(codings):  # stand-in rule coder: coder A
    return codings[codings.coder == "coder_a"][["transcript_id", "turn_index", "code"]]


def test_parts_table_has_both_parts_and_reported_figures_ignore_development(example):
    codings, sample = example
    parts = split_units(sample, SPLIT)
    human = consensus(codings, sample, CODE_IDS, rule="all")
    table = auto_vs_human_parts(_auto(codings), human, sample, CODE_IDS, parts)
    assert list(table.part.unique()) == ["development", "evaluation"]
    ev_units = sample[sample.transcript_id.map(parts) == "evaluation"]
    ev = evaluation_part(table)
    assert set(ev.n_units) == {len(ev_units)}
    assert int(table[(table.part == "development") & (table.code == "ALL")].n_units.iloc[0]) == len(
        sample
    ) - len(ev_units)
    summary = pd.DataFrame({"code_id": CODE_IDS, "label": CODE_IDS})

    def reported(t: pd.DataFrame) -> dict:  # the figures the manuscript reports as agreement
        v = reliability_variables(None, t, summary, min_units=20)
        return {k: x for k, x in v.items() if k.startswith("auto_")}

    before = reported(table)
    assert before["auto_precision"] not in ("", None, "n/a")

    def moved(part: str) -> pd.DataFrame:
        # the rule coder now applies every code to one unit of the given part
        t, i = next(
            (r.transcript_id, r.turn_index) for r in sample.itertuples() if parts[r.transcript_id] == part
        )
        extra = pd.DataFrame({"transcript_id": t, "turn_index": i, "code": CODE_IDS})
        return auto_vs_human_parts(
            pd.concat([_auto(codings), extra]).drop_duplicates(), human, sample, CODE_IDS, parts
        )

    dev_changed, ev_changed = moved("development"), moved("evaluation")
    assert not dev_changed[dev_changed.part == "development"].equals(table[table.part == "development"])
    assert reported(dev_changed) == before
    assert reported(ev_changed) != before
    from test_manuscript_claims import BASE, CODES, corpus

    assert [c for _, c, _ in CODES] == CODE_IDS
    cs, coded, segs = corpus(BASE)
    claims = lambda t: code_claims(cs, coded, segs, site_group="local", auto=t)["codes"]  # noqa: E731
    assert claims(dev_changed) == claims(table)
    assert claims(ev_changed) != claims(table)


def test_too_few_evaluation_units_are_said_not_numbered(example):
    codings, sample = example
    parts = split_units(sample, SPLIT)
    human = consensus(codings, sample, CODE_IDS, rule="all")
    table = auto_vs_human_parts(_auto(codings), human, sample, CODE_IDS, parts)
    summary = pd.DataFrame({"code_id": CODE_IDS, "label": CODE_IDS})
    n_ev = int(evaluation_part(table).n_units.iloc[0])
    v = reliability_variables(None, table, summary, min_units=n_ev + 1)
    assert v.get("auto_precision") is None and "too few" in v["auto_reported"]
    ok = reliability_variables(None, table, summary, min_units=n_ev)
    assert ok["auto_precision"] not in ("", None) and ok["auto_units"] == n_ev


def test_the_text_states_the_split_and_reports_the_evaluation_part(example):
    from coprod.reliability_statements import reliability_section_md

    codings, sample = example
    parts = split_units(sample, SPLIT)
    human = consensus(codings, sample, CODE_IDS, rule="all")
    table = auto_vs_human_parts(_auto(codings), human, sample, CODE_IDS, parts)
    summary = pd.DataFrame({"code_id": CODE_IDS, "label": CODE_IDS})
    base = {
        "measured": "yes",
        "coders": 2,
        "units": 59,
        "transcripts": 8,
        "n_below_0667": 0,
        "n_estimable": 0,
        "split_share": "50%",
        "split_seed": 7,
    }
    rel = reliability_variables(None, table, summary, min_units=20) | base
    text = reliability_section_md(rel, "", False)
    ev = evaluation_part(table).iloc[-1]
    dev = table[(table.part == "development") & (table.code == "ALL")].iloc[0]
    n_ev = int(ev.n_units)
    assert f"evaluation part (four transcripts with {n_ev} turns)" in text
    assert f"development part (four transcripts with {59 - n_ev} turns)" in text
    assert "50% of the transcripts, drawn at random with seed 7" in text
    assert f"On the evaluation part the keyword rules reached precision {ev.precision:.2f}" in text
    assert f"On the development part they reached precision {dev.precision:.2f}" in text
    assert "optimistic" in text and "How the codebook was revised" not in text
    told = reliability_section_md(rel | {"split_history": "written before the split"}, "", False)
    assert "How the codebook was revised: written before the split." in told
    few = reliability_variables(None, table, summary, min_units=59) | base
    text = reliability_section_md(few, "", False)
    assert "On the evaluation part their agreement is not reported: too few units" in text
    assert "precision" not in text.split("On the evaluation part")[1]
