"""Red team 24g, class 3: the audit's advice on a first run, written blind. A counselling and
focus-group study: labels `Therapist:`, `Client:`, `Moderator:`, `Speaker 2:`; talk full of care
vocabulary (professional titles, services, assessment tools, medicines, a national learning
platform); a research team registered, one of whom is called Ward (an ordinary word on any
ward); nothing allowed. The study's shareable codebook uses the same words, as a real one does.
No real identifier is anywhere except where a case plants one.

What must hold: the first run passes the audit (none of these words identifies anyone), and
whenever the audit fails, each hit's fix (private/audit/hits.tsv's `fix` column, and the
console) gives the right remedy for THAT hit: an ordinary word, role or public term is
kept/allowed, never "replace it" or "add it to the register"; a registered person's name that
leaked is replaced/registered. Following the advice once gives a green second run."""

from __future__ import annotations

import re

import pytest
from rt_common import advises_keep as _advises_keep
from rt_common import advises_replace as _advises_replace
from rt_common import first_run, keep_and_rerun, not_keep_only

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Eilidh Ward", "role": "interviewer"},
    {"name": "Tormod Galbraith", "role": "interviewer"},
]
TERMS = [
    "Therapist",
    "Client",
    "Moderator",
    "Speaker 2",
    "Link Worker",
    "Advanced Nurse Practitioner",
    "Hospital at Home",
    "Waterlow",
    "Lyrica",
    "Turas",
    "ward",
]
TRANSCRIPTS = {
    "c01.txt": (
        "Therapist: Last time you mentioned the Link Worker. How did that go?\n"
        "Client: Better than I thought. She got me onto Hospital at Home when I was bad.\n"
        "Therapist: And the medication?\n"
        "Client: The Advanced Nurse Practitioner changed my Lyrica, I sleep now.\n"
    ),
    "c02.txt": (
        "Therapist: You were on the ward for a while, weren't you?\n"
        "Client: Three weeks. They did a Waterlow every day, my skin was that bad.\n"
        "Therapist: That sounds hard.\n"
        "Client: The staff were kind though.\n"
    ),
    "fg1.txt": (
        "Moderator: Welcome, everyone. Let's start with training.\n"
        "Speaker 2: Most of ours is on Turas now, the modules are fine.\n"
        "Moderator: And on the ward itself?\n"
        "Speaker 2: Shadowing the Advanced Nurse Practitioner, mostly.\n"
    ),
}
CODEBOOK = (
    "code\tdefinition\n"
    "therapeutic_alliance\tWhat the Client says of the Therapist, or the Moderator hears from Speaker 2.\n"
    "navigation\tHelp from a Link Worker or Advanced Nurse Practitioner; Hospital at Home.\n"
    "clinical_tools\tRoutine scores (Waterlow), prescriptions (Lyrica), training (Turas).\n"
    "inpatient\tTime spent on a ward.\n"
)


def _first_run(tmp_path, extra_table="", people=(), extra_transcripts=None):
    transcripts = {**TRANSCRIPTS, **(extra_transcripts or {})}
    return first_run(tmp_path, [*TEAM, *people], transcripts, CODEBOOK + extra_table)


# made of ordinary English words: a hit on them has one right remedy, keep
ORDINARY = [
    "Therapist",
    "Client",
    "Moderator",
    "Speaker 2",
    "Link Worker",
    "Advanced Nurse Practitioner",
    "Hospital at Home",
    "ward",
]
# names of products the de-identifier cannot know: keep must at least be offered
PRODUCTS = ["Waterlow", "Lyrica", "Turas"]


def _is_term(original, terms=TERMS):
    o = " ".join(original.split()).casefold()
    return any(o in t.casefold() for t in terms)


def test_first_run_passes_the_audit(tmp_path):
    audit, hits = _first_run(tmp_path)
    assert audit.returncode == 0, f"{len(hits)} hits: {sorted({h.get('original') for h in hits})[:12]}"


