"""National Insurance numbers read out letter by letter and digit by digit (invented values)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, SaidNiNumberRecognizer


def _found(text):
    return [(text[s.start : s.end], s.canonical) for s in SaidNiNumberRecognizer(Settings()).find(text)]


def test_registered():
    assert SaidNiNumberRecognizer in REGISTRY


def test_said_in_words_or_figures():
    said = "j t four eight five nine two one b"
    assert _found(f"my ni number is {said} ok") == [(said, "JT485921B")]
    assert _found("it's J T 4 8 5 9 2 1 B.") == [("J T 4 8 5 9 2 1 B", "JT485921B")]
    assert _found("j t, four eight, five nine, two one, b") == [
        ("j t, four eight, five nine, two one, b", "JT485921B")
    ]


def test_issuing_rules_and_shape():
    assert _found("d t four eight five nine two one b") == []  # D never starts one
    assert _found("a o four eight five nine two one b") == []  # O never second
    assert _found("g b four eight five nine two one b") == []  # a pair never issued
    assert _found("j t four eight five nine two one e") == []  # suffix A-D only
    assert _found("j t four eight five nine two b") == []  # five digits
    assert _found("J t four eight five nine two one b") == []  # mixed case letters


def test_in_the_analyzer():
    text = "my ni number is j t four eight five nine two one b"
    assert ("j t four eight five nine two one b", "ID_NUMBER") in [
        (text[s.start : s.end], s.type) for s in Analyzer([], Settings()).find(text)
    ]


def test_the_scan_from_the_first_two_one_letter_words_finds_what_the_whole_text_scan_finds():
    """The scan starts at the first two one-letter words in a row (at the text's start when a
    word is two letters joined by a hyphen) and is skipped when there are none: on random texts
    of numbers said (any case, separators, a part changed or dropped) among letters, digits,
    digit words and look-alike letters the recognizer finds what a scan of the whole text finds."""
    import random

    from conftest import random_texts

    from coprod.privacy.recognizers.said_ni_numbers import SAID_RE

    parts = [
        "j", "t", "J", "T", "a", "I", "b", "c", "d", "ſ", "K", "ı", "four", "eight", "oh", "4", "8", "j-t",
        "j-t-four", "b-c", "x'", "’", "ab", "the", "number", "é",
    ]  # fmt: skip
    said = ["j", "t", "four", "eight", "5", "nine", "two", "one", "b"]
    rng = random.Random(11)
    noise = list(random_texts(parts, 11, 5, gaps=(" ", " ", ", ", "-", ".", "\t", "", "- ")))
    rec, found = SaidNiNumberRecognizer(Settings()), 0
    for k, text in enumerate(noise):
        number = [w.upper() if rng.random() < 0.4 else w for w in said]
        if rng.random() < 0.3:
            number[rng.randrange(9)] = rng.choice(["ſ", "K", "a", "d", "oh", "x", "j-t"])
        if rng.random() < 0.2:
            del number[rng.randrange(9)]
        number = "".join(w + rng.choice([" ", " ", "-", ", ", ".", "\t"]) for w in number).rstrip()
        text = text + rng.choice(["", " ", "x"]) + number + rng.choice(["", " ", ".", "x"]) + noise[k - 1]
        want = rec.read(SAID_RE.finditer(text))
        assert rec.find(text) == want, text
        found += bool(want)
    assert found > 150
