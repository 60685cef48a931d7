"""Red team 24h, class 3: the first audit of a counselling study, written blind. Labels as a
counselling service types them (lower-case `therapist:`/`client:`, a typo `Cleint:`, and
`Psychotherapist:`); talk about therapies, outcome scales, NHS teams, medicines by brand and a
religious month; a research team registered, one of whom is called Hope (an ordinary word in
any counselling session: "I hope so", "there is hope"); nothing allowed. The study's shareable
codebook uses the same words, as a real one does. No real identifier is anywhere except where a
case plants one.

What must hold: the first run passes the audit; whenever it fails, each hit's fix (hits.tsv and
the console) gives the right remedy for THAT hit — a label or ordinary word is kept, never
"replace it" or "add it to the register"; a product or public term is at least offered keep; a
person's name that leaked is replaced/registered. Following the advice once gives a green run."""

from __future__ import annotations

import re

import pytest
from rt_common import advises_keep as _advises_keep
from rt_common import first_run, ingest, keep_and_rerun, not_keep_only, roles

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Nadia Hope", "role": "interviewer"},
    {"name": "Gideon Strachan-Tully", "role": "interviewer"},
]
TRANSCRIPTS = {
    "s01.txt": (
        "therapist: How has the week been since we started the EMDR?\n"
        "client: Up and down. The CMHT changed my Priadel dose again.\n"
        "therapist: And sleep?\n"
        "client: The Circadin helps. I hope so, anyway. There is hope, I think.\n"
    ),
    "s02.txt": (
        "Psychotherapist: Last time we scored the Hamilton scale together.\n"
        "Cleint: It went down a bit. Ramadan was hard, fasting and the tablets.\n"
        "Psychotherapist: That's a real change though.\n"
        "Cleint: I hope it lasts.\n"
    ),
}
CODEBOOK = (
    "code\tdefinition\n"
    "alliance\tWhat the client says of the therapist or Psychotherapist; hope.\n"
    "medication\tPrescriptions (Priadel, Circadin) and the CMHT's reviews.\n"
    "measures\tScores on the Hamilton scale; EMDR sessions.\n"
    "faith\tFasting at Ramadan and treatment.\n"
)
LABELS_AND_WORDS = ["therapist", "client", "Cleint", "Psychotherapist", "hope", "Hope"]
TERMS = ["EMDR", "CMHT", "Priadel", "Circadin", "Hamilton", "Hamilton scale", "Ramadan"]


def _first_run(tmp_path, extra_table="", people=(), extra=None):
    return first_run(tmp_path, [*TEAM, *people], {**TRANSCRIPTS, **(extra or {})}, CODEBOOK + extra_table)


def _is(original, words):
    o = " ".join(original.split()).casefold()
    return any(o == w.casefold() for w in words)


def _published(tmp_path):
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((tmp_path / "results" / "deidentified").glob("*.txt"))
    )


def test_first_run_passes_the_audit(tmp_path):
    audit, hits = _first_run(tmp_path)
    assert audit.returncode == 0, f"{len(hits)} hits: {sorted({h.get('original') for h in hits})[:12]}"


def test_labels_and_ordinary_words_published(tmp_path):
    _first_run(tmp_path)
    text = _published(tmp_path)
    for phrase in (
        "therapist: How has",
        "client: Up and down",
        "Cleint: It went down",
        "I hope so",
        "There is hope",
    ):
        assert phrase in text, f"{phrase!r} not published as written:\n{text}"


def test_lower_case_counselling_labels_are_speakers(tmp_path):
    p = tmp_path / "s01.txt"
    p.write_text(TRANSCRIPTS["s01.txt"], encoding="utf-8")
    speakers = {s.casefold() for s in roles(ingest(tmp_path, p))}
    assert speakers == {"therapist", "client"}, speakers


def test_psychotherapist_label_published(tmp_path):
    _first_run(tmp_path)
    assert _published(tmp_path).count("Psychotherapist:") == 2


def test_hits_on_labels_and_words_advise_keep_only(tmp_path):
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    word_hits = [h for h in hits if _is(h["original"], LABELS_AND_WORDS)]
    wrong = not_keep_only(word_hits)
    assert not wrong, f"wrong remedy for {wrong}: {[h['fix'] for h in word_hits][:2]}"


def test_hits_on_terms_offer_keep(tmp_path):
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    for h in hits:
        if _is(h["original"], TERMS):
            assert _advises_keep(h["fix"], h["original"]), h["fix"]


def test_console_never_advises_registering_labels_or_terms(tmp_path):
    audit, hits = _first_run(tmp_path)
    console = audit.stdout + audit.stderr
    for term in [*LABELS_AND_WORDS, *TERMS]:
        assert not re.search(
            rf"(add|register)\s+['\"]?{re.escape(term)}['\"]?\s+(to|in)\s+the\s+register", console, re.I
        ), f"console advises registering {term!r}"


def test_console_never_quotes_team_full_names(tmp_path):
    audit, _ = _first_run(tmp_path)
    console = (audit.stdout + audit.stderr).casefold()
    for person in TEAM:
        assert person["name"].casefold() not in console


def test_leaked_client_name_in_codebook_is_advised_replace(tmp_path):
    """Control: a client named in a session (not registered) and quoted by name in the codebook: the
    transcript loses the name, and the codebook's copy is a real leak whose fix is replace/remove."""
    extra = {
        "s03.txt": (
            "therapist: Who came with you today?\n"
            "client: My sister, Oonagh Ferreira-Blaikie, she drove me.\n"
            "therapist: That's kind of her.\n"
        )
    }
    audit, hits = _first_run(
        tmp_path, extra_table="family\tAs Oonagh Ferreira-Blaikie drove her in.\n", extra=extra
    )
    assert "Ferreira" not in _published(tmp_path)
    assert audit.returncode != 0, "a client's sister's full name in a shareable table passed the audit"
    name_hits = [h for h in hits if re.search(r"oonagh|ferreira", h["original"], re.I)]
    assert name_hits, sorted({h["original"] for h in hits})
    for h in name_hits:
        fix = h["fix"].casefold()
        assert any(w in fix for w in ("replace", "register", "remove", "edit")), h["fix"]


def test_team_member_in_codebook_is_advised_replace(tmp_path):
    """Control: the registered interviewer's full name written into the codebook is a leak."""
    audit, hits = _first_run(tmp_path, extra_table="team\tSessions observed by Gideon Strachan-Tully.\n")
    assert audit.returncode != 0
    name_hits = [h for h in hits if re.search(r"gideon|strachan", h["original"], re.I)]
    assert name_hits, sorted({h["original"] for h in hits})
    for h in name_hits:
        assert not re.search(r"keep it \(|--keep", h["fix"]) or "replace" in h["fix"].casefold(), h["fix"]


def test_one_review_pass_converges(tmp_path):
    """Keep every flagged form once, re-run: green, and the kept words are published as written."""
    audit, hits = _first_run(tmp_path)
    if audit.returncode == 0:
        return
    forms = sorted({h["original"] for h in hits})
    text = keep_and_rerun(tmp_path, forms)
    for form in forms:
        assert form in text, f"{form!r} kept by decision but still replaced"
