"""A capitalised clinical term (a condition, treatment or specialty by its ending:
`cues/clinical_suffixes.txt`) is an ordinary word of health care, not a name; a listed name or
place of that shape still is one."""

from coprod.privacy.analyzer import Analyzer


def _found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in Analyzer([]).find(text)]


def test_clinical_terms_are_no_names():
    assert _found("I have Lymphoma and the drivers were patient with me.") == []
    assert _found("It helped me understand Dysphasia and how to live with it.") == []
    assert _found("The staff booked more Hydrotherapy for my knee.") == []
    assert _found("I was referred to Dermatology at last.") == []
    assert _found("I suffer from Narcolepsy, so I dozed off on the way.") == []


def test_a_listed_place_of_that_shape_is_still_a_place():
    assert _found("My sister moved to Oklahoma last spring.") == ["Oklahoma"]


def test_short_words_are_not_taken_for_terms():
    # under seven letters the ending says too little ("Soma", "Iona"): the other rules decide
    assert _found("We sailed to Iona with Dr Ottaway.") != []
