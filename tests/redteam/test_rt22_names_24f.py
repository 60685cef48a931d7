"""Red team 24f, class 1b: names that leak in running speech, written blind (every name,
place and organisation invented or a public place name, none taken from any real corpus):
a surname right after a first name that was replaced, names in lower case in speech-recognition
text, mis-transcribed names of the REGISTERED research team, the institution's distinctive word
alone, small towns and regions, "<Name> Road/Pharmacy/Farm/...", and names inside handles,
hashtags, URLs and file paths."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Thorvald Ellingsen", "role": "interviewer"},
    {"name": "Saoirse Pettigrew-Vance", "role": "interviewer"},
]
INSTITUTION = "Strathallan Caledonian University"
TAIL = "Anyway, that is how it went."


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24f: {reason}"))


def _run(tmp_path, said, people=(), places=(), organisations=(), asr=False):
    reg = write_register(
        tmp_path / "register.yaml",
        people=[*TEAM, *people],
        places=places,
        organisations=[INSTITUTION, *organisations],
    )
    if asr:  # raw speech-recognition output: no labels, no capitals, no full stops
        text = f"so yeah {said} anyway that is how it went\n"
        _, out = deidentify(tmp_path, {"asr.txt": text}, register=reg)
        assert "that is how it went" in out
    else:
        text = f"Interviewer: Can you say more about that?\nP04: {said} {TAIL}\n"
        _, out = deidentify(tmp_path, {"talk.txt": text}, register=reg)
        assert TAIL in out
    return out


# --- a surname right after a first name that is replaced -------------------------------------


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("My neighbour Winifred Blenkinsop drove me there.", ["Blenkinsop"]),
        (
            "Then Gareth Penhallow-Vyse from the council rang.",
            ["Penhallow", "Vyse"],
        ),
        ("I went with Bridget Ó Ceallacháin, my cousin.", ["Ceallach"]),
        ("Priya Raghunathan's daughter translated for us.", ["Raghunathan"]),
        ("We had Callum Mhicfhionnlaigh as a key worker.", ["Mhicfhionnlaigh"]),
    ],
)
def test_surname_after_first_name(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


def test_surname_after_first_name_in_lower_case_asr(tmp_path):
    out = _run(tmp_path, "and then my sister margaret quarrie phoned the ward", asr=True)
    assert_absent(out, ["quarrie"])


# --- names in lower case in speech-recognition text ------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "okay thank you thorvald",
        "thanks very much thorvald that was great",
        "cheers saoirse bye now",
        "right so saoirse asked me about the van",
    ],
)
def test_lower_case_registered_team_names_in_asr(tmp_path, said):
    out = _run(tmp_path, said, asr=True)
    assert_absent(out, ["thorvald", "saoirse"])


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("thank you deborah that is lovely", ["deborah"]),
        ("bye graham see you next week", ["graham"]),
        ("my husband kenneth did all the forms", ["kenneth"]),
    ],
)
def test_lower_case_unregistered_names_with_strong_cue(tmp_path, said, planted):
    out = _run(tmp_path, said, asr=True)
    assert_absent(out, planted)


# --- mis-transcribed names of the registered research team -----------------------------------


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("Torvald Ellingsen came round with the forms.", ["Torvald", "Ellingsen"]),
        ("Thorvald Ellingson came round with the forms.", ["Thorvald", "Ellingson"]),
        ("Mr Elling Sen came round with the forms.", ["Elling Sen", "Ellingsen"]),
        ("The email was from thorvaldellingsen at some point.", ["thorvaldellingsen"]),
        ("Saoirse Pettigrew Vance was very kind.", ["Saoirse", "Pettigrew", "Vance"]),
        ("Sersha Pettigrew asked the questions last time.", ["Pettigrew"]),
        ("Dr Petigrew-Vance asked the questions last time.", ["Petigrew"]),
    ],
)
def test_mistranscribed_registered_team_names(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


# --- the institution's distinctive word alone -------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "The researchers from Strathallan were very respectful.",
        "Back when I studied at Strathallan, it was smaller.",
        "is this the strathallan study or another one",
        "She had a Strathallan lanyard on.",
    ],
)
def test_institution_distinctive_word_alone(tmp_path, said):
    out = _run(tmp_path, said)
    assert_absent(out, ["Strathallan"])


# --- small towns and regions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("I grew up in Auchtermuchty and moved later.", ["Auchtermuchty"]),
        ("We were living out past Tillicoultry then.", ["Tillicoultry"]),
        ("My mum is still in Lochgilphead.", ["Lochgilphead"]),
        ("Most of my family are in Badenoch, up north.", ["Badenoch"]),
        ("We moved from the Black Isle when I was six.", ["Black Isle"]),
        ("I was brought up in Much Wenlock, in Shropshire.", ["Much Wenlock", "Shropshire"]),
        ("Before that I lived in Pontarlier, near the Swiss border.", ["Pontarlier"]),
        ("My parents farmed near Zutphen for thirty years.", ["Zutphen"]),
    ],
)
def test_small_towns_and_regions(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


# --- "<Name> Road / Pharmacy / Farm / ..." ---------------------------------------------------


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("I picked it up from Laidlaw's Pharmacy on the way home.", ["Laidlaw"]),
        ("We rented a cottage on Pitcaple Farm for years.", ["Pitcaple"]),
        ("We used to drink in the Fordyce Arms on a Friday.", ["Fordyce"]),
        ("The bus stops at the end of Glenbervie Drive.", ["Glenbervie"]),
        ("He was moved to Kilmorack Care Home in the end.", ["Kilmorack"]),
        ("Our doctor is at the Balmedie Medical Practice.", ["Balmedie"]),
        ("The group met in St Fittick's Church hall.", ["Fittick"]),
        (
            "I walked home along quarrybrae road every night",
            ["quarrybrae"],
        ),
    ],
)
def test_head_noun_places_and_businesses(tmp_path, said, planted):
    out = _run(tmp_path, said)
    assert_absent(out, planted)


# --- names inside handles, hashtags, URLs, file paths ----------------------------------------

PARTICIPANT = [{"name": "Morwenna Trelawny", "role": "participant"}]


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("It's on facebook.com/morwenna.trelawny if you want it.", ["morwenna", "trelawny"]),
        ("My page is linkedin.com/in/morwenna-trelawny-4b1a2c, same as my CV.", ["morwenna", "trelawny"]),
        ("Tag me, I'm @morwenna_trelawny_art on there.", ["morwenna", "trelawny"]),
        ("We all shared #JusticeForMorwenna after the hearing.", ["Morwenna"]),
        ("The recording is in D:\\Interviews\\Trelawny_M\\audio.wav now.", ["Trelawny"]),
        ("The file was called trelawny_interview_final_v2.docx, I think.", ["trelawny"]),
        ("Find me on twitter at morwenna trelawny one two three.", ["morwenna", "trelawny"]),
    ],
)
def test_names_in_handles_hashtags_urls_paths(tmp_path, said, planted):
    out = _run(tmp_path, said, people=PARTICIPANT)
    assert_absent(out, planted)
