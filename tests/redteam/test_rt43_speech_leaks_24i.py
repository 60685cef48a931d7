"""Red team 24i, class 1b: identifiers that leak in running speech of software-practitioner
interviews (some French) and counselling conversations, written blind (every person, firm,
street and handle invented; towns are public places). New after rounds 24a-24h: names with
particles and compounds ("van der", "de la", O', Mc/Mac, double-barrelled) in speech, the
registered team's accented names with the accents an ASR engine strips, names of many origins,
family members named in counselling ("my son X", "my ex, X", "X, my sister's boy"), a small
employer and its product carrying the firm's name, GitHub/GitLab repository URLs, Slack and
Discord handles, a public IP address, a ticket id beside the person whose initials it carries,
and French self-introductions, "c'est X qui", street addresses, phone numbers, postcodes with a
town and dates of birth. Only the research team and its institution are registered."""

from __future__ import annotations

import re

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Zoë Ferrández", "role": "interviewer"},
    {"name": "François Léveillé", "role": "interviewer"},
]
INSTITUTION = "Carnbroe Institute of Technology"
KEEP = "we shipped it in the end"


def _run(tmp_path, speech, layout="txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM, organisations=[INSTITUTION])
    if layout == "asr":  # unlabelled lower-case speech-recognition text
        text = f"{speech} and yeah {KEEP}\n"
    elif layout == "counselling":
        text = (
            "Therapist: How have things been at home since we last met?\n"
            f"Client: {speech} Anyway, {KEEP}.\n"
            "Therapist: That sounds like a lot to carry.\n"
        )
    else:
        text = (
            "Interviewer: So tell me how the release process works on your team.\n"
            f"Interviewee: {speech} Anyway, {KEEP}.\n"
            "Interviewer: Right, thanks, that's really useful.\n"
        )
    _, out = deidentify(tmp_path, {"t.txt": text}, register=reg)
    assert KEEP in out, "the speech around the identifier was not published"
    return out


def _no_word(out, words):
    for w in words:
        assert not re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", out, re.I), f"{w!r} published:\n{out}"


# --- names with particles and compounds, names of many origins -----------------------------------
@pytest.mark.parametrize(
    ("speech", "layout", "planted"),
    [
        ("My lead, Joost van der Wijngaard, signs off every merge.", "txt", ["Wijngaard", "Joost"]),
        ("I report to Marie-Claude de la Roche-Vidal now.", "txt", ["Roche-Vidal", "Marie-Claude"]),
        ("You'd have to ask Cormac O'Driscoll in ops about that.", "txt", ["Driscoll", "Cormac"]),
        ("i sat next to declan mcgonagle for two years he taught me git", "asr", ["mcgonagle", "declan"]),
        ("Our CTO, Seonaidh NicAoidh, wrote the first version.", "txt", ["Seonaidh", "NicAoidh"]),
        ("Chidinma Nwachukwu-Obi runs the data team.", "txt", ["Chidinma", "Nwachukwu"]),
        ("Harpreet Sandhu-Grewal and I paired on the billing rewrite.", "txt", ["Harpreet", "Sandhu"]),
        ("The architect was Liang Zhiwei, he joined from a bank.", "txt", ["Zhiwei"]),
        (
            "malgorzata wroblewska my old team lead still maintains it",
            "asr",
            ["wroblewska", "malgorzata"],
        ),
        ("Ewan MacAskill-Rennie from the QA side disagreed.", "txt", ["MacAskill", "Rennie"]),
    ],
)
def test_particles_compounds_and_origins(tmp_path, speech, layout, planted):
    out = _run(tmp_path, speech, layout)
    assert_absent(out, planted)


# --- the registered team's accented names, accents stripped by ASR --------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("thanks zoe ferrandez for setting this up", ["ferrandez"]),
        ("as francois leveille said in the email", ["leveille"]),
        ("yeah francois asked me that last time", ["francois"]),
        ("Zoe Ferrandez sent me the consent form.", ["Ferrandez"]),
    ],
)
def test_registered_names_without_accents(tmp_path, speech, planted):
    out = _run(tmp_path, speech, "asr")
    assert_absent(out, planted)
    _no_word(out, [p.split()[0] for p in planted])


