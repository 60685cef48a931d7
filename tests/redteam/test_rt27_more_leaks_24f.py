"""Red team 24f, class 1d: more leaks, written blind (names invented, places public): labels
naming people in further layouts, names with particles and in capitals, the research team's
names mis-transcribed alone, the institution's acronym, small towns and regions at home and
abroad, local businesses and venues, and further identifiers said or typed in variant forms."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, docx_bytes, write_register

pytestmark = pytest.mark.redteam

TEAM = [
    {"name": "Thorvald Ellingsen", "role": "interviewer"},
    {"name": "Ruaridh Kilbride", "role": "interviewer"},
]
INSTITUTION = "Strathallan Caledonian University"
TAIL = "Anyway, that is how it went."
SPEECH = "the waiting list felt endless that winter"


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24f: {reason}"))


def _reg(tmp_path, people=()):
    return write_register(tmp_path / "register.yaml", people=[*TEAM, *people], organisations=[INSTITUTION])


def _said(tmp_path, said, people=()):
    text = f"Interviewer: Can you say more about that?\nP06: {said} {TAIL}\n"
    _, out = deidentify(tmp_path, {"talk.txt": text}, register=_reg(tmp_path, people))
    assert TAIL in out
    return out


def _labelled(tmp_path, name, text):
    _, out = deidentify(tmp_path, {name: text}, register=_reg(tmp_path))
    assert SPEECH in out, "the participant's speech was not published"
    return out


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "planted"),
    [
        ("Q (Ruaridh):", "A (Eluned):", ["Ruaridh", "Eluned"]),
        ("Ruaridh:", "Eluned:", ["Ruaridh", "Eluned"]),
        ("KILBRIDE:", "VANSTONE-ADEYEMI:", ["Kilbride", "Vanstone", "Adeyemi"]),
        (
            "Interviewer (RK):",
            "Eluned Vanstone-Adeyemi, 54, retired nurse:",
            ["Eluned", "Vanstone", "Adeyemi"],
        ),
        ("RUARIDH:", "ELUNED:", ["Ruaridh", "Eluned"]),
    ],
)
def test_txt_first_name_and_surname_only_labels(tmp_path, first, second, planted):
    text = (
        f"{first} Thanks for joining, how has it been?\n"
        f"{second} Honestly {SPEECH}, and nobody called back.\n"
        f"{first} I am sorry to hear that.\n"
        f"{second} It is what it is.\n"
    )
    out = _labelled(tmp_path, "t.txt", text)
    assert_absent(out, planted)


def test_csv_without_header_name_time_speech(tmp_path):
    csv = (
        'Ruaridh Kilbride,00:00:01,"Thanks for joining, how has it been?"\n'
        f'Eluned Vanstone-Adeyemi,00:00:05,"Honestly {SPEECH}, and nobody called back."\n'
        'Ruaridh Kilbride,00:00:21,"I am sorry to hear that."\n'
    )
    out = _labelled(tmp_path, "t.csv", csv)
    assert_absent(out, ["Eluned", "Vanstone", "Adeyemi"])


def test_vtt_voice_speaker_number_with_name_in_brackets(tmp_path):
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Speaker 1 (Ruaridh Kilbride)>How has it been?</v>\n\n"
        f"00:00:04.500 --> 00:00:09.000\n<v Speaker 2 (Eluned Vanstone-Adeyemi)>Honestly {SPEECH}.</v>\n"
    )
    out = _labelled(tmp_path, "t.vtt", vtt)
    assert_absent(out, ["Eluned", "Vanstone", "Adeyemi"])


def test_srt_first_name_caps_labels(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:04,000\nRUARIDH: How has it been?\n\n"
        f"2\n00:00:04,500 --> 00:00:09,000\nELUNED: Honestly {SPEECH}.\n\n"
        "3\n00:00:09,500 --> 00:00:12,000\nRUARIDH: I see.\n"
    )
    out = _labelled(tmp_path, "t.srt", srt)
    assert_absent(out, ["Eluned", "Ruaridh"])


def test_docx_paragraph_name_colon_on_its_own_line(tmp_path):
    paras = [
        "Ruaridh Kilbride:",
        "Thanks for joining, how has it been?",
        "Eluned Vanstone-Adeyemi:",
        f"Honestly {SPEECH}, and nobody called back.",
    ]
    out = _labelled(tmp_path, "t.docx", docx_bytes(paras))
    assert_absent(out, ["Eluned", "Vanstone", "Adeyemi"])


# --- names in speech ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("My GP, Dr Pieter van der Westhuizen, referred me.", ["Westhuizen"]),
        (
            "Ana de la Cruz-Villalobos ran the group on Tuesdays.",
            ["Cruz-Villalobos", "Villalobos"],
        ),
        ("Jean-Baptiste Kouyaté was my key worker.", ["Jean-Baptiste", "Kouyat"]),
        ("My daughter Mary-Kate Ní Bhriain lives with me.", ["Mary-Kate", "Bhriain"]),
        (
            "I wrote to HAMISH DRUMMOND-LOCKE at the council.",
            ["HAMISH", "DRUMMOND"],
        ),
        ("The Zybrowskas next door were very good to us.", ["Zybrowska"]),
        ("We call her Bunty, everyone in the street does.", ["Bunty"]),
        ("My son, Ezekiel, started college in September.", ["Ezekiel"]),
    ],
)
def test_names_in_speech(tmp_path, said, planted):
    out = _said(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("Dr Ellingson was nice about it.", ["Ellingson"]),
        ("yeah so thorvold asked me that before", ["thorvold"]),
        ("Ruaridh Kil Bride did the second interview.", ["Ruaridh", "Kil Bride"]),
        ("Roo-ree Kilbride, sorry, I can't say it right.", ["Kilbride"]),
        ("I found him on Instagram, ruaridhkilbride, and messaged.", ["ruaridhkilbride"]),
    ],
)
def test_research_team_names_mistranscribed_alone(tmp_path, said, planted):
    out = _said(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        (
            "The SCU ethics committee had to approve it.",
            ["SCU"],
        ),
        ("I did my nursing at Strathallan Uni, years ago.", ["Strathallan"]),
        ("The Strathallan Caledonian team sent a card.", ["Strathallan", "Caledonian"]),
    ],
)
def test_institution_acronym_and_short_forms(tmp_path, said, planted):
    out = _said(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("I moved up to Wick in 2010 for the job.", ["Wick"]),
        ("We had a caravan at Golspie every summer.", ["Golspie"]),
        ("She's from Machynlleth originally.", ["Machynlleth"]),
        ("He grew up in Ballyjamesduff, County Cavan.", ["Ballyjamesduff", "Cavan"]),
        ("I came from Mbarara in 2015, with my two boys.", ["Mbarara"]),
        ("My family are from a village outside Bhimavaram.", ["Bhimavaram"]),
        ("We lived in Kintyre before the Borders.", ["Kintyre"]),
        ("My parents are still in Kerala, near the coast.", ["Kerala"]),
        ("I grew up on a croft in Assynt.", ["Assynt"]),
    ],
)
def test_more_small_towns_and_regions(tmp_path, said, planted):
    out = _said(tmp_path, said)
    assert_absent(out, planted)


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("I worked at Brodie's Butchers for ten years.", ["Brodie"]),
        ("We met at Tam's Café on the high street.", ["Tam's"]),
        ("The kids go to Craigroyston High School.", ["Craigroyston"]),
        ("The meetings were in the Ravenscraig Community Centre.", ["Ravenscraig"]),
        (
            "I got my hair done at Shona's every week.",
            ["Shona"],
        ),
        ("We lived in a flat on Pilrig Street then.", ["Pilrig"]),
        ("Dad's buried at Kilconquhar Kirk.", ["Kilconquhar"]),
    ],
)
def test_local_businesses_and_venues(tmp_path, said, planted):
    out = _said(tmp_path, said)
    assert_absent(out, planted)


# --- further identifiers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "planted"),
    [
        ("Work number is 0131 558 3710 ext 214.", ["558 3710", "5583710"]),
        ("My French mobile is +33 6 47 21 93 08.", ["647219308"]),
        ("My cousin's number in Boston is +1 617 293 8841.", ["6172938841"]),
        (
            "Our postcode is e h six, five b q.",
            ["five b q"],
        ),
        (
            "My hospital number is K482913, on the wristband.",
            ["K482913"],
        ),
        (
            "Sort code 83-21-07, account 31926485, for the refund.",
            ["832107", "31926485"],
        ),
        (
            "The van's registration is SK19 XHT if you see it.",
            ["SK19XHT"],
        ),
        ("He has a website, hamishmcandrew.co.uk, with photos.", ["hamishmcandrew"]),
    ],
)
def test_more_identifiers(tmp_path, said, planted):
    out = _said(tmp_path, said)
    assert_absent(out, planted)
