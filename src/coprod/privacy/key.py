"""The pseudonym key: the private, append-only map (type, original) -> pseudonym.

It is what keeps "[Person 7]" the same person across runs and added transcripts, so it is
persistent state in the private zone (0600), never a shareable output.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

from ..errors import InputError

HSCP_RE = re.compile(r"Health and Social Care Partnership|\bHSCP\b|Integration Joint Board|\bIJB\b", re.I)
KEY_FORMAT = "coprod-pseudonym-key/1"
LABELS = {
    "PERSON": "Person",
    "ORG": "Organisation",
    "PLACE": "Place",
    "EMAIL": "Email",
    "PHONE": "Phone",
    "POSTCODE": "Postcode",
    "URL": "URL",
    "ADDRESS": "Address",
    "ID_NUMBER": "ID number",
}


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class PseudonymKey:
    """Append-only map (type, original) -> pseudonym. Private; never written to results/."""

    def __init__(self, entries: list[dict] | None = None) -> None:
        self.entries: list[dict] = list(entries or [])
        self._index = {(e["type"], _norm(e["original"])): e["pseudonym"] for e in self.entries}
        self._counts = Counter(e["pseudonym"].rsplit(" ", 1)[0] for e in self.entries)

    @classmethod
    def load(cls, path: str | Path) -> PseudonymKey:
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != KEY_FORMAT:
                raise ValueError("unknown format")
            return cls(data["entries"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise InputError(
                path,
                "not a pseudonym key written by coprod",
                "restore it from backup or point --key elsewhere",
            ) from None

    def pseudonym(self, etype: str, original: str) -> str:
        key = (etype, _norm(original))
        if key not in self._index:
            prefix = "HSCP" if etype == "ORG" and HSCP_RE.search(original) else LABELS[etype]
            self._counts[prefix] += 1
            n = self._counts[prefix]
            label = f"{prefix} {_letters(n) if prefix == 'HSCP' else n}"
            self.entries.append({"type": etype, "original": original, "pseudonym": label})
            self._index[key] = label
        return self._index[key]

    def originals(self) -> list[tuple[str, str]]:
        return [(e["original"], e["pseudonym"]) for e in self.entries]

    def save(self, path: str | Path) -> None:
        """Write atomically with mode 0600 in a 0700 directory."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": KEY_FORMAT, "entries": self.entries}, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.chmod(tmp, 0o600)
        tmp.replace(path)
