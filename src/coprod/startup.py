"""What every `snakemake` call of this workflow pays before its first job (the no-op: nothing
changed, run again, is only that).

Snakemake compares each job's params with the ones it recorded (a params change re-runs the
job). To turn a param value into text it uses a pandas-aware serialiser whenever pandas is
installed, and that serialiser imports pandas at its first value: a third of a CPU second of
every call, the no-op's included, although no param of this workflow is a pandas object. A value
can only be a pandas object if pandas is already imported in the process, so choosing the
pandas-aware serialiser only then gives every value the same text as Snakemake's own choice,
without the import.
"""

from __future__ import annotations

import sys


def params_check_without_pandas_import() -> bool:
    """Make Snakemake's params serialiser (PersistenceBase._serialize_param) its pandas-aware one
    only while pandas is imported, chosen at each value; its builtin one otherwise. True if
    installed; a Snakemake without these members is left as it is (False)."""
    from snakemake.persistence import PersistenceBase

    members = ("_serialize_param", "_serialize_param_pandas", "_serialize_param_builtin")
    if not all(hasattr(PersistenceBase, m) for m in members):
        return False

    def serialize_param(self):  # noqa: ANN001, ANN202 (snakemake's Persistence; a bound method)
        return self._serialize_param_pandas if "pandas" in sys.modules else self._serialize_param_builtin

    PersistenceBase._serialize_param = property(serialize_param)
    return True
