"""The edge between Snakemake scripts and the library: logging and one-line errors."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable

from .errors import CoprodError


def run(snakemake, func: Callable[[], object]) -> None:
    """Run `func` with stderr sent to the rule's log; show a CoprodError as one line.

    The line goes both to the log and to the terminal so the user sees which file is wrong
    and how to fix it, without a traceback.
    """
    log_path = snakemake.log[0] if snakemake.log else None
    log = open(log_path, "w", encoding="utf-8") if log_path else sys.stderr  # noqa: SIM115
    if log_path:
        os.chmod(log_path, 0o600)  # logs may quote original text: owner-only whatever the umask
    terminal, sys.stderr = sys.stderr, log
    try:
        func()
    except CoprodError as err:
        print(err.line(), file=log)
        if log is not terminal:
            print(err.line(), file=terminal)
        sys.exit(1)
    except Exception as exc:  # an unexpected failure: full detail in the log, one line outside
        traceback.print_exc(file=log)
        print(
            f"unexpected error in rule {snakemake.rule}: {type(exc).__name__}: {exc} (details: {log_path})",
            file=terminal,
        )
        sys.exit(1)
    finally:
        sys.stderr = terminal
        if log is not terminal:
            log.close()
