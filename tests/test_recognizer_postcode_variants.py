"""UK postcodes with a comma or a split inward code, and said letter by letter in lower case
after a postcode cue (invented text)."""

from conftest import random_texts

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, PostcodeVariantRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in PostcodeVariantRecognizer(Settings()).find(text)]


def test_registered():
    assert PostcodeVariantRecognizer in REGISTRY


def test_comma_or_split_inward_code():
    assert _found("Post code is AB10, 7QJ.") == [("AB10, 7QJ", "AB10 7QJ")]
    assert _found("It's G3 8 JU, the flat.") == [("G3 8 JU", "G3 8JU")]
    assert _found("It's G3, 8 JU.") == [("G3, 8 JU", "G3 8JU")]


def test_not_postcodes():
    assert _found("Room A4, 5 PM") == []  # M is never in an inward code
    assert _found("the g3, 8 ju flat") == []  # lower case written: no
    assert _found("QA1, 2BB") == []  # Q never starts a postcode
    assert _found("Plan B, 7AB") == []  # no outward digit


def test_said_in_lower_case_after_a_cue():
    assert _found("our postcode is e h six, five b q.") == [("e h six, five b q", "EH6 5BQ")]
    assert _found("post code: g twelve eight q q") == [("g twelve eight q q", "G12 8QQ")]


def test_said_in_lower_case_without_a_cue_is_left():
    assert _found("i said e h six, five b q") == []
    assert _found("my postcode is a b c d e f") == []  # no valid code


def test_in_the_analyzer():
    text = "Post code is AB10, 7QJ."
    assert [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)] == [
        ("AB10, 7QJ", "POSTCODE")
    ]


def test_scans_tried_at_their_starts_find_what_the_whole_text_scans_find():
    """The split scan is tried only one or two letters before a run of digits, the cue scan
    only at each "post"; on random texts of cues, codes, digits and look-alike letters the
    recognizer finds what the scans over the whole text find."""

    from coprod.privacy.recognizers.postcode_variants import (
        CUE_RE,
        POSTCODE_RE,
        SPLIT_RE,
        PostcodeVariantRecognizer,
        _spoken,
    )

    def plain(seen):
        out = []
        for m in SPLIT_RE.finditer(seen):
            if POSTCODE_RE.fullmatch(m["out"] + m["in"].replace(" ", "").replace("\t", "")):
                out.append(m.span())
        low = seen.lower()
        if "post" in low and len(low) == len(seen):
            for cue in CUE_RE.finditer(low):
                s = _spoken(low, cue.end())
                out += [(s.start, s.end)] if s else []
        return out

    parts = [
        "postcode", "Post code", "POSTCODE", "signpostcode", "poſtcode", "İ", "is", "it's", ":", "AB10, 7QJ",
        "G3 8 JU", "G3, 8 JU", "EH6  5BQ", "SW1A, 1AA", "M1 1 AE", "e h six, five b q", "g three eight j u",
        "s w one a one a a", "9G3, 8 JU", "QA1, 1AA", "G٣, 8 JU", "12", " ", " ", "\t", ",", "-", "\n",
    ]  # fmt: skip
    recognizer, found = PostcodeVariantRecognizer(None), 0
    for text in random_texts(parts, 8, 10):
        want = plain(text)
        found += bool(want)
        assert [(s.start, s.end) for s in recognizer.find(text)] == want, text
    assert found > 300
