"""Red team 24g, class 2: what must NOT be replaced in health and social care talk, written
blind. Speaker-role labels (and typos of them) in .txt and as Teams voice tags; an allowed
phrase in every position and layout (an NHS board the study names as its public setting);
service and policy names, legislation, professional titles, medicines (generic and brand),
assessment tools, clinical and social-work software, acronyms (HSCP, IJB, SDS, GIRFEC...),
eponymous conditions and scales; Scots words and terms of address that look like names;
transcription garble. Only the research team is registered. A term counts as replaced when it
is missing from the published text (a pseudonym tag took its place)."""

from __future__ import annotations

import re

import pytest
from rt_common import deidentify, write_register

pytestmark = pytest.mark.redteam

TEAM = [{"name": "Ishbel Macfarlane-Rennie", "role": "interviewer"}]
TAG = re.compile(r"\[(Person|Place|Organisation|Name|Address|ID number|URL|Email|Phone)[^\]]*\]")


def xf(reason, *values):
    """A case the product fails today: strict, so the fix turns it into a pass."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=f"red team 24g: {reason}"))


def _run(tmp_path, inputs, allow=()):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    _, out = deidentify(tmp_path, inputs, register=reg, allow=allow)
    return out


def _missing(out, terms):
    return [t for t in terms if t not in out]


# --- role labels, their typos, and Teams voice tags naming roles --------------------------------
@pytest.mark.parametrize(
    "label",
    [
        "Interviewee",
        "Respondent",
        "Therapist",
        "Client",
        "Moderator",
        "Facilitator",
        "Speaker 3",
        "Intervieweee",
        "Interveiwer",
        "Particpant",
        "Therapsit",
        "Cleint",
        "Peer Supporter",
        "Named Person",
        "Social Worker",
        "Family Member",
    ],
)
def test_role_labels_in_txt(tmp_path, label):
    text = (
        "Interviewer: How did the first session go?\n"
        f"{label}: It was fine, we talked about sleep mostly.\n"
        "Interviewer: And the second one?\n"
        f"{label}: Better, more relaxed.\n"
    )
    out = _run(tmp_path, {"roles.txt": text})
    assert f"{label}: It was fine" in out, out[:400]
    assert not TAG.search(out), TAG.findall(out)


@pytest.mark.parametrize("voice", ["Therapist", "Client", "Speaker 2", "Moderator", "Cleint"])
def test_role_voice_tags_in_vtt(tmp_path, voice):
    vtt = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Interviewer>How did the first session go?</v>\n\n"
        f"00:00:05.000 --> 00:00:09.000\n<v {voice}>It was fine, we talked about sleep mostly.</v>\n"
    )
    out = _run(tmp_path, {"roles.vtt": vtt})
    assert voice in out, out[:400]
    assert not TAG.search(out), TAG.findall(out)


# --- an allowed phrase (the study's public setting) in every position ----------------------------
ALLOWED = "NHS Ayrshire and Arran"


@pytest.mark.parametrize(
    "layout",
    ["speech", "lower", "possessive", "wrapped", "vtt_split", "csv"],
)
def test_allowed_board_name_everywhere(tmp_path, layout):
    if layout == "speech":
        inputs = {"a.txt": f"Interviewer: Where do you work?\nRespondent: For {ALLOWED}, in planning.\n"}
    elif layout == "lower":
        inputs = {
            "a.txt": "Interviewer: Where do you work?\nRespondent: for nhs ayrshire and arran, in planning.\n"
        }
    elif layout == "possessive":
        inputs = {"a.txt": f"Interviewer: Whose plan?\nRespondent: {ALLOWED}'s plan, in the end.\n"}
    elif layout == "wrapped":
        inputs = {
            "a.txt": (
                "Interviewer: Where do you work?\nRespondent: For NHS Ayrshire\nand Arran, in planning.\n"
            ),
        }
    elif layout == "vtt_split":
        inputs = {
            "a.vtt": (
                "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>Where do you work?</v>\n\n"
                "00:00:04.000 --> 00:00:06.000\n<v Respondent>For NHS Ayrshire\nand Arran, in planning.</v>\n"
            )
        }
    else:
        inputs = {
            "a.csv": (
                f'Speaker,Text\nInterviewer,"Where do you work?"\nRespondent,"For {ALLOWED}, in planning."\n'
            ),
        }
    out = _run(tmp_path, inputs, allow=[ALLOWED])
    folded = re.sub(r"\s+", " ", out).casefold()
    assert ALLOWED.casefold() in folded, out[:400]
    assert not TAG.search(out), TAG.findall(out)


# --- health and social care vocabulary --------------------------------------------------------
VOCAB = {
    "services": [
        "Hospital at Home",
        "Self-directed Support",
        "SDS Option 2",
        "Hospital Discharge Team",
        "Community Alarm",
        "Care and Repair",
        "Alzheimer Scotland",
        "Near Me",
    ],
    "policy_and_law": [
        "Adults with Incapacity (Scotland) Act 2000",
        "Carers (Scotland) Act 2016",
        "Getting It Right For Every Child",
        "GIRFEC",
        "Power of Attorney",
        "Adult Support and Protection",
        "DNACPR",
        "ReSPECT",
    ],
    "bodies_and_acronyms": [
        "HSCP",
        "IJB",
        "Care Inspectorate",
        "Mental Welfare Commission",
        "SSSC",
        "CAMHS",
        "ADP",
    ],
    "titles": [
        "Chief Social Work Officer",
        "Mental Health Officer",
        "Advanced Nurse Practitioner",
        "Caldicott Guardian",
        "Charge Nurse",
        "Link Worker",
    ],
    "generic_medicines": [
        "Sertraline",
        "Zopiclone",
        "Mirtazapine",
        "Co-codamol",
        "Levetiracetam",
        "Donepezil",
    ],
    "brand_medicines": [
        "Lyrica",
        "Seroquel",
        "Oramorph",
        "Buvidal",
        "Prenoxad",
        "Movicol",
        "Madopar",
        "Fortisip",
    ],
    "assessment_tools": [
        "PHQ-9",
        "GAD-7",
        "CORE-OM",
        "Barthel Index",
        "Waterlow",
        "Abbey Pain Scale",
        "ACE-III",
        "Rockwood",
        "WEMWBS",
        "Outcome Star",
    ],
    "software": [
        "TrakCare",
        "EMIS",
        "SCI Gateway",
        "Attend Anywhere",
        "Carefirst",
        "Mosaic",
        "Datix",
        "Turas",
        "AskMyGP",
    ],
    "social_media": ["Insta", "Facebook", "TikTok", "WhatsApp", "Snapchat", "Messenger", "Nextdoor"],
    "eponyms": [
        "Korsakoff's",
        "Parkinson's",
        "Guillain-Barré",
        "Glasgow Coma Scale",
        "Edinburgh Postnatal Depression Scale",
    ],
}


def _vocab_transcript(terms):
    lines = ["Interviewer: What came up in the review?"]
    for term in terms:
        lines.append(f"Respondent: We talked about {term} again, as we do every time.")
        lines.append("Interviewer: Right.")
    lines.append(f"Respondent: {terms[0]} came up first, to be honest.")
    return "\n".join(lines) + "\n"


FAILING = {
    "assessment_tools": (
        "kept on purpose, recall first: 'Rockwood' alone is a US town in the gazetteer and a surname of"
        " the top 10,000, and 'Waterlow' alone an unknown capitalised word mid-sentence (the neutral-name"
        " rule); no neighbour says tool ('Abbey Pain Scale' now passes)"
    ),
}


@pytest.mark.parametrize("group", [xf(FAILING[g], g) if g in FAILING else g for g in sorted(VOCAB)])
def test_care_vocabulary_kept(tmp_path, group):
    terms = VOCAB[group]
    out = _run(tmp_path, {"vocab.txt": _vocab_transcript(terms)})
    assert not _missing(out, terms), f"replaced: {_missing(out, terms)}"


def test_brand_medicines_not_typed_as_places(tmp_path):
    text = (
        "Interviewer: What were you prescribed?\n"
        "Respondent: A prescription for Lyrica, then they switched me to Seroquel at night.\n"
        "Respondent: I get my Buvidal at the clinic and carry Prenoxad in my bag.\n"
    )
    out = _run(tmp_path, {"meds.txt": text})
    assert "[Place" not in out and "[Address" not in out, out


# --- Scots words and terms of address that look like names; garble -------------------------------
@pytest.mark.parametrize(
    ("speech", "kept"),
    [
        ("Och, I dinnae ken what they were thinking.", ["ken"]),
        ("Cheers hen, that's awful good of you.", ["hen"]),
        ("Alright big man, sit yourself down.", ["big man"]),
        ("The wean was greetin' all night, poor soul.", ["wean"]),
    ],
)
def test_scots_words_and_terms_of_address(tmp_path, speech, kept):
    text = f"Interviewer: How was the week?\nRespondent: {speech}\n"
    out = _run(tmp_path, {"scots.txt": text})
    assert not _missing(out, kept), out
    assert not TAG.search(out), TAG.findall(out)


@pytest.mark.parametrize(
    "garble",
    ["Thewell", "Mmhmm", "Inthe", "Gunnae", "Wuhh", "Cuzza", "Soyeah", "Arright"],
)
def test_garble_not_a_person(tmp_path, garble):
    text = (
        f"Participant: and then {garble} we went back to the ward\nParticipant: {garble} it was fine really\n"
    )
    out = _run(tmp_path, {"asr.txt": text})
    assert "[Person" not in out, out


# --- national public bodies (no allow entry) and other languages' phrases in English speech -------
def test_national_public_bodies_kept(tmp_path):
    bodies = [
        "Healthcare Improvement Scotland",
        "Public Health Scotland",
        "NHS 24",
        "NHS Education for Scotland",
        "Scottish Ambulance Service",
        "Social Work Scotland",
        "COSLA",
        "Scottish Social Services Council",
    ]
    out = _run(tmp_path, {"bodies.txt": _vocab_transcript(bodies)})
    assert not _missing(out, bodies), f"replaced: {_missing(out, bodies)}"


# Gaelic and transliterated Urdu/Punjabi: languages a study cannot list in `deidentify.languages`
# (no word frequencies), so the de-identifier's evidence rule must keep them, not a word list
# kept on purpose (recall first): the second mention sits where a vocative name sits ("Then later
# again, Anyname, before I go."), and a phrase's following words that a name list holds ("thu",
# "hai" are listed first names) are no evidence of another language.
# A study language is no honest fix either (checked for issue 24): wordfreq has no Gaelic list
# (it answers 'gd' with English), and its Urdu and Hindi lists are in their own scripts, so the
# transliterations ("shukriya", "theek", "acha") have no frequency in any list; only Gaelic's
# function words are on a project list (stopwords_gd.txt, for the topic model's language
# identification), and this English study lists no second language anyway.
_KEPT_WHY = (
    "kept on purpose, recall first: {} alone (or before words a name list holds) in a vocative's "
    "place ('again, Anyname, before I go') is a name as far as any list can tell; no study language "
    "has a word list for it (wordfreq: no Gaelic, Urdu in its own script)"
)


@pytest.mark.parametrize(
    "phrase",
    [
        xf(_KEPT_WHY.format("'Ciamar' before listed first names"), "Ciamar a tha thu"),
        "Mòran taing",
        "Slàinte mhath",
        "Oidhche mhath",
        xf(_KEPT_WHY.format("'Acha' (a gazetteer place)"), "Acha"),
        xf(_KEPT_WHY.format("'Theek' before a listed first name"), "Theek hai"),
        xf(_KEPT_WHY.format("'Shukriya'"), "Shukriya"),
        xf(_KEPT_WHY.format("'Inshallah'"), "Inshallah"),
    ],
)
def test_other_language_phrases_in_english_speech(tmp_path, phrase):
    text = (
        "Interviewer: How do you greet the people you visit?\n"
        f"Respondent: {phrase}, I always say that first, they like it.\n"
        f"Respondent: Then later again, {phrase}, before I go.\n"
    )
    out = _run(tmp_path, {"mixed.txt": text})
    assert f"{phrase}, I always say" in out, out
    assert not TAG.search(out), TAG.findall(out)
