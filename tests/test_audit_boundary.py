"""The audit is an independent check: it may share only the normaliser, the key and register
loaders and the public word lists (read from data/reference/ by its own loader) with the
de-identification. An import of the detectors (names, detectors, deidentify) would let one bad
allow-list entry or gazetteer rule blind the detector and its check at once."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[1] / "src" / "coprod" / "privacy" / "audit"
# modules of the project the audit may import (besides its own package)
ALLOWED_PROJECT = {
    "coprod.errors",  # the exception type the build fails with
    # which study languages have word lists (one check, shared with the de-identifier; it
    # imports the errors and wordfreq only)
    "coprod.languages",
    "coprod.privacy.normalise",
    "coprod.privacy.key",
    "coprod.privacy.register",
    # the review decisions' own small loader (form, keep|replace, type): it imports only the
    # errors, the key's private writer and the normaliser, never a detector
    "coprod.privacy.decisions",
    # the content cache its per-file scans are kept in: hashing and the key's private writer,
    # no detector (test_the_content_cache_imports_no_detector)
    "coprod.cache",
    # NLTK's English Snowball stemmer as a pure function (no NLTK import): the stem questions
    "coprod.snowball",
}
# third-party libraries that read formats (PDF, YAML front matter) or stem words
ALLOWED_THIRD_PARTY = {"pypdf", "pypdfium2", "yaml", "nltk"}
# and per module: word frequencies (data inside the wheel) for the residual-risk report, and
# for the ordinary words of a study's languages other than English (reference.py)
ALLOWED_IN = {"residual.py": {"wordfreq"}, "reference.py": {"wordfreq"}}


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """`from ..key import x` in coprod/privacy/audit/scan.py -> coprod.privacy.key."""
    if node.level == 0:
        return node.module or ""
    package = module.rsplit(".", node.level)[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in a file, however nested (inside functions
    too: a lazy import is still an import)."""
    # a relative import counts dots from the module's own name (`__init__` stands for the package)
    module = f"coprod.privacy.audit.{path.stem}"
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            name = _absolute(module, node)
            if node.module:
                out.append((node.lineno, name))
            # each imported name too: `from .. import names` imports the module names
            out += [(node.lineno, f"{name}.{a.name}") for a in node.names if name.startswith("coprod")]
    return out


def violations(path: Path) -> list[str]:
    bad = []
    for line, name in imports_of(path):
        top = name.split(".")[0]
        if top == "coprod":
            if name.startswith("coprod.privacy.audit"):
                continue
            if any(name == m or name.startswith(m + ".") for m in ALLOWED_PROJECT):
                continue
            bad.append(f"{path.name}:{line} imports {name}")
        elif top in ALLOWED_IN.get(path.name, set()):
            continue
        elif top not in sys.stdlib_module_names and top not in ALLOWED_THIRD_PARTY and top != "__future__":
            bad.append(f"{path.name}:{line} imports {name}")
    return bad


def test_audit_is_a_package_of_its_own_modules():
    names = sorted(p.name for p in AUDIT.glob("*.py"))
    assert {"__init__.py", "values.py", "readers.py", "scan.py", "reference.py", "residual.py"} <= set(names)


@pytest.mark.parametrize("path", sorted(AUDIT.glob("*.py")), ids=lambda p: p.name)
def test_audit_imports_only_the_allowed_modules(path):
    assert violations(path) == []


def test_the_decisions_loader_imports_no_detector():
    """The audit may read the review decisions only because their loader is as independent as
    the key and register loaders."""
    tree = ast.parse((AUDIT.parent / "decisions.py").read_text(encoding="utf-8"))
    names = {
        _absolute("coprod.privacy.decisions", node)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
    }
    others = {
        a.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    assert names == {"coprod.errors", "coprod.privacy.key", "coprod.privacy.normalise"}
    assert others <= set(sys.stdlib_module_names)


def test_the_rule_catches_detector_imports(tmp_path):
    """The check itself can fail: the imports the audit had before it was split (the detectors'
    name lists and allow rules) are each reported, absolute, relative and lazy."""
    bad = tmp_path / "scan.py"
    bad.write_text(
        "from ..names import REFERENCE_DIR, distinctive_words, english_words\n"
        "from coprod.privacy.detectors import Span\n"
        "from .. import deidentify\n"
        "import requests\n"
        "def f():\n"
        "    from ...config import read_yaml\n"
        "from ..normalise import skeleton\n"
        "from .values import Value\n",
        encoding="utf-8",
    )
    found = violations(bad)
    assert found == [
        "scan.py:1 imports coprod.privacy.names",
        "scan.py:1 imports coprod.privacy.names.REFERENCE_DIR",
        "scan.py:1 imports coprod.privacy.names.distinctive_words",
        "scan.py:1 imports coprod.privacy.names.english_words",
        "scan.py:2 imports coprod.privacy.detectors",
        "scan.py:2 imports coprod.privacy.detectors.Span",
        "scan.py:3 imports coprod.privacy.deidentify",
        "scan.py:4 imports requests",
        "scan.py:6 imports coprod.config",
        "scan.py:6 imports coprod.config.read_yaml",
    ]


def test_the_content_cache_imports_no_detector():
    tree = ast.parse((AUDIT.parents[1] / "cache.py").read_text(encoding="utf-8"))
    names = {_absolute("coprod.cache", node) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    project = {n for n in names if n.startswith("coprod")}
    assert project == {"coprod.privacy.key"}, project
