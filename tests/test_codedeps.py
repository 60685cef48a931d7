"""Issue 27: a rule's code inputs are the library files its script imports (followed through the
library), and the ingest chunks are sized to the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

from coprod.codedeps import code_inputs
from coprod.corpus import assign_chunks, chunk_count


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    """A small library: every way a module can pull in another, and modules nobody imports."""
    src = tmp_path / "src"
    lib = src / "coprod"
    _write(lib / "__init__.py", '"""package"""\n')
    _write(lib / "a.py", "from .b import thing\nimport numpy\n")
    _write(lib / "b.py", "from . import c\nthing = 1\n")
    _write(lib / "c.py", "def later():\n    from coprod.sub.d import x\n    return x\n")
    _write(lib / "sub" / "__init__.py", "")
    _write(lib / "sub" / "d.py", 'FILTER = "filter.lua"\nx = 2\nNOT_A_FILE = "missing.lua"\n')
    _write(lib / "sub" / "filter.lua", "-- a filter\n")
    _write(lib / "unused.py", "import coprod.a\n")
    _write(lib / "other.py", "x = 3\n")
    script = _write(tmp_path / "scripts" / "step.py", "import sys\nfrom coprod.a import thing\n")
    return src, script


def _names(paths, src):
    return sorted(str(Path(p).relative_to(src)) for p in paths)


def test_import_graph_follows_every_import_and_only_imports(tree):
    src, script = tree
    assert _names(code_inputs(script, src), src) == [
        "coprod/__init__.py",
        "coprod/a.py",
        "coprod/b.py",
        "coprod/c.py",  # `from . import c` imports a module, not only a name
        "coprod/sub/__init__.py",  # importing coprod.sub.d runs its package first
        "coprod/sub/d.py",  # a function-level import runs too
        "coprod/sub/filter.lua",  # a data file beside a module that names it
    ]


def test_import_graph_cache_is_refreshed_when_a_module_changes(tree, tmp_path):
    src, script = tree
    cache = tmp_path / "cache.json"
    first = code_inputs(script, src, cache=cache)
    assert cache.exists() and str(src / "coprod" / "b.py") in cache.read_text(encoding="utf-8")
    b = src / "coprod" / "b.py"
    b.write_text("from . import c\nfrom .other import x\nthing = 1\n", encoding="utf-8")
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 10**9))
    second = code_inputs(script, src, cache=cache)
    assert sorted(set(second) - set(first)) == [str(src / "coprod" / "other.py")]
    # a damaged cache is rebuilt, not trusted
    cache.write_text("{not json", encoding="utf-8")
    import coprod.codedeps as codedeps

    codedeps._MEMO.clear()
    codedeps._LOADED.clear()
    assert code_inputs(script, src, cache=cache) == second


def test_the_workflow_scripts_depend_on_their_own_modules():
    src = ROOT / "src"
    lib = lambda script: _names(code_inputs(ROOT / "scripts" / script, src), src)  # noqa: E731
    figure = lib("figures/code_by_site.py")
    assert "coprod/figures.py" in figure
    assert not any(n.startswith(("coprod/privacy/", "coprod/ingest")) for n in figure), figure
    assert "coprod/figures.py" not in lib("ingest.py")
    assert "coprod/figures.py" not in lib("deidentify.py")
    assert "coprod/privacy/deidentify.py" in lib("deidentify.py")
    assert "coprod/quarto_compat.lua" in lib("render_manuscript.py")
    assert "coprod/manuscript.py" in lib("manuscript_variables.py")


def test_chunks_are_sized_to_the_corpus():
    assert [chunk_count(n) for n in (0, 1, 20, 50, 51, 100, 101, 1000)] == [1, 1, 1, 1, 2, 2, 4, 32]
    for n in range(51, 3000, 7):
        per_chunk = n / chunk_count(n)
        assert 25 <= per_chunk <= 50, n
    assert chunk_count(20, 16) == 16  # a number in the config wins
    ids = [f"t{i:03d}" for i in range(1, 121)]
    chunks = assign_chunks(ids, chunk_count(len(ids)))
    assert sorted(t for c in chunks.values() for t in c) == ids and set(chunks) <= set(range(4))
    # a transcript's chunk depends on its id and the count only, not on the other transcripts
    assert assign_chunks(ids[:60], 4)[assign_chunks(["t007"], 4).popitem()[0]].count("t007") == 1
