"""Start-up cost of the jobs on every edit's path to the manuscript: each job is a Python process
that pays for what its script imports. The manuscript's assembly (`write_manuscript_variables`),
which every edit but a no-op re-runs, has no use for pandas (0.4 CPU s of start-up); its tables are
written from plain rows, and a number's missing value is recognised as pandas would."""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coprod.mdtext import _f, _missing, md_rows, md_table

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _imported_by(script: str) -> list[str]:
    """The heavy packages a script's own top-level imports load, in a fresh interpreter."""
    tree = ast.parse((ROOT / "scripts" / script).read_text(encoding="utf-8"))
    imports = ast.unparse(
        ast.Module([n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)], [])
    )
    code = (
        imports + "\nimport json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pandas', 'matplotlib', 'sklearn', 'scipy'))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    "script", ["manuscript_variables.py", "render_manuscript.py", "assistant_statements.py"]
)
def test_manuscript_jobs_import_no_pandas(script):
    assert _imported_by(script) == []


def test_rows_make_the_same_table_as_a_frame():
    rows = [("Git commit", "abc1234"), ("Package numpy", "2.1.0"), ("a|b *c*", 1322), ("x", 7.5)]
    frame = pd.DataFrame(rows, columns=["Item", "Value"])
    assert md_rows(["Item", "Value"], rows, "lr") == md_table(frame, "lr")
    assert "1,322" in md_rows(["Item", "Value"], rows)


MISSING = [
    None,
    math.nan,
    np.nan,
    np.float32("nan"),
    np.datetime64("NaT"),
    np.timedelta64("NaT"),
    Decimal("NaN"),
]
PRESENT = [0, 0.0, -0.004, 1345.4, np.int64(3), np.float32(1.5), "text", Decimal("1.5"), True]


@pytest.mark.parametrize("value", MISSING + PRESENT)
def test_missing_is_pandas_isna(value):
    assert _missing(value) == bool(pd.isna(value))


def test_missing_without_pandas_loaded():
    """In a process that never imported pandas (the assembly job) the answers are pandas'."""
    code = (
        "import json, math, sys; from decimal import Decimal; import numpy as np; "
        "from coprod.mdtext import _f, _missing; "
        "vals = [None, math.nan, np.nan, np.float32('nan'), np.datetime64('NaT'), Decimal('NaN'), "
        "0.0, 1345.4, np.int64(3), 'text', Decimal('1.5')]; "
        "print(json.dumps([[_missing(v) for v in vals], _f(math.nan), _f(None), _f(1345.4, 0), "
        "'pandas' in sys.modules]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True, check=True
    )
    missing, nan, none, number, loaded = json.loads(run.stdout)
    assert missing == [True] * 6 + [False] * 5
    assert (nan, none, number, loaded) == ("n/a", "n/a", "1,345", False)
    assert _f(pd.NA) == _f(pd.NaT) == "n/a"
