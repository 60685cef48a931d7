"""Public IP addresses ("my home server is on 81.143.207.66"): a host on the internet that a
participant runs or uses points to them as an address does. An IPv4 address in dotted decimal
(four numbers of 0-255, no leading zeros, not inside a longer dotted number or after "v" or
"version"), optionally with a port ("81.143.207.66:8080"), or an IPv6 address in its usual
colon form, replaced as a web address ("[URL n]") when the standard library's `ipaddress` calls
it global: private ranges (10/8, 172.16/12, 192.168/16), loopback, link-local, the documentation
ranges and reserved blocks name no one and stay, as do version numbers that look like a private
or reserved address ("10.0.2.15" in a VM's notes).
"""

from __future__ import annotations

import ipaddress
import re

from ..detectors import Span
from .text_index import finditer_at, index_of

name = "ip_addresses"

CONFIDENCE = 0.9
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4_RE = re.compile(rf"(?<![\w.])(?P<ip>{_OCTET}(?:\.{_OCTET}){{3}})(?::\d{{1,5}})?(?![\w]|\.\d)")
IPV6_RE = re.compile(
    r"(?<![\w:.])(?P<ip>(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|[0-9A-Fa-f]{1,4}))(?![\w:])"
)
VERSION_RE = re.compile(r"(?:\bv|\bversion\s*|\brelease\s*)$", re.I)


class IpAddressRecognizer:
    name = name

    def __init__(self, settings) -> None:
        pass

    def find(self, seen: str, index=None) -> list[Span]:
        spans: list[Span] = []
        if seen.count(".") >= 3:
            # an address starts with a digit after no word character: a digit run's start
            starts = [a for a, _ in index_of(seen, index).digit_runs]
            for m in finditer_at(IPV4_RE, seen, starts):
                if VERSION_RE.search(seen, max(0, m.start() - 10), m.start()):
                    continue
                if ipaddress.ip_address(m.group("ip")).is_global:
                    spans.append(
                        Span(m.start(), m.end(), "URL", m.group("ip"), "pattern:ip-address", CONFIDENCE)
                    )
        if seen.count(":") >= 2:
            for m in IPV6_RE.finditer(seen):
                try:
                    ip = ipaddress.ip_address(m.group("ip"))
                except ValueError:
                    continue
                if ip.is_global:
                    spans.append(
                        Span(m.start(), m.end(), "URL", m.group("ip"), "pattern:ip-address", CONFIDENCE)
                    )
        return spans
