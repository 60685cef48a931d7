"""Red team 24d, class 3: names in forms other than a capitalised word, written blind
(invented names). Each name is either registered or given confident support in the text."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam


def _run(tmp_path, said, people=(), places=(), organisations=()):
    reg = write_register(
        tmp_path / "register.yaml", people=people, places=places, organisations=organisations
    )
    text = f"Interviewer: Who else was involved back then?\nP05: {said} Anyway, that was the gist.\n"
    _, out = deidentify(tmp_path, {"names.txt": text}, register=reg)
    assert "that was the gist" in out
    return out


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("We all posted #TeamWilhelmina on the day of the walk.", ["Wilhelmina"]),
        ("The fundraiser tag was #walkforwilhelmina, it trended locally.", ["wilhelmina"]),
        ("Her handle is @WilhelminaOkonjo everywhere.", ["Wilhelmina", "Okonjo"]),
        ("Her gamer tag is wilhelminaokonjo88, silly really.", ["wilhelmina", "okonjo"]),
    ],
)
def test_hashtags_and_joined_handles(tmp_path, said, planted):
    out = _run(tmp_path, said, people=["Wilhelmina Okonjo"])
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        (r"The files were saved under C:\Users\WOkonjo\Documents on the old laptop.", ["WOkonjo", "Okonjo"]),
        (r"It sat in C:\Users\wilhelmina.okonjo\Desktop for months.", ["wilhelmina", "okonjo"]),
        ("Look in /home/wilhelmina/notes on the server.", ["wilhelmina"]),
        ("The share was \\\\fileserver\\staff\\okonjo_w\\reports, I think.", ["okonjo"]),
    ],
)
def test_file_paths(tmp_path, said, planted):
    out = _run(tmp_path, said, people=["Wilhelmina Okonjo"])
    assert_absent(out, planted)


@pytest.mark.parametrize(
    "said",
    [
        "My name is spelled O-K-O-N-J-O, people get it wrong.",
        "It's O K O N J O, with a J.",
        "That's O. K. O. N. J. O. on the form.",
    ],
)
def test_spelled_letter_by_letter(tmp_path, said):
    out = _run(tmp_path, said, people=["Wilhelmina Okonjo"])
    assert_absent(out, ["okonjo"])


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("We were referred to Dr A.M. Thistlethwaite at the clinic.", ["Thistlethwaite"]),
        ("Prof. R. J. Abernethy-Quail ran the trial.", ["Abernethy", "Quail"]),
        ("A letter came from Mrs E.K. Blackwood-Ndiaye about it.", ["Blackwood", "Ndiaye"]),
        ("Sister M. Oduya was on nights.", ["Oduya"]),
    ],
)
def test_title_and_initials_unregistered(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("Our consultant, Tanabe-san, was wonderful.", ["Tanabe"]),
        ("I spoke to Herr Vogelsang in the office.", ["Vogelsang"]),
        ("The Sra. Quintanilla who runs the café helped.", ["Quintanilla"]),
        ("We had Frau Eichhorst as our tutor.", ["Eichhorst"]),
        ("Mr. Hiroshi Tanabe - well, Tanabe San to us - kept records.", ["Hiroshi", "Tanabe"]),
        ("Monsieur Lefebvre-Daudin signed it.", ["Lefebvre", "Daudin"]),
    ],
)
def test_foreign_honorifics(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("I used to work at Cruickshank Pharmacy on the corner.", ["Cruickshank"]),
        ("We met every week at the Hendry Bar by the pier.", ["Hendry"]),
        ("They moved to Ogilvie Road last spring.", ["Ogilvie"]),
        ("My GP is at Baillieston Surgery, fine place.", ["Baillieston"]),
        ("The kids went to Auchterlonie Primary School.", ["Auchterlonie"]),
    ],
)
def test_head_noun_places(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    "said",
    [
        "Oh and thank you tamsin, you were lovely on the phone.",
        "cheers tamsin for the biscuits.",
        "thanks so much tamsin for organising this.",
    ],
)
def test_lower_case_thanks_to_registered_name(tmp_path, said):
    out = _run(tmp_path, said, people=["Tamsin Redpath"])
    assert_absent(out, ["tamsin"])


def test_surname_after_replaced_first_name_unregistered(tmp_path):
    out = _run(tmp_path, "My sister Gwendolyn Achterberg took me to the appointment.")
    assert_absent(out, ["Gwendolyn", "Achterberg"])


def test_surname_after_registered_first_name_only(tmp_path):
    out = _run(
        tmp_path,
        "Tamsin Quarrington came along - not our Tamsin, a different one.",
        people=[{"name": "Tamsin Redpath", "aliases": ["Tamsin"]}],
    )
    assert_absent(out, ["Quarrington", "Tamsin"])
