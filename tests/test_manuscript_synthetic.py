"""`study.synthetic`: a synthetic corpus is framed as such everywhere — title, byline, metadata,
a running header on every PDF and DOCX page, a note drawn into every figure (and its strings
sidecar, which the audit reads) and every table caption — and a real study prints none of it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import yaml
from PIL import Image

from coprod import figures
from coprod.manuscript import study_variables
from coprod.render import (
    SYNTHETIC_HEADER,
    caption_with_note,
    frame_synthetic,
    render_manuscript,
    synthetic_title,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "manuscript"
MANUSCRIPTS = [
    BUNDLED,
    ROOT / "config/examples/peer_support/manuscript",
    ROOT / "src/coprod/templates/study/manuscript",
]
CAPTION_RE = re.compile(r"^: .*\{#tbl-[^}]*\}\s*$", re.M)


def _front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


# ------------------------------------------------------------------ figures


def _figure(path: Path, on: bool) -> tuple[str, tuple[int, int]]:
    figures.mark_synthetic(on)
    try:
        with plt.rc_context(figures.STYLE):
            fig, ax = plt.subplots(figsize=(3, 2), layout="constrained")
            ax.plot([0, 1], [0, 1])
            ax.set_xlabel("Interviews coded")
            figures.save(fig, path)
    finally:
        figures.mark_synthetic(False)
    strings = path.with_name(path.name + ".strings.txt").read_text()
    return strings, Image.open(path).size


def test_the_note_is_drawn_into_the_png_and_its_strings_only_when_synthetic(tmp_path):
    on, size_on = _figure(tmp_path / "on.png", True)
    off, size_off = _figure(tmp_path / "off.png", False)
    assert figures.SYNTHETIC_NOTE in on.splitlines() and "synthetic" in on.lower()
    assert "synthetic" not in off.lower()
    # drawn below the figure's own area: the saved image grows to hold it, no label is covered
    assert size_on[1] > size_off[1] and size_on[0] >= size_off[0]


def _ink_rows(path: Path) -> list[int]:
    """Rows of a saved PNG with any dark pixel (text, lines), top to bottom."""
    import numpy as np

    grey = np.asarray(Image.open(path).convert("L"))
    return [int(r) for r in np.where((grey < 160).any(axis=1))[0]]


@pytest.mark.parametrize("legend", [None, "outside lower center", "outside upper center"])
@pytest.mark.parametrize("layout", ["constrained", None])
def test_the_note_is_visible_in_the_saved_pixels_below_the_figure(tmp_path, layout, legend):
    """The note is ink in the PNG, not only a string in the sidecar: the image with the note is
    the image without it, pixel for pixel, with one line of dark pixels added below, right-aligned
    (a note placed in inches was cropped away by the tight bounding box, leaving a blank strip; a
    figure legend below the panels, as the saturation figure has, was moved down onto the note)."""
    import numpy as np

    if legend and not layout:
        pytest.skip("'outside' legends need a layout engine")

    def draw(path: Path, on: bool) -> plt.Figure:
        figures.mark_synthetic(on)
        try:
            with plt.rc_context(figures.STYLE):
                fig, ax = plt.subplots(figsize=(4, 2.5), layout=layout)
                ax.plot([0, 1], [0, 1], label="mean over orders")
                ax.plot([0, 1], [1, 0], label="in transcript order")
                ax.set_xlabel("Interviews coded")
                ax.set_title("Codes")
                if legend:
                    fig.legend(loc=legend, ncol=1, fontsize=7, frameon=False)
                figures.save(fig, path)
        finally:
            figures.mark_synthetic(False)
        return fig

    for fig in (draw(tmp_path / "on.png", True), draw(tmp_path / "off.png", False)):
        # the layout kept the legend's margin: the legend is clear of the panel and its labels
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()  # as a figure is drawn: the layout, if any, runs again
        for leg in fig.legends:
            box, panel = leg.get_window_extent(renderer), fig.axes[0].get_tightbbox(renderer)
            assert box.y1 <= panel.y0 + 1 or box.y0 >= panel.y1 - 1, (box, panel)
    grey_on = np.asarray(Image.open(tmp_path / "on.png").convert("L"))
    assert grey_on.shape[1] == Image.open(tmp_path / "off.png").size[0]

    def bands(rows: list[int]) -> list[tuple[int, int]]:
        """Runs of rows with ink: the lines of text and the panels, top to bottom."""
        out = []
        for r in rows:
            if out and r == out[-1][1] + 1:
                out[-1] = (out[-1][0], r)
            else:
                out.append((r, r))
        return out

    off, on = bands(_ink_rows(tmp_path / "off.png")), bands(_ink_rows(tmp_path / "on.png"))
    # the same lines of ink, each where it was (to within the crop's sub-pixel shift), and one
    # more below them all: nothing moved, nothing is covered, the note is drawn
    assert len(on) == len(off) + 1, "the note is missing, or it merged with a line above it"
    assert all(abs(a[0] - b[0]) <= 2 and abs(a[1] - b[1]) <= 2 for a, b in zip(on[:-1], off, strict=True)), (
        on,
        off,
    )
    top, bottom = on[-1]
    assert 8 <= bottom - top + 1 <= 40  # one line of 7-point text at the saved 200 dpi
    cols = np.where((grey_on[top : bottom + 1] < 160).any(axis=0))[0]
    assert cols[-1] > grey_on.shape[1] * 0.8  # right-aligned
    assert grey_on.shape[0] - bottom < 60  # at the foot of the image


def test_every_figure_rule_passes_the_flag_and_every_script_draws_the_note():
    import re

    smk = (ROOT / "workflow/rules/figures.smk").read_text()
    # the plot rules are made from one table: every figure script has a row and a report caption,
    # and the one rule template passes the flag
    rows = set(re.findall(r'"(\w+)": \{\n\s+"doc":', smk))
    scripts = {p.stem for p in (ROOT / "scripts/figures").glob("*.py")}
    assert rows == scripts and len(rows) >= 9
    assert all((ROOT / "workflow/report" / f"{name}.rst").exists() for name in rows)
    # (a checkpoint: a figure redrawn byte-identical starts none of its readers)
    assert len(re.findall(r"\n    (?:rule|checkpoint):", smk)) == 1
    assert not re.search(r"\n(?:rule|checkpoint) ", smk)
    assert smk.count("synthetic=SYNTHETIC,") == 1
    for script in sorted((ROOT / "scripts/figures").glob("*.py")):
        assert "mark_synthetic(snakemake.params.synthetic)" in script.read_text(), script.name


# ------------------------------------------------------------------ staged project


def test_study_variables_follow_the_flag():
    v = study_variables({"study": {"synthetic": True, "after": "Connolly et al."}})
    assert (v["synthetic"], v["after"]) == ("yes", "Connolly et al.")
    assert study_variables({"study": {"synthetic": False}})["synthetic"] == "no"
    assert study_variables({})["synthetic"] == "no"


def test_demonstration_title_keeps_the_topic_and_names_the_study_it_follows():
    title = _front(BUNDLED.joinpath("index.qmd").read_text())["title"]
    assert synthetic_title(title, "Connolly et al.") == (
        "The Leadership of Co-Production in Health and Social Care Integration in Scotland: "
        "a reproducible pipeline demonstration on synthetic data, after Connolly et al."
    )
    assert synthetic_title("Peer support", "").endswith("demonstration on synthetic data")


def test_caption_note_goes_before_the_full_stop_of_every_table_caption_once():
    text = ": Codes by site. {#tbl-codes}\n\n: Topics {#tbl-topics}\n\nA line: not a caption.\n"
    text += ": Diagnostics by K (means over seeds). {#tbl-k}\n"
    once = caption_with_note(text)
    assert ": Diagnostics by K (means over seeds; synthetic data). {#tbl-k}" in once
    assert ": Codes by site (synthetic data). {#tbl-codes}" in once
    assert ": Topics (synthetic data) {#tbl-topics}" in once
    assert "A line: not a caption." in once and caption_with_note(once) == once


def _stage(tmp: Path, source: Path, synthetic: bool) -> Path:
    stage = tmp / "stage"
    shutil.copytree(source, stage)
    (stage / "_tables").mkdir(exist_ok=True)
    (stage / "_tables" / "reliability_section.md").write_text(
        "| a |\n|:--|\n| 1 |\n\n: Inter-coder reliability by code. {#tbl-reliability}\n"
    )
    (stage / "_variables.yml").write_text(
        yaml.safe_dump({"study": {"synthetic": "yes" if synthetic else "no", "after": "Connolly et al."}})
    )
    return stage


@pytest.mark.parametrize("source", MANUSCRIPTS, ids=lambda p: p.parent.name)
def test_framing_reaches_title_byline_metadata_header_and_every_table_caption(tmp_path, source):
    stage = _stage(tmp_path, source, True)
    variables = yaml.safe_load((stage / "_variables.yml").read_text())
    assert frame_synthetic(stage, variables)
    text = (stage / "index.qmd").read_text()
    meta = _front(text)
    assert "demonstration on synthetic data" in meta["title"]
    names = [a["name"] for a in meta["author"]]
    assert names == ["coprod pipeline (automated demonstration build)"]
    assert "James Connolly" not in text.split("---\n", 2)[1]  # the real authors do not sign it
    assert "synthetic" in meta["subject"].lower() and "keywords" not in meta
    captions = CAPTION_RE.findall(text) + CAPTION_RE.findall(
        (stage / "_tables/reliability_section.md").read_text()
    )
    assert len(captions) >= 6 and all("synthetic data" in c for c in captions)
    cfg = yaml.safe_load((stage / "_quarto.yml").read_text())
    header = cfg["format"]["typst"]["include-in-header"][-1]["text"]
    assert header.startswith("#set page(header:") and SYNTHETIC_HEADER in header
    assert "synthetic data" in cfg["format"]["html"]["keywords"] + cfg["format"]["docx"]["keywords"]
    ref = stage / cfg["format"]["docx"]["reference-doc"]
    with zipfile.ZipFile(ref) as z:
        assert SYNTHETIC_HEADER in z.read("word/header1.xml").decode()
        assert 'r:id="rIdSyntheticHeader"' in z.read("word/document.xml").decode()


@pytest.mark.parametrize("source", MANUSCRIPTS, ids=lambda p: p.parent.name)
def test_a_real_study_prints_none_of_it(tmp_path, source):
    stage = _stage(tmp_path, source, False)
    before = {p.relative_to(stage): p.read_bytes() for p in stage.rglob("*") if p.is_file()}
    assert not frame_synthetic(stage, yaml.safe_load((stage / "_variables.yml").read_text()))
    after = {p.relative_to(stage): p.read_bytes() for p in stage.rglob("*") if p.is_file()}
    assert after == before
    captions = CAPTION_RE.findall((stage / "index.qmd").read_text())
    assert captions and not any("synthetic" in c.lower() for c in captions)


# ------------------------------------------------------------------ rendered outputs

BODY = """---
title: "A Study of Something: A Qualitative Study"
author:
  - name: Real Author
    affiliations:
      - name: Some University
