"""A capitalised token with one letter held three times ("Mmmm", "Hmmm", "Sooo") is a sound or a
stretched word in a transcript, never a name, wherever it stands."""

from coprod.privacy.analyzer import Analyzer


def _found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in Analyzer([]).find(text)]


def test_held_letters_are_no_names():
    assert _found("Okay so Mmmm, what does this button do?") == []
    assert _found("I clicked it and then Hmmm, nothing happened.") == []
    assert _found("That was Sooo slow to load.") == []


def test_names_with_double_letters_are_still_names():
    assert _found("I spoke to Dr Annabella Ottaway about it.") != []
