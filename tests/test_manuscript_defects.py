"""Defects a reader of the rendered manuscript found, each pinned by a test that fails on it:
articles and plurals from counts, negative zero, thousands separators, duplicated attributions,
"national" counted as a site, raw counts by site, figure legends and reference lines, hyphenated
topic words, the stability wording, figures breaking from their captions, the engine named in
the provenance, and un-annotated transcripts scored as false positives."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml
from PIL import Image

from coprod import figures
from coprod.codes_statements import quotes_markdown, with_study_sites
from coprod.ingest import Transcript, Turn
from coprod.manuscript import (
    _f,
    count,
    indefinite_article,
    md_table,
    plural,
)
from coprod.reliability_statements import reliability_section_md
from coprod.render import render_manuscript

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "manuscript",
    ROOT / "config/examples/peer_support/manuscript",
    ROOT / "src/coprod/templates/study/manuscript",
]


# ------------------------------------------------------------------ words from numbers


@pytest.mark.parametrize(
    "n, article",
    [
        (8, "an"),
        (11, "an"),
        (18, "an"),
        (80, "an"),
        (86, "an"),
        (800, "an"),
        (8_000, "an"),
        (11_000, "an"),
        (18_500, "an"),
        (1, "a"),
        (10, "a"),
        (12, "a"),
        (20, "a"),
        (100, "a"),
        (1_100, "a"),
        (180_000, "a"),
    ],
)
def test_article_follows_the_spoken_number(n, article):
    assert indefinite_article(n) == article


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_no_manuscript_hard_codes_an_article_before_a_number(source):
    text = (source / "index.qmd").read_text()
    assert not re.search(r"\ban?\s+\{\{< var [\w.]+ >\}\}-", text)
    assert "{{< var topics.k_article >}}" in text or "{{< var topics.k >}}-topic" not in text


def test_counts_take_the_noun_in_their_number_with_thousands_separators():
    assert plural(1, "code") == "1 code" and plural(2, "code") == "2 codes"
    assert plural(1345, "replacement") == "1,345 replacements" and count(1322) == "1,322"
    rel = {
        "measured": "yes",
        "coders": 2,
        "units": 1,
        "alpha_mean": "0.5",
        "alpha_pooled": "0.5",
        "kappa_pooled": "0.5",
        "alpha_min": "0.1",
        "alpha_max": "0.9",
        "n_below_0667": 1,
        "below_0667": "Funding",
    }
    rel |= {"n_estimable": 3, "n_not_estimable": 1, "not_estimable": "Tokenism", "transcripts": 1}
    text = reliability_section_md(rel, "| a |\n|:--|\n| 1 |\n", False)
    assert not re.search(r"\b1 (codes|participant turns|transcripts|coders)\b", text)
    assert "one code fell below" in text.lower() and "one code could not be estimated" in text.lower()
    assert "one participant turn from one transcript" in text


def test_no_negative_zero_and_separators_in_numbers_and_tables():
    assert _f(-0.004) == "0.00" and _f(-0.004, sign=True) == "+0.00" and _f(-0.5) == "-0.50"
    assert _f(1345.4, 0) == "1,345"
    table = md_table(pd.DataFrame({"Type": ["ALL"], "Gold mentions": [1322], "K": [8]}), "lrr")
    assert "1,322" in table and "1322" not in table


def test_topic_effects_never_print_negative_zero():
    from topic_inputs import manuscript_parts

    effects = pd.DataFrame(
        {
            "topic": [1, 1],
            "term": ["(intercept)", "group=national"],
            "reference": ["", "group=local"],
            "estimate": [0.4, -0.0004],
            "lower_95": [0.3, -0.0004],
            "upper_95": [0.5, 0.09],
            "excludes_zero": ["", False],
        }
    )
    _, tables = manuscript_parts(
        *_topic_inputs(0.7), effects, pd.DataFrame({"topic": [1], "label": ["x"]}), _p()
    )
    table = tables["topic_effects.md"].replace("\\", "")
    assert "-0.0" not in table and "+0.0 pp" in table


# ------------------------------------------------------------------ sites and attributions


def test_a_group_that_is_its_own_site_is_named_once_in_an_attribution():
    ex = pd.DataFrame(
        {
            "code_id": ["c", "c"],
            "rank": [1, 2],
            "text": ["First quote words.", "Second quote words."],
            "participant_id": ["P19", "P03"],
            "group": ["national", "local"],
            "site_id": ["national", "site_a"],
        }
    )
    md = quotes_markdown(ex, "c").replace("\\", "")
    assert "P19 (national)" in md and "national, national" not in md
    assert "P03 (local, site_a)" in md


def test_sites_per_code_count_only_the_site_group():
    coded = pd.DataFrame(
        {
            "code_id": ["c", "c", "c", "d"],
            "site_id": ["site_a", "site_b", "national", "national"],
            "group": ["local", "local", "national", "national"],
        }
    )
    summary = pd.DataFrame({"code_id": ["c", "d"], "sites": [3, 1]})
    assert with_study_sites(summary, coded, "local").sites.tolist() == [2, 0]
    assert with_study_sites(summary, coded, "").sites.tolist() == [3, 1]


# ------------------------------------------------------------------ figures


def _capture(monkeypatch) -> list:
    drawn = []
    monkeypatch.setattr(figures, "save", lambda fig, path: drawn.append(fig))
    return drawn


def test_code_by_site_shows_rates_per_interview(tmp_path):
    matrix = pd.DataFrame({"code_id": ["c"], "national": [12], "site_a": [3]})
    path = tmp_path / "code_by_site.png"
    figures.code_frequency_by_site(matrix, {"c": "A code"}, path, {"national": 6, "site_a": 1})
    strings = path.with_name(path.name + ".strings.txt").read_text().splitlines()
    assert "Coded segments per interview" in strings
    assert {"national (6)", "site_a (1)", "2.0", "3.0"} <= set(strings) and "12" not in strings


def test_reliability_colours_have_a_legend(tmp_path):
    table = pd.DataFrame(
        {
            "code_id": ["a", "b", "c"],
            "alpha": [0.3, 0.7, 0.9],
            "n_coders": [3, 3, 3],
        }
    )
    path = tmp_path / "rel.png"
    figures.reliability_by_code(table, {}, path)
    strings = path.with_name(path.name + ".strings.txt").read_text()
    for label in ("α below 0.667 (or not estimable)", "0.667 ≤ α < 0.8", "α ≥ 0.8"):
        assert label in strings
    assert "three coders" in strings and "two coders" not in strings


def test_saturation_reference_lines_differ_and_are_labelled(monkeypatch):
    drawn = _capture(monkeypatch)
    rows = []
    for measure, total in (("codes", 5), ("code_pairs", 9)):
        for k in (1, 2, 3):
            rows.append(
                {
                    "measure": measure,
                    "interviews": k,
                    "mean": k,
                    "lower_95": k,
                    "upper_95": k,
                    "codes_in_order": k,
                    "total": total,
                    "informative": "yes",
                }
            )
    figures.saturation_curve(pd.DataFrame(rows), 12, "unused.png")
    fig = drawn[0]
    refs = []
    for ax in fig.axes[:2]:
        flat = [ln for ln in ax.get_lines() if len(set(ln.get_ydata())) == 1]
        refs.append((flat[-1].get_color(), flat[-1].get_linestyle()))
    assert refs[0] != refs[1]
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert {"12 codes in the codebook", "9 pairs seen in the whole corpus"} <= texts
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == len(set(labels)) and "codes in the codebook" in labels
    plt.close(fig)


# ------------------------------------------------------------------ topics


def test_topic_words_keep_hyphenated_compounds():
    from coprod.topics import prepare

    texts = ["Co-production needs short-term money and co-production leadership."] * 3
    prep = prepare(texts, frozenset({"and", "needs"}), 1, 1.0)
    assert "co-production" in prep.display and "short-term" in prep.display
    assert "production" not in prep.display


def _p() -> dict:
    return {
        "k": "auto",
        "min_stability": 0.6,
        "max_iter": 10,
        "samples": 1,
        "thin": 1,
        "language": "en",
        "min_tokens": 5,
        "prevalence_covariates": ["group"],
        "bootstrap": 10,
    }


def _topic_inputs(stability: float):
    k_summary = pd.DataFrame(
        {"k": [4], "stability": [stability], "eligible": [stability >= 0.6], "chosen": [True]}
    )
    screening = pd.DataFrame({"step": ["segments", "modelled", "vocabulary terms"], "segments": [10, 9, 30]})
    return k_summary, screening


_EFFECTS = pd.DataFrame(
    {
        "topic": [1],
        "term": ["(intercept)"],
        "reference": [""],
        "estimate": [0.4],
        "lower_95": [0.3],
        "upper_95": [0.5],
        "excludes_zero": [""],
    }
)


@pytest.mark.parametrize(
    "stability, shown, word",
    [
        (0.64, "0.64", "only just reach the stability threshold"),
        (0.75, "0.75", "are stable across seeds"),
        (0.5996, "0.5996", "are not stable across seeds"),
        (0.45, "0.45", "are not stable across seeds"),
    ],
)
def test_the_stability_word_follows_the_number_and_the_threshold(stability, shown, word):
    from topic_inputs import manuscript_parts

    v, _ = manuscript_parts(
        *_topic_inputs(stability), _EFFECTS, pd.DataFrame({"topic": [1], "label": ["x"]}), _p()
    )
    assert v["stability_verdict"].startswith(word) and v["stability"] == shown
    assert f" {shown} " in v["stability_verdict"] and "0.60 threshold" in v["stability_verdict"]


# ------------------------------------------------------------------ rendering


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_only_tables_may_break_across_pages(source):
    text = (source / "_quarto.yml").read_text()
    assert "#show figure: set block(breakable" not in text
    # pandoc writes tables as figures of kind table, Quarto as kind "quarto-float-tbl"
    assert "#show figure.where(kind: table): set block(breakable: true)" in text
    assert '#show figure.where(kind: "quarto-float-tbl"): set block(breakable: true)' in text


def _typst_rules(source: Path) -> str:
    cfg = yaml.safe_load((source / "_quarto.yml").read_text())
    return "\n".join(item["text"] for item in cfg["format"]["typst"]["include-in-header"])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("kind", ["image", '"quarto-float-fig"'])
def test_a_figure_caption_stays_on_the_page_of_its_image(tmp_path, source, kind):
    """The manuscript's Typst rules applied to figures as pandoc (kind image) and Quarto (kind
    "quarto-float-fig") write them, each after a different amount of space on a fresh page, so
    that some images reach the foot of the page: every caption must be on its image's page,
    below it (the rule meant for long tables let the caption run on to the next page)."""
    import typst

    Image.new("RGB", (400, 200), "black").save(tmp_path / "fig.png")
    body = [_typst_rules(source), '#set page(paper: "a4", margin: (x: 2.2cm, y: 2.5cm))']
    for i, space in enumerate(range(420, 560, 3)):
        body.append(
            f'#pagebreak(weak: true)\n#v({space}pt)\n#figure(image("fig.png", height: 200pt), '
            f"caption: [Caption number {i} under its image.], kind: {kind}, supplement: [Figure])"
        )
    (tmp_path / "doc.typ").write_text("\n".join(body) + "\n")
    typst.compile(str(tmp_path / "doc.typ"), output=str(tmp_path / "doc.pdf"), root=str(tmp_path))
    import pdfplumber

    found = 0
    with pdfplumber.open(tmp_path / "doc.pdf") as pdf:
        for page in pdf.pages:
            for word in page.search(r"Caption number \d+"):
                found += 1
                above = [im for im in page.images if im["bottom"] <= word["top"] + 1]
                assert above, f"page {page.page_number}: {word['text']} without its image above it"
    assert found == len(range(420, 560, 3))


def test_the_provenance_names_the_engine_that_rendered(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "_quarto.yml").write_text((ROOT / "manuscript/_quarto.yml").read_text())
    (src / "index.qmd").write_text(
        '---\ntitle: "Engine"\n---\n\nRendered by {{< var render.engine >}}; '
        "appendix engine {{< var provenance.engine >}}.\n\n{{< include _tables/provenance.md >}}\n"
    )
    gen = tmp_path / "gen"
    (gen / "_tables").mkdir(parents=True)
    # staged before rendering by a rule that guessed another engine
    (gen / "_variables.yml").write_text(
        yaml.safe_dump({"render": {"engine": "quarto"}, "provenance": {"engine": "quarto"}})
    )
    from coprod.manuscript import provenance

    _, table = provenance([], "0123456789abcdef", {}, "quarto", 1643846400, str(ROOT))
    assert "{{< var render.engine >}}" in table and "| quarto" not in table
    (gen / "_tables" / "provenance.md").write_text(table)
    Image.new("RGB", (10, 10)).save(tmp_path / "x.png")
    out = tmp_path / "out"
    render_manuscript(src, gen, [tmp_path / "x.png"], tmp_path / "stage", out, "pandoc", 1643846400)
    html = re.sub(r"<[^>]+>", " ", (out / "index.html").read_text())
    html = " ".join(html.split())
    assert "Rendered by pandoc+typst; appendix engine pandoc+typst." in html
    assert (
        "Render engine pandoc+typst" in html and "quarto" not in html.lower().split("render engine")[1][:40]
    )
    staged = yaml.safe_load((tmp_path / "stage" / "_variables.yml").read_text())
    assert staged["render"]["engine"] == staged["provenance"]["engine"] == "pandoc+typst"


# ------------------------------------------------------------------ de-identification scoring


def test_transcripts_without_gold_annotations_are_not_scored():
    from coprod.evaluate import evaluate

    def tr(tid: str, text: str) -> Transcript:
        return Transcript(tid, "x.txt", "txt", "utf-8", [Turn("P", "participant", text, 0)])

    a = tr("t01", "I met Jane Roe at the hall.")
    b = tr("t02", "Then Alan Baxter and Mary Moe came.")  # added later, not annotated
    review = pd.DataFrame(
        {
            "transcript": ["t01", "t02", "t02"],
            "turn": [0, 0, 0],
            "field": ["text"] * 3,
            "start": [6, 5, 20],
            "end": [14, 16, 28],
            "type": ["PERSON"] * 3,
        }
    )
    docs = {"t01": "I met [Person 1] at the hall.", "t02": "Then [Person 2] and [Person 3] came."}
    gold = {"transcripts": {"t01": [{"text": "Jane Roe", "type": "PERSON"}]}, "keep": []}
    row = evaluate([a, b], review, docs, gold).set_index("type").loc["ALL"]
    assert row.detected == 1 and row.precision == 1.0 and row.gold_mentions == 1 and row.recall == 1.0
