"""The pseudonym key: the private, append-only map (type, original) -> pseudonym.

It is what keeps "[Person 7]" the same person across runs and added transcripts, so it is
persistent state in the private zone (0600), never a shareable output. Publishing is
crash-consistent: the key is saved durably (temporary file, fsync, rename, fsync of the folder)
before any text or plan using its pseudonyms is written, so a run killed at any moment never
leaves a published "[Person 2]" that the key does not hold.

Test-only hook: with the environment variable COPROD_TEST_KILL_AT_WRITE=N the process sends
itself SIGKILL at the N-th write step (`crash_point`: a temporary file written, a rename done) of
the key, private files and de-identified outputs. tests/test_key_crash.py kills a run at every
step this way; unset (always, outside that test) it costs one integer comparison per write.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

HSCP_RE = re.compile(r"Health and Social Care Partnership|\bHSCP\b|Integration Joint Board|\bIJB\b", re.I)
KEY_FORMAT = "coprod-pseudonym-key/1"
LABELS = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "PLACE": "Place",
    # a name whose kind the detector cannot tell (a product, a show, a company or a town): a
    # neutral "[Name n]" rather than a wrong type
    "NAME": "Name",
    "EMAIL": "Email",
    "PHONE": "Phone",
    "POSTCODE": "Postcode",
    "URL": "URL",
    "ADDRESS": "Address",
    "ID_NUMBER": "ID number",
}


_KILL_AT = int(os.environ.get("COPROD_TEST_KILL_AT_WRITE", "0") or 0)
_steps = 0


def crash_point() -> None:
    """One write step done; under the test hook (module docstring) die here at the N-th."""
    global _steps
    if _KILL_AT:
        _steps += 1
        if _steps == _KILL_AT:
            os.kill(os.getpid(), signal.SIGKILL)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (the new directory entry survives a power cut)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _number(label: str) -> int:
    """ "Person 12" -> 12, "HSCP C" -> 3 (letters count like spreadsheet columns)."""
    tail = label.rsplit(" ", 1)[-1]
    if tail.isdigit():
        return int(tail)
    n = 0
    for ch in tail:
        n = n * 26 + (ord(ch) - 64) if "A" <= ch <= "Z" else n
    return n


class PseudonymKey:
    """Append-only map (type, original) -> pseudonym. Private; never written to results/.

    Concurrent runs on one key are serialised by `locked` (an exclusive lock held for the whole
    read–assign–write cycle); numbering continues from the highest number used (a key with a
    gap, Person 1 and Person 3, next gives Person 4, never a second Person 3)."""

    def __init__(self, entries: list[dict] | None = None, path: str | Path = "") -> None:
        self.entries: list[dict] = list(entries or [])
        self._index: dict[tuple[str, str], str] = {}
        self._any_type: dict[str, str] = {}  # original -> the label of its first entry
        self._max: Counter = Counter()
        seen_labels: dict[str, str] = {}
        for k, e in enumerate(self.entries, start=1):
            original, label = str(e.get("original", "")).strip(), str(e.get("pseudonym", "")).strip()
            key = (e.get("type", ""), _norm(original))
            problem = ""
            if not original or not label:
                problem = f"entry {k} has an empty original or pseudonym"
            elif key in self._index:
                problem = f"entry {k} repeats an original that already has a pseudonym"
            elif label in seen_labels and seen_labels[label] != key[1]:
                problem = f"entry {k} gives the pseudonym of an earlier entry to a second original"
            if problem:
                raise InputError(path or "pseudonym key", problem, "restore the key from its backup")
            self._index[key] = label
            self._any_type.setdefault(key[1], label)
            seen_labels[label] = key[1]
            prefix = label.rsplit(" ", 1)[0]
            self._max[prefix] = max(self._max[prefix], _number(label))

    @classmethod
    def load(cls, path: str | Path) -> PseudonymKey:
        path = Path(path)
        if path.is_symlink():
            raise InputError(path, "the pseudonym key is a symbolic link", "point --key at the real file")
        if path.is_dir():
            raise InputError(path, "is a folder, not a pseudonym key file", "give the key's file path")
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != KEY_FORMAT:
                raise ValueError("unknown format")
            entries = data["entries"]
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                raise ValueError("entries")
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise InputError(
                path,
                "not a pseudonym key written by coprod",
                "restore it from backup or point --key elsewhere",
            ) from None
        return cls(entries, path)

    def pseudonym(self, etype: str, original: str, scope: str = "") -> str:
        """The label of (type, original), assigned on first sight. `scope`: the transcript a
        new entry was found in on weak evidence only; recorded so a later audit, when the entry
        is no longer replaced (a detector since improved), checks it where it was decided."""
        key = (etype, _norm(original))
        if etype == "NAME" and key not in self._index and key[1] in self._any_type:
            # a name of no known type that the key already holds under a type (published as
            # "[Place 4]" before the neutral type existed) keeps that pseudonym: never renumbered
            return self._any_type[key[1]]
        if key not in self._index:
            if not original.strip():
                raise InputError(
                    "pseudonym key", "an empty original has no pseudonym", "report this as a bug"
                )
            prefix = "HSCP" if etype == "ORG" and HSCP_RE.search(original) else LABELS[etype]
            self._max[prefix] += 1
            n = self._max[prefix]
            label = f"{prefix} {_letters(n) if prefix == 'HSCP' else n}"
            entry = {"type": etype, "original": original, "pseudonym": label}
            if scope:
                entry["scope"] = scope
            self.entries.append(entry)
            self._index[key] = label
            self._any_type.setdefault(key[1], label)
        return self._index[key]

    def originals(self) -> list[tuple[str, str]]:
        return [(e["original"], e["pseudonym"]) for e in self.entries]

    def save(self, path: str | Path) -> None:
        """Write atomically and durably: a new temporary file (O_EXCL, O_NOFOLLOW, mode 0600) in
        the key's 0700 folder, flushed to disk, renamed over the key, then the folder flushed
        too. Callers save the key before writing anything that uses its pseudonyms."""
        path = Path(path)
        private_dir(path.parent)
        if path.is_symlink():
            raise InputError(path, "the pseudonym key is a symbolic link", "point --key at the real file")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": KEY_FORMAT, "entries": self.entries}, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            crash_point()
            os.replace(tmp, path)
            fsync_dir(path.parent)
            crash_point()
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def private_dir(folder: Path) -> Path:
    """Create a private-zone folder with mode 0700 whatever the umask (and tighten it if it
    exists), except the working folder or one of its ancestors: `--key k.json` must not lock
    the user out of sharing their project folder (the key file itself is 0600)."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    for level in reversed(missing):  # each level this call creates is 0700, not umask-shaped
        level.mkdir(exist_ok=True)
        os.chmod(level, 0o700)
    resolved, here = folder.resolve(), Path.cwd().resolve()
    if resolved != here and resolved not in here.parents:
        os.chmod(folder, 0o700)
    return folder


def write_private(path: str | Path, text: str) -> None:
    """Write a private-zone file atomically with mode 0600 whatever the umask: a fresh temporary
    file (O_EXCL, O_NOFOLLOW) in a 0700 folder, renamed over the target."""
    path = Path(path)
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        crash_point()
        os.replace(tmp, path)
        crash_point()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def locked(path: str | Path):
    """Hold an exclusive lock on the key for a whole read–assign–write cycle, so concurrent
    runs never hand one pseudonym to two people or lose an entry."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a folder, not a pseudonym key file", "give the key's file path")
    private_dir(path.parent)
    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
