"""One exception type per failure class, each rendered as a single line at the edge.

Every message names the file (and row/key where known), what is wrong and how to fix it, so a
researcher never sees a traceback for bad input.
"""

from __future__ import annotations


class CoprodError(Exception):
    """Base class: `str(err)` is the one line shown to the user."""

    kind = "error"

    def __init__(self, where: str, problem: str, fix: str = "") -> None:
        self.where, self.problem, self.fix = str(where), problem, fix
        super().__init__(self.line())

    def line(self) -> str:
        msg = f"{self.kind}: {self.where}: {self.problem}"
        return f"{msg} — {self.fix}" if self.fix else msg


class InputError(CoprodError):
    """A transcript, register, sheet or coding file that cannot be read as given."""

    kind = "input error"


class ConfigError(CoprodError):
    """A config/codebook/participants value that is missing, misspelt or of the wrong type."""

    kind = "config error"


class LeakError(CoprodError):
    """An original identifier found in a shareable file (the audit)."""

    kind = "privacy audit failed"