def test_hits_on_ordinary_words_advise_keep_only(tmp_path):
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return  # a green first run: nothing to advise (the test above checks it is green)
    term_hits = [h for h in hits if _is_term(h["original"], ORDINARY)]
    wrong = not_keep_only(term_hits)
    assert not wrong, f"wrong remedy for {wrong}: {[h['fix'] for h in term_hits][:2]}"


def test_hits_on_product_names_offer_keep(tmp_path):
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    for h in hits:
        if _is_term(h["original"], PRODUCTS):
            assert _advises_keep(h["fix"], h["original"]), h["fix"]


def test_every_hit_is_a_planted_term(tmp_path):
    """No real identifier was planted: every hit must be one of the study's words (else the
    audit flags something nobody wrote, e.g. a pseudonym or a team name the text never held)."""
    audit, hits = _first_run(tmp_path)
    assert all(_is_term(h["original"]) for h in hits), sorted({h["original"] for h in hits})


def test_console_never_advises_registering_a_term(tmp_path):
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    assert hits, "the audit failed without a hits file"
    console = audit.stdout + audit.stderr
    for term in TERMS:
        assert not _advises_replace(console, term), f"console advises replacing/registering {term!r}"
        assert not re.search(rf"register\s+['\"]{re.escape(term)}['\"]", console, re.I), term


def test_hits_never_quote_more_than_the_original_on_the_console(tmp_path):
    """The console may name a flagged form, never the registered team's names in full."""
    audit, _ = _first_run(tmp_path)
    console = (audit.stdout + audit.stderr).casefold()
    for person in TEAM:
        assert person["name"].casefold() not in console, "the console quotes a registered full name"


def test_registered_participant_leak_is_advised_replace(tmp_path):
    """Control: a registered participant's full name in the shareable codebook is a real leak."""
    extra = "quote\tAs Seonag Brannigan said, the Link Worker made the difference.\n"
    audit, hits = _first_run(tmp_path, extra_table=extra, people=[{"name": "Seonag Brannigan"}])
    assert audit.returncode != 0, "a registered name in a shareable table passed the audit"
    name_hits = [h for h in hits if re.search(r"seonag|brannigan", h["original"], re.I)]
    assert name_hits, sorted({h["original"] for h in hits})
    for h in name_hits:
        fix = h["fix"].casefold()
        assert "replace" in fix or "register" in fix or "remove" in fix or "edit" in fix, h["fix"]


def test_team_surname_as_ordinary_word_hits_advise_keep(tmp_path):
    """'ward' (lower case, the team member Ward's surname) on a ward is an ordinary word: it is
    published as written, and a hit on it (if any) never advises replacing it."""
    audit, hits = _first_run(tmp_path)
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "results" / "deidentified").glob("*.txt")
    )
    assert "on the ward for a while" in text and "on the ward itself" in text, text
    ward = [h for h in hits if h["original"] == "ward"]
    for h in ward:
        assert not _advises_replace(h["fix"], h["original"]), h["fix"]


WARDS = {
    "c03.txt": (
        "Therapist: Where were you admitted?\n"
        "Client: Ward 7 first, then Ward 12 at the end.\n"
        "Therapist: How long?\n"
        "Client: A month on Ward 7.\n"
    )
}


def test_numbered_ward_is_not_the_team_member(tmp_path):
    audit, hits = _first_run(
        tmp_path, extra_table="wards\tStays on Ward 7 or Ward 12.\n", extra_transcripts=WARDS
    )
    text = (tmp_path / "results" / "deidentified" / "t004.txt").read_text(encoding="utf-8")
    assert "Ward 7 first, then Ward 12" in text, text
    assert not [h for h in hits if h["original"].casefold() == "ward"], "audit hits on 'Ward'"


def test_one_review_pass_converges(tmp_path):
    """Keep every flagged form once (what the fix column should say for them), re-run: green,
    and the kept terms are published as written."""
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    forms = sorted({h["original"] for h in hits})
    text = keep_and_rerun(tmp_path, forms)
    for form in forms:
        assert form in text, f"{form!r} kept by decision but still replaced"
