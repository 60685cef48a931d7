"""COREQ and SRQR checklists: every item present, filled from the results and study.reporting,
'not reported' when neither knows, and answers that follow the data."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from coprod.coding import load_codebook
from coprod.config import load_config
from coprod.errors import ConfigError
from coprod.reporting import (
    COREQ,
    NOT_APPLICABLE,
    NOT_REPORTED,
    REPORTING_KEYS,
    SRQR,
    Inputs,
    build,
    filled,
    locate,
)

ROOT = Path(__file__).resolve().parents[1]


def bundled_config() -> dict:
    return load_config(yaml.safe_load((ROOT / "config" / "config.yaml").read_text()))


def transcript(tid: str, turns: list[tuple[str, str, float | None, float | None]]) -> dict:
    return {
        "id": tid,
        "format": "vtt" if turns[0][2] is not None else "txt",
        "turns": [
            {"order": i, "role": role, "speaker": who, "start": start, "end": end, "text": "x"}
            for i, (role, who, start, end) in enumerate(turns)
        ],
    }


def inputs(config: dict | None = None, participants: int = 4) -> Inputs:
    """A small study as the pipeline's result files describe it: `participants` transcripts, the
    first two timed (captions), the others plain text; the bundled codebook and article."""
    ids = [f"t{i:02d}" for i in range(1, participants + 1)]
    stats = pd.DataFrame(
        {
            "transcript_id": ids,
            "participant_id": [f"P{i:02d}" for i in range(1, participants + 1)],
            "site_id": ["site_a", "site_b"] + ["national"] * (participants - 2),
            "group": ["local", "local"] + ["national"] * (participants - 2),
            "format": ["vtt", "vtt"] + ["txt"] * (participants - 2),
            "turns": [10] * participants,
            "participant_words": [900] * participants,
            "interviewer_words": [100] * participants,
            "words": [1000 + 100 * i for i in range(participants)],
        }
    )
    segments = pd.DataFrame(
        {
            "segment_id": [f"{t}_0001" for t in ids],
            "participant_id": stats.participant_id,
            "role_category": ["planning lead"] * participants,
        }
    )
    codebook, _ = load_codebook(ROOT / "config" / "codebook.yaml")
    codes = [(t["id"], c["id"], c["label"]) for t in codebook["themes"] for c in t["codes"]]
    coded = pd.DataFrame(
        [
            {
                "segment_id": f"{ids[0]}_0001",
                "participant_id": "P01",
                "theme_id": codes[0][0],
                "code_id": codes[0][1],
            },
            {
                "segment_id": f"{ids[1]}_0001",
                "participant_id": "P02",
                "theme_id": codes[0][0],
                "code_id": codes[0][1],
            },
            {
                "segment_id": f"{ids[2]}_0001",
                "participant_id": "P03",
                "theme_id": codes[0][0],
                "code_id": codes[0][1],
            },
            {
                "segment_id": f"{ids[0]}_0001",
                "participant_id": "P01",
                "theme_id": codes[-1][0],
                "code_id": codes[-1][1],
            },
        ]
    )
    per_code = coded.groupby("code_id").participant_id.nunique()
    code_summary = pd.DataFrame(
        {
            "code_id": [c for _, c, _ in codes],
            "theme_id": [t for t, _, _ in codes],
            "label": [label for _, _, label in codes],
            "segments": [int(per_code.get(c, 0)) for _, c, _ in codes],
            "participants": [int(per_code.get(c, 0)) for _, c, _ in codes],
        }
    )
    exemplars = pd.DataFrame(
        {
            "code_id": [codes[0][1]] * 2,
            "rank": [1, 2],
            "participant_id": ["P01", "P03"],
            "site_id": ["site_a", "national"],
            "group": ["local", "national"],
            "text": ["quoted words", "more words"],
        }
    )
    saturation = pd.DataFrame(
        {
            "measure": ["codes"] * participants,
            "interviews": range(1, participants + 1),
            "mean": [1.0, 1.5, 2.0, 2.0] + [2.0] * (participants - 4),
            "informative": ["yes"] * participants,
        }
    )
    docs = {
        t: transcript(
            t,
            [("interviewer", "I", 0.0, 5.0), ("participant", "R", 5.0, 600.0 + 60 * k)]
            if k < 2
            else [("interviewer", "I", None, None), ("participant", "R", None, None)],
        )
        for k, t in enumerate(ids)
    }
    reliability = pd.DataFrame(
        {
            "code": [codes[0][1], "ALL"],
            "n_units": [30, 30],
            "n_coders": [2, 2],
            "alpha": [0.8, 0.75],
            "alpha_low": [0.6, 0.55],
            "alpha_high": [0.9, 0.88],
        }
    )
    return Inputs(
        stats=stats,
        segments=segments,
        code_summary=code_summary,
        coded=coded,
        exemplars=exemplars,
        saturation=saturation,
        topic_summary=pd.DataFrame({"topic": [1, 2, 3], "prevalence": [0.5, 0.3, 0.2]}),
        deid_summary=pd.DataFrame({"type": ["PERSON", "PLACE", "NONE"], "count": [12, 5, 0]}),
        codebook=codebook,
        config=config or bundled_config(),
        transcripts=docs,
        article=(ROOT / "manuscript" / "index.qmd").read_text(),
        reliability=reliability,
    )


def answer(table: pd.DataFrame, item: str) -> pd.Series:
    return table.set_index("item").loc[item]


def test_every_item_of_both_checklists_is_present_once():
    coreq, srqr, _ = build(inputs())
    assert list(coreq.item) == [str(n) for n in range(1, 33)]
    assert list(srqr.item) == [f"S{n}" for n in range(1, 22)]
    assert len(COREQ) == 32 and len(SRQR) == 21
    assert (coreq.answer.str.len() > 0).all() and (srqr.answer.str.len() > 0).all()


def test_bundled_study_fills_at_least_twenty_coreq_items_from_data_and_config():
    coreq, srqr, _ = build(inputs())
    from_data_or_config = coreq[coreq.source.str.startswith(("data", "config"))]
    assert len(from_data_or_config) >= 20, coreq[["item", "source"]].to_string()
    assert filled(coreq) == len(from_data_or_config)
    assert filled(srqr) >= 17
    # the team-and-consent items of a synthetic corpus say so; the guide is cited from the config
    assert answer(coreq, "1").answer == NOT_APPLICABLE and answer(coreq, "1").source == "synthetic corpus"
    assert "data/raw/example/interview_guide.md" in answer(coreq, "17").answer
    assert answer(coreq, "17").source == "config (study.reporting.interview_guide)"
    assert answer(srqr, "S20").answer == NOT_REPORTED and answer(srqr, "S20").reported_in == ""


def test_items_without_config_are_not_reported_and_not_applicable_only_when_synthetic():
    cfg = copy.deepcopy(bundled_config())
    cfg["study"]["reporting"] = dict.fromkeys(REPORTING_KEYS, "")
    cfg["study"]["synthetic"] = False
    coreq, srqr, md = build(inputs(cfg))
    config_items = [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "13",
        "14",
        "17",
        "19",
        "20",
        "23",
        "28",
    ]
    assert all(answer(coreq, i).answer == NOT_REPORTED for i in config_items)
    assert all(answer(coreq, i).source == NOT_REPORTED for i in config_items)
    assert NOT_APPLICABLE not in set(coreq.answer) | set(srqr.answer)
    assert answer(srqr, "S21").answer == NOT_REPORTED
    # the data still answer what they know
    assert answer(coreq, "12").source.startswith("data") and answer(coreq, "21").source.startswith("data")
    cfg["study"]["synthetic"] = True
    coreq, _, _ = build(inputs(cfg))
    assert answer(coreq, "1").answer == NOT_APPLICABLE and answer(coreq, "9").answer == NOT_REPORTED
    # a sentence the team writes wins over both
    cfg["study"]["reporting"]["interviewers"] = "Two researchers of the study team"
    assert answer(build(inputs(cfg))[0], "1").answer == "Two researchers of the study team"


def test_data_derived_answers_follow_the_data():
    small, big = inputs(participants=4), inputs(participants=6)
    c4, c6 = build(small)[0], build(big)[0]
    assert answer(c4, "12").answer.startswith("4 participants in 4 transcripts")
    assert answer(c6, "12").answer.startswith("6 participants in 6 transcripts")
    group = inputs()  # a focus group: one row of the sheet, three people speaking
    group.transcripts["t03"]["turns"] += [
        {"order": 2, "role": "participant", "speaker": who, "start": None, "end": None, "text": "x"}
        for who in ("Participant 2", "Participant 3")
    ]
    assert answer(build(group)[0], "12").answer.endswith("group interviews): t03 (3 speakers).")
    assert "(group interviews)" not in answer(c4, "12").answer
    # duration: minutes from the caption timestamps where there are any, words for the rest
    d4 = answer(c4, "21").answer
    assert "2 timed transcripts" in d4 and "median 11 minutes" not in d4
    assert re.search(r"lasted 10 minutes at the median \(range 10–11\)", d4), d4
    assert (
        "2 transcripts have no timestamps" in d4 and "stated in words" in d4 and "(range 1,200–1,300)" in d4
    )
    for doc in small.transcripts.values():  # no timings at all: words only
        for t in doc["turns"]:
            t["start"] = t["end"] = None
    assert "minutes" not in answer(build(small)[0], "21").answer.split("not")[0]
    # major and minor themes follow the participants who carry them (rule: half of the participants)
    major = answer(c4, "31").answer
    first_theme = inputs().codebook["themes"][0]["label"]
    assert f"carrying each: {first_theme} (3 of 4)." in major and "at least 2 of 4" in major
    assert f"{first_theme} (3 of 6)" in answer(c6, "31").answer
    # a second interview with the same participant is a repeat interview
    small = inputs()
    small.stats.loc[3, "participant_id"] = "P01"
    assert answer(build(small)[0], "18").answer.startswith("1 participant has more than one transcript (P01)")
    assert answer(c4, "18").answer.startswith("No: each of the 4 participants")


def test_quotations_count_what_the_article_prints():
    inp = inputs()  # the bundled article includes the first code's quotes
    assert answer(build(inp)[0], "29").answer.startswith("Yes: 2 quotations from 2 participants for 1 code")
    assert "'P01 (local, site_a)'" in answer(build(inp)[0], "29").answer
    inp.exemplars.loc[1, "code_id"] = "tokenism"  # a code whose quotes the article does not include
    assert answer(build(inp)[0], "29").answer.startswith("Yes: 1 quotation from 1 participant for 1 code")
    inp.article = "# Findings\n\n{{< include _tables/findings.md >}}\n"  # every code's quotes
    assert answer(build(inp)[0], "29").answer.startswith("Yes: 2 quotations from 2 participants for 2 codes")
    inp.article = "# Findings\n\nNo quotes.\n"
    assert answer(build(inp)[0], "29").answer.startswith("No: the article prints none of the 2")


def test_reliability_and_coders_come_from_the_reliability_table():
    inp = inputs()
    assert "2 human coders coded 30 participant turns" in answer(build(inp)[0], "24").answer
    assert "pooled 0.75, 95% interval 0.55–0.88" in answer(build(inp)[0], "24").answer
    inp.reliability = None
    assert answer(build(inp)[0], "24").answer.startswith("One automated coder")


def test_each_item_points_to_the_section_of_the_article_that_reports_it():
    coreq, srqr, _ = build(inputs())
    assert answer(coreq, "12").reported_in == "Methods › Design and data"
    assert answer(coreq, "22").reported_in == "Findings › Codes across sites"
    assert answer(coreq, "24").reported_in == "Methods › Reliability"
    assert answer(coreq, "27").reported_in == "Appendix: provenance"
    assert answer(coreq, "18").reported_in == "this checklist"
    assert answer(srqr, "S19").reported_in == "Limitations" and answer(srqr, "S1").reported_in == "Title"
    assert locate("# A\n\ntext\n", ("heading:Discussion", "var:x")) == ""


def test_fragment_holds_both_checklists_and_the_coding_tree_with_captions():
    inp = inputs()
    coreq, srqr, md = build(inp)
    assert (
        md.count("{#tbl-coreq}") == 1 and md.count("{#tbl-srqr}") == 1 and md.count("{#tbl-codingtree}") == 1
    )
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    n_codes = sum(len(t["codes"]) for t in inp.codebook["themes"])
    assert len(rows) == (32 + 1) + (21 + 1) + (n_codes + 1)
    assert "32 items" in md and "21" in md
    assert f"{filled(coreq)} of 32 COREQ items" in md


def test_unknown_reporting_key_is_refused_in_one_line():
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    cfg["study"]["reporting"]["interviwers"] = "x"
    with pytest.raises(ConfigError) as err:
        load_config(cfg, "config/config.yaml")
    line = err.value.line()
    assert "\n" not in line and "study.reporting.interviwers" in line and "interviewers" in line


def test_the_checklists_own_sentences_start_with_no_capitalised_ordinary_word_the_audit_hunts():
    # "Minor" is a surname as well as a word: a register holding it has the audit look for it
    # wherever it is capitalised, so the minor-themes answer says "minor" inside its sentence
    table = build(inputs(participants=6))[0]
    text = answer(table, "32").answer
    assert "minor themes" in text and "minor codes" in text
    assert "Minor" not in " ".join(table.answer)
