"""A capitalised word that opens a short phrase of another language (lower-case words no list
knows, up to the punctuation) is no name (`coprod.privacy.recognizers.other_language_phrases`);
a word followed by words of the study's language, or by a listed name, is still a name."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Then later again, Slàinte mhath, before I go.",  # Gaelic toast
        "Then later again, Oidhche mhath, before I go.",
        "We all said it, Tapadh leibh, and sat down.",
        "She laughed and said, Vrolk tandi meshu!",  # invented words: none a word or a name
    ],
)
def test_another_languages_phrase_is_no_name(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I told Quarrie no, not again.",  # a word of the language follows
        "and then Quarrie went home.",
        "Then later again, Quarrie, before I go.",  # nothing follows: a vocative name
        "Then later again, Quarrie tran, before I go.",  # a listed first name follows
    ],
)
def test_a_name_before_the_languages_own_words_stays(text):
    assert ("Quarrie", "NAME") in _found(text)
