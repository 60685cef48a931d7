"""Red team 24d, class 4: a registered name disguised by look-alike letters or invisible
characters; an e-mail split across two caption cues; a confident full name whose later forms
(lower case, capitals, possessive, spoken e-mail) must also go. Written blind, names invented."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, write_register

pytestmark = pytest.mark.redteam

NAME = "Perpetua Galbraith"


def _run(tmp_path, said, register=True):
    reg = write_register(tmp_path / "register.yaml", people=[NAME]) if register else None
    text = f"Interviewer: Who helped most?\nP06: {said} And that is the whole story.\n"
    _, out = deidentify(tmp_path, {"lk.txt": text}, register=reg)
    assert "the whole story" in out
    return out.split("P06:", 1)[1]


LOOKALIKES = {
    # Cherokee letters that look like Latin capitals: Ꮐ (U+13C0 looks G) Ꭺ (U+13AA A) Ꮃ W
    "cherokee": "Ꮐalbraith",
    # Latin small letter alpha (U+0251) for a
    "latin_alpha": "Gɑlbrɑith",
    # small capitals (U+1D00 A, U+0299 B, U+0280 R)
    "small_caps": "Gᴀlbrᴀith",
    # Greek capitals and small omicron/alpha lookalikes: Ρ (Rho) for P, ε? -> use Greek alpha α
    "greek": "Ρerpetuα",
    # mathematical bold / sans-serif
    "math_bold": "𝐆𝐚𝐥𝐛𝐫𝐚𝐢𝐭𝐡",
    "math_sans": "𝖦𝖺𝗅𝖻𝗋𝖺𝗂𝗍𝗁",
    # Cyrillic mix (а, і)
    "cyrillic": "Gаlbrаіth",
}


@pytest.mark.parametrize("key", sorted(LOOKALIKES))
def test_lookalike_letters_in_registered_name(tmp_path, key):
    disguised = LOOKALIKES[key]
    out = _run(tmp_path, f"It was {disguised} who sorted the paperwork.")
    assert disguised not in out, f"{key} form published: {out!r}"
    assert "sorted the paperwork" in out


INVISIBLES = {
    "hangul_filler": "\u3164",
    "cgj": "\u034f",
    "khmer_aq": "\u17b4",
    "zwsp": "\u200b",
    "word_joiner": "\u2060",
    "soft_hyphen": "\u00ad",
    "zwnj": "\u200c",
    "mongolian_fvs": "\u180b",
}


@pytest.mark.parametrize("key", sorted(INVISIBLES))
def test_invisible_characters_inside_registered_name(tmp_path, key):
    ch = INVISIBLES[key]
    disguised = "Gal" + ch + "bra" + ch + "ith"
    out = _run(tmp_path, f"It was {disguised} who sorted the paperwork.")
    assert_absent(out, ["Galbraith"])
    assert disguised not in out


def test_email_split_across_two_caption_cues(tmp_path):
    vtt = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\nInterviewer: How can people reach you?\n\n"
        "00:00:04.000 --> 00:00:06.000\nP06: You can write to perpetua.galb\n\n"
        "00:00:06.000 --> 00:00:08.000\nP06: raith@kelpiemail.example and I'll answer.\n"
    )
    _, out = deidentify(tmp_path, {"cues.vtt": vtt})
    assert "answer" in out
    assert_absent(out, ["perpetua", "galbraith", "galb", "raith@kelpiemail"])


def test_email_split_at_at_sign_across_cues(tmp_path):
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: How can people reach you?\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nP06: It's perpetua.galbraith\n\n"
        "3\n00:00:06,000 --> 00:00:08,000\nP06: @kelpiemail.example if that helps.\n"
    )
    _, out = deidentify(tmp_path, {"cues.srt": srt})
    assert "if that helps" in out
    assert_absent(out, ["perpetua", "galbraith"])


@pytest.mark.parametrize(
    ("later", "planted"),
    [
        ("everyone just called her perpetua at work.", ["perpetua"]),
        ("the sign on the door said GALBRAITH in big letters.", ["GALBRAITH"]),
        ("it was Galbraith's idea in the end.", ["Galbraith"]),
        ("her address was perpetua dot galbraith at kelpiemail dot example.", ["perpetua", "galbraith"]),
        ("we'd say galbraith's lot were in charge.", ["galbraith"]),
        ("PERPETUA was on the rota too.", ["PERPETUA"]),
    ],
)
def test_later_forms_of_confident_full_name(tmp_path, later, planted):
    # no register: the first mention is confident (title + full name)
    said = f"My key worker was Mrs Perpetua Galbraith from the council. Later on {later}"
    out = _run(tmp_path, said, register=False)
    assert_absent(out, planted)
