"""The library code a workflow script runs: its `coprod` imports, followed transitively.

Snakemake tracks a rule's script file but not the library the script imports. Each rule lists
the library files its script can run as inputs (`code_inputs`), so editing a module re-runs the
rules that import it, and only those: editing the figure module redraws the figures without
re-running ingest or de-identification. Imports anywhere in a file count (a function-level
import runs too), each imported module brings its parent packages' `__init__.py`, and a data
file beside a module that the module names in a string (`quarto_compat.lua` in render.py) is
part of that module. Parsing is `ast` only (nothing is imported); with `cache` (a JSON file, e.g.
in .snakemake/) a file is parsed again only when its size or modification time changed, so the
workflow's load, which every job repeats, stays cheap.
"""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

PACKAGE = "coprod"


# path -> (stamp, direct dependencies), shared by every call in this process
_MEMO: dict[str, tuple[list, list[str]]] = {}
_LOADED: set[str] = set()


def code_inputs(script: str | Path, src: str | Path, cache: str | Path | None = None) -> list[str]:
    """Sorted paths of every library file under `src` (the folder holding `coprod/`) that
    `script` imports, directly or through other library modules (the script itself excluded)."""
    src = str(Path(src).resolve())
    if cache is not None:
        _load(str(cache))
    found: set[str] = set()
    todo = [str(Path(script).resolve())]
    changed = False
    while todo:
        path = todo.pop()
        stat = os.stat(path)
        stamp = [stat.st_mtime_ns, stat.st_size, src]
        memo = _MEMO.get(path)
        if memo is None or memo[0] != stamp:
            memo = _MEMO[path] = (stamp, _direct(path, src))
            changed = True
        for dep in memo[1]:
            if dep not in found:
                found.add(dep)
                if dep.endswith(".py"):
                    todo.append(dep)
    if cache is not None and changed:
        _save(str(cache))
    return sorted(found)


def _load(cache: str) -> None:
    """Read a cache file once per process; an unreadable one is ignored (and rewritten)."""
    if cache in _LOADED:
        return
    _LOADED.add(cache)
    try:
        with open(cache, encoding="utf-8") as fh:
            entries = json.load(fh)
        for path, (stamp, deps) in entries.items():
            _MEMO.setdefault(path, (list(stamp), list(deps)))
    except (OSError, ValueError, TypeError):
        pass


def _save(cache: str) -> None:
    """Write the cache atomically (parallel jobs load the workflow at the same time)."""
    tmp = f"{cache}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({p: [s, d] for p, (s, d) in sorted(_MEMO.items())}, fh)
        os.replace(tmp, cache)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _direct(path: str, src: str) -> list[str]:
    """Library files one file needs directly: the modules it imports (with their packages) and
    the data files beside it that it names."""
    file = Path(path)
    tree = ast.parse(file.read_bytes(), filename=path)
    root = Path(src)
    here = _package_of(file, root)
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.update(_module_files(alias.name.split("."), root))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if here is None or node.level > len(here):
                    continue
                base = here[: len(here) - node.level + 1]
            else:
                base = []
            parts = base + (node.module.split(".") if node.module else [])
            out.update(_module_files(parts, root))
            # `from coprod.privacy import audit` imports a submodule, not only a name
            for alias in node.names:
                if alias.name != "*" and _module_file(parts + [alias.name], root):
                    out.update(_module_files(parts + [alias.name], root))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and here is not None:
            out.update(_resource(file.parent, node.value))
    return sorted(out)


def _package_of(file: Path, root: Path) -> list[str] | None:
    """The dotted package a library file belongs to, as parts; None outside the library."""
    try:
        rel = file.relative_to(root)
    except ValueError:
        return None
    parts = list(rel.parent.parts)
    return parts if parts and parts[0] == PACKAGE else None


def _module_file(parts: list[str], root: Path) -> Path | None:
    """The file of module `parts` (a module or a package's __init__), if it is in the library."""
    if not parts or parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts)
    for candidate in (base.with_name(base.name + ".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_files(parts: list[str], root: Path) -> list[str]:
    """Module `parts` and every package above it (importing a.b.c runs a and a.b first)."""
    out = []
    for n in range(1, len(parts) + 1):
        found = _module_file(parts[:n], root)
        if found is not None:
            out.append(str(found))
    return out


def _resource(folder: Path, name: str) -> list[str]:
    """A data file (or folder of them) beside a module, named by a string in it."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or name.endswith(".py"):
        return []
    if len(name) > 255 or "\n" in name or "\0" in name:
        return []
    target = folder / name
    if target.is_file():
        return [str(target)]
    if target.is_dir() and not (target / "__init__.py").exists():
        return sorted(str(f) for f in target.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    return []
