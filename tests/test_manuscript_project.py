"""The manuscript project: Quarto's manuscript-project rules, the fallback renderer's parity with
Quarto (paper size, callouts, numbered captions, one bibliography heading), tables that fit the
page, and the generated fragments that keep a manuscript free of optional variables.

Quarto itself cannot be installed on the build machine, so its rules are asserted on the source
(quarto.org/docs/projects/quarto-projects.html "Render Targets": files whose name starts with "_"
are never rendered, `project: render:` lists what is; quarto.org/docs/manuscripts: every other
rendered .qmd/.md of a manuscript project becomes a notebook page).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from manuscript_layout import layout_problems, table_cells

from coprod.errors import ConfigError, InputError, LeakError
from coprod.manuscript import column_weights, md_table
from coprod.privacy.audit import audit_tree
from coprod.privacy.deidentify import PseudonymKey
from coprod.reliability_statements import check_human_units, reliability_section_md
from coprod.render import choose_engine, project_problems, render_manuscript

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "manuscript",
    ROOT / "config" / "examples" / "peer_support" / "manuscript",
    ROOT / "src" / "coprod" / "templates" / "study" / "manuscript",
]
QUARTO_CFG = yaml.safe_load((ROOT / "manuscript" / "_quarto.yml").read_text())
MARGIN = QUARTO_CFG["format"]["typst"]["margin"]
MX, MY = (float(MARGIN[k].removesuffix("cm")) for k in ("x", "y"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_manuscript_source_follows_quartos_manuscript_project_rules(source):
    assert project_problems(source) == []
    cfg = yaml.safe_load((source / "_quarto.yml").read_text())
    assert cfg["project"]["render"] == ["index.qmd"]
    typst = cfg["format"]["typst"]
    assert typst["papersize"] == "a4" and typst["citeproc"] is True  # one "References" heading
    # every include names a fragment in a "_" folder: never rendered as a notebook by Quarto
    includes = re.findall(r"\{\{<\s*include\s+(\S+)\s*>\}\}", (source / "index.qmd").read_text())
    assert includes and all(i.startswith("_") for i in includes)


def _project(tmp_path: Path, body: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copyfile(ROOT / "manuscript" / "_quarto.yml", src / "_quarto.yml")
    (src / "index.qmd").write_text(body, encoding="utf-8")
    return src


def test_stray_renderable_files_and_a_missing_render_list_are_refused_in_one_line(tmp_path):
    src = _project(tmp_path, "Hello\n")
    (src / "notes.md").write_text("x")  # would be rendered as a notebook
    (src / "_ok.md").write_text("x")
    (src / "_frag").mkdir()
    (src / "_frag" / "t.md").write_text("x")
    assert project_problems(src) == ["notes.md would be rendered as a notebook (name it with a leading '_')"]
    (src / "notes.md").unlink()
    assert project_problems(src) == []
    cfg = yaml.safe_load((src / "_quarto.yml").read_text())
    del cfg["project"]["render"]
    (src / "_quarto.yml").write_text(yaml.safe_dump(cfg))
    assert any("project.render" in p for p in project_problems(src))
    gen = tmp_path / "gen"
    gen.mkdir()
    (gen / "_variables.yml").write_text("{}\n")
    with pytest.raises(ConfigError, match=r"not a valid manuscript project: _quarto.yml: project.render"):
        render_manuscript(src, gen, [], tmp_path / "stage", tmp_path / "out", "pandoc", 0)


BODY = """---
title: "Parity"
author:
  - name: Ada Example
    affiliations:
      - name: Nowhere Institute
bibliography: references.bib
---

::: {.callout-important}
**Synthetic data.** This notice must be drawn in a box [@blei2003].
:::

See @tbl-long and @fig-one.

{{< include _tables/long.md >}}

