"""Each stage writes what the manuscript may say about it (issue 26, item 1): de-identification
(coprod.deid_statements), the corpus (coprod.corpus_statements), the codes
(coprod.codes_statements), saturation (coprod.saturation_statements), reliability
(coprod.reliability_statements) and the coding assistant (coprod.assistant_statements). Their numbers come
from small tables here, their sentences change when the data changes, and the manuscript prints
them as written (coprod.manuscript.build only assembles)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
import yaml

from coprod.assistant_statements import assistant_statements
from coprod.claims import code_claims
from coprod.codes_statements import codes_statements
from coprod.corpus_statements import corpus_statements
from coprod.deid_statements import deid_statements
from coprod.manuscript import build, stage_variables
from coprod.reliability import reliability_table
from coprod.reliability_statements import reliability_statements
from coprod.saturation_statements import saturation_statements


def as_read(df: pd.DataFrame, **kw) -> pd.DataFrame:
    """A table as the statements rule reads it back from its TSV."""
    return pd.read_csv(io.StringIO(df.to_csv(sep="\t", index=False)), sep="\t", **kw)


def roundtrip(statements: dict) -> dict:
    """Through YAML, as the stage writes results/<stage>/manuscript.yml and the manuscript reads it."""
    return yaml.safe_load(yaml.safe_dump(statements, sort_keys=False, allow_unicode=True))


# ------------------------------------------------------------------ de-identification

SUMMARY = pd.DataFrame(
    {
        "transcript": ["t1", "t1", "t2", "t2", "t2"],
        "type": ["PERSON", "PHONE", "PERSON", "ORG", "NONE"],
        "detector": ["register", "pattern:phone", "names", "register", "-"],
        "count": [7, 1, 5, 2, 0],
    }
)


def evaluation(person_caught: int) -> pd.DataFrame:
    rows = [
        # type, gold, caught, detected
        ("PERSON", 10, person_caught, person_caught),
        ("PHONE", 2, 2, 2),
        ("EMAIL", 2, 1, 1),
        ("ORG", 4, 4, 5),
    ]
    gold = sum(r[1] for r in rows)
    caught = sum(r[2] for r in rows)
    detected = sum(r[3] for r in rows)
    rows.append(("ALL", gold, caught, detected))
    t = pd.DataFrame(rows, columns=["type", "gold_mentions", "caught", "detected"])
    t["recall"] = t.caught / t.gold_mentions
    t["precision"] = t.caught / t.detected
    t["gold_forms"] = t.gold_mentions
    t["leak_recall"] = t.recall
    t["keep_survival"] = [None, None, None, None, 0.95]
    return t


def test_deid_numbers_come_from_its_tables():
    statements, fragments = deid_statements(SUMMARY, as_read(evaluation(9)), None, [])
    n = roundtrip(statements)["numbers"]
    # replacements: every type but NONE, in all and per type
    assert (n["replacements"], n["person"], n["phone"], n["org"]) == ("15", "12", "1", "2")
    assert "none" not in n
    assert n["measured"] == "yes"
    assert n["recall_person"] == "90.0%" and n["recall_org"] == "100.0%"
    # structured identifiers pooled: phones 2 of 2, emails 1 of 2
    assert n["recall_structured"] == "75.0%"
    assert n["recall_all"] == "88.9%" and n["gold_mentions"] == "18"
    assert n["keep_survival"] == "95.0%"
    assert "| PERSON | 10 | 9 | 90.0% |" in fragments["deid.md"]


def test_deid_statements_change_with_the_data():
    before = deid_statements(SUMMARY, as_read(evaluation(9)), None, [])[0]["numbers"]
    after = deid_statements(SUMMARY, as_read(evaluation(4)), None, [])[0]["numbers"]
    assert (before["recall_person"], after["recall_person"]) == ("90.0%", "40.0%")
    # no gold annotations: every measure says so, and the table too
    none, fragments = deid_statements(SUMMARY, None, None, [])
    assert none["numbers"]["measured"] == "no" and none["numbers"]["recall_person"] == "not measured"
    assert "not measured (no gold annotations)" in fragments["deid.md"]
    assert "corpus.gold is empty" in none["fragments"]["deid.md"]


def test_the_heldout_paragraph_names_each_set_or_says_none_was_measured():
    sets = [{"name": "technical", "measures": "structured identifiers in support emails."}]
    ev = evaluation(8).assign(set="technical", transcripts=3)
    statements, fragments = deid_statements(SUMMARY, None, as_read(ev), sets)
    text = fragments["deid_heldout.md"]
    assert "the technical set (structured identifiers in support emails; three transcripts, 18 gold" in text
    assert "recall 83.3% (80.0% for people)" in text
    assert "names one set" in statements["fragments"]["deid_heldout.md"]
    _, empty = deid_statements(SUMMARY, None, None, [])
    assert empty["deid_heldout.md"].startswith("De-identification was not measured on text its rules")


# ------------------------------------------------------------------ corpus

STATS = pd.DataFrame(
    {
        "transcript_id": ["t1", "t2", "t3", "t4"],
        "participant_id": ["P1", "P2", "P3", "P3"],
        "site_id": ["s1", "s2", "s2", "national"],
        "group": ["local", "local", "local", "national"],
        "format": ["docx", "txt", "txt", "vtt"],
        "participant_words": [900, 1000, 1100, 1200],
        "words": [1000, 1200, 1300, 1500],
    }
)


def test_corpus_numbers_and_table():
    statements, fragments = corpus_statements(
        STATS, pd.DataFrame({"x": range(37)}), "Demo", "four", 5, "local"
    )
    n = roundtrip(statements)["numbers"]
    assert (n["transcripts"], n["participants"], n["sites"], n["sites_all"]) == (4, 3, 2, 3)
    assert n["sites_words"] == "two" and n["groups"] == {"local": 3, "national": 1}
    assert (n["words"], n["mean_words"], n["min_words"], n["max_words"]) == (
        "5,000",
        "1,250",
        "1,000",
        "1,500",
    )
    assert n["formats"] == "1 .docx, 2 .txt, 1 .vtt" and n["segments"] == "37"
    assert n["has_sites"] == "yes"
    assert "| local | s2 | 2 | 2,500 |" in fragments["corpus.md"]
    # every site id counts as a site when no site group is set
    assert corpus_statements(STATS, STATS, "Demo", "", 5, "")[0]["numbers"]["sites"] == 3


def test_a_corpus_without_sites_is_summarised_per_group():
    statements, fragments = corpus_statements(STATS.assign(site_id=""), STATS, "Demo", "", 5, "")
    assert statements["numbers"]["has_sites"] == "no" and statements["numbers"]["sites"] == 0
    assert fragments["corpus.md"].splitlines()[0].split("|")[1:-1] == [" Group ", " Transcripts ", " Words "]
    assert "per group only" in statements["fragments"]["corpus.md"]


# ------------------------------------------------------------------ saturation


def curve(means: list[float], measure: str = "codes") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": measure,
            "interviews": range(1, len(means) + 1),
            "mean": means,
            "informative": "yes" if means[0] < 0.5 * means[-1] else "no",
        }
    )


def test_saturation_numbers_and_sentence_follow_the_curve():
    rising = saturation_statements(curve([2, 5, 8, 9, 9.5, 10]))
    n, s = rising["numbers"], rising["sentences"]["saturation_statement"]
    # 90% of 10 codes is reached at the fourth interview (mean 9)
    assert (n["saturation_final"], n["saturation_90"], n["saturation_codes_informative"]) == ("10", 4, "yes")
    assert s["text"] == (
        "On average over random interview orders, 90% of the 10 codes seen in the whole corpus had "
        "appeared after 4 of 6 interviews."
    )
    assert "informative" in s["condition"] and "not informative" not in s["condition"]
    flat = saturation_statements(curve([9.5, 10, 10, 10, 10, 10]))
    assert flat["numbers"]["saturation_90"] == 1
    assert flat["sentences"]["saturation_statement"]["text"].startswith("Code saturation does not apply here")
    assert "not informative" in flat["sentences"]["saturation_statement"]["condition"]
    pairs = pd.concat([curve([2, 5, 8, 9, 9.5, 10]), curve([1, 2, 3, 3, 3.5, 4], "code_pairs")])
    both = saturation_statements(pairs)
    assert both["numbers"]["saturation_pairs_final"] == "4" and both["numbers"]["saturation_pairs_90"] == 6
    assert (
        "90% of the 4 code pairs seen had appeared after 6 of 6 interviews"
        in (both["sentences"]["saturation_statement"]["text"])
    )
    assert saturation_statements(curve([1.0]).iloc[:0]) == {"numbers": {}, "sentences": {}}


# ------------------------------------------------------------------ reliability

CODES = ["a", "b", "c"]
SUMMARY_CODES = pd.DataFrame({"code_id": CODES, "label": ["Alpha code", "Beta code", "Gamma code"]})


def codings(units: int, b_used: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two coders over `units` turns of two transcripts: code a agrees but for one turn, code b is
    applied by both to every fifth turn (or by nobody), code c never."""
    rows = []
    for u in range(units):
        tid = "t1" if u < units // 2 else "t2"
        for coder in ("k1", "k2"):
            if u % 3 == 0 and not (coder == "k2" and u == 3):
                rows.append((tid, u, coder, "a"))
            if b_used and u % 5 == 0:
                rows.append((tid, u, coder, "b"))
            rows.append((tid, u, coder, ""))  # coded, whatever applies
    c = pd.DataFrame(rows, columns=["transcript_id", "turn_index", "coder", "code"])
    sample = pd.DataFrame({"transcript_id": ["t1"] * (units // 2) + ["t2"] * (units - units // 2)})
    sample["turn_index"] = range(units)
    return c[c.code != ""].reset_index(drop=True), sample


def reliability(b_used: bool) -> pd.DataFrame:
    c, sample = codings(30, b_used)
    return as_read(reliability_table(c, sample, CODES, ["k1", "k2"], bootstrap=50, seed=1))


VALIDATION = {"evaluation_share": 0.5, "seed": 7, "min_units": 20}


def test_a_code_no_coder_used_is_named_not_estimable_and_left_out_of_the_counts():
    statements, fragments = reliability_statements(
        reliability(False), None, SUMMARY_CODES, VALIDATION, "every turn of two transcripts", False
    )
    n = roundtrip(statements)["numbers"]
    assert n["measured"] == "yes" and n["coders"] == 2 and n["units"] == 30
    assert (n["n_codes"], n["n_estimable"], n["n_not_estimable"]) == (3, 1, 2)
    assert n["not_estimable"] == "Beta code; Gamma code"
    assert n["n_below_0667"] == 0 and n["below_0667"] == "none"
    text = fragments["reliability_section.md"]
    assert text.startswith(
        "Two coders independently coded the same 30 participant turns from two transcripts"
    )
    assert "The sample: every turn of two transcripts." in text
    assert "pooled over the one estimable code was" in text
    assert (
        "Two codes could not be estimated because no coder applied them in the sample "
        "(Beta code; Gamma code); they are left out of the pooled figure and the counts." in text
    )
    assert fragments["reliability.md"].count("not estimable") == 2
    assert "1 estimable and 2 not estimable codes" in statements["fragments"]["reliability_section.md"]


def test_the_reliability_sentence_changes_when_the_data_does():
    before = reliability_statements(reliability(False), None, SUMMARY_CODES, VALIDATION, "", True)
    after = reliability_statements(reliability(True), None, SUMMARY_CODES, VALIDATION, "", True)
    assert (before[0]["numbers"]["n_estimable"], after[0]["numbers"]["n_estimable"]) == (1, 2)
    text = after[1]["reliability_section.md"]
    assert "pooled over the two estimable codes" in text
    assert "One code could not be estimated because no coder applied it in the sample (Gamma code)" in text
    assert text.startswith("Two coders (synthetic, like the corpus) independently coded")
    assert "How the sample was selected is not recorded" in text
    assert text != before[1]["reliability_section.md"]


def test_without_human_codings_nothing_is_claimed():
    statements, fragments = reliability_statements(None, None, SUMMARY_CODES, VALIDATION, "", False)
    assert statements["numbers"]["measured"] == "no"
    assert statements["numbers"]["alpha_pooled"] == "not measured"
    assert fragments["reliability_section.md"].startswith("No human codings were configured")
    assert "not measured (no human codings)" in fragments["reliability.md"]


# ------------------------------------------------------------------ the manuscript assembles


# ------------------------------------------------------------------ codes

CODE_SUMMARY = SUMMARY_CODES.assign(
    theme_id="T1",
    segments=[3, 0, 1],
    participants=[2, 0, 1],
    sites=[2, 0, 1],
    share_of_segments=[0.3, 0, 0.1],
)
SEGMENTS = pd.DataFrame(
    {
        "segment_id": [f"s{i}" for i in range(10)],
        "participant_id": ["P1", "P2", "P3", "P3", "P4"] * 2,
        "site_id": ["s1", "s2", "s2", "national", "s1"] * 2,
        "group": ["local", "local", "local", "national", "local"] * 2,
        "role": "participant",
    }
)


def coded_with(codes: list[str]) -> pd.DataFrame:
    """Segments s0, s1, s3 coded with the first code (s3: the national participant), s2 with the last."""
    rows = [("s0", codes[0]), ("s1", codes[0]), ("s3", codes[0]), ("s2", codes[-1])]
    seg = SEGMENTS.set_index("segment_id")
    return pd.DataFrame(
        [
            {
                "segment_id": sid,
                "code_id": c,
                **seg.loc[sid, ["participant_id", "site_id", "group"]].to_dict(),
            }
            for sid, c in rows
        ]
    )


EXEMPLARS = pd.DataFrame(
    {
        "code_id": ["a"],
        "rank": [1],
        "segment_id": ["s0"],
        "participant_id": ["P1"],
        "site_id": ["s1"],
        "group": ["local"],
        "source": ["rule"],
        "text": ["We were asked, and then *nothing* happened."],
    }
)


def test_codes_numbers_tables_and_quotes():
    coded = coded_with(["a", "c"])
    claims = code_claims(CODE_SUMMARY, coded, SEGMENTS, {"min_segments": 2, "min_participants": 2}, "local")
    statements, fragments = codes_statements(
        CODE_SUMMARY, coded, SEGMENTS, EXEMPLARS, {"themes": [{"id": "T1"}]}, claims, "local", True
    )
    n = roundtrip(statements)["numbers"]
    assert n["coding"]["codes"] == 3 and n["coding"]["codes_used"] == 2 and n["coding"]["themes"] == 1
    assert (n["coding"]["coded_segments"], n["coding"]["coded_share"]) == ("4", "40%")
    assert n["coding"]["top_code"] == "Alpha code" and n["coding"]["top_code_share"] == "30%"
    # the national participant's site is not one of the study's sites (manuscript.site_group)
    assert n["code"]["a"] == {"label": "Alpha code", "segments": "3", "participants": "2", "sites": "2"}
    assert n["claims"]["min_segments"] == 2
    assert "| T1 | Alpha code | 3 | 2 | 2 |" in fragments["codes.md"]
    assert "@fig-codes" in fragments["codes_by_site.md"]
    assert (
        fragments["quotes/a.md"]
        == "> We were asked, and then \\*nothing\\* happened.\n>\n> --- P1 (local, s1)\n"
    )
    assert fragments["quotes/b.md"].startswith("*No quote for this code")
    assert set(fragments) >= {"findings.md", "claims_summary.md", "claims/a.md", "claims/b.md", "claims/c.md"}
    assert "## Beta code" in fragments["findings.md"]


def test_codes_statements_follow_the_data_and_the_sites():
    """A code that never fires is said to be absent and gets no quote; without sites there is no
    per-site column or figure."""
    coded = coded_with(["a", "c"])
    claims = code_claims(CODE_SUMMARY, coded, SEGMENTS, {}, "local")
    _, fragments = codes_statements(
        CODE_SUMMARY, coded, SEGMENTS, EXEMPLARS, {"themes": []}, claims, "local", True
    )
    # flipped: the code that fired now never does
    flipped = CODE_SUMMARY.assign(segments=[0, 3, 1])
    coded_b = coded_with(["b", "c"])
    claims_b = code_claims(flipped, coded_b, SEGMENTS, {}, "local")
    _, after = codes_statements(
        flipped, coded_b, SEGMENTS, EXEMPLARS, {"themes": []}, claims_b, "local", True
    )
    assert fragments["claims/a.md"] != after["claims/a.md"]
    assert "absent" in claims_b["codes"]["a"]["verdicts"]
    assert ">" not in after["claims/a.md"]  # no quote for a code that never fired
    statements, no_sites = codes_statements(
        CODE_SUMMARY, coded, SEGMENTS, EXEMPLARS, {"themes": []}, None, "local", False
    )
    assert no_sites["codes_by_site.md"] == "" and "Sites" not in no_sites["codes.md"]
    assert statements["numbers"]["coding"]["table_counts"] == "segments and participants"
    assert "claims" not in statements["numbers"] and "claims_summary.md" not in no_sites


# ------------------------------------------------------------------ the manuscript assembles


def test_the_manuscript_prints_each_stage_as_written():
    corpus, corpus_md = corpus_statements(STATS, STATS, "Demo", "four", 5, "local")
    deid, deid_md = deid_statements(SUMMARY, as_read(evaluation(9)), None, [])
    rel, rel_md = reliability_statements(reliability(False), None, SUMMARY_CODES, VALIDATION, "", False)
    sat = saturation_statements(curve([2, 5, 8, 9, 9.5, 10]))
    coded = coded_with(["a", "c"])
    claims = code_claims(CODE_SUMMARY, coded, SEGMENTS, {}, "local")
    codes, codes_md = codes_statements(
        CODE_SUMMARY, coded, SEGMENTS, EXEMPLARS, {"themes": []}, claims, "local", True
    )
    topics = {
        "k_rule": {"text": "fixed in the configuration"},
        "numbers": {"k": 3},
        "sentences": {"stability_verdict": {"condition": "c", "text": "are stable"}},
    }
    # a figure changed in a stage's file is printed as the file has it: nothing is recomputed
    deid["numbers"]["recall_person"] = "12.3%"
    codes["numbers"]["code"]["a"]["segments"] = "999"
    stages = {
        "corpus": roundtrip(corpus),
        "deid": roundtrip(deid),
        "codes": roundtrip(codes),
        "saturation": sat,
        "reliability": rel,
        "topics": topics,
    }
    _, assistant_md = assistant_statements(None, None)
    written = {**corpus_md, **deid_md, **rel_md, **codes_md, **assistant_md}
    variables, tables = build(stages, written, {"synthetic": False}, "pandoc+typst")
    assert variables["deid"] == stage_variables(deid) and variables["deid"]["recall_person"] == "12.3%"
    assert variables["code"]["a"]["segments"] == "999"
    assert variables["corpus"] == corpus["numbers"]
    assert variables["reliability"] == rel["numbers"]
    assert variables["claims"] == codes["numbers"]["claims"]
    assert variables["coding"] == codes["numbers"]["coding"] | {k: v for k, v in sat["numbers"].items()} | {
        "saturation_statement": sat["sentences"]["saturation_statement"]["text"]
    }
    assert variables["topics"] == {
        "k": 3,
        "k_rule": "fixed in the configuration",
        "stability_verdict": "are stable",
    }
    # every fragment as its stage wrote it, and none of the assembly's own
    assert tables == written
    assert variables["study"]["synthetic"] == "no" and variables["render"]["engine"] == "pandoc+typst"


# ------------------------------------------------------------------ the coding assistant

ASSISTANT = {
    "numbers": {"units_coded": 59, "units_scored": 429},
    "sentences": [
        {"condition": "human codings of 59 units", "text": "An assistant learned 3 codes."},
        {"condition": "always", "text": "It scored all 429 participant turns."},
    ],
}
ASSISTANT_TABLE = "| Code | κ |\n|---|---:|\n| A | 0.50 |\n\n: Held-out agreement. {#tbl-assistant}\n"


def test_the_assistant_paragraph_is_written_by_the_coding_stage():
    """The coding stage writes the assistant's paragraph (its sentences, in order, and its table)
    and the condition that chose it; without human codings, the one sentence saying so."""
    statements, fragments = assistant_statements(ASSISTANT, ASSISTANT_TABLE)
    assert fragments == {
        "assistant_section.md": "An assistant learned 3 codes. It scored all 429 participant turns. "
        "@tbl-assistant gives the agreement per code.\n\n" + ASSISTANT_TABLE
    }
    assert statements["numbers"] == {"units_coded": 59, "units_scored": 429}
    assert statements["sentences"]["assistant_section"]["text"] == (
        "An assistant learned 3 codes. It scored all 429 participant turns."
    )
    assert "human codings" in statements["fragments"]["assistant_section.md"]
    assert roundtrip(statements) == statements
    # the data changes, the paragraph follows
    fewer = {**ASSISTANT, "sentences": ASSISTANT["sentences"][1:]}
    assert assistant_statements(fewer, ASSISTANT_TABLE)[1]["assistant_section.md"].startswith(
        "It scored all 429 participant turns. @tbl-assistant"
    )
    none, none_md = assistant_statements(None, None)
    assert none_md == {
        "assistant_section.md": "No human codings were configured for this corpus, so the offline "
        "coding assistant was neither trained nor judged.\n"
    }
    assert none["numbers"] == {} and "no human codings" in none["fragments"]["assistant_section.md"]
    assert none["sentences"]["assistant_section"]["text"] == none_md["assistant_section.md"].strip()


def test_the_assembly_has_no_paragraph_of_its_own():
    """manuscript.build takes no stage's data beyond its statements and fragments: the assistant's
    paragraph reaches it as a fragment like every other."""
    import inspect

    assert not [p for p in inspect.signature(build).parameters if p.startswith("assistant")]


@pytest.mark.parametrize("stage", ["corpus", "deid", "reliability"])
def test_every_stage_file_survives_yaml(stage):
    """What a stage writes is plain YAML: numbers stay numbers, 'yes'/'no' stay words."""
    made = {
        "corpus": lambda: corpus_statements(STATS, STATS, "Demo", "", 5, "")[0],
        "deid": lambda: deid_statements(SUMMARY, as_read(evaluation(9)), None, [])[0],
        "reliability": lambda: reliability_statements(
            reliability(True), None, SUMMARY_CODES, VALIDATION, "", False
        )[0],
    }[stage]()
    assert roundtrip(made) == made


def test_no_stage_runs_the_manuscript_assembly_code():
    """Only the assembly's script can run coprod/manuscript.py: editing the assembly re-runs no
    stage (every rule takes the library files its script imports as inputs, coprod.codedeps)."""
    from pathlib import Path

    from coprod.codedeps import code_inputs

    root = Path(__file__).resolve().parents[1]
    scripts = sorted((root / "scripts").rglob("*.py"))
    assert len(scripts) > 20
    running = [
        s.relative_to(root).as_posix()
        for s in scripts
        if any(Path(d).name == "manuscript.py" for d in code_inputs(str(s), str(root / "src")))
    ]
    assert running == ["scripts/manuscript_variables.py"]
