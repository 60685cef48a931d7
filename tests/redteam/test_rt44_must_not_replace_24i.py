"""Red team 24i, class 2: what must NOT be replaced, written blind. Software tools that are also
first names or surnames (Jenkins, Django, Hugo, Julia, Ruby, Ada, Rust, Flask, Cassandra, Kafka,
Jasmine, Sinatra, Jekyll, an invented in-house tool with a surname's shape) said as tools;
ordinary English words that are names in lists, at a sentence start ("Will it work?", "Grant
funding", "Mark the ticket", "Sue them", "Hope so", "Faith-based groups", "Bill me", "May I");
counselling vocabulary (ACT, CFT, schema therapy, Samaritans, helplines, a helpline's short
number); health and social care public bodies, services and legislation; French ordinary words
that are also French first names, used as words. Only the research team is registered. A word
replaced by any pseudonym tag counts as replaced."""

from __future__ import annotations

import pytest
from rt_common import deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Isla Drummond", "role": "interviewer"},
    {"name": "Benedikt Sauerwein", "role": "interviewer"},
]


def _kept(tmp_path, speech, phrase, first="Interviewer", second="Participant"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        f"{first}: Could you say a bit more about that?\n"
        f"{second}: {speech}\n"
        f"{first}: Thanks, that's helpful.\n"
    )
    _, out = deidentify(tmp_path, {"t.txt": text}, register=reg)
    assert phrase in out, f"{phrase!r} not published as written:\n{out}"
    assert f"{first}:" in out and f"{second}:" in out, out


# --- software tools that are also people's names ------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "phrase"),
    [
        ("We moved the builds off Jenkins last spring, it kept falling over.", "off Jenkins last spring"),
        ("The admin site is plain Django, nothing fancy.", "plain Django"),
        ("Our docs are built with Hugo and served as static pages.", "built with Hugo and"),
        ("The analysts prototype in Julia, then we port it to C++.", "prototype in Julia, then"),
        ("Half the backend is still Ruby. Ruby was the first thing we used.", "still Ruby. Ruby was"),
        ("The firmware people still write some Ada for the controllers.", "write some Ada for"),
        ("We rewrote the parser in Rust and it got ten times faster.", "parser in Rust and"),
        ("The API is a small Flask app behind nginx.", "small Flask app"),
        (
            "Events go into Cassandra, and Kafka sits in front of it.",
            "Events go into Cassandra, and Kafka sits",
        ),
        (
            "Front-end tests are Jasmine, the old service is Sinatra.",
            "tests are Jasmine, the old service is Sinatra",
        ),
        ("The blog is Jekyll on a free host.", "The blog is Jekyll"),
        (
            "Everything lands in Hollerith, our in-house ETL. Hollerith jobs run at night.",
            "lands in Hollerith, our in-house ETL. Hollerith jobs",
        ),
    ],
)
def test_software_tools_that_are_names(tmp_path, speech, phrase):
    _kept(tmp_path, speech, phrase)


# --- ordinary words that are names in lists, at a sentence start ----------------------------------------
@pytest.mark.parametrize(
    ("speech", "phrase"),
    [
        ("Will it work? Nobody on the team knew.", "Will it work?"),
        ("Grant funding ran out in the second year.", "Grant funding ran out"),
        ("Mark the ticket as done and move on, that's the rule.", "Mark the ticket as done"),
        ("Sue them? We did think about it, honestly.", "Sue them?"),
        ("Hope so. We'll see after the next release.", "Hope so."),
        ("Faith-based groups run most of the food banks round here.", "Faith-based groups"),
        ("Bill me for the extra hours, I told them.", "Bill me for the extra hours"),
        ("May I add something about the on-call rota?", "May I add something"),
        ("Frank conversations happen in the retro, not before.", "Frank conversations"),
        ("Patience is the main skill on legacy code.", "Patience is the main skill"),
    ],
)
def test_ordinary_words_at_sentence_start(tmp_path, speech, phrase):
    _kept(tmp_path, speech, phrase)


# --- counselling vocabulary -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "phrase"),
    [
        (
            "We tried ACT first, then CFT, and now schema therapy.",
            "We tried ACT first, then CFT, and now schema therapy.",
        ),
        ("I rang the Samaritans at three in the morning.", "rang the Samaritans at three"),
        ("I called Breathing Space a couple of times.", "called Breathing Space a couple"),
        ("I texted Shout on 85258 when it got bad.", "texted Shout on 85258"),
        ("Cruse were good after my dad died.", "Cruse were good"),
        ("The local Mind runs a drop-in on Thursdays.", "The local Mind runs a drop-in"),
    ],
)
def test_counselling_vocabulary(tmp_path, speech, phrase):
    _kept(tmp_path, speech, phrase, first="Therapist", second="Client")


# --- health and social care bodies, services and legislation ----------------------------------------------
@pytest.mark.parametrize(
    ("speech", "phrase"),
    [
        ("The Care Inspectorate graded us good last year.", "The Care Inspectorate graded us"),
        ("Hospital at Home took a lot of pressure off the wards.", "Hospital at Home took"),
        ("It has to go to the Integration Joint Board first.", "the Integration Joint Board first"),
        ("Self-directed Support was meant to give people choice.", "Self-directed Support was meant"),
        ("The Carers Act changed what we owe unpaid carers.", "The Carers Act changed"),
        ("The Mental Welfare Commission visited in the spring.", "The Mental Welfare Commission visited"),
        ("Healthcare Improvement Scotland ran the review.", "Healthcare Improvement Scotland ran"),
        ("The Alcohol and Drug Partnership funds two posts.", "The Alcohol and Drug Partnership funds"),
    ],
)
def test_health_and_social_care_terms(tmp_path, speech, phrase):
    _kept(tmp_path, speech, phrase)


# --- French ordinary words that are also French first names --------------------------------------------
@pytest.mark.parametrize(
    ("speech", "phrase"),
    [
        ("Elle portait une robe rose pour la démo.", "une robe rose"),
        ("Un filet d'huile d'olive, c'est tout.", "huile d'olive"),
        ("Mon père était dans la marine marchande.", "la marine marchande"),
        ("Prudence, on ne touche pas à la prod le vendredi.", "Prudence, on ne touche"),
        ("Patience, la migration arrive.", "Patience, la migration"),
        ("C'était une petite victoire pour l'équipe.", "une petite victoire"),
        ("On partait à l'aurore pour éviter les bouchons.", "à l'aurore"),
        ("J'étais devant une page blanche.", "une page blanche"),
        ("Le bureau est à deux rues de la gare.", "Le bureau est à deux rues"),
        ("La réunion est lundi, comme toujours.", "La réunion est lundi"),
    ],
)
def test_french_ordinary_words(tmp_path, speech, phrase):
    _kept(tmp_path, speech, phrase)
