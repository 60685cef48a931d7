"""environment.yml (conda) pins the same versions as requirements.lock (pip) where both name a package."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[norm(name)] = version
    return pins


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep["pip"]:
                name, version = spec.split("==")
                pins[norm(name)] = version
        elif "=" in dep:
            name, version = dep.split("=", 1)
            pins[norm(name)] = version
    return pins


def test_every_lock_line_is_pinned():
    lines = [
        ln for ln in (ROOT / "requirements.lock").read_text().splitlines() if ln and not ln.startswith("#")
    ]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", ln) for ln in lines)


def test_conda_and_pip_versions_agree():
    lock, conda = lock_pins(), conda_pins()
    shared = sorted(set(lock) & set(conda))
    assert len(shared) >= 15, shared
    assert {n: conda[n] for n in shared} == {n: lock[n] for n in shared}
    assert "quarto" in conda and conda["python"].startswith("3.11")


def test_direct_dependencies_are_in_the_lock():
    project = (ROOT / "pyproject.toml").read_text()
    deps = re.findall(r'^\s+"([A-Za-z0-9_.\-]+)",?$', project, re.M)
    assert set(map(norm, deps)) <= set(lock_pins()), set(map(norm, deps)) - set(lock_pins())
