"""Speech that is no name: a false start repaired at once ("the Anyword, uh, the branch"),
`coprod.privacy.recognizers.speech_repairs`, and a sound with no vowel ("Hmmph"), names.py."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "So the Zorvex, uh, the zoo was shut that week.",
        "They said the Quorvel, sorry, the queue was closed.",
        "We fixed the Drumplet, I mean, the door, in the end.",
    ],
)
def test_a_false_start_repaired_at_once_is_no_name(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("So the Zorvex was shut that week.", "Zorvex"),  # no repair
        ("So the Zorvex, uh, the library was shut.", "Zorvex"),  # another word, another letter
        ("I talked to Zorvex, uh, the zoo people.", "Zorvex"),  # no article before: a name
        ("We met the Pellwick, uh, the partner of hers.", "Pellwick"),  # a word for a person
    ],
)
def test_names_beside_editing_terms_are_still_found(text, name):
    assert any(name == found for found, _ in _found(text)), _found(text)


@pytest.mark.parametrize("text", ["Yeah, Hmmph, that was it.", "And then, Pfft, it was gone."])
def test_a_sound_with_no_vowel_is_no_name(text):
    assert _found(text) == []


def test_an_acronym_with_no_vowel_is_no_sound():
    assert _found("We got help from GVCQ and they were great.") == [("GVCQ", "ORG")]


def test_names_with_y_or_w_for_a_vowel_are_still_found():
    assert any(f == "Llwyd" for f, _ in _found("We stayed with Llwyd for a week."))
