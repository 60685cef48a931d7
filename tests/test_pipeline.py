"""End to end: the Snakemake workflow on the four-transcript fixture corpus in a temp dir."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import BIN, CORPUS, background_run, cache_env, clone_run, run_result, step_job

FIXTURE_CONFIG = "tests/fixtures/corpus/config.yaml"


def snakemake(workdir, *args):
    cmd = [str(BIN / "snakemake"), "--cores", "2", "--configfile", FIXTURE_CONFIG, *args]
    return subprocess.run(
        cmd,
        cwd=workdir,
        capture_output=True,
        text=True,
        env={
            "PATH": f"{BIN}:/usr/bin:/bin",
            "SOURCE_DATE_EPOCH": "1643846400",
            "HOME": str(workdir),
            **cache_env(),
        },
    )


def digests(folder):
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def relative(found, root):
    return {str(Path(k).relative_to(root)): v for k, v in found.items()}


def test_full_run_then_noop_then_planted_leak_fails(fixture_run, tmp_path):
    # the shared full run (conftest.fixture_run), copied: this test plants a leak in it
    workdir = clone_run(fixture_run, tmp_path / "run")
    raw = workdir / "tests" / "fixtures" / "corpus"
    res = workdir / "results"

    # the three manuscript files, with the figures embedded and the corpus numbers from the tables
    for name in ("index.html", "index.pdf", "index.docx"):
        assert (res / "manuscript" / name).stat().st_size > 1000
    html = (res / "manuscript" / "index.html").read_text(encoding="utf-8")
    source = res / "manuscript" / "source"  # the article and its generated fragments (_tables/)
    # the article and the fragments it includes (a study's template may leave some unused)
    article = (source / "index.qmd").read_text(encoding="utf-8")
    included = re.findall(r"\{\{< include (_tables/[^ >]+\.md) >\}\}", article)
    qmd = "\n".join([article, *((source / f).read_text(encoding="utf-8") for f in included)])
    n_figures = len(re.findall(r"\]\(figures/[^)]+\.png\)\{#fig-", qmd))
    n_tables = len(re.findall(r"\{#tbl-", qmd))
    assert n_figures >= 6 and n_tables >= 3
    assert html.count("data:image/png;base64,") == n_figures  # every figure embedded
    assert "?@" not in html and "{{<" not in html  # every reference and shortcode resolved
    for k in range(1, n_figures + 1):
        assert f"Figure {k}" in html
    for k in range(1, n_tables + 1):
        assert f"Table {k}" in html
    assert 'id="refs"' in html and "Journal of Social Policy" in html  # the bibliography
    assert "Appendix: provenance" in html and "pandoc+typst" in html or "quarto" in html
    stats = pd.read_csv(res / "descriptives" / "transcripts.tsv", sep="\t")
    segments = pd.read_csv(res / "segments.tsv", sep="\t")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert f"holds {len(stats)} transcripts" in text
    assert f"{stats.words.sum():,} words in all" in text
    assert f"form {len(segments)} segments" in text
    variables = yaml.safe_load((res / "manuscript" / "generated" / "_variables.yml").read_text())
    assert variables["corpus"]["transcripts"] == 4 and variables["render"]["engine"] in {
        "pandoc+typst",
        "quarto",
    }
    from pypdf import PdfReader

    pdf_text = " ".join(p.extract_text() for p in PdfReader(res / "manuscript" / "index.pdf").pages)
    assert f"{stats.words.sum():,}" in pdf_text and "Figure 3" in pdf_text

    # privacy: raw inputs untouched, private zone private, no register name in shareable text
    assert relative(digests(raw), raw) == relative(digests(CORPUS), CORPUS)
    assert (workdir / "private").stat().st_mode & 0o077 == 0
    assert "Jean" not in (res / "deidentified" / "fx01.txt").read_text()
    assert "hits\t0" in (res / "audit" / "audit.tsv").read_text()

    # a second dry run has nothing to do
    dry = snakemake(workdir, "-n")
    assert dry.returncode == 0 and "Nothing to be done" in dry.stdout + dry.stderr

    # plant a register name in a shareable file: the audit fails naming file and line
    note = res / "notes.txt"
    note.write_text("shareable notes\nwe met Alan Baxter again\n", encoding="utf-8")
    leak = snakemake(workdir, "--forcerun", "audit_shareable")
    assert leak.returncode != 0
    out = leak.stdout + leak.stderr
    assert "privacy audit failed: results/notes.txt (line 2): original identifier found" in out
    assert "Alan Baxter" not in out.split("privacy audit failed")[1]  # the terminal never shows it
    assert not (res / "audit" / "audit.tsv").exists()
    # the private report has every hit with the original and the fix; the manuscript is moved out
    report = (workdir / "private" / "audit" / "hits.tsv").read_text(encoding="utf-8")
    assert "results/notes.txt\tline 2\tAlan Baxter" in report and "register" in report
    assert (
        not (res / "manuscript").exists()
        and (workdir / "private" / "audit" / "failed" / "manuscript").is_dir()
    )


def test_config_typo_stops_with_one_line(workdir):
    bad = workdir / "bad.yaml"
    cfg = yaml.safe_load((workdir / FIXTURE_CONFIG).read_text())
    cfg["topics"]["kk"] = 3
    bad.write_text(yaml.safe_dump(cfg))
    proc = subprocess.run(
        [str(BIN / "snakemake"), "-n", "--configfile", "bad.yaml"],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    err = proc.stderr.strip()
    assert "config error: bad.yaml: unknown key 'topics.kk' — allowed here:" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_transcript_without_a_participants_row_is_one_line(workdir):
    (workdir / "tests" / "fixtures" / "corpus" / "extra.txt").write_text("I: hi\n\nR: hello\n")
    proc = subprocess.run(
        [str(BIN / "snakemake"), "-n", "--configfile", FIXTURE_CONFIG],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert proc.stderr.strip() == (
        "input error: tests/fixtures/corpus/participants.tsv: transcript 'extra.txt' in "
        "tests/fixtures/corpus has no row — "
        "add a row for it (participant_id, file, site_id, group, role_category)"
    )


def test_results_do_not_depend_on_chunking_or_core_count(fixture_run, chunked_run):
    """Issue 16: the fixture study with the default ingest chunks on 2 cores and with 3 chunks on
    1 core publishes byte-identical results (the manuscript's provenance names the config file,
    which differs, so the manuscript is compared without it)."""
    # a: the shared run (conftest.fixture_run: default chunks, 2 cores); b: the shared second run
    # (conftest.chunked_run: 3 chunks on 1 core, under umask 000)
    runs = {"a": fixture_run / "results", "b": chunked_run / "results"}
    assert len(list((chunked_run / "private" / "deidentify" / "plans").glob("*.json"))) == 3
    a, b = digests(runs["a"]), digests(runs["b"])
    rel = lambda d, root: {str(Path(k).relative_to(root)): v for k, v in d.items()}  # noqa: E731
    a, b = rel(a, runs["a"]), rel(b, runs["b"])
    assert len(list((fixture_run / "private" / "deidentify" / "plans").glob("*.json"))) == 1  # auto
    assert sorted(a) == sorted(b)
    differ = sorted(k for k in a if a[k] != b[k])
    # only files that carry the provenance table (config file name and hash) may differ
    assert all(k.startswith("manuscript/") for k in differ), differ
    assert any(k.startswith("deidentified/") for k in a) and len(a) - len(differ) > 50


def planned_rules(workdir):
    """The rules a dry run would run, from Snakemake's job-count table."""
    dry = snakemake(workdir, "-n", "--quiet", "rules")
    assert dry.returncode == 0, dry.stderr[-3000:]
    out = dry.stdout + dry.stderr
    if "Nothing to be done" in out:
        return set()
    return {m for m in re.findall(r"^(\w+)\s+\d+$", out, re.M) if m != "total"}


