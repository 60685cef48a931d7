"""A public hearing's own jurisdiction is its published setting, not an identifier
(`coprod.privacy.recognizers.jurisdictions`); a home town in an interview still is."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.register import Entity

ANALYZER = Analyzer([], Settings())

# testimony to a city body about the city's policy: the city named as "City of X"
HEARING = (
    "Good evening, Chairman, and thank you for hearing my testimony. I live in Beaverton Heights "
    "and rent a small flat near the river. The City of Portland has not built enough homes, and "
    "the city keeps losing families. Our city deserves better, and this city can change course "
    "tonight. Portland cannot wait: I ask you to approve the proposal in full. Thank you."
)
# the same said by the city's people ("Portlanders") instead of "City of Portland"
DEMONYM = (
    "Thank you for the chance to testify. Portlanders are being priced out of the city, and the "
    "city has to build. I grew up in Portland and I want my kids to afford the city too. Please "
    "pass this zoning proposal."
)


def _found(text, analyzer=ANALYZER):
    return [text[s.start : s.end] for s in analyzer.find(text)]


@pytest.mark.parametrize("text", [HEARING, DEMONYM])
def test_the_jurisdiction_of_testimony_is_kept(text):
    found = _found(text)
    assert not any("Portland" in f for f in found), found


def test_other_places_of_the_testimony_are_still_found():
    text = HEARING.replace("Portland cannot wait", "Portland cannot wait, or we become Seattle")
    found = _found(text)
    assert "Seattle" in found, found
    assert not any("Portland" in f for f in found), found


def test_without_a_word_of_testimony_the_city_is_a_place():
    text = (
        "I live near the river. The City of Portland has not built enough homes, and the city "
        "keeps losing families. Our city deserves better, and this city can change course. "
        "Portland cannot wait."
    )
    assert any("Portland" in f for f in _found(text)), _found(text)


def test_a_home_town_in_a_long_interview_is_a_place():
    # a proposal and the city's people are mentioned, but the city is no subject of the text
    story = " ".join(["We talked about the work and the team and how the project went that year."] * 30)
    text = (
        "I grew up in Portland, a proud Portlander, and the city was good to us; the city "
        "had parks. My proposal to the team was simple. " + story + " The city is far away now."
    )
    assert any(f.startswith("Portland") for f in _found(text)), _found(text)


def test_two_cities_as_named_leave_both_places():
    text = HEARING.replace("Portland cannot wait", "The City of Seattle did better; Seattle cannot wait")
    found = _found(text)
    assert any("Portland" in f for f in found) and any("Seattle" in f for f in found), found


def test_a_county_needs_a_region_not_a_city():
    # "Portland County" is no county the gazetteer knows: the city stays a place
    text = HEARING.replace("The City of Portland", "Portland County").replace("the city", "the county")
    text = text.replace("Our city", "Our county").replace("this city", "this county")
    assert any("Portland" in f for f in _found(text)), _found(text)


def test_a_state_named_as_such_in_testimony_is_kept():
    text = (
        "Madam chairwoman, members of the committee, I testify today against the bill. The State "
        "of Oregon has cut rural clinics; the state pays less every year, and the state should "
        "know that Oregonians in small towns drive hours. I ask the state to fund them. I live "
        "in Gresham."
    )
    found = _found(text)
    assert not any("Oregon" in f for f in found), found
    assert "Gresham" in found, found


def test_the_register_wins_over_the_jurisdiction():
    analyzer = Analyzer([Entity(type="PLACE", name="Portland")], Settings())
    assert any("Portland" in f for f in _found(HEARING, analyzer)), _found(HEARING, analyzer)


def _corpus(*texts):
    from coprod.ingest import Transcript, Turn
    from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts

    transcripts = [
        Transcript(
            id=f"t{k:02d}",
            source="",
            format="txt",
            encoding="utf-8",
            turns=[Turn(speaker="Speaker 1", role="participant", text=text, order=0)],
        )
        for k, text in enumerate(texts, 1)
    ]
    _, log = deidentify_transcripts(transcripts, [], PseudonymKey(), Settings())
    return {(r.transcript, r.original) for r in log}


def test_one_setting_for_the_whole_corpus():
    # a short testimony that names the city only in passing keeps it too: the corpus's other
    # testimony shows it is the hearing's own city (else it would be propagated there)
    short = "Thank you. Housing in Portland costs too much and I ask you to act. I live in Gresham."
    replaced = _corpus(HEARING, short)
    assert not any("Portland" in original for _, original in replaced), replaced
    assert ("t02", "Gresham") in replaced


def test_without_testimony_in_the_corpus_the_city_is_replaced_everywhere():
    short = "Housing in Portland costs too much. I live in Gresham."
    replaced = _corpus(short, "We moved to Portland in the spring.")
    assert {("t01", "Portland"), ("t02", "Portland")} <= replaced, replaced


def test_a_planning_officers_city_is_a_place_though_the_interview_speaks_of_its_commission():
    # an interview about a partnership's work names the city as a polity again and again, with a
    # commission, a proposal and a chairman, but nobody testifies: the city identifies the officer
    text = (
        "I'm the strategic planning lead for Dunmarrow City partnership. The city has a long "
        "history of joint working, and the city council and the health board put a proposal to "
        "the integration joint board last year. In the city we set up a commission on "
        "co-production, chaired by the council. The city's localities differ a great deal. "
        "The commission met monthly; the chairman was from the third sector. We took the "
        "proposal back to Dunmarrow twice before it went through."
    )
    assert sum(f.startswith("Dunmarrow") for f in _found(text)) == 2, _found(text)
