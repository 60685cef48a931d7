"""Red team 24h, class 1a: identifiers that leak in running speech of software-practitioner and
counselling interviews, written blind (every person, firm and street invented; towns are public
places). New ground after rounds 24a-24g: nicknames and diminutives of REGISTERED names, a
one-letter typo of a registered name in lower-case speech-recognition text, initials standing for
a person, a name split by a filler ("Dag- Dagny"), lower-case possessives, first names that are
also places or months where the context says person, addresses said as a sentence,
organisations named after people, an employer's distinctive word alone after its full name,
and e-mail/URL/handle forms. Only the research team and its institution are registered."""

from __future__ import annotations

import re

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Katarzyna Pawlikowska", "role": "interviewer"},
    {"name": "Robert Ellingham", "role": "interviewer"},
]
INSTITUTION = "Brackenmoor University"
KEEP = "we shipped it in the end"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24h: {reason}"))


def _run(tmp_path, speech, layout="txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM, organisations=[INSTITUTION])
    if layout == "asr":  # unlabelled lower-case speech-recognition text
        text = f"{speech} and yeah {KEEP}\n"
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
    """Short forms (initials, nicknames): absent as whole words, case-insensitively."""
    for w in words:
        assert not re.search(rf"(?<![\w.]){re.escape(w)}(?![\w])", out, re.I), f"{w!r} published:\n{out}"


# --- nicknames and diminutives of the registered research team ---------------------------------
@pytest.mark.parametrize(
    ("speech", "layout", "planted"),
    [
        ("Kasia mentioned you'd done a migration like this before.", "txt", ["Kasia"]),
        ("as kasia said in the first session the tests were flaky", "asr", ["kasia"]),
        ("Honestly Bob, I think you asked me that last year too.", "txt", ["Bob"]),
        (
            "like i told rob ellingham the on call rota is brutal",
            "asr",
            ["rob"],
        ),
        ("Robbie from your lab emailed me the consent form.", "txt", ["Robbie"]),
    ],
)
def test_nicknames_of_registered_team(tmp_path, speech, layout, planted):
    out = _run(tmp_path, speech, layout)
    _no_word(out, planted)
    assert_absent(out, ["Ellingham", "Pawlikowska"])


# --- one-letter typos and filler splits of registered names, lower-case ASR ----------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("thanks for having me katarzyna pawlikowksa really", ["pawlikowksa"]),
        ("yeah robert elingham asked about the database", ["elingham"]),
        (
            "so um pawli- pawlikowska said we could stop anytime",
            ["pawlikowska", "pawli-"],
        ),
        ("and i said to ell- uh ellingham that the build was red", ["ellingham"]),
        ("kat- katarzyna sent the transcript over", ["katarzyna"]),
    ],
)
def test_registered_names_typo_and_filler_asr(tmp_path, speech, planted):
    out = _run(tmp_path, speech, "asr")
    assert_absent(out, planted)


# --- initials standing for a person --------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        (
            "J.B. said we should just rewrite it, so we did.",
            ["J.B."],
        ),
        (
            "Our CTO is Tomasz Brzeziński, TB we call him, and TB signs off every release.",
            ["TB"],
        ),
        (
            "It was JKO's team that owned billing, Jadwiga Kowal-Oduya's team.",
            ["JKO"],
        ),
    ],
)
def test_initials_standing_for_a_person(tmp_path, speech, planted):
    out = _run(tmp_path, speech)
    _no_word(out, planted)
    assert_absent(out, ["Brzeziński", "Brzezinski", "Kowal-Oduya", "Jadwiga"])


