"""Red team 24j, class 2b: what must NOT be replaced in health and social care talk, written
blind. Eponymous conditions, tests and tools (Parkinson's, Alzheimer's, Down syndrome, Crohn's,
Tourette's, Asperger's, the Gantt chart, a Likert scale, Maslow's hierarchy, Glasgow Coma
Scale), reports and Acts named after people or places (the Beveridge report, the Francis
report, the Griffiths report, the Care Act 2014), public bodies and ministers named in their
public role in policy talk, supermarkets, brands and car models, months and weekdays at a
sentence start, drug names (generic and brand), and administrative words that are not names
(National Insurance, Ward 7, the rehab team). Only the research team is registered. A term
counts as replaced when the phrase is missing from the published text."""

from __future__ import annotations

import pytest
from rt_common import deidentify, write_register, xfail_for

pytestmark = pytest.mark.redteam

TEAM = ["Ottilie Brannagh", "Fenwick Osei-Larbi"]


def _said(tmp_path, said):
    reg = write_register(tmp_path / "register.yaml", people=TEAM)
    text = (
        "Interviewer: What shaped how the service works day to day?\n\n"
        f"Participant: {said}\n\n"
        "Interviewer: Right, thank you.\n"
    )
    _, out = deidentify(tmp_path, {"p31.txt": text}, register=reg)
    return out


TERMS = [
    # eponymous conditions, tests, tools
    ("Parkinson's nurses are like gold dust round here.", "Parkinson's nurses"),
    ("Half the residents have Alzheimer's or some other dementia.", "Alzheimer's or some other dementia"),
    ("Our daughter has Down syndrome and she's in supported living.", "Down syndrome"),
    ("Crohn's flares mean he's off work for weeks.", "Crohn's flares"),
    ("He was diagnosed with Asperger's at forty-two.", "diagnosed with Asperger's"),
    ("Tourette's is still so misunderstood by the public.", "Tourette's is still"),
    ("The project manager lived in her Gantt chart, honestly.", "Gantt chart"),
    ("We rated it on a Likert scale from one to five.", "Likert scale"),
    ("Maslow's hierarchy, basically, you can't do therapy if they've no food.", "Maslow's hierarchy"),
    ("His Glasgow Coma Scale was eight when they brought him in.", "Glasgow Coma Scale"),
    ("We used the Barthel index before and after the reablement.", "Barthel index"),
    ("It's basically Kübler-Ross, the stages of grief, we teach it.", "Kübler-Ross"),
    # reports, Acts, public bodies and ministers in their public role
    ("The Beveridge report is where the whole idea of the NHS came from.", "Beveridge report"),
    ("After the Francis report everyone got very nervous about staffing.", "Francis report"),
    ("The Griffiths report brought managers into the NHS in the eighties.", "Griffiths report"),
    ("The Care Act 2014 changed what the council owes carers.", "Care Act 2014"),
    ("The Mental Capacity Act is what we lean on for best interests decisions.", "Mental Capacity Act"),
    ("The Care Quality Commission rated us good last spring.", "Care Quality Commission"),
    ("When Aneurin Bevan set up the NHS he said it'd be free at the point of use.", "Aneurin Bevan"),
    ("The Health Secretary announced the extra winter money on the news.", "Health Secretary"),
    ("Skills for Care do the induction standards for the sector.", "Skills for Care"),
    ("Age UK run the befriending line on a weekend.", "Age UK"),
    # supermarkets, brands, car models
    ("We went to Tesco after, just for his tablets and some milk.", "went to Tesco"),
    ("Sainsbury's deliver his shopping on a Thursday.", "Sainsbury's deliver"),
    ("The car is a Vauxhall Corsa, the mobility scheme one.", "Vauxhall Corsa"),
    ("He lives on Weetabix and Lucozade if I'm not there.", "Weetabix and Lucozade"),
    ("We do the rota on WhatsApp and the notes on a Samsung tablet.", "Samsung tablet"),
    # months and weekdays at a sentence start
    ("August is when the new doctors start, so it's chaos.", "August is when the new doctors"),
    ("Monday mornings are the worst for falls.", "Monday mornings are the worst"),
    ("June and July we lose half the staff to holidays.", "June and July we lose"),
    # drugs, generic and brand
    ("Donepezil made him sick so they switched him to Aricept patches, no, the other one.", "Donepezil"),
    ("She's on Sinemet four times a day and the timing matters.", "on Sinemet"),
    (
        "Oramorph at night and Oxynorm in the day, that's the end of life kit.",
        "Oramorph at night and Oxynorm",
    ),
    ("Warfarin clinic every fortnight, so he changed to Apixaban.", "changed to Apixaban"),
    # administrative words that are not names
    ("National Insurance is the number they ask for first.", "National Insurance"),
    ("They moved him to Ward 7 for the rehab.", "Ward 7"),
    ("I was with the rehab team most mornings.", "rehab team"),
]


_XF = {
    18: (
        "a public figure named in full in policy talk is replaced (no list of public figures; a "
        "full name is a person)"
    ),
    22: (
        "a supermarket's name is replaced: a word-frequency rule for brands would also publish "
        "unknown private names"
    ),
    24: "a car's make and model ('Vauxhall Corsa') is read as a full name",
    25: "food and drink brands are replaced as names",
    34: (
        "'National Insurance' is typed as an organisation (the organisation rule fires on "
        "'National' and a head noun)"
    ),
    36: (
        "'rehab team': 'rehab' is a lower-case world place; the rule tried (no town after 'the') "
        "cost real places in caseless transcripts"
    ),
}
TERMS = [xfail_for("24j")(_XF[i], *case) if i in _XF else case for i, case in enumerate(TERMS)]


@pytest.mark.parametrize(("said", "kept"), TERMS, ids=[f"term{i:02d}" for i in range(len(TERMS))])
def test_public_terms_are_published_as_written(tmp_path, said, kept):
    out = _said(tmp_path, said)
    assert kept in out, f"{kept!r} not published as written: {out.split('Participant: ')[-1][:300]!r}"
