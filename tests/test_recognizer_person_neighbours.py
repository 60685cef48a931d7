"""What stands beside a person's name found in a transcript, and the short forms it stands for:
a surname after a first name, a first name before a surname, a false start, initials, a
clipped first name or a nickname given beside the full name; dotted initials acting as a
person; a firm named after people (invented text)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.detectors import Span
from coprod.privacy.recognizers.person_neighbours import PersonNeighbourRule, initials
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _apply(texts, found, protected=None):
    rule = PersonNeighbourRule(Settings(), ordinary_words(("en",), str(REFERENCE_DIR)))
    out = rule.apply(texts, found, protected)
    return [[(texts[k][s.start : s.end], s.type, s.canonical) for s in spans] for k, spans in enumerate(out)]


def _span(text, surface, etype="PERSON", confidence=0.9):
    a = text.index(surface)
    return Span(a, a + len(surface), etype, surface, "test", confidence)


def test_initials_of_words_and_hyphenated_parts():
    assert initials(["Wiktoria", "Stanek-Obuya"]) == "WSO"
    assert initials(["Ilse", "Marquardt"]) == "IM"


def test_a_surname_after_a_first_name_in_its_case_also_possessive():
    text = "Then Halina Vostrikova-Bane's team took it over."
    got = _apply([text], [[_span(text, "Halina", "NAME", 0.4)]])[0]
    assert got == [("Halina Vostrikova-Bane", "PERSON", "Halina Vostrikova-Bane")]
    low = "i asked halina vostrikova and she said no"
    got = _apply([low], [[_span(low, "halina", "NAME")]])[0]
    assert got == [("halina vostrikova", "PERSON", "halina vostrikova")]


def test_no_surname_from_a_common_word_a_country_or_another_case():
    for text, after in (
        ("Then Halina Germany came up.", "Germany"),
        ("we met Halina Podcast fans", "Podcast"),
        ("Then Halina vostrikova said.", "vostrikova"),
        ("Then Halina Runs fast.", "Runs"),
    ):
        got = _apply([text], [[_span(text, "Halina", "NAME")]])[0]
        assert got == [("Halina", "NAME", "Halina")], after


def test_a_first_name_before_a_surname_even_an_ordinary_word():
    text = "like i told mark vostrikova the rota was bad"
    got = _apply([text], [[_span(text, "vostrikova")]])[0]
    assert got == [("mark vostrikova", "PERSON", "mark vostrikova")]
    text = "like i told vostrikova the rota was bad"  # "told" is no first name
    assert _apply([text], [[_span(text, "vostrikova")]])[0] == [("vostrikova", "PERSON", "vostrikova")]
    weak = "like i told mark vostrikova the rota was bad"  # a weak surname finding grows nothing
    got = _apply([weak], [[_span(weak, "vostrikova", confidence=0.4)]])[0]
    assert got == [("vostrikova", "PERSON", "vostrikova")]


def test_a_false_start_before_a_name():
    text = "so um vostri- vostrikova said fine"
    got = _apply([text], [[_span(text, "vostrikova")]])[0]
    assert got == [("vostri", "PERSON", "vostrikova"), ("vostrikova", "PERSON", "vostrikova")]
    text = "the pre- vostrikova plan"  # not the start of the name
    assert len(_apply([text], [[_span(text, "vostrikova")]])[0]) == 1


def test_initials_of_three_letters_anywhere_two_when_given_beside_the_name():
    texts = ["Our lead is Wiktoria Stanek-Obuya.", "WSO's team and W.S.O. again, but WS is not her."]
    found = [[_span(texts[0], "Wiktoria Stanek-Obuya")], []]
    got = _apply(texts, found)[1]
    assert [g[0] for g in got] == ["WSO", "W.S.O."] and {g[2] for g in got} == {"Wiktoria Stanek-Obuya"}
    texts = ["The head is Ilse Marquardt, IM we call her.", "IM signs off. Not CT."]
    got = _apply(texts, [[_span(texts[0], "Ilse Marquardt")], []])
    assert got[0][1][0] == "IM" and got[1] == [("IM", "PERSON", "Ilse Marquardt")]
    texts = ["The head is Ilse Marquardt.", "IM is the messaging tool."]  # not given beside her
    assert _apply(texts, [[_span(texts[0], "Ilse Marquardt")], []])[1] == []


def test_an_identifier_carrying_a_full_name_s_initials_is_replaced_whole():
    texts = ["Dorota Kwiecien filed DK-5521 and DK_5530.", "DK owns them, not DKX-1 or KD-5521."]
    got = _apply(texts, [[_span(texts[0], "Dorota Kwiecien")], []])
    assert [g[:2] for g in got[0][1:]] == [("DK-5521", "ID_NUMBER"), ("DK_5530", "ID_NUMBER")]
    assert got[1] == [("DK", "PERSON", "Dorota Kwiecien")]  # the initials then stand for her
    texts = ["Paul Rennard opened PR-1234.", "The PR review is done."]  # an acronym stays one
    got = _apply(texts, [[_span(texts[0], "Paul Rennard")], []])
    assert [g[:2] for g in got[0][1:]] == [("PR-1234", "ID_NUMBER")] and got[1] == []
    texts = ["Dorota Kwiecien is here.", "DK said so."]  # no id: two letters are too few alone
    assert _apply(texts, [[_span(texts[0], "Dorota Kwiecien")], []])[1] == []


def test_initials_at_a_sentence_end_leave_the_full_stop():
    texts = ["Our lead is Wiktoria Stanek-Obuya.", "Ask WSO. Then W.S.O. again."]
    got = _apply(texts, [[_span(texts[0], "Wiktoria Stanek-Obuya")], []])[1]
    assert [g[0] for g in got] == ["WSO", "W.S.O."]


def test_a_clipped_first_name_and_a_nickname_given_beside_the_full_name():
    texts = ["I work for Benedikt Harrowgate, Ben to everyone.", "Ben says so. And Benedict is another man."]
    got = _apply(texts, [[_span(texts[0], "Benedikt Harrowgate")], []])
    assert ("Ben", "PERSON", "Benedikt Harrowgate") in got[0]
    assert got[1] == [("Ben", "PERSON", "Benedikt Harrowgate")]
    texts = ["I work for Katherine Harrowgate, Kate to everyone.", "So Kate said yes."]
    got = _apply(texts, [[_span(texts[0], "Katherine Harrowgate")], []])
    assert got[1] == [("Kate", "PERSON", "Katherine Harrowgate")]
    texts = ["I work for Katherine Harrowgate.", "So Kate said yes."]  # not given beside her, no prefix
    assert _apply(texts, [[_span(texts[0], "Katherine Harrowgate")], []])[1] == []


def test_dotted_initials_acting_as_a_person_and_not_a_country():
    text = "R.T. said it was fine, and the U.S. said no, and K.L.'s team agreed."
    assert [g[0] for g in _apply([text], [[]])[0]] == ["R.T.", "K.L."]


def test_a_firm_named_after_people():
    text = "We use Quarendon-Blyth & Partners and Morrow & Sons, not Marks & Spencer or Black & Co."
    got = _apply([text], [[]])[0]
    assert [g[:2] for g in got] == [("Quarendon-Blyth & Partners", "ORG"), ("Morrow & Sons", "ORG")]


def test_nothing_inside_what_the_allow_lists_keep():
    text = "We use Quarendon-Blyth & Partners now."
    a = text.index("Quarendon")
    assert _apply([text], [[]], protected=lambda t: [(a, a + 26)])[0] == []


def test_a_name_in_apposition_to_a_role_at_a_sentence_start():
    text = "Quarendon, our COO, said no. Vostrikova, my line manager, agreed. London, our capital, too."
    got = _apply([text], [[]])[0]
    assert [g[:2] for g in got] == [("Quarendon", "PERSON"), ("Vostrikova", "PERSON")]
    text = "Then Quarendon, our COO, said no. Quarendon, our city, grew."  # not at a start; no role
    assert _apply([text], [[]])[0] == []


def test_a_first_name_that_is_a_month_said_as_a_person_from_a_team():
    text = "June from the finance team said yes. We heard in June from the finance team said Ann."
    assert [g[:3] for g in _apply([text], [[]])[0]] == [("June", "PERSON", "June")]


def test_a_lower_case_employer_and_its_distinctive_word_alone():
    texts = ["i joined quarendix systems last year", "at quarendix we paired a lot, the systems team too"]
    got = _apply(texts, [[], []])
    assert got[0] == [("quarendix systems", "ORG", "quarendix systems")]
    assert got[1] == [("quarendix", "ORG", "quarendix systems")]
    texts = ["the payroll systems and the ticket solutions were slow"]  # ordinary words before the head
    assert _apply(texts, [[]])[0] == []
