"""Red team 24d, class 5 (negatives): what must NOT be replaced. Role labels with typos stay
labels, drug brands are not typed as places, ordinary capitalised words stay. Written blind."""

from __future__ import annotations

import re

import pytest
from rt_common import deidentify, ingest

pytestmark = pytest.mark.redteam


@pytest.mark.parametrize(
    ("q_label", "a_label", "q_right", "a_right"),
    [
        ("Interveiwer", "Participant", "Interviewer", "Participant"),
        ("Intreviewer", "Client", "Interviewer", "Client"),
        ("Therapsit", "Client", "Therapist", "Client"),
        ("Moderater", "Respondant", "Moderator", "Respondent"),
        ("Facilitater", "Participnat", "Facilitator", "Participant"),
        ("INTERVEIWER", "RESPONDENT", "INTERVIEWER", "RESPONDENT"),
    ],
)
def test_misspelt_role_labels_stay(tmp_path, q_label, a_label, q_right, a_right):
    """A mis-typed role label reads as the label spelt right (same roles) and is never replaced."""

    def text(q, a):
        return (
            f"{q}: How was the group this week?\n"
            f"{a}: It was calmer than last time, honestly.\n"
            f"{q}: Good to hear.\n"
            f"{a}: Yes, much calmer.\n"
        )

    def roles_by_text(t, name):
        path = tmp_path / name
        path.write_text(t, encoding="utf-8")
        return [(turn["text"][:12], turn["role"]) for turn in ingest(tmp_path, path)["turns"]]

    typed = roles_by_text(text(q_label, a_label), "typo.txt")
    right = roles_by_text(text(q_right, a_right), "right.txt")
    assert typed == right
    sub = tmp_path / "d"
    sub.mkdir()
    _, out = deidentify(sub, {"roles.txt": text(q_label, a_label)})
    assert f"{q_label}:" in out, out
    assert f"{a_label}:" in out, out
    assert "[Person" not in out and "[Name" not in out, out


@pytest.mark.parametrize(
    "drug",
    ["Sertraline", "Co-codamol", "Lustral", "Ventolin", "Seroquel", "Gaviscon", "Naproxen", "Zapain"],
)
def test_drug_names_not_places(tmp_path, drug):
    text = (
        "Interviewer: What were you prescribed?\n"
        f"P08: They put me on {drug} for a while and then took me off it.\n"
    )
    _, out = deidentify(tmp_path, {"meds.txt": text})
    assert "[Place" not in out, f"{drug} typed as a place: {out!r}"


def _xfail(reason):
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(
    "sentence",
    [
        "On Monday we had Christmas dinner early because of the strike.",
        pytest.param(
            "The Bible study group met in the Community Centre.",
            marks=_xfail(
                "capitalised words before an organisation head noun ('Community Centre') are read as "
                "an organisation's name even when every word is generic: an [Organisation n] too many. "
                "Dropping phrases made only of ordinary words after 'the' was tried and lost real "
                "recall: a specific body's name is often all ordinary words too ('the Anyword "
                "Association'), and the development set annotates a small town's capitalised "
                "generic facility of this very shape as an identifier. Corpus evidence tells them "
                "apart (described_orgs.py: the phrase written in lower case more often than "
                "capitalised is dropped), and this one-sentence transcript gives none"
            ),
        ),
        # a dictionary proper noun that is no personal name or place: an event known to everyone
        "We watched the Olympics on BBC One and then went to bed.",
        # a national newspaper, with its article (national_media.csv)
        "I read it on Facebook, then again in the Guardian.",
        "Universal Credit changed everything for us.",
        "The Parkinson's nurse came on a Tuesday in March.",
        # a verb of saying opens a clause: its first word needs a person cue, as at a sentence start
        "My Gran always said Hope springs eternal.",
        "We'd go to the Job Centre on a Monday.",
    ],
)
def test_ordinary_capitalised_words_stay(tmp_path, sentence):
    text = f"Interviewer: Tell me about a normal week.\nP09: {sentence}\n"
    _, out = deidentify(tmp_path, {"week.txt": text})
    published = out.split("P09:", 1)[1].strip()
    assert not re.search(r"\[(Person|Place|Name|Organisation|Org)\b", published), published


@pytest.mark.parametrize(
    "sentence",
    [
        "We'd go to Tesco and then home.",
        # written after the fix: an invented shop after "at", no list behind it
        "We always did the big shop at Quorvale on a Friday.",
    ],
)
def test_locative_alone_types_no_place(tmp_path, sentence):
    """A capitalised word after "go to" / "at" / "in" with no gazetteer entry or head noun may be
    a shop, a company or a venue as well as a town: replaced (it may identify) but as a neutral
    [Name n], never a guessed [Place n] (issue 24)."""
    text = f"Interviewer: Tell me about a normal week.\nP09: {sentence}\n"
    _, out = deidentify(tmp_path, {"week.txt": text})
    published = out.split("P09:", 1)[1].strip()
    assert "[Place" not in published, published
    assert "[Name " in published, published
