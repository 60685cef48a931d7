"""Shared fixtures: paths to the repository, the fixture corpus and the venv's tools."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
BIN = Path(sys.executable).parent


def copy_workflow(dest: Path, study: Path = CORPUS) -> Path:
    """A throwaway copy of the workflow and one fixture study (at its repository path)."""
    for name in ("Snakefile", "workflow", "scripts", "config", "manuscript", "src", "environment.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest / name)
    shutil.copytree(study, dest / study.relative_to(ROOT))
    shutil.copytree(ROOT / "data" / "reference", dest / "data" / "reference")
    return dest


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A throwaway copy of the workflow with the fixture corpus, for end-to-end runs."""
    return copy_workflow(tmp_path)
