"""Sort codes and account numbers after their cue, IBANs by checksum (invented values)."""

from conftest import random_texts

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, BankDetailRecognizer
from coprod.privacy.recognizers.bank_details import iban_ok


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in BankDetailRecognizer(Settings()).find(text)]


def test_registered():
    assert BankDetailRecognizer in REGISTRY


def test_sort_code_and_account_after_their_cues():
    assert _found("Sort code 83-21-07, account 31926485, for the refund.") == [
        ("83-21-07", "832107"),
        ("31926485", "31926485"),
    ]
    assert _found("sortcode: 83 21 07") == [("83 21 07", "832107")]
    assert _found("account number is 3192 6485") == [("3192 6485", "31926485")]


def test_no_cue_or_wrong_length_is_left():
    assert _found("the score was 83-21-07 in the end") == []
    assert _found("we had 31926485 visitors") == []
    assert _found("my account of 1984 events") == []  # four digits
    assert _found("account 12345678901234") == []  # too long for an account number


def test_iban_by_checksum():
    assert iban_ok("GB82 WEST 1234 5698 7654 32")  # the standard's published example
    assert not iban_ok("GB83 WEST 1234 5698 7654 32")
    assert _found("IBAN GB82 WEST 1234 5698 7654 32 please") == [
        ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432")
    ]
    assert _found("GB83 WEST 1234 5698 7654 32") == []


def test_in_the_analyzer():
    text = "Sort code 83-21-07, account 31926485, for the refund."
    found = [(text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)]
    assert ("83-21-07", "ID_NUMBER") in found and ("31926485", "ID_NUMBER") in found


def test_scans_tried_at_their_cues_find_what_the_whole_text_scans_find():
    """The sort-code and account scans are tried only where a word starts with "sort" or "acc",
    the IBAN scan only at two capitals before two digits; on random texts of cues, digits,
    capitals, joiners and look-alike letters they find what the scans over the whole text find."""
    import re

    from coprod.privacy.recognizers.bank_details import (
        ACCOUNT_RE,
        IBAN_RE,
        SORT_CODE_RE,
        BankDetailRecognizer,
        iban_ok,
    )

    def plain(text):
        low, out = text.lower(), []
        if "sort" in low:
            out += [m.span("code") for m in SORT_CODE_RE.finditer(text)]
        if "acc" in low:
            numbers = ACCOUNT_RE.finditer(text)
            out += [m.span("number") for m in numbers if 6 <= len(re.sub(r"\D", "", m["number"])) <= 10]
        return out + [m.span() for m in IBAN_RE.finditer(text) if iban_ok(m["iban"])]

    parts = [
        "sort code", "Sort-code", "SORTCODE", "ſort code", "account", "Acc.", "acct no.", "x-acc", "o'sort",
        "5acc", "ACCOUNT NUMBER", "is", ":", "83-21-07", "83 21 07", "832107", "3192 6485", "31926485",
        "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89370400440532013000", "AB12", "9GB82",
        "GB٨٢", " ", " ", "\t", "-", "\n", "acc\u212a", "İban",
    ]  # fmt: skip
    recognizer, found = BankDetailRecognizer(None), 0
    for text in random_texts(parts, 3, 12):
        want = plain(text)
        found += bool(want)
        assert [(s.start, s.end) for s in recognizer.find(text)] == want, text
    assert found > 300
