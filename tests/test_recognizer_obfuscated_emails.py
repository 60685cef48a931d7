"""E-mail addresses written with "(at)" / "[at]" and "(dot)" / "[dot]" (invented addresses)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, ObfuscatedEmailRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in ObfuscatedEmailRecognizer(Settings()).find(text)]


def test_registered():
    assert ObfuscatedEmailRecognizer in REGISTRY


def test_bracketed_at_and_dot():
    assert _found("Email me at hmcandrew(at)gmail(dot)com please.") == [
        ("hmcandrew(at)gmail(dot)com", "hmcandrew@gmail.com")
    ]
    assert _found("It's hmcandrew [at] outlook [dot] com.") == [
        ("hmcandrew [at] outlook [dot] com", "hmcandrew@outlook.com")
    ]
    assert _found("j.bloggs[at]example.co.uk") == [("j.bloggs[at]example.co.uk", "j.bloggs@example.co.uk")]
    assert _found("jbloggs at example (dot) org") == [("jbloggs at example (dot) org", "jbloggs@example.org")]


def test_not_addresses():
    assert _found("we met at the pub (at last) and talked") == []
    assert _found("look at example.com") == []  # a web address: the URL detectors'
    assert _found("name(at)localhost") == []  # no domain ending


def test_in_the_analyzer():
    text = "Email me at hmcandrew(at)gmail(dot)com please."
    assert [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)] == [
        ("hmcandrew(at)gmail(dot)com", "EMAIL")
    ]


def test_whole_address_wins_over_the_bare_domain_inside_it():
    # the domain alone is also a bare web address: the e-mail (with its local part) is replaced whole
    analyzer = Analyzer([], Settings())
    for text, local in (
        ("It's a.anyname[at]care.example.org, she answers.", "a.anyname"),
        ("Send it to A.ANYNAME (at) EXAMPLE.GOV.UK please.", "A.ANYNAME"),
    ):
        found = [(text[s.start : s.end], s.type) for s in analyzer.find(text)]
        assert len(found) == 1 and found[0][1] == "EMAIL" and found[0][0].startswith(local), found
