"""Red team 24g, class 1b: identifiers that leak in running speech of health and social care
interviews, written blind (people invented; places are public Scottish/Irish places or invented
with a head noun). Ward and care-home names, GP practices, teams named by their place, a job
title with a place that names one person, a child's school, social-media handles and URLs,
Gaelic/Irish/Polish/Urdu-transliterated names (with Ó, Ní, Mac, Nic, diacritics), a surname after
a replaced first name, lower-case speech-recognition text, mis-transcribed names of the
REGISTERED research team and the institution's distinctive word alone. Only the research team
and the institution are registered; everything else must be found from the text's own evidence
(a title, a kinship word, a head noun, a handle sign, a confident earlier mention)."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Ishbel Macfarlane-Rennie", "role": "interviewer"},
    {"name": "Niamh Ó Briain", "role": "interviewer"},
]
INSTITUTION = "Craigvinean Institute for Health Research"
KEEP = "we just got on with it"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24g: {reason}"))


def _run(tmp_path, speech, name="t.txt", layout="txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM, organisations=[INSTITUTION])
    if layout == "asr":  # unlabelled lower-case speech-recognition text
        text = f"{speech} {KEEP}\n"
    else:
        text = (
            "Interviewer: Could you tell me a bit about the support around you?\n"
            f"Respondent: {speech} Anyway, {KEEP}.\n"
            "Interviewer: Thank you, that is really helpful.\n"
        )
    _, out = deidentify(tmp_path, {name: text}, register=reg)
    assert KEEP in out, "the speech around the identifier was not published"
    return out


# --- places of care: wards, care homes, GP practices, teams named by their place -----------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("She was on Glenisla Ward for six weeks after the fall.", ["Glenisla"]),
        ("They moved him to the Rowanbank Unit, the dementia assessment one.", ["Rowanbank"]),
        ("Mum is in Heatherbrae Care Home now, the staff there are lovely.", ["Heatherbrae"]),
        ("We looked round Lochview House, it's a nursing home out past the shore.", ["Lochview"]),
        ("Our GP is at the Kilbarchan Medical Practice, Dr Sandhu mostly.", ["Kilbarchan", "Sandhu"]),
        ("The Carluke Reablement Team came every morning for a fortnight.", ["Carluke"]),
        ("I phoned the Strathaven district nursing team and they came out.", ["Strathaven"]),
        ("He goes to the Tannahill Day Centre on Tuesdays.", ["Tannahill"]),
        ("The hospice, St Columba's in Drumnadrochit, took her in at the end.", ["Drumnadrochit"]),
    ],
)
def test_places_of_care(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


def test_job_title_with_place_identifies_one_person(tmp_path):
    speech = "I rang the Chief Nurse at Arran War Memorial Hospital, she knows us all."
    assert_absent(_run(tmp_path, speech), ["Arran War Memorial"])


# --- a child's school --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("My boy's in P4 at Auchenback Primary and they've been brilliant.", ["Auchenback"]),
        ("She started at Kyleakin Primary in August.", ["Kyleakin"]),
        ("The wee one goes to Bunsgoil Ghàidhlig Phort Rìgh, the Gaelic school.", ["Phort Rìgh"]),
        ("His teacher at Lenzie Academy flagged it first.", ["Lenzie"]),
    ],
)
def test_childs_school(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


# --- social-media handles and URLs -------------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("You'll find me on Instagram, I'm @mhairi_gilchrist_bakes.", ["gilchrist"]),
        ("Her page is facebook.com/tomasz.kowalczyk.art if you want to see his work.", ["kowalczyk"]),
        ("I post as @DrNasreenAkhtar on there about the clinic.", ["Akhtar", "Nasreen"]),
        ("We started the hashtag #JusticeForKamilWozniak after the inquiry.", ["Wozniak"]),
        ("The group is on TikTok as eilidhmacleod.carer, about forty thousand follow it.", ["macleod"]),
    ],
)
def test_handles_and_urls(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


# --- names of other languages' forms in running speech ---------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("My neighbour Mrs Ealasaid Nic a' Phearsain checks in on me.", ["Ealasaid", "Phearsain"]),
        ("Pádraig Ó hUiginn from the parish came round with soup.", ["Pádraig", "hUiginn"]),
        ("The OT, Agnieszka Szczepańska, sorted the rails.", ["Agnieszka", "Szczepańska"]),
        ("My nani, Shagufta Parveen, lives with us now.", ["Shagufta", "Parveen"]),
        ("Doctor Ó Dubhghaill was the one who listened.", ["Dubhghaill"]),
        ("Her son Dòmhnall Iain MacAmhlaigh does the shopping.", ["Dòmhnall", "MacAmhlaigh"]),
    ],
)
def test_names_in_other_languages_forms(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


# --- a surname after a first name that was replaced --------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("My carer Bronagh, Bronagh Dunleavy I mean, she's the best.", ["Dunleavy"]),
        ("Ask for Krzysztof, Krzysztof Lewandowicz, on the front desk.", ["Lewandowicz"]),
        ("That was Caoimhín Ó Dálaigh's idea.", ["Dálaigh"]),
    ],
)
def test_surname_after_replaced_first_name(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


# --- lower-case speech-recognition text --------------------------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("thanks a million siobhán that was great", ["siobhán"]),
        ("cheers kasia see you next week", ["kasia"]),
        ("aye that was wee callum macinnes from up the road", ["macinnes"]),
        ("my social worker is called zainab hussain she's new", ["zainab", "hussain"]),
    ],
)
def test_lower_case_asr(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech, layout="asr"), planted)


# --- the registered research team, mis-transcribed, and the institution's word alone ------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("Ishbel Mac Farlane phoned me to set this up.", ["Mac Farlane"]),
        ("I got the letter from Isbel Macfarlane-Rennie last month.", ["Isbel"]),
        ("IshbelMacfarlane sent the consent form by email.", ["IshbelMacfarlane"]),
        ("Was it Niamh O'Brian who did the first visit?", ["O'Brian"]),
        ("niamh obriain said it would be anonymous", ["obriain"]),
    ],
)
def test_research_team_mistranscribed(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)


@pytest.mark.parametrize(
    "speech",
    [
        "I trust Craigvinean, they did the last study too.",
        "The Craigvinean ethics people wrote to me first.",
        "is this the craigvinean study again",
    ],
)
def test_institution_distinctive_word_alone(tmp_path, speech):
    assert_absent(_run(tmp_path, speech), ["Craigvinean"])


# --- a rare fact that points at one person in a small place --------------------------------------
@pytest.mark.parametrize(
    ("speech", "planted"),
    [
        ("I'm 104, the oldest on Coll, everyone knows me.", ["Coll"]),
        ("I was the first woman harbour master in Mallaig.", ["Mallaig"]),
        ("The only Polish GP in Thurso, that's me.", ["Thurso"]),
        ("I'm the lollipop man at Kinlochleven Primary.", ["Kinlochleven"]),
        ("I was the minister at Cross Free Church in Ness for twenty years.", ["Cross Free Church"]),
    ],
)
def test_rare_fact_with_small_place(tmp_path, speech, planted):
    assert_absent(_run(tmp_path, speech), planted)