---

# Methods

{lorem}

{{{{< include _tables/t.md >}}}}

: A small table. {{#tbl-small}}

![A figure.](figures/one.png){{#fig-one}}

{lorem}
"""


def _render(tmp: Path, synthetic: bool) -> Path:
    src = tmp / "src"
    src.mkdir()
    shutil.copyfile(BUNDLED / "_quarto.yml", src / "_quarto.yml")
    lorem = " ".join(["Words that fill the page so the document runs over several pages."] * 60)
    (src / "index.qmd").write_text(BODY.format(lorem="\n\n".join([lorem] * 4)))
    gen = tmp / "generated"
    (gen / "_tables").mkdir(parents=True)
    (gen / "_variables.yml").write_text(
        yaml.safe_dump({"study": {"synthetic": "yes" if synthetic else "no", "after": ""}})
    )
    (gen / "_tables" / "t.md").write_text("| A | B |\n|:--|--:|\n| x | 1 |\n")
    fig = tmp / "one.png"
    Image.new("RGB", (300, 150), "white").save(fig)
    out = tmp / "out"
    render_manuscript(src, gen, [fig], tmp / "stage", out, "pandoc", 1643846400)
    return out


def _docx_header_and_core(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as z:
        headers = "".join(z.read(n).decode() for n in z.namelist() if re.fullmatch(r"word/header\d+\.xml", n))
        return headers, z.read("docProps/core.xml").decode()


def test_rendered_pdf_docx_html_say_synthetic_on_every_page_and_in_their_metadata(tmp_path):
    import pdfplumber

    out = _render(tmp_path, True)
    with pdfplumber.open(out / "index.pdf") as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        meta = pdf.metadata
    assert len(pages) >= 3
    flat = [" ".join(p.split()) for p in pages]
    assert all(SYNTHETIC_HEADER in p for p in flat), [p[:80] for p in flat]
    assert "synthetic" in str(meta.get("Title", "")).lower()
    assert "Real Author" not in " ".join(flat)
    headers, core = _docx_header_and_core(out / "index.docx")
    assert SYNTHETIC_HEADER in headers
    assert "demonstration on synthetic data" in core and "synthetic data" in core.split("keywords>")[1]
    html = (out / "index.html").read_text()
    assert re.search(r"<title>[^<]*synthetic data", html) and 'name="keywords"' in html


def test_rendered_real_study_has_no_synthetic_header_or_title(tmp_path):
    import pdfplumber

    out = _render(tmp_path, False)
    with pdfplumber.open(out / "index.pdf") as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
        meta = pdf.metadata
    assert "synthetic" not in text.lower() and "Real Author" in text
    assert "synthetic" not in str(meta.get("Title", "")).lower()
    headers, core = _docx_header_and_core(out / "index.docx")
    assert "synthetic" not in (headers + core).lower()
