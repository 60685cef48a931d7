"""Small helpers for the plain, diffable tables every stage writes (TSV, UTF-8, LF, sorted)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd


def write_tsv(df: pd.DataFrame, path: str | Path, float_digits: int = 6) -> None:
    """Write a TSV deterministically (fixed float format, LF newlines, atomic rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    df.to_csv(
        tmp,
        sep="\t",
        index=False,
        lineterminator="\n",
        float_format=f"%.{float_digits}f",
        quoting=csv.QUOTE_MINIMAL,
    )
    tmp.replace(path)


def flag(x) -> bool:
    """A boolean column's cell as a stage wrote it and pandas read it back: True, numpy True or
    the string "True" are set; False, "False", empty and NaN are not. One reading for every
    table, so a flag column means the same to each stage that reads it."""
    return x is True or str(x) == "True"


def read_tsv(
    path: str | Path, required: list[str] | None = None, columns: list[str] | None = None
) -> pd.DataFrame:
    """Read a TSV as strings, checking the required columns with a one-line error. `columns`:
    read only these (each required), in the file's order; the others are not converted (a large
    table's texts, when only its ids are needed)."""
    import pandas as pd  # here, not at the top: the workflow imports this module at every start

    path = Path(path)
    if columns is not None:
        required = list(dict.fromkeys([*(required or []), *columns]))
        wanted = set(columns)
    try:
        df = pd.read_csv(
            path,
            sep="\t",
            dtype=str,
            keep_default_na=False,
            comment=None,
            usecols=None if columns is None else (lambda c: c in wanted),
        )
    except FileNotFoundError:
        raise InputError(path, "file not found", "check the path in config/config.yaml") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            path,
            f"not a readable tab-separated table ({type(exc).__name__})",
            "save it as UTF-8 TSV with a header row",
        ) from None
    missing = [c for c in required or [] if c not in df.columns]
    if missing:
        raise InputError(
            path, f"missing column(s) {', '.join(missing)}", f"the header must include: {', '.join(required)}"
        )
    return df
