"""E-mail addresses written to dodge address harvesters: the "@" as "(at)", "[at]", "{at}" or
"<at>", and each dot of the domain as "(dot)", "[dot]" or a plain dot ("hmcandrew(at)gmail(dot)com",
"name [at] outlook [dot] com", "name[at]example.org"). The bracketed "at" is the evidence: a
plain " at " with bracketed dots is also taken, a plain " at " with plain dots is the spoken
form (`pattern:email-spoken`). The domain must end in a letters-only label of two or more.
"""

from __future__ import annotations

import re

from ..detectors import Span

name = "obfuscated_emails"

CONFIDENCE = 0.95
_AT = r"(?:[ \t]*[(\[{<][ \t]*at[ \t]*[)\]}>][ \t]*|[ \t]+at[ \t]+(?=[\w.-]+[ \t]*[(\[{<][ \t]*dot))"
_DOT = r"(?:[ \t]*[(\[{<][ \t]*dot[ \t]*[)\]}>][ \t]*|\.)"
OBFUSCATED_RE = re.compile(
    rf"(?<![\w.+-])(?P<local>[\w.+-]*\w){_AT}(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,}})(?![\w])",
    re.I,
)
DOT_RE = re.compile(_DOT, re.I)
HINT_RE = re.compile(r"[(\[{<][ \t]*(?:at|dot)[ \t]*[)\]}>]", re.I)


class ObfuscatedEmailRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index=None) -> list[Span]:
        if HINT_RE.search(seen) is None:
            return []
        out: list[Span] = []
        for m in OBFUSCATED_RE.finditer(seen):
            value = f"{m['local']}@{DOT_RE.sub('.', m['domain'])}".lower()
            out.append(Span(m.start(), m.end(), "EMAIL", value, "email:obfuscated", CONFIDENCE))
        return out
