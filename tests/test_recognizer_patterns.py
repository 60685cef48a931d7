"""The pattern recognizer wraps the validated detectors (e-mail, phone, date …)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.patterns import PatternRecognizer


def test_email_and_full_date():
    text = "write to a.person@example.org before 3rd March 2021"
    spans = PatternRecognizer(Settings()).find(text)
    assert {(text[s.start : s.end], s.type) for s in spans} == {
        ("a.person@example.org", "EMAIL"),
        ("3rd March 2021", "DATE"),
    }


def test_date_mode_redact():
    spans = PatternRecognizer(Settings(date_mode="redact")).find("on 3 March 2021")
    assert [s.canonical for s in spans] == ["Date"]


def test_plain_text_has_no_pattern():
    assert PatternRecognizer(Settings()).find("we talked about the weather") == []