: A long table. {#tbl-long}

![A figure.](figures/one.png){#fig-one}

# References {.unnumbered}

::: {#refs}
:::
"""

BIB = """@article{blei2003,
  author = {Blei, David M. and Ng, Andrew Y. and Jordan, Michael I.},
  title = {Latent Dirichlet Allocation}, journal = {JMLR}, year = {2003}, volume = {3}, pages = {993--1022}
}
"""


def _stress_table(rows: int) -> str:
    """A long, wide table: labels of many words, an unbreakable id, numbers, 8 columns."""
    df = pd.DataFrame(
        {
            "Code": [
                f"A fairly long code label {i} about leadership and its sustainability" for i in range(rows)
            ],
            "Identifier": [f"results/coding/segment_{i:05d}.tsv" for i in range(rows)],
            "Coder A": range(rows),
            "Coder B": [i * 7 % 13 for i in range(rows)],
            "Agreement": [f"{(i % 100) / 100:.3f}" for i in range(rows)],
            "Cohen's κ": [f"{-1 + (i % 200) / 100:.2f}" for i in range(rows)],
            "Krippendorff's α": [f"{(i % 90) / 100:.2f}" for i in range(rows)],
            "Below 0.667": ["yes" if i % 3 else "" for i in range(rows)],
        }
    )
    return md_table(df, "llrrrrrl")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The fallback renders a small project with the bundled _quarto.yml: a callout, a citation,
    a figure and a 240-row, 8-column table (the stress input to the table builder)."""
    from PIL import Image

    tmp = tmp_path_factory.mktemp("parity")
    src = _project(tmp, BODY)
    (src / "references.bib").write_text(BIB)
    gen = tmp / "generated"
    (gen / "_tables").mkdir(parents=True)
    (gen / "_variables.yml").write_text("{}\n")
    (gen / "_tables" / "long.md").write_text(_stress_table(240))
    fig = tmp / "one.png"
    Image.new("RGB", (400, 200), "white").save(fig)
    out = tmp / "out"
    info = render_manuscript(src, gen, [fig], tmp / "stage", out, "pandoc", 1643846400)
    return tmp, out, info


def test_fallback_uses_the_papersize_of_quarto_yml(rendered):
    import pdfplumber

    _, out, info = rendered
    assert info["engine"] == "pandoc+typst"
    with pdfplumber.open(out / "index.pdf") as pdf:
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
    assert sizes == {(595, 842)}  # A4, not Letter (612 x 792)


def _pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode()


def test_callout_is_a_titled_box_in_all_three_formats(rendered):
    import pdfplumber

    _, out, _ = rendered
    html = (out / "index.html").read_text()
    box = re.search(
        r'<div class="callout callout-important"[^>]*style="[^"]*border[^"]*">(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert box and "Important" in box.group(1) and "Synthetic data." in html
    with pdfplumber.open(out / "index.pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        title = next(w for w in words if w["text"] == "Important")
        notice = next(w for w in words if w["text"] == "notice")
        edges = page.rects + page.lines + page.curves
        # a drawn frame around the title and the notice
        assert (
            any(
                e["x0"] <= title["x0"]
                and e["x1"] >= notice["x1"]
                and e["top"] <= title["top"]
                and e["bottom"] >= notice["bottom"]
                for e in edges
            )
            or sum(1 for e in edges if abs(e["top"] - title["top"]) < 30) >= 2
        )
    xml = _docx_xml(out / "index.docx")
    cell = re.search(r"<w:tbl>.*?</w:tbl>", xml, re.S).group(0)  # the first table is the callout
    assert "Important" in cell and "Synthetic data." in cell


def test_captions_are_numbered_in_all_three_formats_and_one_bibliography_heading(rendered):
    _, out, _ = rendered
    html = re.sub(r"<[^>]+>", "", (out / "index.html").read_text())
    pdf = _pdf_text(out / "index.pdf")
    docx = re.sub(r"<[^>]+>", "", _docx_xml(out / "index.docx"))
    for text in (html, pdf, docx):
        assert "Figure 1: A figure." in text and "Table 1: A long table." in text
        assert "See Table 1 and Figure 1" in text
        assert "Blei, David M., Andrew Y. Ng, and Michael I. Jordan" in re.sub(r"\s+", " ", text)
    assert len(re.findall(r"^References$", pdf, re.M)) == 1 and "Bibliography" not in pdf


def test_staged_project_keeps_quartos_rules_after_a_render(rendered):
    tmp, _, _ = rendered
    stage = tmp / "stage"
    assert project_problems(stage) == []
    assert not list(stage.glob("_index*"))  # intermediates removed after a successful render
    assert (stage / "_tables" / "long.md").exists() and not (stage / "tables").exists()


def test_a_long_wide_table_breaks_across_pages_with_its_header_and_never_overflows(rendered):
    import pdfplumber

    tmp, out, _ = rendered
    cells = table_cells((tmp / "generated" / "_tables" / "long.md").read_text())
    assert len(cells) == 8 * 241 - 80  # empty cells ("Below 0.667" in a third of the rows) excepted
    assert layout_problems(out / "index.pdf", MX, MY, cells) == []
    with pdfplumber.open(out / "index.pdf") as pdf:
        pages = [p for p in pdf.pages if "sustainability" in (p.extract_text() or "")]
        assert len(pages) >= 5
        for page in pages:  # the header row is repeated at the top of every page of the table
            assert re.search(r"Code +Identifier +Coder.*Agreement +Cohen", page.extract_text() or "")


def test_the_layout_check_fails_on_the_defect_it_is_for(tmp_path):
    """A table in a figure that may not break (Typst's default) runs off the page: caught."""
    import typst

    rows = "".join(f"[Row {i}], [{i}],\n" for i in range(120))
    (tmp_path / "t.typ").write_text(
        '#set page(paper: "a4", margin: (x: 2.2cm, y: 2.5cm))\n'
        f"#figure(table(columns: 2, {rows}), caption: [Too long])\n"
    )
    typst.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"))
    problems = layout_problems(tmp_path / "t.pdf", 2.2, 2.5, ["Row 119"])
    assert any("outside the text area" in p for p in problems)


def test_column_widths_follow_the_content():
    w = column_weights(
        ["Code", "Coder A", "Krippendorff's α"],
        [["Consultation versus co-production", "7", "0.70"], ["Tokenism", "5", "0.88"]],
    )
    assert w[0] > w[2] > w[1] and w[0] >= len("co-production") + 2
    table = md_table(pd.DataFrame({"Code": ["Consultation versus co-production"], "n": [7]}), "lr")
    assert table.splitlines()[1] == "|:" + "-" * 35 + "|" + "-" * 5 + ":|"


def test_without_human_codings_the_reliability_fragment_needs_no_reliability_variable():
    text = reliability_section_md({"measured": "no"}, "", True)
    assert "not measured" in text and "{{<" not in text and "@tbl-reliability" not in text
    rel = {
        "measured": "yes",
        "coders": 2,
        "units": 59,
        "alpha_mean": "0.80",
        "alpha_pooled": "0.83",
        "kappa_pooled": "0.83",
        "alpha_min": "-0.02",
        "alpha_max": "1.00",
        "n_below_0667": 1,
        "below_0667": "Budgets and resources",
    }
    text = reliability_section_md(rel, "| a |\n|:--|\n| 1 |\n", False)
    assert text.startswith("Two coders independently coded the same 59 participant turns")
    assert "{#tbl-reliability}" in text and "{#fig-reliability}" in text


def test_human_codings_of_another_corpus_are_refused():
    units = pd.DataFrame({"transcript_id": ["t01", "t02"], "turn_index": ["2", "4"]})
    check_human_units(units, pd.Series(["t01", "t02", "t03"]), "sample.csv")
    with pytest.raises(InputError, match=r"human codings name 1 transcript\(s\) not in this corpus \(t02\)"):
        check_human_units(units, pd.Series(["t01", "pw01"]), "sample.csv")


def test_a_cited_authors_first_name_shared_with_a_participant_passes_the_audit(tmp_path):
    """Issue 17: 'Andrew' (Ng, Andrew Y. in references.bib) is also a participant's name. The
    audit releases cited authors' full names only: the reference passes, the bare name fails."""
    key = PseudonymKey()
    key.pseudonym("PERSON", "Andrew")
    key.save(tmp_path / "key.json")
    results = tmp_path / "results"
    (results / "manuscript" / "source").mkdir(parents=True)
    (results / "manuscript" / "source" / "references.bib").write_text(BIB)
    (results / "manuscript" / "refs.md").write_text(
        "Blei, David M., Andrew Y. Ng, and Michael I. Jordan. 2003.\n"
    )
    audit_tree(results, tmp_path / "key.json", None, None, tmp_path / "audit.tsv")
    (results / "manuscript" / "quote.md").write_text("and then Andrew said no\n")
    with pytest.raises(LeakError, match=r"quote.md \(line 1\)"):
        audit_tree(results, tmp_path / "key.json", None, None, tmp_path / "audit.tsv")


def _fake_quarto(tmp_path, monkeypatch, body: str) -> None:
    """A stand-in `quarto` first on PATH: answers `--version` with 1.10.0, runs `body` (shell
    lines, in the staged project) and writes the three outputs where Quarto puts them."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "quarto"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo 1.10.0; exit 0; fi\n'
        + body
        + "mkdir -p _manuscript\n"
        + "for e in html pdf docx; do echo quarto > _manuscript/index.$e; done\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")


def test_quarto_on_path_is_used_and_renders_the_whole_project(tmp_path, monkeypatch):
    """With `quarto` on PATH the render uses it: one `quarto render` of the staged project (as
    the README tells a user), outputs taken from _manuscript/. A stand-in executable records
    how it was called and checks the project it was given follows the manuscript rules."""
    _fake_quarto(
        tmp_path,
        monkeypatch,
        'echo "$@" > "$PWD/../quarto-args.txt"\nls -A > "$PWD/../quarto-saw.txt"\n',
    )
    assert choose_engine("auto") == "quarto"
    src = _project(tmp_path, "Hello\n")
    gen = tmp_path / "gen"
    (gen / "_tables").mkdir(parents=True)
    (gen / "_variables.yml").write_text("{}\n")
    out = tmp_path / "out"
    info = render_manuscript(src, gen, [], tmp_path / "stage", out, "auto", 0)
    assert info == {"engine": "quarto", "quarto": "1.10.0"}
    assert json.loads((out / "render.json").read_text())["engine"] == "quarto"
    assert (tmp_path / "quarto-args.txt").read_text().split() == ["render"]
    assert all((out / f"index.{e}").read_text() == "quarto\n" for e in ("html", "pdf", "docx"))
    saw = (tmp_path / "quarto-saw.txt").read_text().split()
    assert "index.qmd" in saw and not [f for f in saw if f.endswith(".md")]


def test_under_quarto_the_staged_variables_name_quarto_when_it_renders(tmp_path, monkeypatch):
    """The manuscript rule writes the engine it expects; the render step stages the one that
    renders, before it runs: Quarto reads `render.engine` and `provenance.engine` as quarto even
    when the variables were written while only the fallback was on PATH, and the synthetic
    framing (running header, demonstration title) is in the project Quarto is given."""
    _fake_quarto(
        tmp_path,
        monkeypatch,
        'cp _variables.yml "$PWD/../quarto-variables.yml"\n'
        'cp _quarto.yml "$PWD/../quarto-project.yml"\n'
        'cp index.qmd "$PWD/../quarto-article.qmd"\n',
    )
    article = '---\ntitle: "Topic: A Qualitative Study"\n---\n\nBy {{< var render.engine >}}.\n'
    src = _project(tmp_path, article)
    gen = tmp_path / "gen"
    (gen / "_tables").mkdir(parents=True)
    guessed = {
        "render": {"engine": "pandoc+typst"},
        "provenance": {"engine": "pandoc+typst", "commit": "abc"},
        "study": {"synthetic": "yes", "after": "Someone et al. (2023)"},
    }
    (gen / "_variables.yml").write_text(yaml.safe_dump(guessed))
    info = render_manuscript(src, gen, [], tmp_path / "stage", tmp_path / "out", "auto", 0)
    assert info["engine"] == "quarto"
    seen = yaml.safe_load((tmp_path / "quarto-variables.yml").read_text())
    assert seen["render"]["engine"] == seen["provenance"]["engine"] == "quarto"
    assert seen["provenance"]["commit"] == "abc"
    # the generated file is left as the rule wrote it (the rule's output is never edited)
    assert yaml.safe_load((gen / "_variables.yml").read_text()) == guessed
    project = yaml.safe_load((tmp_path / "quarto-project.yml").read_text())
    headers = "\n".join(h["text"] for h in project["format"]["typst"]["include-in-header"])
    assert "#set page(header:" in headers and "Synthetic data" in headers
    assert "#show figure: set block(breakable" not in headers
    assert (
        "pipeline demonstration on synthetic data, after Someone et al. (2023)"
        in (tmp_path / "quarto-article.qmd").read_text()
    )


ALWAYS = {"measured", "alpha_mean", "alpha_pooled"}  # reliability.* keys present without human codings


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_manuscript_needs_a_reliability_variable_that_only_human_codings_write(source):
    """Issue 17: with `coding.human: []` the bundled manuscript stopped at 'reliability.units'.
    Every reliability number beyond these is printed by the generated reliability_section.md."""
    used = set(re.findall(r"\{\{<\s*var\s+reliability\.(\w+)\s*>\}\}", (source / "index.qmd").read_text()))
    assert used <= ALWAYS
    assert "figures/reliability.png" not in (source / "index.qmd").read_text()  # drawn only with codings
