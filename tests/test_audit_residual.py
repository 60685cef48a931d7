"""Residual risk: name-like forms left in the published transcripts that no list knows are
ordinary or public — reported privately with counts and context, or a failure until decided."""

from __future__ import annotations

import csv
import stat

import pytest

from coprod.errors import LeakError
from coprod.privacy.audit import enforce_residual_report, residual_check
from coprod.privacy.audit.residual import Ordinary, candidates

# synthetic names of this test's own; none is registered, so the known-identifier scan cannot
# see them
TEXT_1 = (
    "Interviewer: So, [Person 1], tell me about April and the winter.\n\n"
    "Respondent: Well, I spoke to Wendeline Quarrington on Friday. Scotland is big. "
    "We've had Governance meetings with NHS Tayside in Dundee, and Quarrington's team.\n\n"
    "Respondent: The Snorbeck review helped. Co-production matters. Mm-hm.\n"
)
TEXT_2 = "Respondent: Quarrington came too. The Snorbeck review again, with [Organisation 2].\n"


@pytest.fixture(scope="module")
def ordinary():
    return Ordinary(allow=["Scottish Ambulance Service"])


def test_candidates_are_name_like_forms_only(ordinary):
    forms = [f for f, _ in candidates(TEXT_1, ordinary)]
    assert forms == ["Wendeline Quarrington", "Quarrington", "Snorbeck"]


@pytest.mark.parametrize(
    "word, is_ordinary",
    [
        ("Governance", True),  # common English (word frequency)
        ("Friday", True),  # a day name, though also a surname
        ("April", True),  # a month name, though also a first name
        ("Scotland", True),  # a capitalised dictionary word that is no common name
        ("Co-production", True),  # every part ordinary
        ("We've", True),
        ("Quarrington", False),  # neither a word nor public: listed
        ("Wendeline", False),
        ("Young", True),  # an English word first: a name like it is not listed (a documented limit)
    ],
)
def test_ordinary_words(ordinary, word, is_ordinary):
    assert ordinary.word(word) is is_ordinary


def _study(tmp_path):
    results = tmp_path / "results"
    (results / "deidentified").mkdir(parents=True)
    (results / "deidentified" / "t01.txt").write_text(TEXT_1, encoding="utf-8")
    (results / "deidentified" / "t02.txt").write_text(TEXT_2, encoding="utf-8")
    return results


def test_report_lists_forms_with_counts_and_context_privately(tmp_path):
    results = _study(tmp_path)
    report = tmp_path / "private" / "audit" / "residual.tsv"
    line = residual_check(results, report, "report")
    rows = list(csv.DictReader(open(report, encoding="utf-8"), delimiter="\t"))
    assert [(r["form"], r["count"], r["transcripts"], r["first_transcript"]) for r in rows] == [
        ("Quarrington", "2", "2", "t01"),
        ("Snorbeck", "2", "2", "t01"),
        ("Wendeline Quarrington", "1", "1", "t01"),
    ]
    assert "Snorbeck review helped" in rows[1]["context"]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert line.startswith("residual risk: 3 name-like form(s), 5 occurrence(s) in 2 published transcript(s)")
    for secret in ("Quarrington", "Wendeline", "Snorbeck"):
        assert secret not in line


def test_fail_mode_stops_until_each_form_is_decided(tmp_path):
    results = _study(tmp_path)
    report = tmp_path / "private" / "residual.tsv"
    with pytest.raises(LeakError) as exc:
        residual_check(results, report, "fail")
    msg = str(exc.value)
    assert "3 name-like form(s)" in msg and "\n" not in msg
    assert "Quarrington" not in msg and "Snorbeck" not in msg
    assert report.exists()  # the private list to decide from
    # decided: the review is public (allowed), the person is registered (replaced on the next
    # run; here the published text shows the pseudonym)
    for f in results.glob("deidentified/*.txt"):
        text = f.read_text(encoding="utf-8")
        f.write_text(text.replace("Wendeline Quarrington", "[Person 3]").replace("Quarrington", "[Person 3]"))
    line = residual_check(results, report, "fail", allow=["Snorbeck review"])
    assert line.startswith("residual risk: 0 name-like form(s)")


