"""`coprod plan` / `make dryrun`: which stages a run would re-run and why, in a researcher's words."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import BIN, FIXTURE_CONFIG, ROOT, clone_run, run_env

from coprod.runplan import describe_file, jobs, rule_stages, stage_of, summarise

# Shaped like Snakemake 9's dry run (a job header, then indented fields).
DRY_RUN = """Building DAG of jobs...
rule deidentify_corpus:
    input: src/coprod/privacy/names.py, private/turns/t01.json, data/raw/study/Jane_Doe_interview.docx
    output: private/deidentify/plans/000.json, results/deidentified/summary.tsv
    reason: Updated input files: src/coprod/privacy/names.py, data/raw/study/Jane_Doe_interview.docx
rule deidentify_chunk_000:
    input: private/deidentify/plans/000.json
    output: results/deidentified/t01.json
    reason: Input files updated by another job: private/deidentify/plans/000.json
rule segment_turns:
    input: results/deidentified/t01.json
    output: results/segments.tsv
    reason: Input files updated by another job: results/deidentified/t01.json
rule code_segments:
    input: results/segments.tsv, config/codebook.yaml
    output: results/coding/coded_segments.tsv
    reason: Input files updated by another job: results/segments.tsv; Params have changed since last execution
localrule all:
    input: results/coding/coded_segments.tsv
    reason: Input files updated by another job: results/coding/coded_segments.tsv
Job stats:
"""
KNOWN = {"config/codebook.yaml": "codebook", "__raw__": "data/raw/study/"}


def test_jobs_reads_every_job_with_its_reason_inputs_and_outputs():
    got = jobs(DRY_RUN)
    assert [j.rule for j in got] == [
        "deidentify_corpus",
        "deidentify_chunk_000",
        "segment_turns",
        "code_segments",
        "all",
    ]
    assert got[3].inputs == ["results/segments.tsv", "config/codebook.yaml"]
    assert got[0].reason.startswith("Updated input files")


def test_a_job_s_stage_is_the_rule_file_that_defines_it_loop_rules_included():
    names, prefixes = rule_stages(ROOT)
    assert stage_of("code_segments", names, prefixes) == "coding"
    assert stage_of("deidentify_chunk_007", names, prefixes) == "deidentify"
    assert stage_of("render_manuscript", names, prefixes) == "manuscript"
    assert stage_of("plot_code_by_site", names, prefixes) == "figures"
    assert stage_of("all", names, prefixes) is None
    # checkpoints (Snakemake looks again once they have run) are rules of their file too
    assert stage_of("prepare_topics", names, prefixes) == "topics"
    assert stage_of("fit_topics", names, prefixes) == "topics"


def test_a_checkpoint_job_is_read_like_a_rule():
    text = DRY_RUN.replace("rule code_segments:", "checkpoint code_segments:")
    assert [j.rule for j in jobs(text)] == [j.rule for j in jobs(DRY_RUN)]
    local = DRY_RUN.replace("rule code_segments:", "localcheckpoint code_segments:")
    assert "code_segments" in [j.rule for j in jobs(local)]


def test_the_summary_names_stages_in_pipeline_order_with_their_own_causes(tmp_path):
    text = summarise(DRY_RUN, ROOT, KNOWN)
    lines = text.splitlines()
    assert lines[0] == "A run will re-run 3 stage(s), 4 job(s):"
    assert "de-identification" in lines[1] and "pipeline code changed (privacy/names.py)" in lines[1]
    assert "transcripts changed" in lines[1]
    # the chunk job is de-identification too: the stage does not "follow" itself
    assert "it reads new results" not in lines[1] and " 2 job(s)" in lines[1]
    assert "segmentation" in lines[2] and "it reads new results of de-identification" in lines[2]
    assert "coding" in lines[3] and "a setting it reads changed" in lines[3]
    assert "it reads new results of segmentation" in lines[3]


def test_transcripts_are_counted_never_named():
    text = summarise(DRY_RUN, ROOT, KNOWN)
    assert "Jane" not in text and "Doe" not in text
    assert describe_file("data/raw/study/Jane_Doe_interview.docx", KNOWN) == "transcripts changed"
    assert describe_file("private/turns/t07.json", {}) == "transcripts changed"


def test_nothing_to_do_says_so():
    assert summarise(
        "Building DAG of jobs...\nNothing to be done (all requested files are present and up to date).\n",
        ROOT,
        KNOWN,
    ) == ("Nothing to re-run: every result is up to date.")


def _plan(work: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "coprod"), "plan", "--config", FIXTURE_CONFIG],
        cwd=work,
        capture_output=True,
        text=True,
        env=run_env(home),
    )


def test_plan_on_a_finished_run_then_after_a_codebook_edit(fixture_run, tmp_path):
    work = clone_run(fixture_run, tmp_path / "w")
    home = tmp_path / "home"
    home.mkdir()
    done = _plan(work, home)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "Nothing to re-run: every result is up to date."
    # the researcher revises the codebook: coding and what reads it re-run, never de-identification
    codebook = work / "config" / "codebook.yaml"
    codebook.write_text(
        codebook.read_text(encoding="utf-8") + "# revised after a team meeting\n", encoding="utf-8"
    )
    edited = _plan(work, home)
    assert edited.returncode == 0, edited.stderr[-2000:]
    out = edited.stdout
    coding = [ln for ln in out.splitlines() if ln.strip().startswith("coding ")]
    assert coding and "codebook changed" in coding[0], out
    assert "de-identification" not in out and "reading transcripts" not in out, out
    assert "manuscript" in out and "privacy audit" in out


def test_a_config_the_workflow_refuses_is_one_line(fixture_run, tmp_path):
    work = clone_run(fixture_run, tmp_path / "w")
    home = tmp_path / "home"
    home.mkdir()
    cfg = work / FIXTURE_CONFIG
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\nno_such_section: 1\n", encoding="utf-8")
    proc = _plan(work, home)
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "no_such_section" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_allow_entry_re_runs_de_identification_only_where_the_corpus_has_it(fixture_run, tmp_path):
    import yaml

    work = clone_run(fixture_run, tmp_path / "w")
    home = tmp_path / "home"
    home.mkdir()
    cfg_path = work / FIXTURE_CONFIG
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))

    def allow(*phrases):
        cfg.setdefault("deidentify", {})["allow"] = list(phrases)
        cfg_path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
        proc = _plan(work, home)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    # a phrase no transcript has: nothing it could change is re-run (the audit reads the list)
    out = allow("Quarterly Benchmark Review Board")
    assert "de-identification" not in out and "coding" not in out and "privacy audit" in out, out
    # one a transcript has (a town the analyzer replaces there): de-identification re-runs
    out = allow("Quarterly Benchmark Review Board", "Kirkcaldy")
    assert "de-identification" in out, out
