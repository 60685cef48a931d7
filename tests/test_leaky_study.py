"""A deliberately leaky study, run end to end (issue 11's acceptance).

`tests/fixtures/leaky/` was written by a helper who never read the detectors: names in file
names, lower case, capitals, NFD, zero-width and soft-hyphen characters, Cyrillic and fullwidth
look-alikes, a stray non-UTF-8 byte before accented names, a cp1252 file, plural possessives,
a shortcode, raw HTML and a javascript: link inside speech; and a participants sheet with a
real town, formula cells and a person's name (`participants_bad.tsv`).

The bad sheet must stop the run with one line naming the cell. With the good sheet the run must
complete, and an independent scan (NFKD + casefold + zero-width stripped; file names, text, PDF
text and metadata, DOCX/.qdpx XML, figure strings) must find none of the fixture's 81
identifiers, nor the sentinel of a file a shortcode tried to include.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import BIN, FIXTURES, background_run, cache_env, copy_workflow, finished_run, run_job

LEAKY = FIXTURES / "leaky"
CONFIG = "tests/fixtures/leaky/config.yaml"
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u2063"), None)


def norm(text: str) -> str:
    return unicodedata.normalize("NFKD", text).casefold().translate(ZERO_WIDTH)


def lines(name: str) -> list[str]:
    text = (LEAKY / name).read_text(encoding="utf-8")
    return [x.strip() for x in text.splitlines() if x.strip() and not x.startswith("#")]


def run(workdir: Path, config: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", "--configfile", config, *args],
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


def setup(tmp_path: Path) -> Path:
    return copy_workflow(tmp_path, LEAKY)


def shareable(root: Path):
    """(file, text) for every name and every readable byte under root."""
    from pypdf import PdfReader

    for f in sorted(root.rglob("*")):
        yield f, str(f.relative_to(root))
        if not f.is_file():
            continue
        data = f.read_bytes()
        if f.suffix in (".docx", ".qdpx", ".zip"):
            with zipfile.ZipFile(f) as zf:
                data = b"\n".join(zf.read(n) + n.encode() for n in zf.namelist())
        if f.suffix == ".pdf":
            reader = PdfReader(f)
            meta = " ".join(str(v) for v in (reader.metadata or {}).values())
            yield f, " ".join(p.extract_text() or "" for p in reader.pages) + " " + meta
        yield f, data.decode("utf-8", errors="replace")


def public_phrases(workdir: Path) -> list[str]:
    """The manuscript's own byline (authors, affiliations) and cited authors: public text of the
    article template, which the scan must not count (read here with the test's own parsing)."""
    qmd = (workdir / "manuscript" / "index.qmd").read_text(encoding="utf-8")
    front = yaml.safe_load(qmd.split("---")[1])
    out = []
    for a in front.get("author", []):
        out.append(a["name"])
        out += [aff["name"] for aff in a.get("affiliations", [])]
    bib = (workdir / "manuscript" / "references.bib").read_text(encoding="utf-8")
    for field in re.findall(r"author\s*=\s*\{(.*?)\},?\n", bib):
        for person in field.split(" and "):
            family, _, given = person.partition(",")
            out += [f"{given.strip()} {family.strip()}", f"{family.strip()}, {given.strip()}"]
    return [p for p in out if len(p.split()) >= 2]


def test_bad_participants_sheet_stops_with_one_line(tmp_path):
    workdir = setup(tmp_path)
    cfg = yaml.safe_load((workdir / CONFIG).read_text())
    cfg["corpus"]["participants"] = "tests/fixtures/leaky/participants_bad.tsv"
    (workdir / "bad.yaml").write_text(yaml.safe_dump(cfg))
    proc = run(workdir, "bad.yaml", "-n")
    assert proc.returncode != 0
    errors = [x for x in (proc.stdout + proc.stderr).splitlines() if "error" in x.lower()]
    assert len(errors) == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert re.search(r"participants_bad\.tsv:\d+: column \w+ ", errors[0]), errors[0]
    assert not (workdir / "results").exists()


def _prepare_leaky_run(factory) -> tuple[Path, dict]:
    """The leaky study with the good sheet, to run end to end (the same command and environment
    as `run`; started in the background with the session's runs: conftest.background_run)."""
    workdir = setup(factory.mktemp("leaky_run"))
    return workdir, run_job(workdir, workdir, factory.mktemp("leaky_run_logs"), CONFIG)


background_run("leaky_run", _prepare_leaky_run)


@pytest.fixture(scope="module")
def leaky_run(tmp_path_factory) -> Path:
    return finished_run("leaky_run", tmp_path_factory)[0]


def test_leaky_study_runs_clean_by_an_independent_scan(leaky_run):
    workdir = leaky_run
    raw = workdir / "tests" / "fixtures" / "leaky" / "raw"
    before = {p.name: p.read_bytes() for p in (LEAKY / "raw").iterdir()}  # what was copied
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before  # raw inputs untouched
    results = workdir / "results"
    assert "hits\t0" in (results / "audit" / "audit.tsv").read_text()
    assert list((results / "figures").glob("*.png.strings.txt"))  # figure strings are scanned too
    public = [norm(p) for p in public_phrases(workdir)]
    # (identifier, its folded form, the whole-word pattern): the pattern is searched only where the
    # folded form occurs at all (a plain substring scan), which it needs in order to match
    wanted = [
        (i, norm(i), re.compile(r"(?<!\w)" + re.escape(norm(i)) + r"(?!\w)"))
        for i in lines("identifiers.txt")
    ]
    sentinels = [norm(s) for s in lines("sentinels.txt")]
    leaks = set()
    for f, text in shareable(results):
        text = norm(text)
        assert not any(s in text for s in sentinels), f"{f}: an include in speech was obeyed"
        for phrase in public:
            text = text.replace(phrase, " ")
        leaks |= {
            (str(f.relative_to(results)), i) for i, folded, rx in wanted if folded in text and rx.search(text)
        }
    assert not leaks, sorted(leaks)[:20]
    html = (results / "manuscript" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and 'href="javascript:' not in html.lower()
    # transcript ids are opaque: no raw file name reached a shareable path
    assert sorted(p.name for p in (results / "deidentified").glob("*.txt")) == [
        f"t00{k}.txt" for k in range(1, 7)
    ]