def test_an_edit_reruns_only_the_rules_that_use_it(fixture_run, tmp_path):
    """Issue 27: a rule's code inputs are the library files its script imports, and its params the
    config keys it reads. Editing the figure module redraws the figures and what is built from
    them (manuscript, audit), never ingest, de-identification, coding or topics; changing
    topics.bootstrap re-runs the prevalence intervals, not the K search."""
    work = clone_run(fixture_run, tmp_path / "run")
    assert planned_rules(work) == set()  # the copy of a finished run is up to date
    module = work / "src" / "coprod" / "figures.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    rules = planned_rules(work)
    after = {"write_manuscript_variables", "render_manuscript", "audit_shareable", "all"}
    assert "plot_code_by_site" in rules and after <= rules, rules
    # the prevalence job draws its figure (figures.smk, drawn_in): it and its reader are planned
    drawn_in = {"topic_prevalence", "write_topic_statements"}
    assert all(r.startswith("plot_") or r in after | drawn_in for r in rules), rules

    work = clone_run(fixture_run, tmp_path / "bootstrap")
    config = work / FIXTURE_CONFIG
    config.write_text(config.read_text(encoding="utf-8").replace("bootstrap: 20", "bootstrap: 19"))
    rules = planned_rules(work)
    assert "topic_prevalence" in rules and "audit_shareable" in rules, rules
    # the bootstrap draws change the prevalence intervals only: not the fits, the topic tables,
    # their figures or the checklists
    unchanged = {"prepare_topics", "fit_topic_model", "search_topics", "fit_topics", "code_segments"}
    unchanged |= {"plot_topic_words", "plot_k_diagnostics", "plot_topic_code", "write_reporting_checklists"}
    assert not rules & unchanged, rules
    assert not any(r.startswith(("ingest_", "deidentify_")) for r in rules), rules


