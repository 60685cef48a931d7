"""Reading a rendered manuscript PDF as a reader does (pdfplumber): where every word is drawn.

Helpers for tests/test_manuscript_layout.py: every word inside the text area of its page (page
numbers in the bottom margin and the synthetic-data running header in the top margin excepted),
no two words drawn over each other, and every table
cell's words present in the PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from coprod.render import SYNTHETIC_HEADER

CM = 72 / 2.54
HEADER_WORDS = set(SYNTHETIC_HEADER.split())

QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00ad": "", "\u2212": "-", "\u2011": "-"}
)


def norm(word: str) -> str:
    return word.translate(QUOTES).strip()


def table_cells(md: str) -> list[str]:
    """The text of every cell (header included) of the pipe tables in a Markdown fragment."""
    cells = []
    for line in md.splitlines():
        line = line.strip()
        if not line.startswith("|") or re.fullmatch(r"\|[\s:|-]+\|", line):
            continue
        for cell in re.split(r"(?<!\\)\|", line.strip("|")):
            text = re.sub(r"\\(.)", r"\1", cell).replace("`", "").strip()
            if text:
                cells.append(text)
    return cells


INCLUDE_RE = re.compile(r"\{\{<\s*include\s+(\S+)\s*>\}\}")
VAR_RE = re.compile(r"\{\{<\s*var\s+(\S+)\s*>\}\}")


def included_tables(source: Path) -> list[str]:
    """Cells of every pipe table the article includes (directly or through a fragment)."""
    cells, todo, seen = [], [Path(source) / "index.qmd"], set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8")
        cells += table_cells(text) if path.suffix == ".md" else []
        todo += [Path(source) / inc for inc in INCLUDE_RE.findall(text)]
    # a cell may hold a {{< var >}} shortcode (the render engine): the PDF shows its value
    variables = Path(source) / "_variables.yml"
    if variables.exists():
        import yaml

        values = yaml.safe_load(variables.read_text(encoding="utf-8")) or {}

        def value(m: re.Match) -> str:
            out = values
            for part in m.group(1).split("."):
                out = out.get(part, {}) if isinstance(out, dict) else {}
            return str(out) if not isinstance(out, dict) else m.group(0)

        cells = [VAR_RE.sub(value, c) for c in cells]
    return cells


def pdf_words(pdf_path: Path) -> list[tuple[int, dict, float, float]]:
    """(page number, word, page width, page height) for every word of the PDF."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False):
                out.append((n, w, float(page.width), float(page.height)))
    return out


def layout_problems(pdf_path: Path, margin_x_cm: float, margin_y_cm: float, cells: list[str]) -> list[str]:
    """What a reader would see as broken: words outside the text area, words drawn over each
    other, table cells whose words are not in the PDF at all."""
    words = pdf_words(pdf_path)
    problems = []
    mx, my, tol = margin_x_cm * CM, margin_y_cm * CM, 3.0  # glyph boxes and hanging punctuation
    by_page: dict[int, list[dict]] = {}
    for page, w, width, height in words:
        by_page.setdefault(page, []).append(w)
        inside = (
            w["x0"] >= mx - tol
            and w["x1"] <= width - mx + tol
            and w["top"] >= my - tol
            and w["bottom"] <= height - my + tol
        )
        page_number = w["text"].isdigit() and w["top"] > height - my
        header = (  # the running header of study.synthetic, in the top margin, within the width
            w["text"] in HEADER_WORDS
            and w["bottom"] < my
            and w["x0"] >= mx - tol
            and w["x1"] <= width - mx + tol
        )
        if not inside and not page_number and not header:
            problems.append(
                f"page {page}: '{w['text']}' outside the text area "
                f"(x {w['x0']:.0f}-{w['x1']:.0f}, y {w['top']:.0f}-{w['bottom']:.0f}"
                f" of {width:.0f}x{height:.0f})"
            )
    for page, ws in by_page.items():
        ws = sorted(ws, key=lambda w: w["top"])
        for i, a in enumerate(ws):
            for b in ws[i + 1 :]:
                if b["top"] >= a["bottom"] - 0.5:
                    break
                dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if dx > 0.5 and dy > 0.5:
                    problems.append(f"page {page}: '{a['text']}' and '{b['text']}' drawn over each other")
    have = Counter(norm(w["text"]) for _, w, _, _ in words)
    joined = "\n".join(have)

    def present(token: str) -> bool:
        # a token may be wrapped after a slash or a hyphen: each piece must be on the page
        pieces = [x for x in re.split(r"(?<=[/-])", norm(token)) if x]
        return all(x in have or x in joined for x in pieces)

    for cell in cells:
        missing = [t for t in cell.split() if not present(t)]
        if missing:
            problems.append(f"table cell '{cell}': {missing} not in the PDF")
    return problems
