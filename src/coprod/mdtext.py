"""Text helpers shared by every stage that writes manuscript text: numbers as printed, plurals,
Markdown escaping of data and pipe tables. No stage's figures live here, so importing it makes no
stage depend on another (the topics stage writes its own statements without importing the
manuscript's assembly)."""

from __future__ import annotations

import math
import re
import sys
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def words_for(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def indefinite_article(n: int) -> str:
    """'a' or 'an' before the number n as it is read aloud: "an 8-topic", "an 11-code",
    "an 18-topic", "an 80-", "an 800-", "an 8,000-"; "a 10-topic", "a 100-code". The spoken form
    starts with its leading group of up to three digits (8,500 -> "eight thousand …")."""
    digits = str(abs(int(n)))
    lead = int(digits[: len(digits) % 3 or 3])
    return "an" if lead in (8, 11, 18) or 80 <= lead <= 89 or 800 <= lead <= 899 else "a"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 code', '2 codes', '1,345 replacements': the count with thousands separators and the
    noun in the number the count asks for."""
    n = int(n)
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def count(n) -> str:
    """A count as printed: thousands separators, as every number in the manuscript."""
    return f"{int(n):,}"


def count_words(n: int, word: str) -> str:
    """'no codes', 'one code', 'two codes', '12 codes': small counts in words (the sentences the
    stages write), larger ones in figures with thousands separators."""
    n = int(n)
    if n == 0:
        return f"no {word}s"
    words = dict(enumerate(NUMBER_WORDS))
    return f"{words.get(n, f'{n:,}')} {word}{'' if n == 1 else 's'}"


# Characters that mean something to Markdown, pandoc or Quarto (emphasis, links, raw HTML,
# shortcodes {{< >}}, attributes {…}, math $, citations @, footnotes ^, tables |, code `).
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()<>#+!|~^$@=&:\"'-])")


def escape_md(text: object) -> str:
    """Transcript text and other data placed in the manuscript, escaped so it renders as the
    literal characters: quotes are data, never markup (a participant who says
    `{{< include /etc/passwd >}}` or pastes `<img onerror=…>` is quoted, not obeyed)."""
    flat = re.sub(r"\s+", " ", str(text)).strip()
    return MD_SPECIAL_RE.sub(r"\\\1", flat)


# Characters (about 3.9 pt each) of 8.5-pt table text across an A4 page with 2.2 cm margins
# (the table style of the manuscripts' _quarto.yml); used only to share out the width.
LINE_CHARS = 115


def column_weights(
    header: list[str], rows: list[list[str]], cap: int = 40, line: int = LINE_CHARS
) -> list[int]:
    """Relative column widths from the content. A column needs its longest unbreakable word
    (header words included) so no label is hyphenated or runs into the next column; it would
    like its longest cell (capped at `cap`: long text wraps anyway) and its header on one line
    (up to 16 characters). When the wishes do not fit on a line, every column keeps what it
    needs and the rest of the line is shared in proportion to what each wanted beyond that."""
    need, text, head_ = [], [], []
    for j, head in enumerate(header):
        cells = [str(r[j]) for r in rows]
        # a line may break at spaces and after a slash (paths)
        longest_word = max((len(w) for c in [*cells, head] for w in re.split(r"\s+|(?<=/)", c)), default=1)
        longest_cell = max((len(c) for c in cells), default=1)
        # + 2: the cell's padding, about two characters wide
        need.append(max(longest_word, 3) + 2)
        text.append(max(need[-1], min(longest_cell, cap) + 2))
        head_.append(max(text[-1], min(len(head), 16) + 2))
    widths = list(need)
    for wish in (text, head_):  # first the cells' text, then headers on one line
        extra = [w - n for w, n in zip(wish, widths, strict=True)]
        spare = line - sum(widths)
        if sum(extra) <= 0 or spare <= 0:
            continue
        share = min(1.0, spare / sum(extra))
        widths = [n + int(e * share) for n, e in zip(widths, extra, strict=True)]
    return widths


def _cell(value: object) -> object:
    """Integers with thousands separators ("1,322", as in the text); everything else as is."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return f"{int(value):,}"
    return value


def md_table(df: pd.DataFrame, align: str | None = None) -> str:
    """A pipe table (pandoc and Quarto both read it); `align` like 'llrr'.

    Pandoc sizes a pipe table that is wider than a line by the dashes of its separator row, so
    the dashes are made proportional to each column's content (`column_weights`): column widths
    follow the content in every output format, whichever engine renders it."""
    return md_rows(df.columns, list(df.itertuples(index=False)), align)


def md_rows(columns, rows, align: str | None = None) -> str:
    """`md_table` of plain rows (sequences of cells under `columns`), for a job that has no other
    use for pandas and so need not import it (about 0.4 CPU s of start-up)."""
    cols = [str(c) for c in columns]
    align = align or "l" * len(cols)
    raw = [[re.sub(r"\s+", " ", str(v)).strip() for v in row] for row in rows]
    dashes = column_weights(cols, raw)
    rule = [("-" * d + ":") if a == "r" else (":" + "-" * d) for a, d in zip(align, dashes, strict=True)]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(rule) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(escape_md(_cell(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _missing(x) -> bool:
    """`pandas.isna` of one value, without importing pandas: while pandas is not loaded no value
    can be one of its missing markers (`pd.NA`, `pd.NaT`), so None, a float or numpy NaN, a
    numpy NaT and a Decimal NaN are all there is to test."""
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        return bool(pandas.isna(x))
    if x is None:
        return True
    if isinstance(x, float | np.floating):
        return math.isnan(x)
    if isinstance(x, np.datetime64 | np.timedelta64):
        return bool(np.isnat(x))
    if isinstance(x, Decimal):
        return x.is_nan()
    return False


def _f(x, digits: int = 2, sign: bool = False) -> str:
    """A number as printed: `digits` decimals, thousands separators, never a negative zero
    ("-0.00" is 0.00: the sign of a value that rounds to zero is noise)."""
    if _missing(x):
        return "n/a"
    value = round(float(x), digits) or 0.0  # -0.0 is falsy: it becomes 0.0
    return f"{value:{'+' if sign else ''},.{digits}f}"
