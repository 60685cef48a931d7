"""Red team 24f, class 1e: names and identifiers in lower-case speech-recognition output (no
speaker labels, no capitals, little punctuation), written blind (names invented, places public).
Each name has strong context in the text (a self-introduction, a title, a kinship word, a
greeting) or belongs to the registered research team."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Ruaridh Kilbride", "role": "interviewer"},
    {"name": "Thorvald Ellingsen", "role": "interviewer"},
]
TAIL = "and that is about it really"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24f: {reason}"))


def _asr(tmp_path, said, suffix="txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    if suffix == "vtt":
        text = (
            "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nokay we are recording now\n\n"
            f"00:00:04.000 --> 00:00:09.000\n{said}\n\n00:00:09.000 --> 00:00:12.000\n{TAIL}\n"
        )
    else:
        text = f"okay we are recording now\n{said}\n{TAIL}\n"
    _, out = deidentify(tmp_path, {f"asr.{suffix}": text}, register=reg)
    assert TAIL in out
    return out


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("hi my name is eluned vanstone and i am sixty one", ["eluned", "vanstone"]),
        (
            "i'm here with doctor ezekiel obuya from the practice",
            ["ezekiel", "obuya"],
        ),
        ("this is ruaridh kilbride from the university speaking", ["ruaridh", "kilbride"]),
        ("mrs mcgillivray next door used to take him in", ["mcgillivray"]),
        (
            "uncle fergus took us out on the boat",
            ["fergus"],
        ),
        ("we used to go and see auntie morag every sunday", ["morag"]),
        (
            "it was nurse brannigan who noticed first",
            ["brannigan"],
        ),
        ("oh hiya bernadette come in sit down", ["bernadette"]),
        ("thank you so much thorvald and thank you ruaridh", ["thorvald", "ruaridh"]),
        ("my husband's called desmond he's seventy", ["desmond"]),
    ],
)
def test_lower_case_names_with_strong_context(tmp_path, said, planted):
    out = _asr(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("i was born in kirkcaldy in the fifties", ["kirkcaldy"]),
        ("we lived on dalkeith road for years", ["dalkeith road"]),
        ("then we moved out to peebles", ["peebles"]),
        ("my email is eluned dot vanstone at gmail dot com", ["vanstone"]),
        (
            "you can ring me on oh seven nine one two three eight four four five six",
            ["three eight four four five six"],
        ),
    ],
)
def test_lower_case_places_and_contacts(tmp_path, said, planted):
    out = _asr(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("hi my name is eluned vanstone and i am sixty one", ["eluned", "vanstone"]),
        ("thanks ruaridh that's all from me", ["ruaridh"]),
        ("we were living in peebles at the time", ["peebles"]),
    ],
)
def test_lower_case_in_unlabelled_vtt_captions(tmp_path, said, planted):
    out = _asr(tmp_path, said, suffix="vtt")
    assert_absent(out, planted)
