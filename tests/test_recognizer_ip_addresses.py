"""Public IP addresses are replaced; private, reserved and version-like numbers stay (invented
addresses from public ranges)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import IDENTIFIER_RECOGNIZERS, REGISTRY, IpAddressRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in IpAddressRecognizer(Settings()).find(text)]


def test_registered():
    assert IpAddressRecognizer in REGISTRY
    assert IpAddressRecognizer in IDENTIFIER_RECOGNIZERS


def test_a_public_address_with_or_without_a_port():
    assert _found("my box is on 81.143.207.66, honestly") == [("81.143.207.66", "81.143.207.66")]
    assert _found("ssh to 81.143.207.66:2222 then") == [("81.143.207.66:2222", "81.143.207.66")]
    assert _found("the v6 one is 2a00:1450:4009:81a::200e.") == [
        ("2a00:1450:4009:81a::200e", "2a00:1450:4009:81a::200e")
    ]


def test_private_reserved_and_version_numbers_stay():
    text = "192.168.1.10, 10.0.2.15, 172.16.4.2, 127.0.0.1, 203.0.113.7, v1.2.3.4, version 8.8.8.8"
    assert _found(text) == []
    assert _found("pi is 3.14.15.92.65 and 1.2.3.4.5, 300.1.1.1, at 10:30:00") == []


def test_in_the_analyzer_the_address_is_replaced():
    text = "My home server is on 81.143.207.66 these days."
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("81.143.207.66", "URL")]
