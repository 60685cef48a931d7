"""Red team 24f, class 3: the audit's advice on a first run, written blind. Only the research
team is registered and nothing is allowed; the transcripts use everyday role labels of health
and social care interviews ("Carer:", "Key Worker:", "Service User:", ...) and the study's own
shareable codebook table uses the same role words, as a real codebook does. No real identifier
is in any of it except where a case plants one.

What must hold: such a first run passes the audit (role words identify nobody); and whenever the
audit fails, each hit's fix (private/audit/hits.tsv's `fix` column, and the console) gives the
right remedy for THAT hit: a role or ordinary word is kept/allowed, never "replace it" or "add it
to the register"; a real name that leaked is replaced/registered, never only kept."""

from __future__ import annotations

import re

import pytest
from rt_common import first_run, keep_and_rerun

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Ingrid Halvorsen-Tait", "role": "interviewer"},
    {"name": "Ruaridh Kilbride", "role": "interviewer"},
]
ROLE_WORDS = {"carer", "key worker", "service user", "clinician", "volunteer", "interviewer", "interviewee"}

TRANSCRIPTS = {
    "a.txt": (
        "Interviewer: How has the week been?\n"
        "Carer: Busy. The Key Worker came on Monday and stayed an hour.\n"
        "Interviewer: And the weekend?\n"
        "Carer: Quiet, thankfully.\n"
    ),
    "b.txt": (
        "Interviewer: Tell me about the support you get.\n"
        "Service User: The Clinician reviews my plan every month.\n"
        "Interviewer: Is that enough?\n"
        "Service User: Mostly. A Volunteer drives me to the shops.\n"
    ),
    "c.txt": (
        "Ingrid Halvorsen-Tait: Thanks for coming in today.\n"
        "Volunteer: No bother. I drive for the scheme twice a week.\n"
        "Ingrid Halvorsen-Tait: What keeps you doing it?\n"
        "Volunteer: The people, honestly.\n"
    ),
}
CODEBOOK = (
    "code\tdefinition\n"
    "carer_strain\tWhat the Carer or the Service User says about strain and respite.\n"
    "professional_contact\tContact with a Key Worker, Clinician or Volunteer.\n"
    "interview_process\tThe Interviewer's questions as the Interviewee heard them.\n"
)


def _first_run(tmp_path, extra_table="", people=()):
    return first_run(tmp_path, [*TEAM, *people], TRANSCRIPTS, CODEBOOK + extra_table)


def _advises_replace(text, form):
    """The advice tells the user to replace FORM or register it."""
    f = re.escape(form)
    return bool(
        re.search(rf"--replace\s+['\"]?{f}", text, re.I)
        or re.search(rf"(add|register)\s+['\"]?{f}['\"]?\s+(to|in)\s+the\s+register", text, re.I)
    )


def _advises_keep(text, form):
    f = re.escape(form)
    return bool(re.search(rf"(--keep|--allow|allow:?)\s+['\"]?{f}", text, re.I))


def test_first_run_with_role_words_passes_the_audit(tmp_path):
    audit, hits = _first_run(tmp_path)
    assert audit.returncode == 0, f"{len(hits)} hits: {[h.get('original') for h in hits][:10]}"


def test_role_word_hits_advise_keep_never_replace(tmp_path):
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return  # a green first run: nothing to advise (the test above checks it is green)
    role_hits = [h for h in hits if h["original"].casefold() in ROLE_WORDS]
    assert role_hits or not hits, "hits listed, but none for the role words: check the case"
    for h in role_hits:
        assert _advises_keep(h["fix"], h["original"]), h["fix"]
        assert not _advises_replace(h["fix"], h["original"]), h["fix"]


def test_role_word_hits_console_never_says_replace_or_register(tmp_path):
    """Every hit of this corpus is a role word: the console's advice may only be keep/allow."""
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    assert hits, "the audit failed without a hits file"
    assert all(h["original"].casefold() in ROLE_WORDS for h in hits), [h["original"] for h in hits]
    console = (audit.stdout + audit.stderr).splitlines()
    for line in console:
        assert "--replace" not in line, f"console advises replacing a role word: {line!r}"
        assert not re.search(r"\bthe register\b|add .* to the register", line, re.I), line
    assert any("--keep" in ln or "allow" in ln.casefold() for ln in console), console[-20:]


def test_real_name_leak_is_advised_replace(tmp_path):
    """Control: a registered participant's surname written into the shareable codebook is a real
    leak; its hit must say to replace/register it (or take it out), never only to keep it."""
    extra = "example\tAs Hamish Drummond-Locke put it, respite is rare.\n"
    audit, hits = _first_run(
        tmp_path,
        extra_table=extra,
        people=[{"name": "Hamish Drummond-Locke", "role": "participant"}],
    )
    assert audit.returncode != 0, "a registered name in a shareable table passed the audit"
    name_hits = [
        h for h in hits if "drummond" in h["original"].casefold() or "hamish" in h["original"].casefold()
    ]
    assert name_hits, [h["original"] for h in hits]
    for h in name_hits:
        fix = h["fix"].casefold()
        assert "replace" in fix or "register" in fix or "remove" in fix or "edit" in fix, h["fix"]
        assert not (_advises_keep(h["fix"], h["original"]) and "replace" not in fix), h["fix"]


def test_one_review_pass_following_the_fix_column_converges(tmp_path):
    """Do what each hit's fix says for a false positive (keep the form, once, with review-deid),
    re-run de-identification and the audit with those decisions: the second run is green and the
    role words are published as written."""
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return  # nothing to review
    forms = sorted({h["original"] for h in hits})
    assert forms, "a failed audit without hits"
    published = keep_and_rerun(tmp_path, forms)
    for form in forms:
        assert form in published, f"{form!r} kept by decision but still replaced"