# --- unregistered names split by a filler, lower-case possessives ----------------------------------
@pytest.mark.parametrize(
    ("speech", "layout", "planted"),
    [
        ("It was Dag- Dagny Halvorsen who wrote the scheduler.", "txt", ["Dagny", "Halvorsen"]),
        xf(
            "lower-case first name 'dagny' published before a possessive surname; kept on purpose, "
            "precision: 'dagny' is in no first-name list, and taking any lower-case word that no "
            "dictionary holds before a rare listed surname as a first name was tried (24i) and removed "
            "an annotated non-identifier on the development set with no recall gained there",
            "it was dagny halvorsen's idea to move the queue off kafka",
            "asr",
            ["dagny", "halvorsen"],
        ),
        ("we ended up running priyanka's old script every night", "asr", ["priyanka"]),
        ("Me and Ifeoluwa, uh, Ife- Ifeoluwa Adebanjo-Marsh paired on it.", "txt", ["Ifeoluwa", "Adebanjo"]),
    ],
)
def test_filler_split_and_possessive(tmp_path, speech, layout, planted):
    out = _run(tmp_path, speech, layout)
    assert_absent(out, planted)


# --- first names that are also places or months, where the context says person -----------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        (
            "April from the data team said the export was fine.",
            ["April"],
        ),
        ("I report to Jordan Ekwueme, he's the engineering manager.", ["Jordan", "Ekwueme"]),
        ("My manager, Florence, she pushed for the rewrite.", ["Florence"]),
        (
            "Paris Okonjo-Whyte runs QA and she is amazing.",
            ["Paris", "Okonjo"],
        ),
        xf(
            "lower-case first name 'june' (also a month) after 'pairing with' and before 'hated' published; "
            "kept on purpose, precision: a lower-case listed first name that is an ordinary word, before a "
            "verb of saying or feeling and after no determiner, was measured on the development set: all 6 "
            "such uses are ordinary words, none a name; only 'a month does not hate' tells this one apart",
            "i was pairing with june most days and june hated the ide",
            ["june"],
        ),
    ],
)
def test_place_or_month_as_first_name(tmp_path, speech, planted):
    out = _run(tmp_path, speech)
    _no_word(out, planted)
    assert_absent(out, [p for p in planted if len(p) > 5])


# --- addresses said as a sentence -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("I live at number twelve, Farquharson Crescent, so it's a short walk.", ["Farquharson"]),
        ("The office is at forty one Mendelgate Yard, top floor.", ["Mendelgate"]),
        ("we moved to flat three twenty seven ravelston dykes road last spring", ["ravelston"]),
        ("Our unit's round the back of Tullochgorm Business Park, unit nine.", ["Tullochgorm"]),
    ],
)
def test_addresses_said_as_a_sentence(tmp_path, speech, planted):
    layout = "asr" if speech[0].islower() else "txt"
    out = _run(tmp_path, speech, layout)
    assert_absent(out, planted)


# --- organisations named after people, employers by their distinctive word ------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("The Abernethy-Cole Trust funded the first year.", ["Abernethy"]),
        (
            "We contract the audits out to Pemberley-Oakes & Partners.",
            ["Pemberley"],
        ),
        ("I was at Ogunleye Brothers Software before this.", ["Ogunleye"]),
        (
            "I work at Quillfeather Analytics. At Quillfeather we do trunk based development.",
            ["Quillfeather"],
        ),
        (
            "i joined vantablue systems in twenty nineteen and at vantablue nobody wrote tests",
            ["vantablue"],
        ),
        ("The Brackenmoor ethics board took four months.", ["Brackenmoor"]),
    ],
)
def test_organisations_after_people_and_employers(tmp_path, speech, planted):
    layout = "asr" if speech[0].islower() else "txt"
    out = _run(tmp_path, speech, layout)
    assert_absent(out, planted)


# --- e-mail, URL, handle and path forms not tried before ---------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("My repo is gitlab.com/dhalvorsen/infra-scripts if you want it.", ["dhalvorsen"]),
        ("It's on my blog, https://halvorsen.dev/posts/queues, the second post.", ["halvorsen"]),
        ("Ping me on Slack, I'm @dagny.h there.", ["dagny"]),
        ("Send it to dagny plus research at halvorsen dot io.", ["halvorsen"]),
        ("The config lives in /home/ifeoluwa.adebanjo/projects/deploy on the box.", ["adebanjo", "ifeoluwa"]),
        ("Email me, <Tomasz Brzezinski> tbrzez at vantablue dot com.", ["Brzezinski", "tbrzez"]),
    ],
)
def test_contact_forms(tmp_path, speech, planted):
    out = _run(tmp_path, speech)
    assert_absent(out, planted)
