"""Red team 24j, class 1a/2a: first names that are ordinary words or virtues (Grace, Hope, Will,
Mark, Dawn, Joy, Summer, Rose, Bill, Sky, Frank, Patience, Holly) and occupational surnames
(Baker, Cook, Mason, Fisher, Shepherd) in health and social care interviews, written blind
(every person invented). Both ways: as a person's name with evidence in the sentence (a kinship
word, a title, a role in apposition, a full name, a confident earlier mention) they must not be
published; as the ordinary word (a verb, a season, a flower, a brand, a dish), even at a
sentence start, they must be published as written. Only the research team is registered."""

from __future__ import annotations

import re

import pytest
from rt_common import deidentify, write_register, xfail_for

pytestmark = pytest.mark.redteam

TEAM = ["Ottilie Brannagh", "Fenwick Osei-Larbi"]


def _said(tmp_path, said):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: Thanks for making time. Tell me about the last few months.\n\n"
        f"Participant: {said}\n\n"
        "Interviewer: That's really helpful, thank you.\n"
    )
    _, out = deidentify(tmp_path, {"p07.txt": text}, register=reg)
    return out


def _words_gone(out, words):
    for word in words:
        hit = re.search(rf"(?<![\w\[]){re.escape(word)}(?!\w)", out, re.I)
        assert hit is None, f"{word!r} published: ...{out[max(0, hit.start() - 80) : hit.end() + 80]!r}"


LEAKS = [
    ("My daughter Hope drives me to the clinic on Fridays.", ["Hope"]),
    ("Our manager, Dawn, put me on nights again without asking.", ["Dawn"]),
    ("I rang my sister Joy and she came straight round.", ["Joy"]),
    ("Summer Okafor, the receptionist, booked it for me.", ["Summer", "Okafor"]),
    ("My neighbour Rose Penhaligon keeps an eye on him.", ["Rose", "Penhaligon"]),
    ("Bill, my husband, does all the forms for the council.", ["Bill"]),
    ("Sky is my granddaughter, she's nine, she reads to him.", ["Sky"]),
    ("Frank Baker did the cooking at the day centre for years.", ["Frank", "Baker"]),
    ("Our social worker is Mark Fisher, he's been brilliant.", ["Mark", "Fisher"]),
    ("I spoke to Grace Mason about the referral in March.", ["Grace", "Mason"]),
    ("Ask Will Cook, he's the duty manager on a Tuesday.", ["Will", "Cook"]),
    ("Mrs Baker next door feeds the cat when I'm in.", ["Baker"]),
    ("Nurse Fisher took my bloods and she was gentle.", ["Fisher"]),
    ("Patience, the home help, comes twice a day now.", ["Patience"]),
    ("Mason, my eldest, is sixteen and he helps with his dad.", ["Mason"]),
    ("Dr Hope rang with the results on the Monday.", ["Hope"]),
    ("The physio, Mr Cook, said walk every day, even a bit.", ["Cook"]),
    ("Ivy and Holly, the twins from the flat upstairs, did the shopping.", ["Ivy", "Holly"]),
    ("Reverend Shepherd visits on a Sunday after the service.", ["Shepherd"]),
    ("Grace said she'd chase it. Grace is the one who always chases things.", ["Grace"]),
    ("my wife joy has had dementia for six years now", ["joy"]),
    ("I said to Frank, my brother, you can't keep doing the nights.", ["Frank"]),
    ("Thanks to Dawn Shepherd on the desk it got sorted.", ["Dawn", "Shepherd"]),
    ("Our Will is at college now, our youngest.", ["Will"]),
    ("Auntie Summer had him for the weekend.", ["Summer"]),
]


@pytest.mark.parametrize(("said", "gone"), LEAKS, ids=[f"leak{i:02d}" for i in range(len(LEAKS))])
def test_word_names_as_people_are_not_published(tmp_path, said, gone):
    out = _said(tmp_path, said)
    _words_gone(out, gone)


WORDS = [
    ("I hope the new rota helps us a bit.", "I hope the new rota"),
    ("Hope is what keeps you going on a bad week.", "Hope is what keeps you going"),
    ("Grace period on the rent was two weeks, which helped.", "Grace period on the rent"),
    ("Will it be the same nurse next time, do you think?", "Will it be the same nurse"),
    ("Mark it on the calendar, I always say to him.", "Mark it on the calendar"),
    ("Dawn is the worst time on nights, you're shattered.", "Dawn is the worst time"),
    ("Joy is not a word I'd use for that job, to be honest.", "Joy is not a word"),
    ("Summer holidays are hard for the young carers.", "Summer holidays are hard"),
    ("Rose bushes out the front, he planted them himself.", "Rose bushes out the front"),
    ("Bill payments go out on the first of the month.", "Bill payments go out"),
    ("Sky Sports is on all day in the lounge.", "Sky Sports is on"),
    ("Frank conversations with families help more than leaflets.", "Frank conversations with families"),
    ("Cook the tea for him first, then do his tablets.", "Cook the tea for him"),
    ("Mason jars are what we use for the jam at the lunch club.", "Mason jars are what we use"),
    ("The playroom is full of Fisher-Price toys from the nineties.", "Fisher-Price toys"),
    ("Patience runs thin on a double shift.", "Patience runs thin"),
    ("Faith groups run the food bank on a Thursday.", "Faith groups run the food bank"),
    ("Holly and ivy on the door at Christmas, every year.", "Holly and ivy on the door"),
    ("Shepherd's pie on a Thursday, fish on a Friday.", "Shepherd's pie on a Thursday"),
    ("Amber means we're under pressure, red means we're not coping.", "Amber means we're under pressure"),
    ("Carol singers came to the home and they loved it.", "Carol singers came to the home"),
    ("Sunny days he'll sit out in the garden for hours.", "Sunny days he'll sit out"),
    ("Baker's dozen of forms, every single admission.", "Baker's dozen of forms"),
    ("Fisher's exact test, that's what the audit team used.", "Fisher's exact test"),
    ("Grace and dignity, that's what end of life care should be.", "Grace and dignity"),
]


_XF = {
    1: (
        "an ambiguous first name opening a sentence ('Hope is what…') is read as a name; telling "
        "the abstract noun from 'Hope is my sister' needs what follows"
    ),
    5: "an ambiguous first name opening a sentence ('Dawn is the worst time') is read as a name",
    6: "an ambiguous first name opening a sentence ('Joy is not…') is read as a name",
    10: "a brand of a first name and an ordinary capitalised word ('Sky Sports') is read as a full name",
    17: (
        "a plant name that is also a first name, opening a sentence with another ('Holly and ivy'),"
        " is read as a name"
    ),
    23: (
        "an eponymous test with a possessive ('Fisher's exact test') is found as a place; a "
        "possessive before 'test' is too often a person's own test"
    ),
    24: "'Grace and dignity' opening a sentence is read as a name",
}
WORDS = [xfail_for("24j")(_XF[i], *case) if i in _XF else case for i, case in enumerate(WORDS)]


@pytest.mark.parametrize(("said", "kept"), WORDS, ids=[f"word{i:02d}" for i in range(len(WORDS))])
def test_word_names_as_words_are_published(tmp_path, said, kept):
    out = _said(tmp_path, said)
    assert kept in out, f"{kept!r} not published as written: {out[:600]!r}"