# --- family members named in counselling -------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "layout", "planted"),
    [
        ("My son Kacper won't speak to me since Christmas.", "counselling", ["Kacper"]),
        ("My ex, Lorcan, turned up at the door again.", "counselling", ["Lorcan"]),
        ("Tobiah, my sister's boy, stays with us most weekends.", "counselling", ["Tobiah"]),
        ("my daughter oluchi started high school and she's struggling", "asr", ["oluchi"]),
        ("My husband Anand keeps saying I should just move on.", "counselling", ["Anand"]),
        ("It was my stepdad, Ruaraidh Galbraith, who did it.", "counselling", ["Ruaraidh", "Galbraith"]),
        ("me and my partner jodie split up in the summer", "asr", ["jodie"]),
    ],
)
def test_family_members_named(tmp_path, speech, layout, planted):
    out = _run(tmp_path, speech, layout)
    _no_word(out, planted)


# --- a small employer and its product, repositories, handles, addresses ------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("I work at Brindlecote Labs, there's nine of us, we make Brindlecote Sync.", ["Brindlecote"]),
        ("Before that I was at Quillhaven Software, on Quillhaven Desk mostly.", ["Quillhaven"]),
        ("It's all public, github.com/mkowalczyk-dev/tidewatch if you want a look.", ["mkowalczyk"]),
        ("The repo is https://gitlab.com/ewa.grabowska/etl-helpers, it's mine.", ["grabowska"]),
        ("Just ping me on Slack, I'm @fionnuala.breathnach there.", ["breathnach", "fionnuala"]),
        ("On Discord I'm kwame_asante_dev, same as everywhere.", ["asante", "kwame"]),
        (
            "My home server is on 81.143.207.66, I run the runners there.",
            ["81.143.207.66"],
        ),
        (
            "Dariusz Kaminski raised it as DK-4471, his tickets all start with DK.",
            ["Kaminski", "DK-4471"],
        ),
        (
            "The bot posts as @tpiotrowski-bot in our workspace.",
            ["piotrowski"],
        ),
    ],
)
def test_software_identifiers(tmp_path, speech, planted):
    out = _run(tmp_path, speech)
    assert_absent(out, planted)


# --- French: self-introductions, "c'est X qui", addresses, phones, postcodes, births ----------------
@pytest.mark.parametrize(
    ("speech", "layout", "planted"),
    [
        (
            "Bonjour, je m'appelle Gwenaëlle Le Guennec, je suis développeuse.",
            "txt",
            ["Gwenaëlle", "Guennec"],
        ),
        (
            "bonjour je m'appelle gwenaelle et je suis développeuse backend",
            "asr",
            ["gwenaelle"],
        ),
        ("En fait c'est Thibaud qui gère les déploiements le vendredi.", "txt", ["Thibaud"]),
        (
            "c'est maxence qui a cassé la prod la dernière fois",
            "asr",
            ["maxence"],
        ),
        (
            "J'habite au 12 rue des Verrières-Hautes, pas loin du bureau.",
            "txt",
            ["Verrières-Hautes"],
        ),
        ("Mon portable c'est le 06 47 28 91 35 si besoin.", "txt", ["06 47 28 91 35", "0647289135"]),
        ("Appelez-moi au +33 6 47 28 91 35 plutôt.", "txt", ["47 28 91 35"]),
        (
            "Le bureau est à 29300 Quimperlé, juste à côté de la gare.",
            "txt",
            ["29300", "Quimperlé"],
        ),
        ("Écrivez à gwen.leguennec@korrigan-dev.fr pour le code.", "txt", ["leguennec", "korrigan"]),
    ],
)
def test_french_identifiers(tmp_path, speech, layout, planted):
    out = _run(tmp_path, speech, layout)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    "speech",
    [
        "Je suis né le 3 mars 1985 à Lorient.",
        "Elle est née le 14/07/1979, comme la fête nationale.",
        "je suis née le vingt-deux juin mille neuf cent quatre-vingt-dix",
    ],
)
def test_french_dates_of_birth_lose_the_day(tmp_path, speech):
    out = _run(tmp_path, speech)
    for day in ("3 mars", "14/07", "vingt-deux juin"):
        assert day not in out, f"{day!r} published:\n{out}"
