"""coprod.tables: the one reading of a flag column, whichever way a stage wrote and read it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coprod.tables import flag, read_tsv, write_tsv


def test_a_flag_is_set_only_by_true_in_any_of_its_written_forms(tmp_path):
    df = pd.DataFrame({"k": [1, 2, 3, 4], "chosen": [True, False, np.nan, True]})
    write_tsv(df, tmp_path / "t.tsv")
    as_strings = read_tsv(tmp_path / "t.tsv").chosen.map(flag).tolist()
    as_inferred = pd.read_csv(tmp_path / "t.tsv", sep="\t").chosen.map(flag).tolist()
    assert as_strings == as_inferred == [True, False, False, True]
    assert [flag(x) for x in (np.bool_(True), "True", "False", "", "true", 1)] == [
        True, True, False, False, False, False,
    ]  # fmt: skip
