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


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A throwaway copy of the workflow with the fixture corpus, for end-to-end runs."""
    for name in ("Snakefile", "workflow", "scripts", "config", "manuscript", "src", "environment.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, tmp_path / name)
    shutil.copytree(CORPUS, tmp_path / "tests" / "fixtures" / "corpus")
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    return tmp_path
