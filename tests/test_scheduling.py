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
