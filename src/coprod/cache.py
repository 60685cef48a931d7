"""Results reused by content: a folder of JSON entries, each named by the hash of exactly what
produced it (its inputs' bytes, its settings, the code that computed it).

Snakemake re-runs a job when an input is newer; the job then asks this cache whether the same
content was computed before (the audit's scan of one file, one topic fit) and reuses it. The
folder is private (0700, entries 0600): an audit entry holds original identifiers. An entry is
trusted only if it parses, names the key it was asked for and its body matches the checksum it
carries; anything else (a truncated write, an entry copied from another study or another
version) is ignored, removed and rebuilt. The folder is bounded: after each write the least
recently used entries go until it is under `max_bytes`. Deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .privacy.key import private_dir, write_private

FORMAT = "coprod-cache 1"
# a cache folder never grows past this unless told otherwise (bytes)
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


def digest(*parts: object) -> str:
    """sha256 of a JSON rendering of `parts` (dicts sorted): the key of what they determine."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_digest(*modules: object) -> str:
    """sha256 of the source files of `modules`: a change to the code that computed an entry
    retires it."""
    h = hashlib.sha256()
    for m in modules:
        h.update(Path(m.__file__).read_bytes())
    return h.hexdigest()


def text_digest(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes, lone surrogates kept (`surrogatepass`): the key of
    a cache entry that holds what was derived from that text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def folder_digest(root: str | Path) -> bytes:
    """SHA-256 over every file under `root` (relative name and content): the version of a data
    folder such as the reference data. Shared by the reference cache and the audit's residual
    report (which may import this module, not the detectors' `refcache`)."""
    root = Path(root)
    h = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            h.update(str(len(rel)).encode() + b":" + rel.encode("utf-8", "surrogateescape"))
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def pack_array(a) -> dict:
    """A float array as JSON-safe data for a cache entry: shape and little-endian float64 bytes in
    base64 (exact: what comes back is bit for bit what went in)."""
    import base64

    import numpy as np

    a = np.ascontiguousarray(a, dtype="<f8")
    return {"shape": list(a.shape), "f8": base64.b64encode(a.tobytes()).decode("ascii")}


def unpack_array(d: dict):
    """The array `pack_array` wrote (malformed data raises, so the caller rebuilds the entry)."""
    import base64

    import numpy as np

    raw = base64.b64decode(d["f8"].encode("ascii"), validate=True)
    return np.frombuffer(raw, dtype="<f8").reshape([int(n) for n in d["shape"]]).astype(float)


class ContentCache:
    """Entries under `folder`, one file per key (`<key>.json`)."""

    def __init__(self, folder: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The body stored under `key`, or None (missing, unreadable, foreign or corrupted: a
        bad entry is removed so the caller's `put` rebuilds it)."""
        path = self._path(key)
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.misses += 1
            if path.exists():
                path.unlink(missing_ok=True)
            return None
        try:
            head, body = raw.split("\n", 1)
            fmt, stored_key, checksum = head.rsplit(" ", 2)
            ok = (
                fmt == FORMAT
                and stored_key == key
                and checksum == hashlib.sha256(body.encode("utf-8")).hexdigest()
            )
            value = json.loads(body) if ok else None
        except ValueError:
            value = None
        if not isinstance(value, dict):
            self.misses += 1
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # recently used: evicted last
        except OSError:
            pass
        self.hits += 1
        return value

    def put(self, key: str, value: dict, evict: bool = True) -> None:
        """Store `value` under `key`; `evict=False` leaves the bound to a later `evict()` (a
        caller writing many entries in a row calls it once: each call lists the folder)."""
        private_dir(self.folder)
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        checksum = hashlib.sha256(body.encode("utf-8")).hexdigest()
        write_private(self._path(key), f"{FORMAT} {key} {checksum}\n{body}")
        if evict:
            self.evict()

    def evict(self) -> None:
        """Remove the least recently used entries until the folder is under `max_bytes`."""
        entries = []
        for p in self.folder.glob("*.json"):
            try:
                st = p.stat()
            except OSError:  # removed by a concurrent job
                continue
            entries.append((st.st_mtime, p.name, st.st_size, p))
        total = sum(e[2] for e in entries)
        for _, _, size, p in sorted(entries):
            if total <= self.max_bytes:
                break
            p.unlink(missing_ok=True)
            total -= size
