"""Another language's article opening a sentence of that language is no name, whatever the
study's languages (`coprod.privacy.recognizers.other_language_articles`); the same word in an
English sentence, or before a capitalised word, is still a name."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings(languages=("en",)))


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


def _words(text):
    return [w for w, _ in _found(text)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Le garage est fermé pour la semaine, on verra.", "Le"),
        ("Then she said it in French. La cantine est fermée le mercredi.", "La"),
        ("El coche está en el taller hasta el lunes.", "El"),
        ("We went back.\nLe marché est sur la place le samedi.", "Le"),
    ],
)
def test_an_article_opening_its_languages_sentence_is_no_name(text, word):
    assert word not in _words(text), _found(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # an English sentence: a person's name
        ("Le said the garage was closed for the week.", "Le"),
        # a capitalised word after it: part of a name
        ("Le Van Thanh est arrivé hier avec nous.", "Le"),
        # not the sentence's first word
        ("I spoke to Le and she told me the rest.", "Le"),
    ],
)
def test_the_same_word_elsewhere_is_still_a_name(text, word):
    assert any(word in w for w in _words(text)), _found(text)
