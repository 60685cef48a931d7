"""An unknown acronym joined by "and"/"or" to a plain lower-case dictionary word is one of a kind
of things ("asthma and QXPD"), not an organisation; beside a person or team word, or with an
organisation's cue and nothing of the kind, it is still one."""

from coprod.privacy.analyzer import Analyzer


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.detector) for s in Analyzer([]).find(text)]


def test_an_acronym_joined_to_a_common_noun_is_a_thing():
    assert _found("I live with asthma and QXPD, and the crew were patient.") == []
    assert _found("I have QXPD and heart trouble, so the stairs are hard.") == []


def test_an_acronym_with_an_organisation_cue_is_still_an_organisation():
    assert _found("We got help from GVCQ and they were great.") == [("GVCQ", "context:acronym")]


def test_people_and_teams_beside_it_do_not_make_it_a_thing():
    assert _found("The nurses and GVCQ were great with him.") == [("GVCQ", "context:acronym")]
