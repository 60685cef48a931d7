"""Red team 24i, class 3: the first audit of two studies whose transcripts come straight from a
tool's export, written blind. A software-practitioner study recorded in Microsoft Teams (`.vtt`,
`<v First Last>` voice tags naming the interviewer and the participant), talk full of tools that
are also names (Jenkins, Django, Rust, Julia) and ordinary words that are names in lists at a
sentence start ("Will it", "Grant funding", "Mark the ticket"); and a health and social care
planning study exported from Otter.ai (speaker and time alone on a line, speech below; labels
"Interviewer"/"Respondent"), talk of public bodies, services and legislation. Only the research
team is registered, nothing allowed; each study's shareable codebook uses the same words.

What must hold: the first run passes the audit; whenever it fails, each hit's fix gives the right
remedy for THAT hit (a label, word or public term: keep, never "replace it" / "add it to the
register"); the participant's name from the voice tag or the Otter header is not published, and
if it reaches the codebook the audit fails with a replace remedy; following the advice once
gives a green run."""

from __future__ import annotations

import re

import pytest
from rt_common import advises_keep, assert_absent, first_run, keep_and_rerun, not_keep_only

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Morven Achterberg", "role": "interviewer"},
    {"name": "Rhys Penhaligon", "role": "interviewer"},
]


def _teams(cues):
    body = ["WEBVTT", ""]
    for i, (who, text) in enumerate(cues):
        body += [
            f"{i:08x}-aaaa-4bbb-8ccc-{i:012x}/{i}-0",
            f"00:0{i}:00.000 --> 00:0{i}:09.000",
            f"<v {who}>{text}</v>",
            "",
        ]
    return "\n".join(body)


TEAMS = {
    "interview_01.vtt": _teams(
        [
            ("Morven Achterberg", "Thanks for joining. How do releases work for you?"),
            ("Oksana Hrytsenko", "We moved the builds off Jenkins last year. The admin is plain Django."),
            ("Morven Achterberg", "And the newer services?"),
            ("Oksana Hrytsenko", "Rust, mostly. The data people prototype in Julia."),
            ("Morven Achterberg", "Will it stay that way?"),
            ("Oksana Hrytsenko", "Will it? Grant funding decides. Mark the ticket and move on, as we say."),
        ]
    ),
    "interview_02.vtt": _teams(
        [
            ("Rhys Penhaligon", "What does on-call look like?"),
            ("Tadhg Ó Ceallaigh", "Jenkins pages me, then I check the Django logs. Hope so, anyway."),
            ("Rhys Penhaligon", "Thanks."),
        ]
    ),
}
TEAMS_CODEBOOK = (
    "code\tdefinition\n"
    "tooling\tBuild and deploy tools (Jenkins, Django, Rust, Julia).\n"
    "funding\tGrant funding and what it decides.\n"
    "process\tHow a ticket is marked done; 'Will it stay that way?'.\n"
)
TEAMS_WORDS = ["Will", "Grant", "Mark", "Hope"]
TEAMS_TERMS = ["Jenkins", "Django", "Rust", "Julia"]
TEAMS_PEOPLE = ["Oksana", "Hrytsenko", "Tadhg", "Ceallaigh"]

OTTER = {
    "planning_01.txt": (
        "Interviewer  0:02\nCould you describe how the partnership plans services?\n\n"
        "Respondent  0:11\nEverything goes to the Integration Joint Board.\n"
        "Hospital at Home was the big change this year.\n\n"
        "Interviewer  1:05\nAnd the regulators?\n\n"
        "Respondent  1:09\nThe Care Inspectorate, and Self-directed Support reviews.\n"
        "The Carers Act added duties we have not funded.\n\n"
        "Transcribed by https://otter.ai\n"
    ),
    "planning_02.txt": (
        "Morven Achterberg  0:01\nWho else should we speak to?\n\n"
        "Lachlan Ferguson-Baird  0:06\nHospital at Home staff, and the Integration Joint Board chair.\n\n"
        "Transcribed by https://otter.ai\n"
    ),
}
OTTER_CODEBOOK = (
    "code\tdefinition\n"
    "governance\tThe Integration Joint Board and the Care Inspectorate.\n"
    "services\tHospital at Home; Self-directed Support.\n"
    "law\tDuties under the Carers Act.\n"
    "roles\tWhat the Respondent says of the Interviewer's questions.\n"
)
OTTER_WORDS = ["Interviewer", "Respondent"]
OTTER_TERMS = [
    "Integration Joint Board",
    "Hospital at Home",
    "Care Inspectorate",
    "Self-directed Support",
    "Carers Act",
    "Hospital",
    "Home",
    "Integration",
    "Board",
    "Inspectorate",
]
OTTER_PEOPLE = ["Lachlan", "Ferguson-Baird"]


STUDIES = {
    "teams": (TEAMS, TEAMS_CODEBOOK, TEAMS_WORDS, TEAMS_PEOPLE, TEAMS_TERMS),
    "otter": (OTTER, OTTER_CODEBOOK, OTTER_WORDS, OTTER_PEOPLE, OTTER_TERMS),
}


