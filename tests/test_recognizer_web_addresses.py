"""Web addresses without "http" or "www": any country-code ending (pycountry) or a common
generic one; abbreviations, decimals, file names and missing spaces are no addresses."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers.web_addresses import WebAddressRecognizer, country_domains


def _found(text):
    return [(text[s.start : s.end], s.type, s.canonical) for s in WebAddressRecognizer(Settings()).find(text)]


@pytest.mark.parametrize(
    "text,surface",
    [
        ("the show's site is anyshowname.in, do visit", "anyshowname.in"),
        ("see exampel.co.uk for the forms", "exampel.co.uk"),
        ("it is on example.de/seite/2.", "example.de/seite/2"),
        ("(sub-domain.example.com.au)", "sub-domain.example.com.au"),
        ("our page anyname.blog has it", "anyname.blog"),
        ("the tool anyname.ai does it", "anyname.ai"),  # an AI company's domain, not an Illustrator file
        ("ANYNAME.ORG is ours", "ANYNAME.ORG"),
        ("a mis-heard anynaem.in at the end", "anynaem.in"),
    ],
)
def test_bare_addresses(text, surface):
    assert _found(text) == [(surface, "URL", surface.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "e.g. this, i.e. that, in the U.S. and the U.K.",
        "at 9 a.m. or 5 p.m., Ph.D. etc.",
        "it rose 3.5 per cent to 12.75",
        "send report.pdf and setup.py and notes.md",
        "that was the end.It was over",
        "we all knew that.is it",
        "write to anyname@example.in",
        "go to www.example.in or https://example.in",
        "a 1.in gap",
    ],
)
def test_not_addresses(text):
    assert _found(text) == []


def test_country_codes_come_from_pycountry():
    domains = country_domains()
    assert {"in", "de", "fr", "au", "uk", "eu"} <= domains
    assert "xx" not in domains and len(domains) > 240


def test_analyzer_replaces_the_whole_address():
    text = "visit anyshowname.in for the episodes"
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("anyshowname.in", "URL")]