def _add_a_keyword_that_fires_nowhere(work) -> None:
    book = Path(work) / "config" / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    assert text.count("keywords: [woolly, ") == 1
    book.write_text(text.replace("keywords: [woolly, ", "keywords: [woolly, zibberflonk, "), encoding="utf-8")


def _prepare_keyword_edit_run(factory, base):
    """The fixture study's finished run (conftest.fixture_run), copied, its codebook given a
    keyword that fires nowhere, re-run as `snakemake()` does; in the background after that run
    (conftest.background_run, after=)."""
    work = factory.mktemp("keyword_edit") / "run"
    argv = [str(BIN / "snakemake"), "--cores", "2", "--configfile", FIXTURE_CONFIG]
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "SOURCE_DATE_EPOCH": "1643846400",
        "HOME": str(work),
        **cache_env(),
    }
    logs = factory.mktemp("keyword_edit_logs")
    return work, step_job(base, work, logs, _add_a_keyword_that_fires_nowhere, argv, env)


background_run("keyword_edit_run", _prepare_keyword_edit_run, after="fixture_run")


@pytest.fixture(scope="module")
def keyword_edit_run(tmp_path_factory):
    work, out, err, code = run_result("keyword_edit_run", tmp_path_factory)
    return work, subprocess.CompletedProcess([], code, out, err)


def test_a_keyword_edit_reruns_only_the_rules_that_apply_keywords(fixture_run, keyword_edit_run):
    """Issue 27: reliability, the topic-code alignment, the codes' statements and the reporting
    checklists read the codebook without its rules (codebook_structure), and the figures read the
    codes' labels only: a keyword that fires nowhere starts none of them, and every result they
    and the coding stage publish keeps its bytes (what a cold run of the edited codebook writes:
    the view is the same, test_codebook_view)."""
    # (the finished run's results before the edit, and its copy after the edit and the re-run)
    before = relative(digests(fixture_run / "results"), fixture_run / "results")
    work, done = keyword_edit_run
    assert "keywords: [woolly, zibberflonk, " in (work / "config" / "codebook.yaml").read_text()
    assert done.returncode == 0, done.stderr[-3000:]
    ran = set(re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):$", done.stdout + done.stderr, re.M))
    assert {"code_segments", "codebook_structure", "audit_shareable"} <= ran, ran
    readers = {"assess_reliability", "align_topics_codes", "write_codes_statements"}
    readers |= {"write_reporting_checklists"}
    assert not ran & readers, ran
    assert not any(r.startswith(("plot_", "ingest_", "deidentify_", "fit_", "search_")) for r in ran), ran
    after = relative(digests(work / "results"), work / "results")
    assert sorted(after) == sorted(before)
    differ = {k for k in before if before[k] != after[k]}
    assert "coding/keyword_report.tsv" in differ
    same = ["coding/codebook_structure.yaml", "coding/code_labels.tsv", "coding/coded_segments.tsv"]
    same += ["coding/code_summary.tsv", "coding/reliability.tsv", "topics/topic_code.tsv"]
    same += ["coding/codebook.qdc"]
    same += ["coding/codes_manuscript.yml", "manuscript/coreq.tsv", "manuscript/srqr.tsv"]
    assert not differ & set(same), sorted(differ)


def test_a_figure_redrawn_byte_identical_starts_nothing_that_reads_it(fixture_run, tmp_path):
    """Issue 27: the plot rules are checkpoints. A figure script's comment redraws that figure,
    which comes out byte-identical, so the manuscript's assembly, the render and the audit (its
    readers) are not started, and no result changes."""
    work = clone_run(fixture_run, tmp_path / "run")
    before = relative(digests(work / "results"), work / "results")
    script = work / "scripts" / "figures" / "corpus_descriptives.py"
    script.write_text(script.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    done = snakemake(work)
    assert done.returncode == 0, done.stderr[-3000:]
    ran = set(re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):$", done.stdout + done.stderr, re.M))
    assert "plot_corpus_descriptives" in ran, ran
    readers = {"write_manuscript_variables", "render_manuscript", "audit_shareable", "audit_corpus"}
    assert not ran & readers, ran
    assert relative(digests(work / "results"), work / "results") == before


def test_the_audit_s_early_scan_writes_the_residual_report(tmp_path_factory):
    """The residual-risk report is written by rule audit_corpus (no rule of its own: one process
    fewer after a transcript or allow-list edit), private, with its counts on the terminal, before
    the final audit reads it."""
    work, out, err, code = run_result("fixture_run", tmp_path_factory)
    assert code == 0, err[-3000:]
    report = work / "private" / "audit" / "residual.tsv"
    assert report.is_file() and report.stat().st_mode & 0o077 == 0
    assert report.read_text(encoding="utf-8").split("\t")[0] == "form"
    assert "residual risk: " in out + err
    ran = set(re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):$", out + err, re.M))
    assert {"audit_corpus", "audit_shareable"} <= ran and "residual_risk" not in ran
