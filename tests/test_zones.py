"""Zones checked at start-up (issue 25, item 2): the shareable results folder, the private zone
and the raw data may not nest or coincide, whether named directly, through `..`, through a
symbolic link or outside the project; each case is one line naming the keys, no traceback,
nothing written."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from conftest import BIN, ROOT, cache_env, copy_workflow

from coprod.config import load_config
from coprod.errors import ConfigError

FIXTURE_CONFIG = "tests/fixtures/corpus/config.yaml"
ENV = {
    "PATH": f"{BIN}:/usr/bin:/bin",
    "SOURCE_DATE_EPOCH": "1643846400",
    "PYTHONPATH": str(ROOT / "src"),
    **cache_env(),
}


def base() -> dict:
    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    cfg["corpus"].update(raw_dir="data/raw/study", register="data/raw/study/register.yaml", gold="")
    return cfg


def one_line(err: ConfigError) -> str:
    line = err.line()
    assert "\n" not in line and line.startswith("config error: cfg.yaml: "), line
    return line


# (overrides, words the line must hold); paths relative to the run folder
REFUSED = {
    "private_inside_results": ({"private_dir": "results/private"}, ["private_dir", "inside results_dir"]),
    "results_inside_private": ({"results_dir": "private/results"}, ["results_dir", "inside private_dir"]),
    "results_is_private": ({"results_dir": "zone", "private_dir": "zone/"}, ["same folder"]),
    "results_is_project_root": ({"results_dir": "."}, ["private_dir 'private' is inside results_dir '.'"]),
    "private_is_project_root": ({"private_dir": "."}, ["results_dir 'results' is inside private_dir '.'"]),
    "results_inside_raw": ({"results_dir": "data/raw/study/out"}, ["results_dir", "corpus.raw_dir"]),
    "results_is_raw": ({"results_dir": "data/raw/study"}, ["results_dir", "corpus.raw_dir"]),
    "private_is_raw": ({"private_dir": "data/raw/study"}, ["private_dir", "corpus.raw_dir"]),
    "private_inside_raw_via_dotdot": (
        {"private_dir": "data/raw/other/../study/p"},
        ["private_dir", "corpus.raw_dir"],
    ),
    "raw_inside_results": ({"corpus": {"raw_dir": "results/raw"}}, ["corpus.raw_dir", "inside results_dir"]),
    "register_inside_results": (
        {"corpus": {"register": "results/register.yaml"}},
        ["corpus.register", "inside results_dir"],
    ),
    "gold_inside_results": ({"corpus": {"gold": "results/gold.yaml"}}, ["corpus.gold", "inside results_dir"]),
}


def configured(overrides: dict) -> dict:
    cfg = base()
    for k, v in overrides.items():
        if isinstance(v, dict):
            cfg[k].update(v)
        else:
            cfg[k] = v
    return cfg


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_nested_zones_refused_with_one_line(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    overrides, words = REFUSED[case]
    with pytest.raises(ConfigError) as exc:
        load_config(configured(overrides), "cfg.yaml")
    line = one_line(exc.value)
    for word in words:
        assert word in line, line
    assert not any(tmp_path.iterdir()), "nothing may be created by the check"


def test_symlinked_zone_is_compared_where_it_really_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "private" / "shared").mkdir(parents=True)
    (tmp_path / "results").symlink_to(tmp_path / "private" / "shared", target_is_directory=True)
    with pytest.raises(ConfigError) as exc:
        load_config(base(), "cfg.yaml")
    assert "results_dir 'results' is inside private_dir 'private'" in one_line(exc.value)


def test_zones_outside_the_project_are_compared_too(tmp_path, monkeypatch):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    monkeypatch.chdir(project)
    ok = load_config(configured({"results_dir": str(elsewhere / "r"), "private_dir": "../elsewhere/p"}), "c")
    assert ok["results_dir"] == str(elsewhere / "r")
    with pytest.raises(ConfigError) as exc:
        load_config(configured({"results_dir": str(elsewhere), "private_dir": "../elsewhere/p"}), "cfg.yaml")
    assert "private_dir '../elsewhere/p' is inside results_dir" in one_line(exc.value)


def test_symlink_loop_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ConfigError) as exc:
        load_config(configured({"results_dir": "a/results"}), "cfg.yaml")
    assert "results_dir 'a/results' cannot be resolved" in one_line(exc.value)


def test_separate_zones_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # the raw data may sit inside the private zone (it is private too), results beside it
    cfg = configured({"private_dir": "data", "results_dir": "results"})
    assert load_config(cfg, "cfg.yaml")["private_dir"] == "data"


# --------------------------------------------------------------------- the workflow at start-up
@pytest.fixture(scope="module")
def workflow_copy(tmp_path_factory):
    return copy_workflow(tmp_path_factory.mktemp("zones"))


@pytest.mark.parametrize(
    "zones,words",
    [
        ({"private_dir": "results/private"}, "private_dir 'results/private' is inside results_dir 'results'"),
        ({"results_dir": "tests/fixtures/corpus/out"}, "results_dir 'tests/fixtures/corpus/out' is, or is"),
    ],
)
def test_workflow_stops_at_start_up_with_one_line(workflow_copy, zones, words):
    (workflow_copy / "zones.yaml").write_text(yaml.safe_dump(zones))
    raw = workflow_copy / "tests" / "fixtures" / "corpus"
    before = sorted(raw.rglob("*"))
    proc = subprocess.run(
        [str(BIN / "snakemake"), "-n", "--cores", "1", "--configfile", FIXTURE_CONFIG, "zones.yaml"],
        cwd=workflow_copy, capture_output=True, text=True, env={**ENV, "HOME": str(workflow_copy)},
    )  # fmt: skip
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("config error: zones.yaml: ") and words in lines[0], lines
    # nothing written before the zones are checked: no zone folder, nothing in the raw data
    assert sorted(raw.rglob("*")) == before and not (workflow_copy / "results").exists()
    assert not any((workflow_copy / z).exists() for z in zones.values())


# --------------------------------------------------------------------- coprod deidentify
def deidentify(tmp_path, *args, cwd=None):
    return subprocess.run(
        [str(BIN / "coprod"), "deidentify", *map(str, args)],
        cwd=cwd or tmp_path, capture_output=True, text=True, env=ENV,
    )  # fmt: skip


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.txt").write_text("Interviewer: Hello.\n\nParticipant: We met the board.\n")
    return folder


@pytest.mark.parametrize(
    "case,expected",
    [
        ("key_inside_out", "--key is inside the --out folder"),
        ("review_inside_out", "--review is inside the --out folder"),
        ("key_inside_out_via_symlink", "--key is inside the --out folder"),
        ("out_is_raw", "is the folder of input transcripts"),
        ("out_contains_raw", "contains a folder of input transcripts"),
    ],
)
def test_deidentify_refuses_crossed_zones(tmp_path, raw, case, expected):
    key, out, review = tmp_path / "private" / "key.json", tmp_path / "out", []
    if case == "key_inside_out":
        key = out / "key.json"
    elif case == "review_inside_out":
        review = ["--review", out / "sub" / "review.tsv"]
    elif case == "key_inside_out_via_symlink":
        out.mkdir()
        (tmp_path / "keys").symlink_to(out, target_is_directory=True)
        key = tmp_path / "keys" / "key.json"
    elif case == "out_is_raw":
        out = raw
    elif case == "out_contains_raw":
        out, key = tmp_path, tmp_path.parent / f"{tmp_path.name}-private" / "key.json"
    before = sorted(tmp_path.rglob("*"))
    proc = deidentify(tmp_path, "--key", key, "--out", out, *review, raw / "a.txt")
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and len(lines) == 1, proc.stderr
    assert expected in lines[0] and lines[0].startswith("input error: "), lines
    assert sorted(tmp_path.rglob("*")) == before, "nothing may be written"


def test_deidentify_out_folder_beside_the_inputs_is_fine(tmp_path, raw):
    """The simplest call, run where the transcript is: a new --out folder next to it."""
    proc = deidentify(tmp_path, "--key", "../key.json", "--out", "out", "a.txt", cwd=raw)
    assert proc.returncode == 0, proc.stderr
    assert (raw / "out" / "t001.txt").exists() and (raw / "a.txt").exists()


def test_deidentify_with_separate_zones_outside_the_cwd(tmp_path, raw):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = deidentify(
        tmp_path, "--key", "../private/key.json", "--out", "../out", raw / "a.txt", cwd=elsewhere
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "t001.txt").exists() and (tmp_path / "private" / "key.json").exists()


# --------------------------------------------------------------------- coprod archive
@pytest.mark.parametrize(
    "out,named",
    [
        ("private/coprod-archive.zip", "inside private/"),
        ("results/coprod-archive.zip", "inside results/"),
        ("tests/fixtures/corpus/archive.zip", "inside tests/fixtures/corpus/"),
        ("linked/coprod-archive.zip", "inside private/"),
    ],
)
def test_archive_out_inside_a_zone_is_one_line(workflow_copy, out, named):
    (workflow_copy / "private").mkdir(exist_ok=True)
    if not (workflow_copy / "linked").exists():
        (workflow_copy / "linked").symlink_to(workflow_copy / "private", target_is_directory=True)
    proc = subprocess.run(
        [str(BIN / "coprod"), "archive", "--config", FIXTURE_CONFIG, "--out", out],
        cwd=workflow_copy, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and len(lines) == 1, proc.stderr
    assert named in lines[0], lines
    assert not (workflow_copy / out).exists()


def test_archive_stops_on_nested_zones_in_its_config(workflow_copy):
    bad = yaml.safe_load((workflow_copy / FIXTURE_CONFIG).read_text())
    bad["private_dir"] = "results/private"
    (workflow_copy / "nested.yaml").write_text(yaml.safe_dump(bad))
    proc = subprocess.run(
        [str(BIN / "coprod"), "archive", "--config", "nested.yaml", "--out", "a.zip"],
        cwd=workflow_copy, capture_output=True, text=True, env=ENV,
    )  # fmt: skip
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("config error: nested.yaml: private_dir 'results/private' is inside")
    assert not os.path.exists(workflow_copy / "a.zip")
