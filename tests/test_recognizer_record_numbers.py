"""Hospital, patient and other reference numbers after the word that names them (invented)."""

from conftest import random_texts

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, RecordNumberRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in RecordNumberRecognizer(Settings()).find(text)]


def test_registered():
    assert RecordNumberRecognizer in REGISTRY


def test_numbers_after_their_cue():
    assert _found("My hospital number is K482913, on the wristband.") == [("K482913", "K482913")]
    assert _found("MRN: 00482913") == [("00482913", "00482913")]
    assert _found("policy no. AB-12345-6 I think") == [("AB-12345-6", "AB123456")]
    assert _found("patient ID 4471902") == [("4471902", "4471902")]


def test_short_numbers_or_no_cue_are_left():
    assert _found("room number 12 on the left") == []
    assert _found("case number four") == []
    assert _found("the number K482913") == []  # no kind of record named
    assert _found("hospital number one priority") == []


def test_in_the_analyzer():
    text = "My hospital number is K482913, on the wristband."
    assert [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)] == [
        ("K482913", "ID_NUMBER")
    ]


def test_the_leading_lookahead_changes_no_match():
    """CUED_RE starts with a character-set lookahead for speed; without it the pattern finds the
    same matches, on random texts of its kinds, cues, spaces, digits and letters (the long s that
    (?i) reads as "s" included)."""
    import re

    from coprod.privacy.recognizers.record_numbers import CUED_RE

    plain = re.compile(CUED_RE.pattern.split(")", 1)[1])
    parts = [
        "Hospital",
        "hospital",
        "MRN",
        "mrn",
        "ſtaff",
        "Staff",
        "case",
        "driving licence",
        "Ref.",
        "number",
        "No.",
        "id",
        "#",
        "ID",
        " ",
        "  ",
        "\t",
        ": ",
        "is ",
        "12345",
        "AB-1234-56",
        "x",
        "the",
        ".",
        "\n",
        "e",
        "Bnumber",
        "ref",
    ]
    for text in random_texts(parts, 7, 14, gaps=("", " ")):
        assert [m.span() for m in CUED_RE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_the_scan_tried_at_its_cue_words_finds_what_the_whole_text_scan_finds():
    """The recognizer tries its pattern only where a word of the text's index starts with a cue
    (`text_index.CueWords`); on random texts of cues, joiners, digits and look-alike letters that
    a case-insensitive pattern reads as ASCII ("ſ", "İ", "ı", the Kelvin sign) it finds what the
    hint and the pattern over the whole text find."""

    from coprod.privacy.recognizers.record_numbers import CUED_RE, HINT_RE, RecordNumberRecognizer

    def plain(text):
        if HINT_RE.search(text) is None:
            return []
        return [m.span("id") for m in CUED_RE.finditer(text) if sum(c.isdigit() for c in m["id"]) >= 5]

    parts = [
        "Hospital", "patient", "MRN", "mrnX", "ſtaff", "İd", "ıd", "\u212aase", "case", "x-case", "o'ref",
        "5case", "_unit", "driving licence", "Ref.", "number", "no", "No.", "id", "#", "ID", " ", "\t",
        ": ", "is ", "12345", "AB-1234-56", "K482913", "member", "Membership", "the", ".", "\n", "café",
    ]  # fmt: skip
    found = 0
    recognizer = RecordNumberRecognizer(None)
    for text in random_texts(parts, 11, 14):
        want = plain(text)
        found += bool(want)
        assert [(s.start, s.end) for s in recognizer.find(text)] == want, text
    assert found > 100  # the texts do hold record numbers
