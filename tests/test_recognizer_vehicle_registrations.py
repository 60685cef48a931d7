"""UK vehicle registration numbers (invented plates)."""

from conftest import random_texts

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, VehicleRegistrationRecognizer


def _found(text):
    return [
        (text[s.start : s.end], s.canonical) for s in VehicleRegistrationRecognizer(Settings()).find(text)
    ]


def test_registered():
    assert VehicleRegistrationRecognizer in REGISTRY


def test_current_format_in_capitals():
    assert _found("The van's registration is SK19 XHT if you see it.") == [("SK19 XHT", "SK19XHT")]
    assert _found("parked, SK69XHT, on the corner") == [("SK69XHT", "SK69XHT")]


def test_not_registrations():
    assert _found("In FY22 NHS funding fell.") == []  # a financial year
    assert _found("the AB45 THE road") == []  # spaced before a word
    assert _found("SK49 XHT") == []  # no such age identifier
    assert _found("SI19 XHT") == []  # no I in the region letters
    assert _found("sk19 xht") == []  # lower case without a cue


def test_lower_case_and_older_formats_after_a_cue():
    assert _found("the reg is sk19 xht") == [("sk19 xht", "SK19XHT")]
    assert _found("number plate: A123 BCD") == [("A123 BCD", "A123BCD")]
    assert _found("registration ABC 123D") == [("ABC 123D", "ABC123D")]
    assert _found("registered A123 BCD") == []


def test_in_the_analyzer():
    text = "The van's registration is SK19 XHT if you see it."
    assert ("SK19 XHT", "ID_NUMBER") in [
        (text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)
    ]


def test_scans_tried_at_their_starts_find_what_the_whole_text_scans_find():
    """The current-format scan is tried only at two region letters before two digits, the cued
    scan only where a word starts with a cue's first word; on random texts of cues, plates,
    digits, joiners and look-alike letters they find what the scans over the whole text find."""

    from coprod.privacy.recognizers.vehicle_registrations import CUED_RE, CURRENT_RE, _alone_ok

    def plain(text):
        out = [m.span() for m in CURRENT_RE.finditer(text) if _alone_ok(m.group(0))]
        low = text.lower()
        if "reg" in low or "plate" in low:
            for m in CUED_RE.finditer(text):
                reg = m["reg"]
                if any(s == m.start("reg") for s, _ in out):
                    continue
                if reg.isupper() or reg.islower() or not any(c.isalpha() for c in reg):
                    out.append(m.span("reg"))
        return out

    parts = [
        "reg", "Reg.", "registration", "REGISTRATION NUMBER", "number plate", "licence plate", "plate",
        "x-reg", "o'plate", "5reg", "ſk19", "pla\u212ae", "İs", "is", "was", "it's", ":", "SK19 XHT",
        "SK19XHT", "sk19 xht", "A123 BCD", "ABC 123D", "FY22 NHS", "GU24 THE", "AB1٣ XYZ", "SK19",
        "XHT", "19", " ", " ", "\t", "-", "\n",
    ]  # fmt: skip
    recognizer, found = VehicleRegistrationRecognizer(None), 0
    for text in random_texts(parts, 4, 12):
        want = plain(text)
        found += bool(want)
        assert [(s.start, s.end) for s in recognizer.find(text)] == want, text
    assert found > 300
