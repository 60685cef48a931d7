"""Red team 24f, class 2: what must NOT be replaced, written blind. Speaker-role labels (and
their typos) as labels and mid-sentence, with and without an allow entry; allowed words in every
position; product and software tool names, drug brands and acronyms; transcription garble. Only
the research team is registered. A word replaced by any pseudonym tag counts as replaced."""

from __future__ import annotations

import re

import pytest
from rt_common import deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Ingrid Halvorsen-Tait", "role": "interviewer"}]
TAG = re.compile(r"\[(Person|Place|Organisation|Name|Org)[^\]]*\]")


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24f: {reason}"))


def _run(tmp_path, text, allow=(), name="talk.txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, {name: text}, register=reg, allow=allow)
    return out


def _kept(out, words):
    for word in words:
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", out), f"{word!r} was replaced: {out[-600:]!r}"


# --- role labels, never replaced ---------------------------------------------------------------


def _labels_survive(tmp_path, first, second):
    """A four-turn exchange under these two labels: neither is replaced, both are kept as written."""
    text = (
        f"{first}: Shall we start with how the week went?\n"
        f"{second}: It was busy, the kids were off school all week.\n"
        f"{first}: And the appointment on Thursday?\n"
        f"{second}: Cancelled again, so I rebooked it.\n"
    )
    out = _run(tmp_path, text)
    assert not TAG.search(out), f"a label was replaced: {out!r}"
    _kept(out, [first, second])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Interviewer", "Interviewee"),
        ("Therapist", "Client"),
        ("Moderator", "Respondent"),
        ("Facilitator", "Participant"),
        ("Speaker 1", "Speaker 2"),
        ("Interveiwer", "Interviwee"),
        ("Therapsit", "Cleint"),
        ("Moderater", "Respondant"),
        ("INTERVIEWER", "INTERVIEWEE"),
    ],
)
def test_role_labels_survive(tmp_path, first, second):
    _labels_survive(tmp_path, first, second)


@pytest.mark.parametrize("label", ["Interviwee", "Clinet", "Therapist", "Respondent"])
def test_allowed_role_label_never_replaced(tmp_path, label):
    text = (
        "Interviewer: Shall we start with how the week went?\n"
        f"{label}: It was busy, the kids were off school all week.\n"
        f"Interviewer: And what did the {label} before you say?\n"
        f"{label}: No idea, honestly.\n"
    )
    out = _run(tmp_path, text, allow=[label])
    assert not TAG.search(out), f"an allowed label was replaced: {out!r}"
    assert f"what did the {label} before you say" in out


@pytest.mark.parametrize(
    "said",
    [
        "As a Client of the service you just wait.",
        "The Interviewee before me said the same, apparently.",
        "Our Facilitator kept us to time.",
        "Every Respondent got a voucher, I think.",
        "Speaker Two on the panel disagreed with her.",
    ],
)
def test_role_words_mid_sentence(tmp_path, said):
    out = _run(tmp_path, f"Interviewer: Go on.\nP01: {said} That was it.\n")
    assert said in out, f"changed: {out!r}"


# --- allowed words, in every position ----------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "The Ardenvale programme paid for the bus.",
        "we heard about ardenvale from the school",
        "ARDENVALE funded the lunches.",
        "Ardenvale's staff were lovely.",
        "We posted #Ardenvale every week.",
    ],
)
def test_allowed_word_everywhere(tmp_path, said):
    out = _run(tmp_path, f"Interviewer: Go on.\nP01: {said} That was it.\n", allow=["Ardenvale"])
    assert said in out, f"changed: {out!r}"


def test_allowed_word_as_a_speaker_label(tmp_path):
    text = (
        "Interviewer: Who is joining us?\n"
        "Ardenvale Coordinator: Just me today, the others are out.\n"
        "Interviewer: Thanks.\n"
    )
    out = _run(tmp_path, text, allow=["Ardenvale"])
    _kept(out, ["Ardenvale"])


