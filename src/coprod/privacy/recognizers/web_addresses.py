"""Web addresses written without "http" or "www" ("example.in", "site.co.uk", a mis-heard
"exampel.in"): a host of two or more labels ending in a country-code domain (pycountry's ISO
3166 codes, plus "uk" and "eu") or a generic one (`data/reference/cues/generic_tlds.txt`).

Not web addresses: abbreviations ("e.g.", "i.e.", "U.S.": the label before the ending must have
two characters or more and a letter), decimals ("3.5"), a capitalised ending ("end.It": a
missing space, not a domain), two stop words joined by a dot ("that.is"), and file names
whose ending is also a country code ("report.py", `cues/file_extensions.txt`). Addresses with a
scheme or "www." and e-mail addresses are the pattern detectors' (`pattern:url`,
`pattern:email`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..detectors import Span
from ..reference import cue_words
from ..stopwords import ENGLISH_STOP_WORDS

name = "web_addresses"

# a letter or digit, a dot and two or more letters not followed by a letter: each one is
# looked at as the word around it (a scan of every word for a host would be slow)
ANCHOR_RE = re.compile(r"[A-Za-z0-9]\.[A-Za-z]{2,}(?![A-Za-z0-9])")
# ANCHOR_RE from its dot (a match of it at s is one of this at s + 1): a scan skips to dots
DOT_ANCHOR_RE = re.compile(r"\.(?<=[A-Za-z0-9]\.)[A-Za-z]{2,}(?![A-Za-z0-9])")
HOST_RE = re.compile(r"(?P<host>(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?P<path>/\S*)?")
LEAD = "([{<\"'“‘"
TRAIL = ".,;:!?)]}>\"'”’"


@lru_cache(maxsize=4)
def country_domains() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes as domains, with the two ccTLDs that are not ISO codes."""
    import pycountry

    return frozenset({c.alpha_2.lower() for c in pycountry.countries} | {"uk", "eu"})


def anchors(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each `ANCHOR_RE.finditer(text)` match, found from the dots."""
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = DOT_ANCHOR_RE.search(text, pos + 1)  # its character before the dot at pos or later
        if m is None:
            return out
        out.append((m.start() - 1, m.end()))
        pos = m.end()


class WebAddressRecognizer:
    name = name

    def __init__(self, settings) -> None:
        self.endings = country_domains() | cue_words("generic_tlds", settings.reference_dir)
        self.files = cue_words("file_extensions", settings.reference_dir)

    def find(self, seen: str) -> list[Span]:
        out: list[Span] = []
        for start, end in anchors(seen):
            if out and start < out[-1].end:
                continue
            a = start
            while a > 0 and not seen[a - 1].isspace():
                a -= 1
            b = end
            while b < len(seen) and not seen[b].isspace():
                b += 1
            while a < b and seen[a] in LEAD:
                a += 1
            while b > a and seen[b - 1] in TRAIL:
                b -= 1
            token = seen[a:b]
            m = HOST_RE.fullmatch(token)
            if m is None or "@" in token or self._not_address(m.group("host"), m.group("path")):
                continue
            out.append(Span(a, b, "URL", token.lower(), "pattern:url-bare", 0.9))
        return out

    def _not_address(self, host: str, path: str | None) -> bool:
        labels = host.split(".")
        ending, last = labels[-1], labels[-2]
        if host.lower().startswith("www."):
            return True  # the pattern detector's
        if not (ending.islower() or host.isupper()) or ending.lower() not in self.endings:
            return True
        if len(last) < 2 or not any(c.isalpha() for c in last):
            return True  # "e.g", "i.e", "3.5"
        if len(labels) == 2 and not path:
            if ending.lower() in self.files:
                return True  # "report.py"
            if last.lower() in ENGLISH_STOP_WORDS and ending.lower() in ENGLISH_STOP_WORDS:
                return True  # "that.is": a missing space
        return False
