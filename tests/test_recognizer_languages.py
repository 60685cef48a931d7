"""The study's languages decide what is an ordinary word (deidentify.languages)."""

import pytest

from coprod.errors import ConfigError
from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.register import Entity

TEXT = "Elle a pris une chaise, puis Chaise est venu. On est allé à la Poste près de Quimperlé."


def _found(languages):
    det = Analyzer([Entity("PERSON", "Pierre Chaise")], Settings(languages=languages))
    return [TEXT[s.start : s.end] for s in det.find(TEXT)]


def test_french_ordinary_words_are_kept_when_french_is_a_study_language():
    assert _found(("en", "fr")) == ["Chaise", "Quimperlé"]


def test_english_only_study_reads_them_as_names():
    found = _found(("en",))
    assert "chaise" in found and "Poste" in found


def test_unknown_language_is_one_config_error():
    with pytest.raises(ConfigError, match="deidentify.languages"):
        Analyzer([], Settings(languages=("en", "xx")))


ACCENTED = "Nous parlons de la Qualité des soins. La Société a répondu. Le Comité est content."


def test_accented_ordinary_words_are_ordinary_though_detectors_read_folded_text():
    # the detectors read accent-folded text ("Qualite"); the study language's words must be
    # looked up in the same folded form, or every accented word is an unknown proper noun
    det = Analyzer([], Settings(languages=("en", "fr")))
    assert [ACCENTED[s.start : s.end] for s in det.find(ACCENTED)] == []
    english_only = Analyzer([], Settings(languages=("en",)))
    # the control: English alone reads the French as unknown proper nouns ("Qualité des soins."
    # opens another language's phrase, recognizers/other_language_phrases.py, so "Le Comité" is
    # the control word)
    assert "Le Comité" in [ACCENTED[s.start : s.end] for s in english_only.find(ACCENTED)]


def test_a_first_name_that_is_also_a_language_in_the_possessive_is_a_person():
    text = "I got my hair done at Shona's every week. Shona is spoken there. India's economy grew."
    found = [(s.start, text[s.start : s.end]) for s in Analyzer([], Settings()).find(text)]
    assert found == [(text.index("Shona"), "Shona")]
