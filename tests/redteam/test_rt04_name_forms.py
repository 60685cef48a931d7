"""Issue 24, class 4: names inside hashtags and joined handles, file paths, spelled out letter
by letter, after a title and initials, and after foreign honorifics."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

NAME = "Kirsteen Abernethy"


def _run(tmp_path, body, register=True):
    text = f"Interviewer: Who else was involved?\nP01: {body} That is all I remember.\n"
    reg = write_register(tmp_path / "register.yaml", people=[NAME]) if register else None
    _, out = deidentify(tmp_path, {"forms.txt": text}, register=reg)
    assert "That is all I remember" in out
    return out.split("P01:", 1)[1]


@pytest.mark.redteam
@pytest.mark.parametrize(
    "body",
    [
        "We ran the whole campaign under #TeamKirsteen on the ward.",
        "The group used the hashtag #kirsteenabernethy for months.",
        "Her account was kirsteenabernethy on every platform.",
        "You could find her as @KirsteenAbernethy or abernethykirsteen.",
    ],
)
def test_names_in_hashtags_and_joined_handles(tmp_path, body):
    out = _run(tmp_path, body)
    assert_absent(out, ["Kirsteen", "Abernethy"])


@pytest.mark.redteam
@pytest.mark.parametrize(
    "body",
    [
        r"The minutes were saved in C:\Users\kabernethy\Documents\board.docx by mistake.",
        "The minutes were saved in /home/kabernethy/shared/board.docx by mistake.",
        r"The minutes were saved in \\fileserver\staff\Kirsteen.Abernethy\board.docx by mistake.",
    ],
)
def test_names_in_file_paths(tmp_path, body):
    out = _run(tmp_path, body)
    assert_absent(out, ["Abernethy", "Kirsteen"])


@pytest.mark.redteam
@pytest.mark.parametrize(
    "body",
    [
        "Her surname is spelled A-B-E-R-N-E-T-H-Y, with one T.",
        "Her surname is spelled A B E R N E T H Y, with one T.",
        "Her first name is K-I-R-S-T-E-E-N, two Es.",
    ],
)
def test_names_spelled_letter_by_letter(tmp_path, body):
    out = _run(tmp_path, body)
    assert_absent(out, ["Abernethy", "Kirsteen"])


@pytest.mark.redteam
@pytest.mark.parametrize(
    ("body", "planted", "register"),
    [
        ("The report was signed by Dr K.M. Abernethy last year.", ["Abernethy"], True),
        ("The report was signed by Prof. K. M. Abernethy last year.", ["Abernethy"], True),
        ("The report was signed by Dr A.M. Fotheringay last year.", ["Fotheringay"], False),
        ("The report was signed by Mr J.R.T. Quarrelwood last year.", ["Quarrelwood"], False),
    ],
)
def test_title_and_initials(tmp_path, body, planted, register):
    out = _run(tmp_path, body, register=register)
    assert_absent(out, planted)


@pytest.mark.redteam
@pytest.mark.parametrize(
    ("body", "planted"),
    [
        ("Our German partner, Frau Lindqvist-Obermaier, came to visit the team.", ["Lindqvist", "Obermaier"]),
        ("Herr Vandersloot from the exchange visited the team.", ["Vandersloot"]),
        ("Mme Dufresnoy ran the French pilot and visited the team.", ["Dufresnoy"]),
        ("Señora Villaraza from the Spanish network visited the team.", ["Villaraza"]),
    ],
)
def test_foreign_honorifics(tmp_path, body, planted):
    out = _run(tmp_path, body, register=False)
    assert_absent(out, planted)
