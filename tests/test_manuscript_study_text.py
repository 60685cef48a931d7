"""A study's own words where the template had the bundled study's: the data-availability
sentence comes from config (`study.data_availability`), and template placeholder text left in a
manuscript is reported at every render, naming the file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from coprod.config import load_config
from coprod.manuscript import study_variables
from coprod.render import render_manuscript

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "manuscript",
    ROOT / "config/examples/peer_support/manuscript",
    ROOT / "src/coprod/templates/study/manuscript",
]


def test_data_availability_sentence_comes_from_config():
    said = "The transcripts are public: they were published by the inquiry."
    v = study_variables({"study": {"data_availability": said}})
    assert v["data_availability"].replace("\\", "") == said
    assert "*" not in study_variables({"study": {"data_availability": "a *b*"}})["data_availability"].replace(
        "\\*", ""
    )  # the team's sentence is text, never markup
    cfg = load_config({"corpus": {"name": "x", "raw_dir": "r", "participants": "p", "register": "g"}})
    assert cfg["study"]["data_availability"].startswith("The raw transcripts stay with the research team")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_no_manuscript_hard_codes_where_the_raw_transcripts_are(source):
    text = (source / "index.qmd").read_text()
    section = text.split("# Data availability", 1)[1].split("\n# ", 1)[0]
    assert "{{< var study.data_availability >}}" in section
    assert "never shared" not in section and "stay with the research team" not in section


def _render(tmp: Path, text: str) -> None:
    src = tmp / "src"
    shutil.copytree(ROOT / "src/coprod/templates/study/manuscript", src)
    (src / "index.qmd").write_text(text)
    gen = tmp / "gen"
    gen.mkdir()
    (gen / "_variables.yml").write_text("{}\n")
    Image.new("RGB", (10, 10)).save(tmp / "x.png")
    render_manuscript(src, gen, [tmp / "x.png"], tmp / "stage", tmp / "out", "pandoc", 1643846400)


SMALL = """---
title: "T"
---

::: {.callout-note}
The corpus is a sample; this
text, written for the template, should then be rewritten for the study.
:::

# Introduction

State the study's question and why it matters here. More words.
"""


def test_template_placeholders_warn_naming_the_line_until_rewritten(tmp_path, capsys):
    _render(tmp_path / "a", SMALL)
    err = capsys.readouterr().err.splitlines()
    warnings = [line for line in err if line.startswith("warning:")]
    assert len(warnings) == 2
    assert (
        warnings[0].startswith("warning: ")
        and "index.qmd line 6: template placeholder text remains" in warnings[0]
    )
    assert "index.qmd line 12:" in warnings[1] and "State the study's question" in warnings[1]
    rewritten = SMALL.replace("State the study's question and why it matters here.", "Why transport matters.")
    rewritten = rewritten.replace("should then be rewritten for the study", "is the study's own")
    _render(tmp_path / "b", rewritten)
    assert "warning:" not in capsys.readouterr().err
