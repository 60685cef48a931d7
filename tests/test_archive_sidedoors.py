"""The reviewer archive's side doors: what travels in it is built from what the pipeline reads,
its member list is checked against SHA256SUMS before anything else, and a study whose folders
are outside the repository gets one line."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coprod.archive import build_archive, rewrite_coding, rewrite_sheet, unpack, verify
from coprod.config import load_config
from coprod.errors import InputError, LeakError
from coprod.privacy.deidentify import PseudonymKey

# synthetic identifiers of this test's own
PARTICIPANT = "Wendeline Quarrington"
PHONE = "07700 900123"
CARER = "Ottoline Bramwell-Fitch"

SHEET = (
    "transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category\tfull_name\tphone\n"
    f"t01\tP01\tQuarrington_interview.docx\tsite_a\tlocal\tplanner\t{PARTICIPANT}\t{PHONE}\n"
    "t02\tP02\tt02.txt\tsite_b\tnational\tanalyst\tAnother Person\t07700 900456\n"
)
CODER = f"transcript_id,turn_index,code,memo\nt01,2,trust,carer {CARER} mentioned\nt02,1,trust,\n"
SAMPLE = "transcript_id,turn_index,coder_notes\nt01,2,fine\nt02,1,\n"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def study(tmp_path):
    """A repository with results already built (the archive does not run the pipeline)."""
    root = tmp_path / "repo"
    raw = root / "data" / "raw" / "s"
    (raw / "coding").mkdir(parents=True)
    (raw / "participants.tsv").write_text(SHEET, encoding="utf-8")
    (raw / "coding" / "coder_a.csv").write_text(CODER, encoding="utf-8")
    (raw / "coding" / "sample.csv").write_text(SAMPLE, encoding="utf-8")
    (raw / "register.yaml").write_text(
        f"people:\n  - name: {PARTICIPANT}\n  - name: {CARER}\n", encoding="utf-8"
    )
    (root / "config").mkdir()
    (root / "config" / "codebook.yaml").write_text("themes: []\n", encoding="utf-8")
    cfg_text = (
        "corpus:\n  name: s\n  description: a synthetic study\n  raw_dir: data/raw/s\n"
        "  participants: data/raw/s/participants.tsv\n  register: data/raw/s/register.yaml\n"
        "coding:\n  codebook: config/codebook.yaml\n"
        "  human:\n    - {coder: A, file: data/raw/s/coding/coder_a.csv}\n"
        "  human_sample: data/raw/s/coding/sample.csv\n"
    )
    (root / "config" / "config.yaml").write_text(cfg_text, encoding="utf-8")
    import yaml

    cfg = load_config(yaml.safe_load(cfg_text), "config/config.yaml")
    res = root / cfg["results_dir"]
    (res / "manuscript").mkdir(parents=True)
    (res / "manuscript" / "index.html").write_text("<p>[Person 1] said</p>", encoding="utf-8")
    (res / "deidentified").mkdir()
    (res / "deidentified" / "t01.txt").write_text("[Person 1]: hello\n", encoding="utf-8")
    key = PseudonymKey()
    key.pseudonym("PERSON", PARTICIPANT)
    key.pseudonym("PERSON", CARER)
    (root / "private" / "key").mkdir(parents=True)
    key.save(root / "private" / "key" / "pseudonym_key.json")
    return root, cfg


def _build(root, cfg, out=None):
    return build_archive(
        root,
        cfg,
        out or root.parent / "archive.zip",
        root / "private" / "key" / "pseudonym_key.json",
        root / cfg["corpus"]["register"],
        None,
        [],
    )


def test_sheet_and_codings_are_rewritten_from_the_columns_the_pipeline_reads(study):
    root, cfg = study
    raw = root / "data" / "raw"
    before = _digest(raw)
    built = _build(root, cfg)
    assert _digest(raw) == before  # raw inputs are never modified
    with zipfile.ZipFile(root.parent / "archive.zip") as zf:
        sheet = zf.read("data/raw/s/participants.tsv").decode()
        coder = zf.read("data/raw/s/coding/coder_a.csv").decode()
        sample = zf.read("data/raw/s/coding/sample.csv").decode()
        readme = zf.read("README_DATA.md").decode()
    assert sheet == (
        "transcript_id\tparticipant_id\tfile\tsite_id\tgroup\trole_category\n"
        "t01\tP01\ttranscript_1\tsite_a\tlocal\tplanner\n"
        "t02\tP02\ttranscript_2\tsite_b\tnational\tanalyst\n"
    )
    assert coder == "transcript_id,turn_index,code\nt01,2,trust\nt02,1,trust\n"
    assert sample == "transcript_id,turn_index\nt01,2\nt02,1\n"
    assert built.left_out == {
        "data/raw/s/participants.tsv": ["full_name", "phone"],
        "data/raw/s/coding/coder_a.csv": ["memo"],
        "data/raw/s/coding/sample.csv": ["coder_notes"],
    }
    assert "- `data/raw/s/participants.tsv`: full_name, phone" in readme
    assert "- `data/raw/s/coding/coder_a.csv`: memo" in readme
    for secret in ("Quarrington", "900123", "Bramwell", "Ottoline"):
        with zipfile.ZipFile(root.parent / "archive.zip") as zf:
            assert not any(secret.encode() in zf.read(n) for n in zf.namelist()), secret


def test_a_kept_cell_holding_a_name_still_fails_the_archive(study):
    root, cfg = study
    sheet = root / cfg["corpus"]["participants"]
    sheet.write_text(SHEET.replace("\tplanner\t", "\tQuarrington\t"), encoding="utf-8")
    with pytest.raises(LeakError, match=r"participants.tsv \(line 2\)") as exc:
        _build(root, cfg)
    assert "quarrington" not in str(exc.value).lower()
    assert not (root.parent / "archive.zip").exists()


def test_rewrite_keeps_the_span_format_of_a_coder_file():
    data = b"transcript_id,start,end,code,note\r\nt01,0,10,trust,x\r\n"
    out, left = rewrite_coding(data, "c.csv")
    assert out == b"transcript_id,start,end,code\nt01,0,10,trust\n" and left == ["note"]
    out, left = rewrite_sheet("\ufefftranscript_id\tparticipant_id\tfile\n".encode(), "p.tsv")
    assert out == b"transcript_id\tparticipant_id\tfile\n" and left == []


def test_a_column_whose_name_is_an_identifier_is_not_printed(study):
    root, cfg = study
    sheet = root / cfg["corpus"]["participants"]
    sheet.write_text(SHEET.replace("\tphone\n", "\tQuarrington notes\n"), encoding="utf-8")
    built = _build(root, cfg)
    assert built.left_out["data/raw/s/participants.tsv"] == [
        "full_name",
        "(a column whose name holds an identifier)",
    ]


@pytest.mark.parametrize("key", ["results_dir", "participants"])
def test_paths_outside_the_repository_are_one_line(study, tmp_path, key):
    root, cfg = study
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    if key == "results_dir":
        cfg["results_dir"] = str(outside)
    else:
        cfg["corpus"]["participants"] = "../elsewhere/participants.tsv"
    with pytest.raises(InputError) as exc:
        _build(root, cfg)
    line = str(exc.value)
    assert "outside the repository" in line and "\n" not in line
    assert not (root.parent / "archive.zip").exists()


def _coprod(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "coprod.cli", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )


def test_coprod_archive_lists_left_out_columns_by_name_on_the_console(study):
    root, _ = study
    proc = _coprod(root, "archive", "--out", "../cli.zip")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "left out of data/raw/s/coding/coder_a.csv: column(s) memo (not read by the pipeline)",
        "left out of data/raw/s/coding/sample.csv: column(s) coder_notes (not read by the pipeline)",
        "left out of data/raw/s/participants.tsv: column(s) full_name, phone (not read by the pipeline)",
        "archive written: ../cli.zip (10 files, audited: no original identifier)",
    ]


def test_coprod_archive_with_results_outside_the_repository_is_one_line(study, tmp_path):
    root, _ = study
    outside = tmp_path / "out_results"
    cfg_path = root / "config" / "outside.yaml"
    cfg_path.write_text(f"results_dir: {outside}\n", encoding="utf-8")
    proc = _coprod(root, "archive", "--config", "config/outside.yaml", "--out", "a.zip")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "results_dir" in lines[0] and "outside the repository" in lines[0]


def test_a_link_in_the_results_is_refused_by_the_archive(study, tmp_path):
    root, cfg = study
    os.symlink(root / "data" / "raw", root / cfg["results_dir"] / "figures")
    with pytest.raises(InputError, match="is a link or special file"):
        _build(root, cfg)


def _append(zip_path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(zip_path, "a") as zf:
        zf.writestr(name, data)


def _rewrite(zip_path: Path, skip: str = "", dup: str = "") -> None:
    with zipfile.ZipFile(zip_path) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info, data in members:
            if info.filename != skip:
                zf.writestr(info, data)
        if dup:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                zf.writestr(dup, b"second copy")
    zip_path.write_bytes(buf.getvalue())


TAMPERED = {
    "appended raw transcript": (
        lambda z: _append(z, "data/raw/s/Quarrington.txt", f"{PARTICIPANT}: hello".encode()),
        "1 member(s) not listed in SHA256SUMS",
    ),
    "missing member": (
        lambda z: _rewrite(z, skip="README_DATA.md"),
        "1 member(s) listed in SHA256SUMS are missing",
    ),
    "duplicate member": (lambda z: _rewrite(z, dup="README_DATA.md"), "a member name appears more than once"),
    "changed member": (
        lambda z: _rewrite_one(z, "results/deidentified/t01.txt", b"[Person 1]: changed\n"),
        "differs from its SHA256SUMS line",
    ),
    "no checksums": (lambda z: _rewrite(z, skip="SHA256SUMS"), "has no SHA256SUMS member"),
}


def _rewrite_one(zip_path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(zip_path) as zf:
        members = [(i, data if i.filename == name else zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(zip_path, "w") as zf:
        for info, blob in members:
            zf.writestr(info, blob)


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_unpack_and_verify_refuse_a_zip_that_is_not_its_sha256sums(study, tmp_path, case):
    root, cfg = study
    zip_path = root.parent / "archive.zip"
    _build(root, cfg)
    unpack(zip_path, tmp_path / "clean")  # the untouched archive unpacks
    assert verify(tmp_path / "clean", "results")[1] == []
    tamper, message = TAMPERED[case]
    tamper(zip_path)
    before = hashlib.sha256(zip_path.read_bytes()).hexdigest()
    with pytest.raises(InputError) as exc:
        unpack(zip_path, tmp_path / "review")
    line = str(exc.value)
    assert message in line and "\n" not in line
    assert "quarrington" not in line.lower()
    assert not (tmp_path / "review").exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".review")] == []
    # verify-archive on the zip itself says the same
    from coprod.archive import verify_zip

    with pytest.raises(InputError, match=re.escape(message)):
        verify_zip(zip_path)
    assert hashlib.sha256(zip_path.read_bytes()).hexdigest() == before


def test_verify_archive_of_an_intact_zip_and_a_sums_file_listing_a_path_twice(study, tmp_path):
    root, cfg = study
    zip_path = root.parent / "archive.zip"
    built = _build(root, cfg)
    from coprod.archive import verify_zip

    assert verify_zip(zip_path) == built.files - 1  # every member but SHA256SUMS itself
    unpack(zip_path, tmp_path / "r")
    sums = tmp_path / "r" / "SHA256SUMS"
    sums.write_text(sums.read_text() + sums.read_text().splitlines()[0] + "\n")
    with pytest.raises(InputError, match="lists a path twice"):
        verify(tmp_path / "r", "results")


def test_verify_refuses_files_the_archive_does_not_list(tmp_path):
    """A raw transcript dropped into an unpacked archive (or a member appended to the zip and
    unpacked by plain unzip) fails verification, counted and located by folder, never named;
    what a rebuild writes (results, Snakemake's records, logs, the private folder) does not."""
    from coprod.archive import verify
    from coprod.errors import InputError

    root = tmp_path / "review"
    (root / "config").mkdir(parents=True)
    (root / "config" / "config.yaml").write_text("a: 1\n")
    digest = hashlib.sha256(b"a: 1\n").hexdigest()
    (root / "SHA256SUMS").write_text(f"{digest}  config/config.yaml\n")
    for made in ("results/x.tsv", ".snakemake/log/a.log", "logs/a.log", "private/turns/t.json"):
        (root / made).parent.mkdir(parents=True, exist_ok=True)
        (root / made).write_text("rebuilt\n")
    (root / "src" / "__pycache__").mkdir(parents=True)
    (root / "src" / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert verify(root, "results") == (1, [])
    (root / "data" / "raw" / "example").mkdir(parents=True)
    (root / "data" / "raw" / "example" / "Morag_Drysdale.txt").write_text("Interviewer: hi\n")
    with pytest.raises(InputError) as err:
        verify(root, "results")
    assert "1 file(s) here are not in the archive's SHA256SUMS (under data)" in str(err.value)
    assert "Morag" not in str(err.value)


def test_the_archive_reads_the_review_decisions_as_the_build_audit_does(study):
    """A form an earlier run put in the key and the researcher since decided keep passed the
    build's audit: the archive accepts it too; a form decided replace fails it."""
    from coprod.privacy.decisions import record_decision

    root, cfg = study
    key = PseudonymKey.load(root / "private" / "key" / "pseudonym_key.json")
    key.pseudonym("PLACE", "Brellixo")
    key.save(root / "private" / "key" / "pseudonym_key.json")
    (root / cfg["results_dir"] / "deidentified" / "t01.txt").write_text(
        "[Person 1]: we use Brellixo\n", encoding="utf-8"
    )
    decisions = root / "private" / "review" / "decisions.tsv"
    with pytest.raises(LeakError):
        _build(root, cfg)
    record_decision(decisions, "Brellixo", "keep")
    built = build_archive(
        root, cfg, root.parent / "archive.zip", root / "private" / "key" / "pseudonym_key.json",
        root / cfg["corpus"]["register"], None, [], decisions=decisions,
    )  # fmt: skip
    assert built.files > 0
    (root.parent / "archive.zip").unlink()
    (root / cfg["results_dir"] / "deidentified" / "t01.txt").write_text(
        "[Person 1]: we use Brellixo, said Quenthorpe\n", encoding="utf-8"
    )
    record_decision(decisions, "Quenthorpe", "replace", "PERSON")
    with pytest.raises(LeakError) as exc:
        build_archive(
            root, cfg, root.parent / "archive.zip", root / "private" / "key" / "pseudonym_key.json",
            root / cfg["corpus"]["register"], None, [], decisions=decisions,
        )  # fmt: skip
    assert "Quenthorpe" not in str(exc.value)
    assert not (root.parent / "archive.zip").exists()


def test_coprod_archive_honours_deidentify_allow_and_the_decisions_file(study):
    """One allow mechanism, as in the build's audit: a phrase in deidentify.allow (or decided
    keep in the private decisions file) that an earlier run put in the key does not fail
    `coprod archive` after the build passed."""
    root, _ = study
    key = PseudonymKey.load(root / "private" / "key" / "pseudonym_key.json")
    key.pseudonym("PLACE", "Brellixo")
    key.pseudonym("PLACE", "Quantafy")
    key.save(root / "private" / "key" / "pseudonym_key.json")
    (root / "results" / "deidentified" / "t01.txt").write_text(
        "[Person 1]: we use Brellixo and Quantafy\n", encoding="utf-8"
    )
    assert _coprod(root, "archive", "--out", "../a.zip").returncode == 1
    cfg = root / "config" / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "deidentify:\n  allow: [Brellixo]\n", encoding="utf-8")
    proc = _coprod(root, "archive", "--out", "../a.zip")
    assert proc.returncode == 1 and "Brellixo" not in proc.stderr  # Quantafy still undecided
    from coprod.privacy.decisions import record_decision

    record_decision(root / "private" / "review" / "decisions.tsv", "Quantafy", "keep")
    proc = _coprod(root, "archive", "--out", "../a.zip")
    assert proc.returncode == 0, proc.stderr


def test_the_archive_applies_the_build_audits_lower_case_rule(study):
    """The archive's audit draws the build audit's line for a name found on weak evidence: one
    lower-case use of its word in a cased transcript makes it an ordinary word, audited only
    capitalised. A study whose build audit was green was refused by `make archive` on "dask with
    rice" because the archive built its index without that rule; the capitalised word is still
    refused."""
    from coprod.privacy.deidentify import Replacement, write_review

    root, cfg = study
    name = "Kelvo Dask"
    row = Replacement(
        "t01", 0, "text", 0, len(name), "PERSON", "context:surname-after", 0.8, name, "Person 3", ""
    )
    key = PseudonymKey.load(root / "private" / "key" / "pseudonym_key.json")
    key.pseudonym("PERSON", name)
    key.save(root / "private" / "key" / "pseudonym_key.json")
    review = root / "private" / "logs" / "review.tsv"
    review.parent.mkdir(parents=True)
    write_review(review, [row])
    t02 = root / cfg["results_dir"] / "deidentified" / "t02.txt"
    t02.write_text("Respondent: At Easter we ate dask with rice, then went home.\n", encoding="utf-8")

    def build():
        return build_archive(
            root, cfg, root.parent / "archive.zip", root / "private" / "key" / "pseudonym_key.json",
            root / cfg["corpus"]["register"], review, [],
        )  # fmt: skip

    assert build().files > 0
    (root.parent / "archive.zip").unlink()
    t02.write_text("Respondent: At Easter we ate dask with rice. Dask came too.\n", encoding="utf-8")
    with pytest.raises(LeakError):
        build()
