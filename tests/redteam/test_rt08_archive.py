"""Issue 25, class 8: the reviewer archive. A participants sheet with an extra column naming a
participant (and a phone), a human-coding file with a memo column naming a carer: no member of
the archive may hold them. A member appended to the zip afterwards must make `coprod unpack`
and `coprod verify-archive` fail with one line.

One full pipeline run of the bundled example (topic grid and bootstraps trimmed) is shared by
the module: it is the one slow case of the red-team suite.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import background_run, finished_run
from rt_common import SNAKEMAKE, assert_absent, assert_one_line_error, copy_workflow, env, run, sha_tree

pytestmark = pytest.mark.redteam

EXTRA_NAME = "Gregor Pettigrew-Lomax"
EXTRA_PHONE = "07700 900812"
CARER = "Wilhelmina Drennan"
PLANTED = [EXTRA_NAME, "Pettigrew", "Lomax", EXTRA_PHONE, "07700900812", CARER, "Wilhelmina", "Drennan"]


def _coprod(root: Path, *args, timeout=600):
    return run([str(Path(SNAKEMAKE).parent / "coprod"), *args], cwd=root, timeout=timeout, src=root / "src")


def _prepare(factory):
    """The bundled example with the topic grid and bootstraps trimmed, to run end to end (started
    in the background with the session's runs: tests/conftest.py, background_run)."""
    root = copy_workflow(factory.mktemp("study"))
    cfg_path = root / "config" / "config.yaml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["topics"].update(
        k="auto", k_grid=[3, 4], seeds=[1, 2], max_iter=50, samples=5, thin=2, bootstrap=50, infer_iter=20
    )
    cfg["coding"]["saturation"]["bootstrap"] = 50
    cfg_path.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    logs = factory.mktemp("study_logs")
    job = {
        "argv": [SNAKEMAKE, "--cores", "2", "--configfile", "config/config.yaml", "-q"],
        "cwd": str(root),
        "env": env(root / "src"),
        "umask": None,
        **{k: str(logs / f"{k}.txt") for k in ("out", "err", "rc")},
    }
    return root, job


