"""End to end, per study: the pipeline renders a manuscript whose PDF a reader can read (every
table cell on a page, inside the text area, not drawn over another line), in a project that
follows Quarto's manuscript rules — for the bundled manuscript (on the fixture corpus), the
second example study (peer support) and a study scaffolded by `coprod new-study`, whose
manuscript must contain no text of the bundled study.
"""

from __future__ import annotations

import html as htmlmod
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from bundled_text import bundled_prose, bundled_terms, shingles
from conftest import (
    BIN,
    FIXTURE_CONFIG,
    PEER_SUPPORT_CONFIG,
    background_run,
    clone_run,
    copy_workflow,
    finished_run,
    run_env,
    run_job,
    run_result,
    step_job,
)
from manuscript_layout import included_tables, layout_problems

from coprod.render import project_problems


def _setup_new_study(tmp: Path) -> tuple[Path, str]:
    copy_workflow(tmp)
    made = subprocess.run(
        [str(BIN / "coprod"), "new-study", "transport"], cwd=tmp, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return tmp / "results" / "transport", "config/transport/config.yaml"


def _make_real_study(tmp: Path, config: str) -> None:
    """The scaffolded study once its team has replaced the samples by real interviews:
    study.synthetic set to false (the transcripts are still the samples; what is tested is
    that the manuscript then prints none of the synthetic-data framing)."""
    path = tmp / config
    text = path.read_text()
    assert "\nstudy:\n  synthetic: true\n" in text
    path.write_text(text.replace("\nstudy:\n  synthetic: true\n", "\nstudy:\n  synthetic: false\n"))


STUDIES = ("bundled", "new_study", "peer_support", "real_study")


# the bundled studies' runs are shared by the session (conftest.fixture_run, .peer_support_run:
# snakemake --cores 2, the fixture study's build date being its config's)
SHARED = {
    "bundled": ("fixture_run", "results", FIXTURE_CONFIG),
    "peer_support": ("peer_support_run", "results/peer_support", PEER_SUPPORT_CONFIG),
}


NEW_STUDY_CONFIG = "config/transport/config.yaml"


def _prepare_new_study_run(factory) -> tuple[Path, dict]:
    tmp = factory.mktemp("new_study")
    _, config = _setup_new_study(tmp)
    assert config == NEW_STUDY_CONFIG
    # snakemake --cores 2 in the folder, HOME there too, the build date from the study's config
    return tmp, run_job(tmp, tmp, factory.mktemp("new_study_logs"), config, epoch=False)


background_run(
    "new_study_run",
    _prepare_new_study_run,
    wanted_by=lambda item: (
        getattr(item, "callspec", None) is not None
        and item.callspec.params.get("study") in ("new_study", "real_study")
    ),
)


def _make_real_study_of_the_copy(root) -> None:
    _make_real_study(Path(root), NEW_STUDY_CONFIG)


def _prepare_real_study_run(factory, base) -> tuple[Path, dict]:
    """real_study: the scaffolded study's finished run (new_study_run), copied, with
    study.synthetic edited, re-run as new_study_run ran; started in the background after that run
    (conftest.background_run, after=)."""
    tmp = factory.mktemp("real_study")
    argv = [str(BIN / "snakemake"), "--cores", "2", "--configfile", NEW_STUDY_CONFIG]
    env = {k: v for k, v in run_env(tmp).items() if k != "SOURCE_DATE_EPOCH"}  # as new_study_run
    logs = factory.mktemp("real_study_logs")
    return tmp, step_job(base, tmp, logs, _make_real_study_of_the_copy, argv, env)


background_run(
    "real_study_run",
    _prepare_real_study_run,
    wanted_by=lambda item: (
        getattr(item, "callspec", None) is not None and item.callspec.params.get("study") == "real_study"
    ),
    after="new_study_run",
)


@pytest.fixture(scope="module")
def new_study_run(tmp_path_factory) -> tuple[Path, Path, str]:
    """A study scaffolded by `coprod new-study`, run end to end once, with the template's own
    settings (read-only: `clone_run` it first); started in the background with the session's
    runs (conftest.background_run)."""
    tmp = finished_run("new_study_run", tmp_path_factory)[0]
    return tmp, tmp / "results" / "transport", NEW_STUDY_CONFIG


@pytest.fixture(scope="module", params=STUDIES)
def study(request, tmp_path_factory):
    if request.param in SHARED:  # a bundled study: the session's shared run (conftest), copied
        tmp = tmp_path_factory.mktemp(request.param)
        run_fixture, results, config = SHARED[request.param]
        clone_run(request.getfixturevalue(run_fixture), tmp)
        return request.param, tmp, tmp / results, config
    made, results, config = request.getfixturevalue("new_study_run")
    if request.param == "new_study":
        return request.param, made, results, config
    # real_study: the scaffolded study's finished run, copied, with study.synthetic edited; the
    # workflow re-runs every rule whose parameters hold the flag (as for any config edit), so
    # the outputs are those of a first run with the edited config
    # (run in the background once new_study_run had finished: real_study_run)
    tmp, _, err, code = run_result("real_study_run", tmp_path_factory)
    assert code == 0, err[-3000:]
    return request.param, tmp, tmp / results.relative_to(made), config


def _pdf_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_pdf_layout_every_table_cell_is_readable(study):
    import pdfplumber

    _, _, results, _ = study
    source = results / "manuscript" / "source"
    assert project_problems(source) == []
    margin = yaml.safe_load((source / "_quarto.yml").read_text())["format"]["typst"]["margin"]
    cells = included_tables(source)
    assert len(cells) > 40
    pdf = results / "manuscript" / "index.pdf"
    assert layout_problems(pdf, float(margin["x"][:-2]), float(margin["y"][:-2]), cells) == []
    with pdfplumber.open(pdf) as doc:
        assert {(round(p.width), round(p.height)) for p in doc.pages} == {(595, 842)}
    text = _pdf_text(pdf)
    assert len(re.findall(r"^References$", text, re.M)) == 1 and "Bibliography" not in text


def _visible_text(results: Path) -> str:
    html = (results / "manuscript" / "index.html").read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    with zipfile.ZipFile(results / "manuscript" / "index.docx") as zf:
        docx = zf.read("word/document.xml").decode()
    return "\n".join(
        [
            htmlmod.unescape(re.sub(r"<[^>]+>", " ", html)),
            _pdf_text(results / "manuscript" / "index.pdf"),
            re.sub(r"<[^>]+>", " ", docx),
        ]
    )


def test_new_study_renders_on_first_run_with_no_text_of_the_bundled_study(study):
    name, tmp, results, config = study
    if name != "new_study":
        pytest.skip("only the scaffolded study")
    assert (results / "audit" / "audit.tsv").exists()  # the privacy audit passed
    text = _visible_text(results)
    assert "four synthetic sample interviews about a community transport scheme" in text
    assert not (shingles(text) & shingles(bundled_prose()))  # no 7-word run of the bundled article
    lowered = text.lower()
    assert [t for t in bundled_terms() if t.lower() in lowered] == []
    # the study's own build date, not the bundled article's (2022-02-03)
    epoch = yaml.safe_load((tmp / config).read_text())["manuscript"]["source_date_epoch"]
    assert epoch != 1643846400 and "2022-02-03" not in text
    assert "No human codings were configured for this corpus" in text


CAPTION_RE = re.compile(r"^: .*\{#tbl-[^}]*\}\s*$", re.M)


def test_synthetic_flag_reaches_every_figure_and_table_caption_and_nothing_when_off(study):
    """study.synthetic on: every figure's drawn strings and every table caption say
    "synthetic", and the PDF's title and every page's header do; off: none of them does."""
    name, tmp, results, config = study
    on = name != "real_study"
    source = results / "manuscript" / "source"
    strings = {p.name: p.read_text() for p in sorted((results / "figures").glob("*.png.strings.txt"))}
    captions = CAPTION_RE.findall((source / "index.qmd").read_text())
    for frag in sorted((source / "_tables").rglob("*.md")):
        captions += CAPTION_RE.findall(frag.read_text())
    assert len(strings) >= 8 and len(captions) >= 6
    assert all(("synthetic" in t.lower()) == on for t in strings.values()), name
    assert all(("synthetic" in c.lower()) == on for c in captions), name
    import pdfplumber

    with pdfplumber.open(results / "manuscript" / "index.pdf") as pdf:
        title = str(pdf.metadata.get("Title", ""))
        headers = [(p.extract_text() or "").split("\n", 1)[0] for p in pdf.pages]
    assert ("synthetic data" in title) == on
    assert all(("Synthetic data" in h) == on for h in headers), headers[:3]
