"""`site_id` is optional: a study without sites (remote one-to-one interviews) leaves the column out
of its participants sheet and gets no per-site outputs, tables, figures or sentences — end to end
through the manuscript stage."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import BIN, background_run, copy_workflow, finished_run, run_job

from coprod.errors import InputError
from coprod.segment import read_participants, sheet_has_sites

SHEET = "transcript_id\tparticipant_id\tfile\t{site}group\trole_category\n"


def _sheet(tmp_path: Path, sites: bool, rows: list[str]) -> Path:
    path = tmp_path / "participants.tsv"
    path.write_text(SHEET.format(site="site_id\t" if sites else "") + "".join(r + "\n" for r in rows))
    return path


def test_a_sheet_without_site_id_reads_with_empty_sites(tmp_path):
    path = _sheet(tmp_path, False, ["t01\tP01\ta.txt\tremote\tcarer", "t02\tP02\tb.txt\tremote\tnurse"])
    sheet = read_participants(path)
    assert list(sheet.site_id) == ["", ""] and list(sheet.group) == ["remote", "remote"]
    assert not sheet_has_sites(path)
    # with the column, every cell must still be filled
    path = _sheet(tmp_path, True, ["t01\tP01\ta.txt\t\tremote\tcarer"])
    assert sheet_has_sites(path)
    with pytest.raises(InputError, match=r"participants.tsv:2: empty cell"):
        read_participants(path)


PUBLIC = "The transcripts are public: the inquiry published them."


# Fewer Gibbs sweeps and bootstrap replicates than the template's: what this run checks is which
# per-site outputs and sentences exist, not the estimates (the scaffolded study is run with the
# template's own settings in test_manuscript_studies).
TRIM = {
    "  reliability: {bootstrap: 1000,": "  reliability: {bootstrap: 50,",
    "  saturation: {bootstrap: 200,": "  saturation: {bootstrap: 50,",
    "  max_iter: 1000\n": "  max_iter: 50\n",
    "  samples: 50\n": "  samples: 5\n",
    "  thin: 10\n": "  thin: 2\n",
    "  infer_iter: 100\n": "  infer_iter: 20\n",
    "  bootstrap: 500\n": "  bootstrap: 50\n",
}


def trimmed(text: str) -> str:
    for old, new in TRIM.items():
        assert text.count(old) == 1, old  # the template's setting, once
        text = text.replace(old, new)
    return text


def _prepare_no_site_run(factory) -> tuple[Path, dict]:
    """`coprod new-study` with the site_id column removed from its participants sheet, to run
    end to end (started in the background with the session's runs: conftest.background_run)."""
    tmp = copy_workflow(factory.mktemp("no_sites"))
    made = subprocess.run(
        [str(BIN / "coprod"), "new-study", "remote"], cwd=tmp, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    sheet_path = tmp / "config/remote/participants.tsv"
    sheet = pd.read_csv(sheet_path, sep="\t", dtype=str)
    sheet.drop(columns="site_id").to_csv(sheet_path, sep="\t", index=False)
    # a study of public transcripts says so where the template says they stay with the team
    config = tmp / "config/remote/config.yaml"
    text = config.read_text()
    assert "  data_availability: The raw interviews stay with the research team.\n" in text
    text = text.replace("The raw interviews stay with the research team.", f"'{PUBLIC}'")
    config.write_text(trimmed(text))
    # the build date from the study's config
    return tmp, run_job(tmp, tmp, factory.mktemp("no_sites_logs"), "config/remote/config.yaml", epoch=False)


background_run("no_site_run", _prepare_no_site_run)


@pytest.fixture(scope="module")
def no_site_run(tmp_path_factory) -> Path:
    tmp, _, console = finished_run("no_site_run", tmp_path_factory)
    (tmp / "console.txt").write_text(console)  # what the researcher saw
    return tmp / "results" / "remote"


def test_a_study_without_sites_gets_no_per_site_outputs(no_site_run):
    results = no_site_run
    assert (results / "coding/code_by_group.tsv").exists()
    assert not (results / "coding/code_by_site.tsv").exists()
    assert not (results / "topics/prevalence_by_site.tsv").exists()
    assert not (results / "figures/code_by_site.png").exists()
    assert (results / "manuscript/index.pdf").exists()
    tables = results / "manuscript/generated/_tables"
    assert (tables / "corpus.md").read_text().splitlines()[0] == "| Group | Transcripts | Words |"
    assert "Sites" not in (tables / "codes.md").read_text().splitlines()[0]
    assert (tables / "codes_by_site.md").read_text() == ""
    assert (results / "coding/code_summary.tsv").exists()
    assert set(pd.read_csv(results / "coding/code_summary.tsv", sep="\t").sites) == {0}


def test_a_study_without_sites_prints_no_site_sentence(no_site_run):
    results = no_site_run
    html = (results / "manuscript/index.html").read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    with zipfile.ZipFile(results / "manuscript/index.docx") as zf:
        docx = re.sub(r"<[^>]+>", " ", zf.read("word/document.xml").decode())
    for text in (re.sub(r"<[^>]+>", " ", html), docx):
        found = re.findall(r"[^.]{0,60}\bsites?\b[^.]{0,40}", text, re.I)
        assert found == [], found
    assert "per group" in docx
    assert PUBLIC in docx and "stay with the research team" not in docx
    coreq = pd.read_csv(results / "manuscript/coreq.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert not coreq.apply(lambda col: col.str.contains(r"\bsites?\b", case=False)).any().any()


def test_a_site_covariate_without_sites_is_one_line(no_site_run):
    work = no_site_run.parent.parent
    config = work / "config/remote/config.yaml"
    text = config.read_text()
    assert "  prevalence_covariates: [group]\n" in text
    other = work / "config/remote/site_covariate.yaml"
    other.write_text(
        text.replace("  prevalence_covariates: [group]\n", "  prevalence_covariates: [group, site_id]\n")
    )
    run = subprocess.run(
        [str(BIN / "snakemake"), "-n", "--configfile", "config/remote/site_covariate.yaml"],
        cwd=work,
        capture_output=True,
        text=True,
        env={"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(work)},
    )
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "config error: config/remote/site_covariate.yaml: topics.prevalence_covariates names site_id, "
        "but the participants sheet has no site_id column — remove site_id from "
        "topics.prevalence_covariates or add the column"
    ]


def test_the_run_itself_warns_while_template_placeholder_text_remains(no_site_run):
    """On the console, not only in the render log: one line per placeholder, naming file and line."""
    console = (no_site_run.parent.parent / "console.txt").read_text().splitlines()
    warnings = [line for line in console if line.startswith("warning:") and "placeholder" in line]
    assert len(warnings) == 2, warnings
    assert all(
        re.match(r"warning: config/remote/manuscript/index\.qmd line \d+: template placeholder", w)
        for w in warnings
    )