def _first_run(tmp_path, study, extra_table=""):
    transcripts, codebook, *_ = STUDIES[study]
    return first_run(tmp_path, TEAM, transcripts, codebook + extra_table)


def _published(tmp_path):
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((tmp_path / "results" / "deidentified").glob("*.txt"))
    )


def _is(original, words):
    o = " ".join(original.split()).casefold()
    return any(o == w.casefold() for w in words)


@pytest.mark.parametrize(
    "study",
    [
        "teams",
        "otter",
    ],
)
def test_first_run_passes_the_audit(tmp_path, study):
    audit, hits = _first_run(tmp_path, study)
    assert audit.returncode == 0, f"{len(hits)} hits: {sorted({h.get('original') for h in hits})[:12]}"


@pytest.mark.parametrize("study", ["teams", "otter"])
def test_speaker_names_from_the_export_not_published(tmp_path, study):
    _first_run(tmp_path, study)
    assert_absent(_published(tmp_path), [*STUDIES[study][3], "Achterberg", "Penhaligon"])


@pytest.mark.parametrize(
    ("study", "phrase"),
    [
        ("teams", "off Jenkins last year"),
        ("teams", "plain Django"),
        ("teams", "Rust, mostly"),
        ("teams", "prototype in Julia"),
        ("teams", "Will it? Grant funding decides. Mark the ticket"),
        ("teams", "Hope so, anyway"),
        ("otter", "the Integration Joint Board"),
        ("otter", "Hospital at Home was the big change"),
        ("otter", "The Care Inspectorate, and Self-directed Support"),
        ("otter", "The Carers Act added"),
    ],
)
def test_words_and_terms_published(tmp_path, study, phrase):
    _first_run(tmp_path, study)
    text = " ".join(_published(tmp_path).split())
    assert phrase in text, f"{phrase!r} not published as written:\n{text}"


def test_otter_role_labels_published(tmp_path):
    _first_run(tmp_path, "otter")
    text = _published(tmp_path)
    assert "Interviewer" in text and "Respondent" in text, text


@pytest.mark.parametrize("study", ["teams", "otter"])
def test_hits_on_labels_and_words_advise_keep_only(tmp_path, study):
    audit, hits = _first_run(tmp_path, study)
    if audit.returncode == 0:
        return
    word_hits = [h for h in hits if _is(h["original"], STUDIES[study][2])]
    wrong = not_keep_only(word_hits)
    assert not wrong, f"wrong remedy for {wrong}: {[h['fix'] for h in word_hits][:2]}"


@pytest.mark.parametrize("study", ["teams", "otter"])
def test_hits_on_tools_and_public_terms_offer_keep(tmp_path, study):
    audit, hits = _first_run(tmp_path, study)
    if audit.returncode == 0:
        return
    for h in hits:
        if _is(h["original"], STUDIES[study][4]):
            assert advises_keep(h["fix"], h["original"]), h["fix"]


@pytest.mark.parametrize("study", ["teams", "otter"])
def test_console_never_advises_registering_words_or_quotes_the_team(tmp_path, study):
    audit, _ = _first_run(tmp_path, study)
    console = audit.stdout + audit.stderr
    for term in [*STUDIES[study][2], *STUDIES[study][4]]:
        assert not re.search(
            rf"(add|register)\s+['\"]?{re.escape(term)}['\"]?\s+(to|in)\s+the\s+register", console, re.I
        ), f"console advises registering {term!r}"
    for person in TEAM:
        assert person["name"].casefold() not in console.casefold()


@pytest.mark.parametrize(
    ("study", "row", "pattern"),
    [
        ("teams", "people\tAs Oksana Hrytsenko put it on the call.\n", r"oksana|hrytsenko"),
        ("otter", "people\tLachlan Ferguson-Baird suggested the chair.\n", r"lachlan|ferguson"),
    ],
)
def test_participant_in_codebook_is_advised_replace(tmp_path, study, row, pattern):
    """Control: the participant's name (from the export's speaker header) copied into the codebook
    is a real leak: the audit fails and the fix is replace/remove, not keep."""
    audit, hits = _first_run(tmp_path, study, extra_table=row)
    assert audit.returncode != 0, "a participant's full name in a shareable table passed the audit"
    name_hits = [h for h in hits if re.search(pattern, h["original"], re.I)]
    assert name_hits, sorted({h["original"] for h in hits})
    for h in name_hits:
        fix = h["fix"].casefold()
        assert any(w in fix for w in ("replace", "register", "remove", "edit")), h["fix"]


@pytest.mark.parametrize("study", ["teams", "otter"])
def test_one_review_pass_converges(tmp_path, study):
    audit, hits = _first_run(tmp_path, study)
    if audit.returncode == 0:
        return
    forms = sorted({h["original"] for h in hits})
    text = keep_and_rerun(tmp_path, forms)
    for form in forms:
        assert form in text, f"{form!r} kept by decision but still replaced"
