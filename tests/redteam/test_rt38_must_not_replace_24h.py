"""Red team 24h, class 2a: what must NOT be replaced in software-practitioner and counselling
interviews, written blind. Software, cloud and SaaS tool names (well-known ones not tried in the
earlier rounds, and invented plausible ones said beside technical words: "the Quorvex SDK"),
programming vocabulary in capitals, counselling vocabulary (therapy names and acronyms, outcome
measures), Therapist/Client labels with typos and in lower case (with and without an allow
entry), drug brand names (never a place), NHS and voluntary-sector service names, eponymous
conditions and scales, holidays, capitalised speech-recognition garble, and one allowed product
name in every form. Only the research team is registered. A term counts as replaced when it is
missing from the published text."""

from __future__ import annotations

import re

import pytest
from rt_common import deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Katarzyna Pawlikowska", "role": "interviewer"},
    {"name": "Robert Ellingham", "role": "interviewer"},
]
TAG = re.compile(r"\[(Person|Place|Organisation|Name|Address|ID number|URL|Email|Phone)[^\]]*\]")


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24h: {reason}"))


def _run(tmp_path, text, allow=(), name="t.txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, {name: text}, register=reg, allow=allow)
    return out


def _missing(out, terms):
    return [t for t in terms if t not in out]


def _said(speech, label="Interviewee"):
    return f"Interviewer: What does your stack look like?\n{label}: {speech}\nInterviewer: Okay, thanks.\n"


# --- software, cloud and SaaS tools, and programming vocabulary --------------------------------------
@pytest.mark.parametrize(
    ("speech", "kept"),
    [
        (
            "We moved the jobs from Airflow to Dagster last year, the DAGs were a mess.",
            ["Airflow", "Dagster"],
        ),
        xf(
            "SaaS tool 'Opsgenie' (after 'alerts to') replaced by [Name n] ('Zendesk' now kept); kept on "
            "purpose, recall first: its product partner 'Splunk' is in a parallel clause ('Logs go to "
            "Splunk, alerts to Anyname'), no coordination, and 'to Anyname' after such a clause is as "
            "often a person ('the logs to Splunk, the report to Anyname'); a locative's neutral name is a "
            "product only as the 'to' of 'from Product to Anyname' (coordinated_kinds)",
            "Logs go to Splunk, alerts to Opsgenie, and then someone opens a Zendesk ticket.",
            ["Splunk", "Opsgenie", "Zendesk"],
        ),
        (
            "We self-host Prometheus and Loki, and Tempo for traces.",
            ["Prometheus", "Loki", "Tempo"],
        ),
        (
            "The Quorvex SDK wraps the REST API and returns JSON, or protobuf over gRPC.",
            ["Quorvex", "SDK", "JSON", "gRPC"],
        ),
        (
            "Our CI runs on Brindlepoint, the YAML is awful, and the Helm charts live in Bitbucket.",
            ["Brindlepoint", "Helm", "Bitbucket"],
        ),
        (
            "Auth is Okta over SAML, the app is Flutter, and the backend is Django on Heroku.",
            ["Okta", "Flutter", "Django", "Heroku"],
        ),
        (
            "Kubernetes, Istio, ArgoCD, the usual zoo, plus a bit of Nomad for the batch stuff.",
            ["Istio", "ArgoCD", "Nomad"],
        ),
        ("Salesforce talks to NetSuite through MuleSoft, don't ask.", ["Salesforce", "NetSuite", "MuleSoft"]),
        (
            "The SLA says five nines, the SLO is lower, and the P1 runbook links the ADR.",
            ["SLA", "SLO", "P1", "ADR"],
        ),
        xf(
            "web framework 'Phoenix LiveView' replaced by a person pseudonym; kept on purpose, recall "
            "first: 'Phoenix' is a listed first name before a capitalised word; refusing an inner-capital "
            "word no surname list holds as the surname ('LiveView') was tried and still leaves 'Phoenix' "
            "a person (a listed first name after 'then'), while it would publish an unlisted "
            "inner-capital surname after a first name",
            "We wrote it in Elixir, then Phoenix LiveView for the dashboards.",
            ["Elixir", "Phoenix", "LiveView"],
        ),
    ],
)
def test_software_tools_kept(tmp_path, speech, kept):
    out = _run(tmp_path, _said(speech))
    assert not _missing(out, kept), f"replaced: {_missing(out, kept)}\n{out}"


def test_invented_tool_in_lower_case_asr_kept(tmp_path):
    text = "so we use tessellate for feature flags and the tessellate api is rate limited which hurts\n"
    out = _run(tmp_path, text)
    assert out.count("tessellate") == 2, out
    assert not TAG.search(out), out


# --- counselling: therapy names, acronyms, outcome measures -------------------------------------------
@pytest.mark.parametrize(
    ("speech", "kept"),
    [
        (
            "We tried CBT first, then DBT skills groups, and now EMDR for the flashbacks.",
            ["CBT", "DBT", "EMDR"],
        ),
        ("She suggested ACT, acceptance and commitment, and a block of IPT.", ["ACT", "IPT"]),
        (
            "I did the MBCT course, then Compassion Focused Therapy with a new counsellor.",
            ["MBCT", "Compassion Focused Therapy"],
        ),
        ("Tapping, EFT they call it, and Havening, my sister swears by both.", ["EFT", "Havening"]),
        ("They score me on the CORE-10 and the PCL-5 at every session.", ["CORE-10", "PCL-5"]),
    ],
)
def test_counselling_vocabulary_kept(tmp_path, speech, kept):
    out = _run(tmp_path, _said(speech, "Client").replace("Interviewer", "Therapist"))
    assert not _missing(out, kept), f"replaced: {_missing(out, kept)}\n{out}"


# --- Therapist / Client labels: typos, lower case, with and without an allow entry -----------------
@pytest.mark.parametrize(
    ("first", "second", "allow"),
    [
        ("therapist", "client", ()),
        ("THERAPIST", "CLIENT", ()),
        ("Thearpist", "Clinet", ()),
        ("Counseller", "Cliant", ()),
        ("Thearpist", "Clinet", ("Thearpist", "Clinet")),
        ("Psychotherapist", "Service User", ()),
    ],
)
def test_counselling_labels_kept(tmp_path, first, second, allow):
    text = (
        f"{first}: Shall we pick up where we left off?\n"
        f"{second}: Yes, the sleep has been a bit better.\n"
        f"{first}: And the panic at work?\n"
        f"{second}: Less. I still leave meetings early.\n"
    )
    out = _run(tmp_path, text, allow=allow)
    assert out.count(f"{first}:") == 2 and out.count(f"{second}:") == 2, out
    assert not TAG.search(out), out


# --- drug brands: kept, and never a place ------------------------------------------------------------
@pytest.mark.parametrize(
    "speech",
    [
        "They gave me a prescription for Elvanse, then Concerta XL when that stopped working.",
        "I'm on Cipralex in the morning and Zispin at night.",
        "The GP added Circadin for sleep and Priadel for the mood swings.",
    ],
)
def test_drug_brands_kept(tmp_path, speech):
    out = _run(tmp_path, _said(speech, "Client").replace("Interviewer", "Therapist"))
    brands = [w for w in re.findall(r"\b[A-Z][a-z]+\b", speech) if w not in {"They", "The"}]
    assert "[Place" not in out, out
    assert not _missing(out, brands), f"replaced: {_missing(out, brands)}\n{out}"


# --- NHS and voluntary-sector services, eponymous conditions and scales, holidays ------------------
@pytest.mark.parametrize(
    ("speech", "kept"),
    [
        (
            "CAMHS discharged him at eighteen and the CMHT had a waiting list.",
            ["CAMHS", "CMHT"],
        ),
        (
            "I self-referred to NHS Talking Therapies, and Breathing Space in the evenings.",
            ["NHS Talking Therapies", "Breathing Space"],
        ),
        (
            "Cruse were brilliant after Dad died, and Samaritans once at three in the morning.",
            ["Cruse", "Samaritans"],
        ),
        (
            "He was diagnosed with Asperger's late, and then Ehlers-Danlos on top.",
            ["Asperger's", "Ehlers-Danlos"],
        ),
        (
            "Her Hashimoto's makes her tired and the Raynaud's is bad in winter.",
            ["Hashimoto's", "Raynaud's"],
        ),
        (
            "The psychiatrist used the Hamilton scale and the Beck Depression Inventory.",
            ["Hamilton", "Beck Depression Inventory"],
        ),
        (
            "Hogmanay is the worst, and Boxing Day, and then Burns Night with the family.",
            ["Hogmanay", "Boxing Day", "Burns Night"],
        ),
        (
            "During Ramadan I stop the sessions, and again around Diwali for my wife's family.",
            ["Ramadan", "Diwali"],
        ),
    ],
)
def test_services_eponyms_holidays_kept(tmp_path, speech, kept):
    out = _run(tmp_path, _said(speech, "Client").replace("Interviewer", "Therapist"))
    assert not _missing(out, kept), f"replaced: {_missing(out, kept)}\n{out}"


# --- capitalised speech-recognition garble at a sentence start: not a person ------------------------
@pytest.mark.parametrize("garble", ["Wellokay", "Snotreally", "Kindasorta", "Ohkaythen", "Buhbuh"])
def test_capitalised_garble_not_a_person(tmp_path, garble):
    text = f"{garble}. so the deploy broke again. {garble}, we rolled it back on friday\n"
    out = _run(tmp_path, text)
    assert "[Person" not in out, out


# --- an allowed product name in every form ------------------------------------------------------------
def test_allowed_product_everywhere(tmp_path):
    text = (
        "Interviewer: Which tools do you rely on?\n"
        "Interviewee: Mostly Quorvex. QUORVEX for builds, quorvex-cli locally, the quorvex.yaml file.\n"
        "Interviewee: Quorvex's docs are thin, and the @quorvex account never answers.\n"
        "Interviewee: #quorvex on the community chat is better, and quorvex dot dev has examples.\n"
    )
    out = _run(tmp_path, text, allow=("Quorvex",))
    assert out.casefold().count("quorvex") == 8, out
    assert not TAG.search(out), out