def test_coprod_audit_reports_the_residual_with_counts_only(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from coprod.privacy.deidentify import PseudonymKey

    results = _study(tmp_path)
    key = PseudonymKey()
    key.pseudonym("PERSON", "Somebody Else")
    key.save(tmp_path / "key.json")
    args = [sys.executable, "-m", "coprod.cli", "audit", str(results), "--key", str(tmp_path / "key.json")]
    args += ["--report", str(tmp_path / "audit.tsv"), "--residual-report", str(tmp_path / "residual.tsv")]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    ok = subprocess.run(args, capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and "residual risk: 3 name-like form(s)" in ok.stderr
    failed = subprocess.run([*args, "--residual", "fail"], capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and len(failed.stderr.strip().splitlines()) == 2  # passed, then one line
    for out in (ok.stderr, failed.stderr):
        assert "Quarrington" not in out and "Snorbeck" not in out


def test_a_failing_audit_still_writes_the_residual_report(tmp_path):
    """A first run that fails the known-identifier scan must still list what else could identify
    someone, so the researcher reviews both in one pass (issue 24: one review pass converges)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from coprod.privacy.deidentify import PseudonymKey

    results = _study(tmp_path)
    key = PseudonymKey()
    key.pseudonym("PERSON", "Snorbeck")  # a known original left in a published transcript: a hit
    key.save(tmp_path / "key.json")
    residual = tmp_path / "residual.tsv"
    args = [sys.executable, "-m", "coprod.cli", "audit", str(results), "--key", str(tmp_path / "key.json")]
    args += ["--report", str(tmp_path / "audit.tsv"), "--residual-report", str(residual)]
    args += ["--hits", str(tmp_path / "hits.tsv")]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    failed = subprocess.run(args, capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and not (tmp_path / "audit.tsv").exists()
    forms = [r["form"] for r in csv.DictReader(open(residual, encoding="utf-8"), delimiter="\t")]
    assert "Wendeline Quarrington" in forms
    assert "residual risk:" in failed.stderr and "Quarrington" not in failed.stderr


def test_the_audit_enforces_fail_on_the_report_the_workflow_wrote_in_report_mode(tmp_path):
    """The workflow writes the residual report in its own rule (report mode, beside the rest of
    the pipeline) and the audit applies `audit.residual: fail` to it after its scan: the same
    one-line LeakError while a form is undecided, nothing once each is decided or in report mode."""
    results = _study(tmp_path)
    report = tmp_path / "private" / "residual.tsv"
    residual_check(results, report, "report")
    enforce_residual_report(report, "report")
    with pytest.raises(LeakError) as exc:
        enforce_residual_report(report, "fail")
    with pytest.raises(LeakError) as direct:
        residual_check(results, report, "fail")
    assert str(exc.value) == str(direct.value) and "3 name-like form(s)" in str(exc.value)
    # two forms decided in the report: one left
    lines = report.read_text(encoding="utf-8").splitlines()
    at = lines[0].split("\t").index("decision")
    for n in (1, 2):
        cells = lines[n].split("\t")
        cells[at] = "keep"
        lines[n] = "\t".join(cells)
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LeakError, match=r"1 name-like form\(s\)"):
        enforce_residual_report(report, "fail")
    report.write_text(lines[0] + "\n", encoding="utf-8")
    enforce_residual_report(report, "fail")


def test_a_study_languages_ordinary_words_are_no_name_like_forms():
    """With French among the study's languages, a French word opening a sentence ("Franchement")
    is ordinary, as the de-identification reads it; a listed first name the language's word
    frequencies also count ("Pierre") is still name-like, and an English study is as before."""
    text = "Respondent: Franchement, Pierre avait raison. Ensuite Quarrington est venu.\n"
    french = Ordinary(languages=("en", "fr"))
    english = Ordinary()
    assert [f for f, _ in candidates(text, french)] == ["Pierre", "Quarrington"]
    assert [f for f, _ in candidates(text, english)] == ["Franchement", "Pierre", "Ensuite Quarrington"]
