"""A full name written in capitals inside running text (invented names)."""

from conftest import random_texts

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, CapitalNameRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = CapitalNameRecognizer(Settings(), ordinary_words())
    return [text[s.start : s.end] for s in rec.find(text)]


def test_registered():
    assert CapitalNameRecognizer in REGISTRY


def test_first_name_and_surname_in_capitals():
    assert _found("I wrote to HAMISH DRUMMOND-LOCKE at the council.") == ["HAMISH DRUMMOND-LOCKE"]
    assert _found("Ask AMY PATEL about it") == ["AMY PATEL"]


def test_emphasis_and_acronyms_are_left():
    assert _found("I said JOHN SAID NO") == []  # an ordinary word after the first name
    assert _found("We asked the NHS GP practice.") == []
    assert _found("It was a GRACE PERIOD thing") == []
    assert _found("ask HAMISH about it") == []  # a first name alone
    assert _found("I WROTE TO HAMISH DRUMMOND") == []  # all in capitals: the context rules' text


def test_in_the_analyzer():
    text = "I wrote to HAMISH DRUMMOND-LOCKE at the council."
    assert [text[s.start : s.end] for s in Analyzer([], Settings()).find(text)] == ["HAMISH DRUMMOND-LOCKE"]


def test_the_scan_tried_at_its_starts_finds_what_the_whole_text_scan_finds():
    """The run scan is tried only where the text's shape has two capitals, or a capital and an
    apostrophe not before a small letter, after no letter; on random texts of names, acronyms,
    apostrophes, hyphens and other letters the recognizer finds what the scan over the whole
    text finds."""

    from coprod.privacy.recognizers.capital_names import RUN_RE

    rec = CapitalNameRecognizer(Settings(), ordinary_words())

    def plain(seen):  # `find` as first written: the run scan over the whole text
        return rec.spans(seen, RUN_RE.finditer(seen))

    parts = [
        "HAMISH", "DRUMMOND-LOCKE", "JOHN", "SMITH", "MARY", "O'NEIL", "O'", "A'", "A''", "I'm", "I", "NHS",
        "THE", "JONES-BROWN", "X-JOHN", "5JOHN", "'JOHN", "JOHN'S", "JOSÉ", "O’NEIL", "said", "the", "Ann",
        "-", "'", " ", " ", " ", "\n", ".",
    ]  # fmt: skip
    found = 0
    for text in random_texts(parts, 9, 10):
        want = plain(text) if any(c.islower() for c in text) else []
        found += bool(want)
        assert rec.find(text) == want, text
    assert found > 50
