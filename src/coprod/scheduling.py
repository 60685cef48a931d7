"""How Snakemake's scheduler runs this workflow on one machine.

Snakemake's default job rate limit (`--max-jobs-per-timespan 100/1s`) makes its scheduler, after
every pass that leaves ready jobs waiting for a core, start a one-second timer that wakes it for
another pass; each pass that a finished job wakes starts a timer of its own, so the wake-ups add
up while jobs wait (the topic fits: twenty jobs for two cores) to dozens a second, each one
taking the size of every input of every waiting job (about forty library files per job). On the
bundled example that was most of the Snakemake process's CPU time, taken from the two cores the
jobs run on. A local run starts its jobs itself, at most one per core, so the limit never holds
one back: for a local run left at Snakemake's default it is switched off, and the scheduler
passes only when a job finishes. A cluster run (its executor is not local) or a limit given on
the command line keeps it.

A rule with a `run:` block (the light jobs: coprod.snakeutil.run_inline) runs, on a local run, in
a new Snakemake process of its own unless Snakemake was told to use threads
(`--force-use-threads`): importing Snakemake and parsing the workflow again, 1.3 CPU s more
than a `script:` job on a one-rule workflow, more on this one. A local run is therefore
switched to threads, so those jobs run in the Snakemake process's job threads; `script:` jobs are
started as before (they already ran from a thread, in a process of their own). A cluster run's
jobs always run their `run:` blocks in threads (Snakemake sets it for every non-local executor).
"""

from __future__ import annotations

# Snakemake's default for --max-jobs-per-timespan: 100 jobs per 1 second
DEFAULT_LIMIT = (100, 1)


def no_rate_limit_for_local_runs(workflow) -> None:  # noqa: ANN001 (snakemake's Workflow)
    """Wrap `workflow.execute` so a local run at the default rate limit runs without one, and runs
    its `run:` jobs in threads."""
    execute = workflow.execute

    def execute_without_timers(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        plugin = kwargs.get("executor_plugin", args[0] if args else None)
        local = not getattr(getattr(plugin, "common_settings", None), "non_local_exec", True)
        settings = getattr(workflow, "scheduling_settings", None)
        limit = getattr(settings, "max_jobs_per_timespan", None)
        if local and limit is not None and (limit.max_jobs, limit.timespan) == DEFAULT_LIMIT:
            settings.max_jobs_per_timespan = None
        execution = getattr(workflow, "execution_settings", None)
        if local and execution is not None:
            execution.use_threads = True
        return execute(*args, **kwargs)

    workflow.execute = execute_without_timers
