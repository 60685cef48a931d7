"""A local run's scheduler runs without Snakemake's default job rate limit (coprod.scheduling);
a cluster run and a limit given on the command line keep theirs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from snakemake.settings.types import MaxJobsPerTimespan, SchedulingSettings

from coprod.scheduling import no_rate_limit_for_local_runs


def workflow_with(limit):
    calls = []
    workflow = SimpleNamespace(
        scheduling_settings=SchedulingSettings(max_jobs_per_timespan=limit),
        execute=lambda *args, **kwargs: calls.append((args, kwargs)) or "ran",
    )
    no_rate_limit_for_local_runs(workflow)
    return workflow, calls


def plugin(non_local: bool):
    return SimpleNamespace(common_settings=SimpleNamespace(non_local_exec=non_local))


def snakemake_default():
    # what `snakemake` parses when --max-jobs-per-timespan is not given
    return MaxJobsPerTimespan.parse_choice("100/1s")


@pytest.mark.parametrize("by_keyword", [True, False])
def test_a_local_run_at_the_default_limit_runs_without_one(by_keyword):
    workflow, calls = workflow_with(snakemake_default())
    local = plugin(non_local=False)
    result = workflow.execute(executor_plugin=local) if by_keyword else workflow.execute(local)
    assert result == "ran" and len(calls) == 1  # the run itself goes on, with its arguments
    assert workflow.scheduling_settings.max_jobs_per_timespan is None


def test_a_cluster_run_keeps_the_limit():
    workflow, _ = workflow_with(snakemake_default())
    workflow.execute(executor_plugin=plugin(non_local=True))
    limit = workflow.scheduling_settings.max_jobs_per_timespan
    assert (limit.max_jobs, limit.timespan) == (100, 1)


def test_a_limit_given_on_the_command_line_is_kept():
    given = MaxJobsPerTimespan.parse_choice("5/1s")
    workflow, _ = workflow_with(given)
    workflow.execute(executor_plugin=plugin(non_local=False))
    assert workflow.scheduling_settings.max_jobs_per_timespan is given


def test_snakemake_still_has_the_default_this_module_knows():
    # a Snakemake whose default changes would leave the limit on silently: fail here instead
    from snakemake.cli import get_argument_parser

    args = get_argument_parser().parse_args([])
    limit = args.max_jobs_per_timespan
    assert (limit.max_jobs, limit.timespan) == (100, 1)


def _names(snakefile: str, variable: str) -> list[str]:
    """The rule names in one tuple the Snakefile assigns (`NAME = ("a", "b")`)."""
    import ast
    import re

    m = re.search(rf"^{variable} = (\([^)]*\))", snakefile, re.M)
    return list(ast.literal_eval(m.group(1)))


def test_the_heads_of_the_long_chains_go_first_then_the_audit_s_early_scan():
    """The Snakefile's scheduling table (CHAIN_HEADS, AUDIT_AHEAD) names rules that exist (a
    renamed rule would silently lose its place)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    snakefile = (root / "Snakefile").read_text(encoding="utf-8")
    heads, ahead = _names(snakefile, "CHAIN_HEADS"), _names(snakefile, "AUDIT_AHEAD")
    defined = set()
    for smk in (root / "workflow" / "rules").glob("*.smk"):
        defined |= set(re.findall(r"^(?:rule|checkpoint) (\w+):$", smk.read_text(encoding="utf-8"), re.M))
    assert heads and ahead and set(heads + ahead) <= defined
    assert len(set(heads + ahead)) == len(heads + ahead)
    assert {"coding_assistant", "prepare_topics", "fit_topic_model"} <= set(heads)
    assert {"audit_corpus", "export_refiqda"} <= set(ahead)


def test_a_dry_run_gives_the_table_s_priorities(workdir):
    """Snakemake reads the table: in a dry run of the fixture study (the jobs up to its first
    checkpoints) every job of a chain head has priority 3, of the audit's early scan and the
    export it reads 2, of any other rule 1."""
    import re
    import subprocess

    from conftest import BIN, FIXTURE_CONFIG

    snakefile = (workdir / "Snakefile").read_text(encoding="utf-8")
    heads, ahead = _names(snakefile, "CHAIN_HEADS"), _names(snakefile, "AUDIT_AHEAD")
    out = subprocess.run(
        [str(BIN / "snakemake"), "-n", "--cores", "2", "--configfile", FIXTURE_CONFIG],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # a job's block ends at a blank line or at the next job's time stamp (a job with priority 0
    # prints no priority line, and the next job's block may follow without a blank line)
    jobs = re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):\n(.*?)(?=\n\n|\n\[)", out, re.M | re.S)
    seen = set()
    for rule, body in jobs:
        rule = re.sub(r"_\d{3}$", "", rule)
        if rule == "all":  # the target (a local rule that runs nothing), defined after the table
            continue
        m = re.search(r"^\s+priority: (\d+)$", body, re.M)
        want = 3 if rule in heads else 2 if rule in ahead else 1
        assert (int(m.group(1)) if m else 0) == want, rule
        seen.add(want)
    # up to the first checkpoints: the chain heads before them and ordinary jobs
    assert len(jobs) > 10 and seen >= {1, 3}


def test_on_two_cores_the_two_worker_jobs_take_one_core(workdir):
    """A job asking for two threads starts only when both cores are free: on two cores, with
    one-thread jobs ready, the free core took them one after another and the coding assistant
    (and before it the topic prevalence) waited at the end of the chain. They ask for one core
    when the run has two or fewer, two with more (the assistant's selection still forks its
    `workers`, the rule's resource). The light jobs that run inside the Snakemake process (run:
    blocks) take no core slot on a local run: with one each, two processes holding both slots
    kept the keyword coding (and the figures and statements after it) waiting."""
    import re
    import subprocess

    from conftest import BIN, FIXTURE_CONFIG

    def threads(cores: int) -> dict[str, int]:
        out = subprocess.run(
            [str(BIN / "snakemake"), "-n", "--cores", str(cores), "--configfile", FIXTURE_CONFIG],
            cwd=workdir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        jobs = re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):\n(.*?)(?=\n\n|\n\[)", out, re.M | re.S)
        found = {}
        for rule, body in jobs:
            m = re.search(r"^\s+threads: (\d+)$", body, re.M)
            found[rule] = int(m.group(1)) if m else 1
        return found

    two, four = threads(2), threads(4)
    pairs = {"coding_assistant", "topic_prevalence", "deidentify_corpus"}
    assert all(two[r] == 1 and four[r] == 2 for r in pairs)
    assert max(two.values()) == 1
    # the light jobs run in the Snakemake process (run: blocks) take no core slot (below)
    inline = _run_block_rules()
    assert {"segment_turns", "write_corpus_statements"} <= set(two) & inline
    for rule, n in two.items():
        want = 0 if rule in inline else 1
        assert n == want and four[rule] == (2 if rule in pairs else want), rule


def _run_block_rules() -> set[str]:
    import re
    from pathlib import Path

    found = set()
    for smk in (Path(__file__).resolve().parents[1] / "workflow" / "rules").glob("*.smk"):
        text = smk.read_text(encoding="utf-8")
        for m in re.finditer(r"^(?:rule|checkpoint) (\w+):\n(.*?)(?=^\S|\Z)", text, re.M | re.S):
            if "\n    run:\n" in m.group(2):
                found.add(m.group(1))
    return found
