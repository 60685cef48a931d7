"""Names in another script inside Latin-script speech (`recognizers.other_scripts`): after a
person cue, or capitalised like a full name in a cased script. Every name invented."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers.other_scripts import OtherScriptRecognizer, mostly_latin


def _found(text):
    return [(text[s.start : s.end], s.type) for s in OtherScriptRecognizer(Settings()).find(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My aunt, فریدہ نورانی, cooks for us.", "فریدہ نورانی"),  # Arabic script, no case
        ("Her brother-in-law Борис Лысенко drove.", "Борис Лысенко"),  # Cyrillic after "-in-law"
        ("Our friend Mrs Ελένη Καραγιάννη came.", "Ελένη Καραγιάννη"),  # Greek after a title
        ("My stepmother דבורה comes on Sundays.", "דבורה"),  # Hebrew, one word
    ],
)
def test_a_run_after_a_person_cue_is_a_person(text, name):
    assert (name, "PERSON") in _found(text)


def test_a_capitalised_run_in_a_cased_script_is_a_name():
    assert _found("Then Тарас Мельник phoned the office.") == [("Тарас Мельник", "NAME")]


def test_an_uncued_lower_case_word_of_another_script_is_left():
    assert _found("We called it the дача, a summer house by the lake.") == []


def test_a_text_in_another_script_is_its_own_language():
    text = "Мы живём здесь давно, и соседи нам помогают каждый день."
    assert not mostly_latin(text)
    assert _found(text) == []


def test_the_analyzer_takes_the_whole_name():
    text = "My sister-in-law Оксана Гриценко came over last year."
    spans = Analyzer([]).find(text)
    assert any(text[s.start : s.end] == "Оксана Гриценко" for s in spans), spans


def test_mostly_latin_counts_every_letter_as_one_by_one():
    """The ASCII letters counted in C, the rest one by one: the same answer as a loop over every
    character, on random texts of ASCII, accented Latin, other scripts, digits and marks."""
    import random
    import unicodedata

    pool = "aZ q9_ -'.,\t\néßøĳǅ" + "Жюя" + "αΩ" + "عب" + "אש" + "कख" + "中" + "\u0301\u00b2\u00bd\u2167"
    rng = random.Random(24)

    def by_char(text):
        latin = other = 0
        for ch in text:
            if ch.isalpha():
                if ch.isascii() or "LATIN" in unicodedata.name(ch, ""):
                    latin += 1
                else:
                    other += 1
        return latin > other

    both = set()
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert mostly_latin(text) == by_char(text), text
        both.add(by_char(text))
    assert both == {True, False}
