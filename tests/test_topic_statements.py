"""The topics stage owns what the manuscript says about the topics: its last rule writes the chosen K
and the rule that chose it (its only writer), every figure as printed, the generated sentences
with the condition that produced each, and its table fragments; the manuscript only assembles
them, and no topic rule depends on the manuscript's code."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from coprod.codedeps import code_inputs
from coprod.manuscript import topic_variables
from coprod.topic_statements import FRAGMENTS, topic_statements

ROOT = Path(__file__).resolve().parents[1]

P = {
    "k": "auto",
    "seeds": [7, 1, 2],
    "model": "lda",
    "min_stability": 0.6,
    "max_iter": 300,
    "samples": 10,
    "thin": 5,
    "language": "en",
    "min_tokens": 4,
    "prevalence_covariates": ["group"],
    "bootstrap": 50,
}


def stage_files(stability=(0.7, 0.45), chosen=(True, False)):
    k_summary = pd.DataFrame(
        {
            "k": [3, 5],
            "heldout_perplexity": [812.4, 790.0],
            "umass": [-1.234, -1.5],
            "npmi": [0.0421, 0.03],
            "exclusivity": [0.876, 0.9],
            "stability": list(stability),
            "eligible": [s >= 0.6 for s in stability],
            "chosen": list(chosen),
        }
    )
    screening = pd.DataFrame(
        {
            "step": [
                "segments",
                "excluded: language:fr",
                "excluded: greeting or sign-off",
                "excluded: short",
                "modelled",
                "vocabulary terms",
            ],
            "segments": [120, 3, 4, 5, 108, 456],
        }
    )
    effects = pd.DataFrame(
        {
            "topic": [1, 1, 2, 2],
            "term": ["(intercept)", "group=national", "(intercept)", "group=national"],
            "reference": ["", "group=local", "", "group=local"],
            "estimate": [0.4, 0.12, 0.3, -0.01],
            "lower_95": [0.3, 0.05, 0.2, -0.04],
            "upper_95": [0.5, 0.2, 0.4, 0.02],
            "excludes_zero": ["", "True", "", "False"],
        }
    )
    n = 3 if chosen[0] else 5
    summary = pd.DataFrame(
        {
            "topic": list(range(1, n + 1)),
            "label": [f"word{i}, other{i}" for i in range(1, n + 1)],
            "top_words": [f"word{i} other{i} more{i}" for i in range(1, n + 1)],
            "prevalence": [0.2, 0.5, 0.3] if n == 3 else [0.2] * 5,
        }
    )
    return k_summary, screening, effects, summary


def test_the_stage_writes_k_the_rule_that_chose_it_numbers_and_conditioned_sentences():
    statements, fragments = topic_statements(*stage_files(), P)
    assert statements["k"] == 3
    rule = statements["k_rule"]
    assert rule["setting"] == "auto" and "at least one K reached seed stability 0.60" in rule["condition"]
    assert rule["text"].startswith("chosen by the searchK-style rule: the highest sum")
    n = statements["numbers"]
    assert "k_rule" not in n and "k_rule" not in statements["sentences"]  # one place, one writer
    assert (n["k"], n["k_article"], n["k_grid"], n["n_seeds"], n["seed"]) == (3, "a", "3, 5", 3, 7)
    assert (n["npmi"], n["umass"], n["exclusivity"], n["perplexity"]) == ("0.042", "-1.23", "0.88", "812")
    assert (n["stability"], n["stable"], n["min_stability"]) == ("0.70", "yes", "0.60")
    assert (n["sweeps"], n["burn_in"], n["samples"], n["thin"]) == ("350", "300", 10, 5)
    assert (n["segments_screened"], n["segments_modelled"], n["vocabulary"]) == (120, 108, 456)
    assert (n["excluded_language"], n["excluded_languages"]) == (3, "French (3)")
    assert (n["excluded_signoff"], n["excluded_short"], n["min_tokens"]) == (4, 5, 4)
    assert (n["effects_clear"], n["effects_tested"], n["draws"]) == (1, 2, 50)
    assert (n["top_topic"], n["top_topic_label"], n["top_topic_prevalence"]) == (2, "word2, other2", "50%")
    verdict = statements["sentences"]["stability_verdict"]
    assert verdict["condition"] == "stability >= min_stability + 0.10"
    assert verdict["text"].startswith("are stable across seeds") and " 0.70 " in verdict["text"]
    assert sorted(fragments) == sorted(FRAGMENTS) == sorted(statements["fragments"])
    assert "| 3 |" in fragments["k_summary.md"] and "yes" in fragments["k_summary.md"]
    assert "+12.0 pp" in fragments["topic_effects.md"].replace("\\", "")
    assert "50.0%" in fragments["topics.md"]
    # the file round-trips through YAML unchanged (plain types only)
    assert yaml.safe_load(yaml.safe_dump(statements, allow_unicode=True)) == statements


@pytest.mark.parametrize(
    "k, stability, chosen, setting, condition, text",
    [
        (3, (0.7, 0.45), (True, False), "fixed", "topics.k is fixed in the configuration (3)", "fixed in"),
        (
            "auto",
            (0.3, 0.45),
            (False, True),
            "auto",
            "topics.k: auto; no K reached seed stability 0.60",
            "all K",
        ),
    ],
)
def test_the_k_rule_follows_the_setting_and_the_search(k, stability, chosen, setting, condition, text):
    statements, _ = topic_statements(*stage_files(stability, chosen), P | {"k": k})
    rule = statements["k_rule"]
    assert (rule["setting"], rule["condition"]) == (setting, condition) and text in rule["text"]
    assert statements["k"] == (3 if chosen[0] else 5)


def test_the_manuscript_prints_the_stage_statements_as_written():
    statements, _ = topic_statements(*stage_files((0.3, 0.45), (False, True)), P)
    v = topic_variables(statements)
    assert v["k_rule"] == statements["k_rule"]["text"]
    assert v["stability_verdict"] == statements["sentences"]["stability_verdict"]["text"]
    assert v["stability_verdict"].startswith("are not stable across seeds") and v["stable"] == "no"
    assert {k: v[k] for k in statements["numbers"]} == statements["numbers"]
    assert set(v) == set(statements["numbers"]) | {"k_rule", "stability_verdict"}


def test_the_manuscript_code_writes_no_topic_statement():
    source = (ROOT / "src/coprod/manuscript.py").read_text(encoding="utf-8")
    # the K rule's and the stability verdict's words come from the stage, never from here
    assert "chosen by the" not in source and "fixed in the configuration" not in source
    assert "stability_verdict" not in source and "stable across seeds" not in source
    assert "topic_summary" not in source and "k_summary" not in source
    adapter = (ROOT / "scripts/manuscript_variables.py").read_text(encoding="utf-8")
    assert "coprod.topic" not in adapter


def _lib(script: str) -> set[str]:
    return {Path(p).name for p in code_inputs(ROOT / "scripts" / script, ROOT / "src")}


@pytest.mark.parametrize(
    "script", ["topics_prepare.py", "topics_fit.py", "topics_search.py", "topics.py", "topic_statements.py"]
)
def test_no_topic_rule_depends_on_the_manuscript_code(script):
    lib = _lib(script)
    assert "manuscript.py" not in lib and "render.py" not in lib, lib
    assert "topics.py" in lib or "topic_statements.py" in lib


def test_the_manuscript_rule_does_not_run_the_topic_code():
    lib = _lib("manuscript_variables.py")
    assert "manuscript.py" in lib and "topics.py" not in lib and "topic_statements.py" not in lib


def test_the_manuscript_rule_reads_the_stage_statements_not_its_tables():
    smk = (ROOT / "workflow/rules/manuscript.smk").read_text(encoding="utf-8")
    rule = smk[smk.index("rule write_manuscript_variables:") : smk.index("rule render_manuscript:")]
    assert "rules.write_topic_statements.output.statements" in rule
    assert "rules.write_topic_statements.output.fragments" in rule
    assert not re.search(r"topics/(k_summary|screening_summary|prevalence_effects|topic_summary)\.tsv", rule)


@pytest.mark.parametrize("cap", [0, 108, 500])
def test_a_final_model_on_every_segment_adds_nothing(cap):
    plain, _ = topic_statements(*stage_files(), P)
    capped, _ = topic_statements(*stage_files(), P | {"fit_max_segments": cap, "infer_iter": 100})
    assert capped == plain  # the bundled study's statements stay byte for byte what they were


def test_a_final_model_on_a_sample_says_how_many_segments_were_fitted_and_inferred():
    plain, _ = topic_statements(*stage_files(), P)
    statements, _ = topic_statements(*stage_files(), P | {"fit_max_segments": 100, "infer_iter": 50})
    n, s = statements["numbers"], statements["sentences"]["stability_verdict"]
    assert (n["segments_modelled"], n["segments_fitted"], n["segments_inferred"]) == (108, 100, 8)
    verdict = plain["sentences"]["stability_verdict"]
    # said in the methods' sentence on the topics at the chosen K, after the verdict
    assert s["condition"] == f"{verdict['condition']}; segments modelled > topics.fit_max_segments"
    assert s["text"].startswith(f"{verdict['text']}; the final model at this K was fitted on 100 of the 108")
    assert "other 8 segments' topic proportions were inferred" in s["text"] and "50 Gibbs sweeps" in s["text"]
    assert topic_variables(statements)["stability_verdict"] == s["text"]
