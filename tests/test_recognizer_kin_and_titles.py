"""A kinship word or a title, also plural or possessive, stands for a person: it is no town
("to Dad", "my Gran", "the Dr's") and no unknown proper noun, whatever a gazetteer holds; a
season, like a month, is a time ("in Spring 2021"), not the town of that name."""

from answers import replaced as _replaced

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.world_places import WorldPlaceRecognizer
from coprod.privacy.reference import ordinary_words


def _places(text: str) -> list[str]:
    rec = WorldPlaceRecognizer(Settings(), ordinary_words(("en",)))
    return [text[s.start : s.end] for s in rec.find(text)]


def test_kin_words_are_no_places():
    assert _places("It was a comfort to Dad and to my Gran.") == []
    assert _replaced("The crew were reassuring to Dad the whole way.") == []
    assert _replaced("Staff were wonderful with my Gran, who is hard of hearing.") == []


def test_titles_plural_or_possessive_are_no_places():
    assert _places("The Dr's need to listen, and the Drs did not.") == []
    assert _replaced("Dr's need to listen to patients more.") == []


def test_a_town_beside_them_is_still_a_place():
    assert _places("We took Dad to Penzance.") == ["Penzance"]
    assert "Penzance" in _replaced("We took Dad to Penzance on Friday.")


def test_a_title_before_a_name_still_makes_a_person():
    assert any("Ottaway" in s for s in _replaced("I was seen by Dr Ottaway on the ward."))


def test_seasons_are_times_like_months():
    assert _places("In Spring 2021 I was told the option was gone.") == []
    assert _places("We did not use it in Fall, 2020, nor in Winter.") == []
    assert _places("She grew up in Spring Valley and Penzance.") != []


def test_a_job_title_of_ordinary_words_is_no_person():
    """A title or an ordinary-word first name before a dictionary word shaped like a role is a
    job title ("the Nurse Practitioner", "the Link Worker"); a listed name after a title, or a
    first name and surname without a determiner, still is a person."""
    from coprod.privacy.analyzer import Analyzer

    def people(text):
        return [text[s.start : s.end] for s in Analyzer([]).find(text) if s.type in ("PERSON", "NAME")]

    assert people("The Advanced Nurse Practitioner changed my tablets.") == []
    assert people("Last time you mentioned the Link Worker, she was kind.") == []
    assert people("Nurse Baker came, then Nurse Taylor.") == ["Nurse Baker", "Nurse Taylor"]
    assert people("I met Grace Worker at the centre.") == ["Grace Worker"]
