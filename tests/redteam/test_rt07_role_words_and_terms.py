"""Issue 24, class 7: speaker-role words are never replaced (as labels, typos of them as
labels, and mid-sentence); ordinary words, products and medicines are not typed as places."""

from __future__ import annotations

import re

import pytest
from rt_common import deidentify

pytestmark = pytest.mark.redteam

ROLE_WORDS = ["Interviewer", "Interviewee", "Respondent", "Therapist", "Client", "Moderator", "Facilitator"]
TYPOS = ["Interveiwer", "Intervewee", "Respondant", "Therapsit", "Cleint", "Moderater", "Facilitater"]


def _labels(out: str):
    return re.findall(r"^([^:\n]+):", out, flags=re.M)


@pytest.mark.redteam
@pytest.mark.parametrize(
    "pair",
    [
        ("Interviewer", "Interviewee"),
        ("Therapist", "Client"),
        ("Moderator", "Respondent"),
        ("Facilitator", "Respondent"),
    ],
)
def test_role_word_labels_survive(tmp_path, pair):
    a, b = pair
    text = (
        f"{a}: How did the first session go for you?\n"
        f"{b}: It was fine, a bit nervous at the start but fine.\n"
        f"{a}: And the second one?\n"
        f"{b}: Much easier, we talked about the garden project.\n"
    )
    _, out = deidentify(tmp_path, {"roles.txt": text})
    assert "garden project" in out
    assert _labels(out.split("\n", 1)[1]) == [a, b, a, b], out
    assert "[Person" not in out and "[Place" not in out and "[Organisation" not in out, out


@pytest.mark.redteam
@pytest.mark.parametrize("typo", TYPOS)
def test_typo_role_labels_are_not_replaced(tmp_path, typo):
    text = (
        f"{typo}: What happened at the review meeting?\n"
        "P01: We agreed to keep the drop-in open on weekday mornings.\n"
        f"{typo}: Who decided that?\n"
        "P01: The whole group did, by a show of hands.\n"
    )
    _, out = deidentify(tmp_path, {"typo.txt": text})
    assert "show of hands" in out
    body = out.split("\n", 1)[1]
    assert body.count(f"{typo}:") == 2, f"role-word typo label {typo!r} was replaced: {body!r}"
    assert "[Person" not in body and "[Organisation" not in body and "[Place" not in body, body


@pytest.mark.redteam
def test_role_words_mid_sentence_survive(tmp_path):
    sentence = (
        "The Interviewer last time asked the same thing. My Therapist says a Client should lead, "
        "the Moderator of the group agreed, the Facilitator wrote it down, and every Respondent "
        "and Interviewee in the pilot said so too."
    )
    text = f"Interviewer: What do you make of that?\nP01: {sentence}\n"
    _, out = deidentify(tmp_path, {"mid.txt": text})
    body = out.split("P01:", 1)[1]
    for word in ROLE_WORDS:
        assert word in body, f"{word!r} replaced mid-sentence: {body!r}"
    assert "[" not in body, body


@pytest.mark.redteam
def test_role_word_typos_mid_sentence_survive(tmp_path):
    sentence = "The Interveiwer and the Facilitater both said the Respondant could leave early."
    text = f"Interviewer: Anything else?\nP01: {sentence}\n"
    _, out = deidentify(tmp_path, {"midtypo.txt": text})
    body = out.split("P01:", 1)[1]
    assert "[" not in body, body


@pytest.mark.redteam
@pytest.mark.parametrize(
    "sentence",
    [
        "The GP gave me a prescription for Sertraline and it helped.",
        "I was switched onto Citalopram in the spring and it helped.",
        "After a month on Mirtazapine I slept better and it helped.",
        "They put me on Metformin and Ramipril together and it helped.",
        "My inhaler is Ventolin, and a spacer, and it helped.",
    ],
)
def test_medicines_are_not_places(tmp_path, sentence):
    text = f"Interviewer: What about medication?\nP01: {sentence}\n"
    _, out = deidentify(tmp_path, {"meds.txt": text})
    body = out.split("P01:", 1)[1]
    assert "[Place" not in body, f"a medicine typed as a place: {body!r}"
    assert body.strip() == sentence, f"ordinary words replaced: {body!r}"


@pytest.mark.redteam
@pytest.mark.parametrize(
    "sentence",
    [
        "I keep the rota in Excel and share it in Teams every Monday.",
        "She moved over to Outpatients and then back in Pharmacy.",
        "We logged it in Datix after the session, down in Reception first.",
        "I wrote the plan in Word and sent it from Outlook.",
    ],
)
def test_ordinary_words_and_products_are_not_places(tmp_path, sentence):
    text = f"Interviewer: How do you organise things?\nP01: {sentence}\n"
    _, out = deidentify(tmp_path, {"prod.txt": text})
    body = out.split("P01:", 1)[1]
    assert "[Place" not in body, f"an ordinary word or product typed as a place: {body!r}"
