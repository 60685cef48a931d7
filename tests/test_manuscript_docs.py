"""Every config key documented; `coprod new-study` writes a complete, valid study config."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN

from coprod.config import load_config
from coprod.errors import ConfigError
from coprod.newstudy import LAYOUT, new_study

ROOT = Path(__file__).resolve().parents[1]


def schema_keys(node: dict | None = None, prefix: str = "") -> list[str]:
    """Leaf keys of the config schema (free-form mappings such as deidentify.deny are leaves)."""
    node = node or yaml.safe_load((ROOT / "workflow" / "schemas" / "config.schema.yaml").read_text())
    keys = []
    for name, sub in (node.get("properties") or {}).items():
        if sub.get("type") == "object" and sub.get("properties"):
            keys += schema_keys(sub, f"{prefix}{name}.")
        else:
            keys.append(prefix + name)
    return keys


def leaf_keys(data: dict, prefix: str = "", free: tuple = ("deny", "role_labels", "org_labels")) -> set[str]:
    out = set()
    for k, v in data.items():
        if isinstance(v, dict) and k not in free:
            out |= leaf_keys(v, f"{prefix}{k}.")
        else:
            out.add(prefix + k)
    return out


def test_every_config_key_is_in_the_docs_key_table():
    text = (ROOT / "docs" / "adapting.md").read_text()
    documented = set(re.findall(r"^\| `([a-z0-9_.]+)` \|", text, re.M))
    missing = [k for k in schema_keys() if k not in documented]
    assert missing == []
    assert "manuscript.source_date_epoch" in documented


def test_new_study_writes_every_key_and_a_config_that_validates(tmp_path):
    files = new_study("transport", tmp_path, today=dt.date(2026, 11, 30))
    assert sorted(f.relative_to(tmp_path).as_posix() for f in files) == sorted(
        d.format(name="transport") for d in LAYOUT.values()
    )
    cfg = yaml.safe_load((tmp_path / "config" / "transport" / "config.yaml").read_text())
    schema = {k for k in schema_keys() if not k.startswith("review.")}
    assert sorted(schema - leaf_keys(cfg)) == []  # nothing silently inherited from the bundled study
    assert cfg["coding"]["human"] == [] and cfg["manuscript"]["source_date_epoch"] == 1795996800
    assert cfg["manuscript"]["source_dir"] == "config/transport/manuscript"
    bundled = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    merged = {**bundled, **cfg}
    load_config(merged, "config/transport/config.yaml")  # valid against the schema
    qmd = (tmp_path / "config" / "transport" / "manuscript" / "index.qmd").read_text()
    assert "__" not in qmd and "The transport study team" in qmd


def test_new_study_refuses_a_bad_name_and_never_overwrites(tmp_path):
    with pytest.raises(ConfigError, match="not a usable study name"):
        new_study("My Study", tmp_path)
    new_study("demo", tmp_path)
    before = (tmp_path / "config" / "demo" / "codebook.yaml").read_text()
    with pytest.raises(ConfigError, match="already exists"):
        new_study("demo", tmp_path)
    assert (tmp_path / "config" / "demo" / "codebook.yaml").read_text() == before
    cli = subprocess.run(
        [str(BIN / "coprod"), "new-study", "demo", "--root", str(tmp_path)], capture_output=True, text=True
    )
    assert cli.returncode == 1 and cli.stderr.count("\n") == 1 and "already exists" in cli.stderr
