"""The edge between Snakemake scripts and the library: logging and one-line errors.

A script runs either as its own Python process (Snakemake's `script:`) or, for the light jobs
(statement writers, small tables: `run_inline`, called from a rule's `run:` block), inside the
Snakemake process, in one of its job threads: the same script file, executed with the same
`snakemake` object, so its imports (its code inputs, coprod.codedeps) and what it writes are the
same. In-process it pays no Python start-up, no script preamble and no pandas import (the
Snakemake process has them loaded): about 0.6 CPU s a job. Its stderr then goes to the rule's log
through a per-thread stream (other jobs' threads and Snakemake's own messages are not redirected),
and a failure raises instead of exiting the process.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable

from .errors import CoprodError


class JobFailed(Exception):
    """An in-process job stopped: its one line is already on the terminal, details in its log."""


class _ThreadStderr:
    """sys.stderr for a process whose job threads each write to their own log: a thread with a
    stream set writes there, every other thread (Snakemake's own) to the original stream."""

    def __init__(self, default) -> None:  # noqa: ANN001 (a text stream)
        self._default = default
        self._local = threading.local()

    def _target(self):  # noqa: ANN202
        return getattr(self._local, "stream", None) or self._default

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str):  # noqa: ANN204 (encoding, fileno, isatty, ...)
        return getattr(self._target(), name)


_INSTALL = threading.Lock()


def _thread_stderr() -> _ThreadStderr:
    """The process's per-thread stderr, installed once."""
    with _INSTALL:
        if not isinstance(sys.stderr, _ThreadStderr):
            sys.stderr = _ThreadStderr(sys.stderr)
        return sys.stderr


def run(snakemake, func: Callable[[], object]) -> None:
    """Run `func` with stderr sent to the rule's log; show a CoprodError as one line.

    The line goes both to the log and to the terminal so the user sees which file is wrong
    and how to fix it, without a traceback. In its own process a failure exits with status 1;
    in-process (`run_inline`) it raises JobFailed, which fails the job and leaves Snakemake
    running its other jobs.
    """
    inline = getattr(snakemake, "coprod_inline", False)
    log_path = snakemake.log[0] if snakemake.log else None
    if inline:
        proxy = _thread_stderr()
        terminal = proxy._default
    else:
        terminal = sys.stderr
    log = open(log_path, "w", encoding="utf-8") if log_path else terminal  # noqa: SIM115
    if log_path:
        os.chmod(log_path, 0o600)  # logs may quote original text: owner-only whatever the umask
    if inline:
        proxy._local.stream = log
    else:
        sys.stderr = log
    failed = None
    try:
        func()
    except CoprodError as err:
        print(err.line(), file=log)
        if log is not terminal:
            print(err.line(), file=terminal)
        failed = f"rule {snakemake.rule} stopped: the line above says why"
    except (Exception, SystemExit) as exc:  # unexpected: full detail in the log, one line outside
        if isinstance(exc, SystemExit) and (not inline or exc.code in (None, 0)):
            if not inline:
                raise  # its own process: exits as the script asked
        else:
            traceback.print_exc(file=log)
            name = type(exc).__name__
            line = f"unexpected error in rule {snakemake.rule}: {name}: {exc} (details: {log_path})"
            print(line, file=terminal)
            failed = f"rule {snakemake.rule} failed (details: {log_path})"
    finally:
        if inline:
            proxy._local.stream = None
        else:
            sys.stderr = terminal
        if log is not terminal:
            log.close()
    if failed is not None:
        if inline:
            raise JobFailed(failed)
        sys.exit(1)


# compiled scripts by path, recompiled when a script's size or modification time changes
_CODE: dict[str, tuple[tuple[int, int], object]] = {}
_CODE_LOCK = threading.Lock()


def _compiled(path: str):  # noqa: ANN202 (a code object)
    stat = os.stat(path)
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _CODE_LOCK:
        cached = _CODE.get(path)
        if cached is None or cached[0] != stamp:
            with open(path, encoding="utf-8") as fh:
                cached = _CODE[path] = (stamp, compile(fh.read(), path, "exec"))
        return cached[1]


def run_inline(script: str, input, output, params, wildcards, threads, resources, log, rule, config) -> None:  # noqa: A002, ANN001, PLR0913 (a rule's run: block's names)
    """Run a workflow script in this process (a rule's `run:` block), with the `snakemake` object
    Snakemake would have given it in its own process. The script must end in `run(snakemake,
    main)` (above): its errors then raise JobFailed instead of exiting Snakemake."""
    from snakemake.iocontainers import Snakemake

    snakemake = Snakemake(
        input, output, params, wildcards, threads, resources, log, config, rule, None, os.path.dirname(script)
    )
    snakemake.coprod_inline = True
    # no sys.argv or sys.modules changes (runpy's): other jobs' threads share them
    try:
        exec(_compiled(script), {"__name__": "__coprod_job__", "__file__": script, "snakemake": snakemake})  # noqa: S102
    except JobFailed as err:
        # raised afresh: Snakemake lists the frames an error passed through, and the script's
        # are in its log already
        raise JobFailed(str(err)) from None