# --- products, software tools, drug brands, acronyms -------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ["Jira", "Linear"],
        xf(
            "the CI tool 'Bamboo' typed as a place ('to [Place 1]'), kept on purpose (recall first): an "
            "ordinary word that is a world place's name, after 'moved from X to', is a place there; its "
            "partner 'Jenkins' is a listed surname and an ambiguous tool, no evidence of a product",
            ["Jenkins", "Bamboo"],
        ),
        ["Grafana", "Kibana"],
        ["Terraform", "Ansible"],
        ["Snowflake", "Databricks"],
        ["Figma", "Miro"],
        ["Vercel", "Netlify"],
        ["Sentry", "Datadog"],
        ["Confluence", "Notion"],
        ["Postgres", "Redis"],
    ],
)
def test_software_tool_names(tmp_path, words):
    a, b = words
    said = f"We moved from {a} to {b} last spring, and honestly {b} is easier than {a} was."
    out = _run(tmp_path, f"Interviewer: Which tools?\nInterviewee: {said}\n")
    _kept(out, [a, b])


@pytest.mark.parametrize(
    "said",
    [
        "They put me on Lustral, then switched me to Cipralex.",
        "I had a prescription for Elvanse from the clinic.",
        "The chemist gave me Nytol and some Gaviscon.",
        "Citalopram made me sleepy, Sertraline didn't.",
        "I was on Subutex for a year, then Buvidal.",
        "She takes Seroquel at night.",
    ],
)
def test_drug_names_kept(tmp_path, said):
    text = f"Therapist: How is the medication?\nClient: {said} That's where we are.\n"
    out = _run(tmp_path, text)
    assert said in out, f"changed: {out!r}"


@pytest.mark.parametrize(
    "said",
    [
        "We did CBT first, then DBT, and EMDR last.",
        "The PHQ-9 and GAD-7 scores went down.",
        "CAMHS had a two year wait.",
        "Our SRE team owns the CI/CD and the AWS bill.",
        "The MVP shipped without SSO or an API.",
        "DWP stopped my PIP and then my ESA.",
        "We track OKRs and KPIs in a spreadsheet.",
    ],
)
def test_acronyms_kept(tmp_path, said):
    out = _run(tmp_path, f"Interviewer: Go on.\nInterviewee: {said} That's the story.\n")
    assert said in out, f"changed: {out!r}"


# --- transcription garble: non-words are not persons -------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        xf(
            "transcription garble 'Flurm' replaced as [Name n] (kept on purpose, recall first): an "
            "unknown capitalised word before a noun ('the Anyname thing') is read as a named thing by "
            "the weakest rule, a neutral name; nothing in the sentence tells garble from an unlisted "
            "surname or business ('the Anyname case', 'the Anyname contract'), which that rule is "
            "there to find",
            "Mmkay. Dunno. It was, um, the Flurm thing again.",
        ),
        "Yeah, Hmmph, the Brantle, uh, the branch closed.",
        "So the Wuzzit, sorry, the website was down.",
        xf(
            "garble 'Shmerp' replaced as [Name n] (kept on purpose, recall first): with no article "
            "before it, 'uh, Anyname, the system' has the shape of a name and its apposition ('uh, "
            "Anyname, the solicitor'); the false-start rule (speech_repairs.py) needs the article "
            "restarted ('the Anyname, uh, the system')",
            "Aaand then, uh, Shmerp, the system went down.",
        ),
        "Lemme think. Gonna say Tuesday.",
    ],
)
def test_garble_not_a_person(tmp_path, said):
    out = _run(tmp_path, f"interviewer: right\nspeaker 1: {said} anyway\n", name="asr.txt")
    assert said in out, f"changed: {out!r}"


# --- everyday role labels of health, social care and education interviews --------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Counsellor", "Patient"),
        ("Nurse", "Carer"),
        ("Key Worker", "Service User"),
        ("Clinician", "Young Person"),
        ("Teacher", "Pupil"),
        ("Mentor", "Mentee"),
        ("Coach", "Volunteer"),
        ("Chair", "Panellist"),
        ("Host", "Audience Member"),
        ("Co-facilitator", "Note-taker"),
        ("IV", "IE"),
        ("Mum", "Staff"),
    ],
)
def test_everyday_role_labels_survive(tmp_path, first, second):
    _labels_survive(tmp_path, first, second)


def test_role_label_word_not_propagated_into_speech(tmp_path):
    """A role label is not a name: the same word in speech, lower case, stays a word."""
    text = (
        "Interviewer: Who helps at home?\n"
        "Carer: I do, mostly. Being a carer is tiring, and the carer's allowance is small.\n"
    )
    out = _run(tmp_path, text)
    assert "Being a carer is tiring, and the carer's allowance is small." in out, out
