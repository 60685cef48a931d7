"""Red team 24j, class 1b: names of many origins as an English speech-recognition engine writes
them (Chinese pinyin without tones, split or run together; Yoruba and Igbo; Tamil; Arabic with
al-/bin/ibn/Abu; Polish without its diacritics; Somali patronymic chains; Gaelic Mac/Nic/Ó),
and family names said alone after a title or a role ("the charge nurse, Okonkwo,"; "Sister
Nwachukwu"; "the consultant, Mr Thangarajah"). Written blind, every person invented. None is
registered (only the research team), so the sentence is the evidence: a full name, a title, a
role in apposition, a kinship word. Each part of the name must be gone from the output."""

from __future__ import annotations

import re

import pytest
from rt_common import assert_absent, deidentify, write_register, xfail_for

pytestmark = pytest.mark.redteam

TEAM = ["Ottilie Brannagh", "Fenwick Osei-Larbi"]


def _said(tmp_path, said, name="p11.txt"):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: Can you tell me who was involved in his care?\n\n"
        f"Participant: {said}\n\n"
        "Interviewer: Thank you, that's clear.\n"
    )
    _, out = deidentify(tmp_path, {name: text}, register=reg)
    return out


CASES = [
    # Chinese pinyin, tone-less, in the orders ASR produces
    ("The registrar was Dr Zhou Xinyue, she explained the scan.", ["Zhou", "Xinyue"]),
    ("My key worker Liang Jiahao comes on a Wednesday.", ["Liang", "Jiahao"]),
    ("Our pharmacist, Wei Ling Tsang, sorted the blister packs.", ["Wei Ling", "Tsang"]),
    ("I was with Qiu Yuanyuan from the rehab team most mornings.", ["Qiu", "Yuanyuan"]),
    # Yoruba and Igbo
    ("The charge nurse, Okonkwo, told me to wait in the corridor.", ["Okonkwo"]),
    ("Sister Nwachukwu did the discharge letter.", ["Nwachukwu"]),
    ("Oluwaseun Adebayo-Ogunleye is the OT who came to the house.", ["Oluwaseun", "Adebayo-Ogunleye"]),
    ("Chiamaka, my son's wife, does the night shift with him.", ["Chiamaka"]),
    ("We had Mrs Obiageli Eze as the link nurse.", ["Obiageli", "Eze"]),
    # Tamil
    ("The consultant, Mr Thangarajah, was very straight with us.", ["Thangarajah"]),
    ("Dr Kalaiselvi Sivasubramaniam did the memory clinic.", ["Kalaiselvi", "Sivasubramaniam"]),
    ("Our carer is Murugesan, he's from the agency, lovely man.", ["Murugesan"]),
    # Arabic transliterations
    ("Dr Yousef al-Khateeb reviewed his medication.", ["Yousef", "Khateeb"]),
    ("My husband Abdulrahman bin Saleh Al Harbi was in bed four.", ["Abdulrahman", "Saleh", "Harbi"]),
    ("The imam, Sheikh Ibrahim ibn Tamim, came to pray with him.", ["Ibrahim", "Tamim"]),
    ("Abu Hamza, that's what we call my father-in-law, he lives with us.", ["Hamza"]),
    # Polish without diacritics
    ("The night carer was Grzegorz Wojciechowski, he's Polish.", ["Grzegorz", "Wojciechowski"]),
    ("Pani Krystyna Szczepanska from the church visits him.", ["Krystyna", "Szczepanska"]),
    # Somali
    ("My brother Abdiwali Mohamed Farah translates at the GP for me.", ["Abdiwali", "Farah"]),
    ("The link worker, Hodan Warsame, explained the benefits.", ["Hodan", "Warsame"]),
    # Gaelic and Irish
    ("Catrìona NicIlleathain was our district nurse for years.", ["NicIlleathain", "Catrìona"]),
    ("Seosaimhín Ní Bhraonáin, the speech therapist, came twice.", ["Seosaimhín", "Bhraonáin"]),
    # surname alone after a role or title, lower-case ASR
    ("the ward sister okonjo said he could go home on the friday", ["okonjo"]),
    ("the consultant mr balasubramanian said it was the heart", ["balasubramanian"]),
    ("His GP, Dr Mbeki-Nkosana, referred him straight away.", ["Mbeki-Nkosana"]),
    ("Staff Nurse Przybylski was the only one who listened.", ["Przybylski"]),
]


_XF = {
    3: (
        "a pinyin given name after a replaced family name is published (no rule for a capitalised "
        "non-dictionary word beside a name), and 'rehab' is a world place"
    ),
}
CASES = [xfail_for("24j")(_XF[i], *case) if i in _XF else case for i, case in enumerate(CASES)]


@pytest.mark.parametrize(("said", "gone"), CASES, ids=[f"origin{i:02d}" for i in range(len(CASES))])
def test_names_of_many_origins_are_not_published(tmp_path, said, gone):
    out = _said(tmp_path, said)
    for part in gone:
        hit = re.search(rf"(?<![\w\[]){re.escape(part)}(?!\w)", out, re.I)
        assert hit is None, f"{part!r} published: ...{out[max(0, hit.start() - 80) : hit.end() + 80]!r}"
    assert_absent(out, [p for p in gone if len(p) >= 6])
