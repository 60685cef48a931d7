"""Surnames with hyphens or particles, and rare lower-case surnames, after a first name
(invented names)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers.surname_tails import (
    gaelic_h_surname,
    hyphenated_surname,
    particle_surname,
    rare_word,
)


def _persons(text):
    return [text[s.start : s.end] for s in Analyzer([], Settings()).find(text) if s.type == "PERSON"]


def test_rare_word():
    assert rare_word("quarrie") and rare_word("obuya")
    assert not rare_word("yeah") and not rare_word("gonna") and not rare_word("innit")
    assert not rare_word("och")  # too short


def test_particles_and_hyphens_as_functions():
    text = "Ana de la Cruz-Villalobos ran"
    assert particle_surname(text, 3) == len("Ana de la Cruz-Villalobos")
    assert particle_surname("Ana de la casa", 3) is None  # no capital after the particles

    def plain(low):
        return low in {"well", "known"}

    text = "Gareth Penhallow-Vyse rang"
    assert hyphenated_surname(text, 6, True, plain, lambda p: False) == len("Gareth Penhallow-Vyse")
    assert hyphenated_surname("Mary Well-Known", 4, True, plain, lambda p: False) is None
    assert hyphenated_surname("Mary Well-known", 4, True, lambda low: False, lambda p: False) is None


def test_in_the_analyzer_the_whole_name_is_one_person():
    assert _persons("Then Gareth Penhallow-Vyse from the council rang.") == ["Gareth Penhallow-Vyse"]
    assert _persons("Ana de la Cruz-Villalobos ran the group on Tuesdays.") == ["Ana de la Cruz-Villalobos"]
    assert _persons("I saw Mary Well-Known there.") == []


def test_a_rare_lower_case_word_after_a_lower_case_first_name():
    assert _persons("and then my sister margaret quarrie phoned the ward") == ["margaret quarrie"]
    assert _persons("and then my sister margaret phoned the ward") == ["margaret"]


def test_an_h_prefixed_irish_surname_after_its_particle():
    text = "Morwenna Ó hEalaí rang"
    assert gaelic_h_surname(text, 0, len("Morwenna Ó")) == len("Morwenna Ó hEalaí")  # particle in the name
    assert gaelic_h_surname(text, 0, len("Morwenna")) == len("Morwenna Ó hEalaí")  # particle after it
    assert gaelic_h_surname("Morwenna Ní h-Aodha rang", 0, 8) == len("Morwenna Ní h-Aodha")
    assert gaelic_h_surname("Morwenna hAodha rang", 0, 8) is None  # no particle
    assert gaelic_h_surname("Morwenna Ó henderson", 0, 8) is None  # no capital vowel after the h
    assert _persons("Then Morwenna Ní hAodha from the parish came round.") == ["Morwenna Ní hAodha"]
