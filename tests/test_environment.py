"""environment.yml (conda) pins the same versions as requirements.lock (pip) where both name a package."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(lock: str = "requirements.lock") -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
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


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-cluster.lock"])
def test_every_lock_line_is_pinned(lock):
    lines = [ln for ln in (ROOT / lock).read_text().splitlines() if ln and not ln.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", ln) for ln in lines)


def test_the_local_install_has_no_executor_plugin():
    """Snakemake imports every installed executor plugin at each start (the SLURM one imports
    pandas): `make` installs none; the cluster extra is pinned apart, for `make venv-cluster`."""
    local, cluster = lock_pins(), lock_pins("requirements-cluster.lock")
    assert not [n for n in local if n.startswith("snakemake-executor-plugin")]
    assert not set(local) & set(cluster)
    project = (ROOT / "pyproject.toml").read_text()
    extra = re.search(r"^cluster = \[(.*)\]$", project, re.M)
    assert extra and {norm(n) for n in re.findall(r'"([^"]+)"', extra.group(1))} <= set(cluster)
    assert "snakemake-executor-plugin-slurm" in cluster
    # and `make venv` removes exactly these from a venv made from an earlier lock
    removed = re.search(r"^CLUSTER_PACKAGES := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert removed and set(map(norm, removed.group(1).split())) == set(cluster)


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


def _imported_top_modules() -> set[str]:
    """Every top-level module the library and the workflow scripts import (anywhere in a file,
    lazy imports included), minus the standard library and the project itself."""
    import ast
    import sys

    found: set[str] = set()
    files = [*(ROOT / "src" / "coprod").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in {"coprod", "snakemake"}} | {
        "snakemake"
    }


def test_every_imported_package_is_a_core_dependency_in_both_install_files():
    """`pip install .` and the conda route must both be able to run every stage: a package the
    code imports but only an extra (or neither file) names fails at run time, not install time."""
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    project = (ROOT / "pyproject.toml").read_text()
    core = project.split("dependencies = [", 1)[1].split("]", 1)[0]
    core_deps = set(map(norm, re.findall(r'^\s+"([A-Za-z0-9_.\-]+)",?$', core, re.M)))
    conda = set(conda_pins())
    missing_core, missing_conda = [], []
    for module in sorted(_imported_top_modules()):
        assert module in dists, f"{module} is imported but not installed"
        names = {norm(d) for d in dists[module]}
        if not names & core_deps:
            missing_core.append(module)
        if not names & conda:
            missing_conda.append(module)
    assert not missing_core, f"imported, not a core dependency in pyproject.toml: {missing_core}"
    assert not missing_conda, f"imported, not in environment.yml: {missing_conda}"


def test_the_conda_route_names_the_cluster_pins():
    """environment.yml's comment on adding the SLURM executor gives the cluster lock's versions."""
    line = next(ln for ln in (ROOT / "environment.yml").read_text().splitlines() if "plugin-slurm==" in ln)
    named = dict(spec.split("==") for spec in re.findall(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.+\-]+", line))
    assert {norm(n): v for n, v in named.items()} == lock_pins("requirements-cluster.lock")