# its tests reach the run through the fixture `built` (the default would look for one named
# `rt08_built`, find none, and leave the run to start in the foreground when `built` needs it)
background_run(
    "rt08_built",
    _prepare,
    wanted_by=lambda item: (
        getattr(item, "module", None) is not None
        and item.module.__name__ == __name__
        and "built" in getattr(item, "fixturenames", ())
    ),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = finished_run("rt08_built", tmp_path_factory)[0]
    cfg = yaml.safe_load((root / "config" / "config.yaml").read_text(encoding="utf-8"))
    clean = root.parent / "clean.zip"
    raw_before = sha_tree(root / "data" / "raw" / "example")
    proc = _coprod(root, "archive", "--config", "config/config.yaml", "--out", clean)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sha_tree(root / "data" / "raw" / "example") == raw_before, "archive modified raw inputs"
    return root, cfg, clean


CODE = ("src/", "workflow/", "scripts/", "Snakefile", "tests/", "benchmarks/", "profiles/")


def _members(path: Path, prefix=""):
    """(name, bytes) of every member, recursing into nested zips."""
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            yield prefix + info.filename, data
            if data[:4] == b"PK\x03\x04":
                yield from _members(io.BytesIO(data), prefix + info.filename + "!")


def _raw_names(root: Path):
    raw = root / "data" / "raw" / "example"
    return [p.name for p in raw.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"}]


@pytest.mark.redteam
def test_clean_archive_holds_no_raw_register_key_or_registered_name(built):
    root, cfg, clean = built
    register = yaml.safe_load((root / cfg["corpus"]["register"]).read_text(encoding="utf-8"))
    people = [p["name"] for p in register.get("people", []) if len(p["name"].split()) >= 2]
    assert people
    raw_dir = root / "data" / "raw" / "example"
    private_bytes = {(raw_dir / n).read_bytes() for n in _raw_names(root)}
    private_bytes.add((root / cfg["corpus"]["register"]).read_bytes())
    for name, data in _members(clean):
        base = name.rsplit("/", 1)[-1]
        assert data not in private_bytes, f"a raw transcript or the register archived as {name}"
        assert not (name.startswith("data/raw") and base in _raw_names(root)), (
            f"raw transcript {name} archived"
        )
        assert name != cfg["corpus"]["register"], f"register archived: {name}"
        assert "pseudonym_key" not in base and "key_used" not in base, f"key archived: {name}"
        assert not name.startswith("private/"), f"private zone archived: {name}"
        if name.startswith(CODE):
            continue  # the project's own code is not study data (docs/architecture.md)
        text = data.decode("utf-8", "replace")
        assert_absent(text, people, where=f"archive member {name}")


@pytest.mark.redteam
def test_extra_sheet_column_and_coding_memo_never_archived(built, tmp_path):
    root, cfg, _ = built
    sheet = root / cfg["corpus"]["participants"]
    rows = list(csv.reader(sheet.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    rows[0].append("contact")
    for i, row in enumerate(rows[1:]):
        row.append(f"{EXTRA_NAME} {EXTRA_PHONE}" if i == 0 else "")
    sheet.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    coder = root / cfg["coding"]["human"][0]["file"]
    crows = list(csv.reader(coder.read_text(encoding="utf-8").splitlines()))
    crows[0].append("memo")
    for i, row in enumerate(crows[1:]):
        row.append(f"carer {CARER} rang the office about this" if i % 3 == 0 else "")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(crows)
    coder.write_text(buf.getvalue(), encoding="utf-8")
    before = {
        **sha_tree(sheet),
        **sha_tree(coder),
        **{f"raw/{k}": v for k, v in sha_tree(root / "data/raw").items()},
    }
    out = tmp_path / "with_extra.zip"
    proc = _coprod(root, "archive", "--config", "config/config.yaml", "--out", out)
    after = {
        **sha_tree(sheet),
        **sha_tree(coder),
        **{f"raw/{k}": v for k, v in sha_tree(root / "data/raw").items()},
    }
    assert after == before, "archive modified its inputs"
    if proc.returncode != 0:
        assert_one_line_error(proc, PLANTED)
        assert not out.exists(), "a failed archive left a zip behind"
        return
    for name, data in _members(out):
        assert_absent(data.decode("utf-8", "replace"), PLANTED, where=f"archive member {name}")
        assert_absent(name, PLANTED, where="archive member names")


def _tampered(clean: Path, root: Path, dest: Path) -> Path:
    shutil.copyfile(clean, dest)
    raw = root / "data" / "raw" / "example"
    victim = sorted(_raw_names(root))[0]
    with zipfile.ZipFile(dest, "a") as zf:
        zf.write(raw / victim, f"data/raw/example/{victim}")
    return dest


@pytest.mark.redteam
def test_control_clean_archive_unpacks_and_verifies(built, tmp_path):
    root, _, clean = built
    dest = tmp_path / "review"
    proc = _coprod(root, "unpack", clean, dest)
    assert proc.returncode == 0, proc.stderr
    proc = _coprod(root, "verify-archive", dest)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.redteam
def test_unpack_refuses_appended_raw_transcript(built, tmp_path):
    root, _, clean = built
    bad = _tampered(clean, root, tmp_path / "tampered.zip")
    before = sha_tree(bad)
    dest = tmp_path / "review"
    proc = _coprod(root, "unpack", bad, dest)
    assert sha_tree(bad) == before
    assert_one_line_error(proc)
    assert not dest.exists() or not any(dest.rglob("*")), "unpack left a partial folder behind"


@pytest.mark.redteam
def test_verify_archive_refuses_extra_raw_transcript(built, tmp_path):
    root, _, clean = built
    dest = tmp_path / "review"
    proc = _coprod(root, "unpack", clean, dest)
    assert proc.returncode == 0, proc.stderr
    raw = root / "data" / "raw" / "example"
    victim = sorted(_raw_names(root))[0]
    (dest / "data" / "raw" / "example").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw / victim, dest / "data" / "raw" / "example" / victim)
    proc = _coprod(root, "verify-archive", dest)
    assert_one_line_error(proc)


@pytest.mark.redteam
def test_verify_archive_refuses_tampered_zip_contents(built, tmp_path):
    """The appended zip, unpacked by plain zipfile (as a reviewer without coprod would)."""
    root, _, clean = built
    bad = _tampered(clean, root, tmp_path / "tampered.zip")
    dest = tmp_path / "review"
    with zipfile.ZipFile(bad) as zf:
        zf.extractall(dest)
    proc = _coprod(root, "verify-archive", dest)
    assert_one_line_error(proc)
