"""A word listed beside a name found on its own evidence takes that name's type, only with
evidence of its own (capitals mid-sentence, a listed name, a list of two names or more)."""

from coprod.privacy.analyzer import Analyzer, Settings


def _found(text, allow=()):
    spans = Analyzer([], Settings(allow=allow)).find(text)
    return [(text[s.start : s.end], s.type) for s in spans]


def test_ordinary_capitalised_word_in_a_list_of_two_names():
    found = _found("These were the ships. The Tregaskis, Polwhele, Steadfast and others.")
    assert ("Steadfast", found[0][1]) in found
    assert _found("I met Tregaskis, Resolute and the rest.").count(("Resolute", "NAME")) == 0


def test_lower_case_first_name_closed_in_a_list_with_a_person():
    found = _found("as a runner, Morwenna, tamsin and myself were on duty")
    assert ("tamsin", "PERSON") in found
    assert not any(w == "will" for w, _ in _found("We had Morwenna, will you stop that"))


def test_kinship_roles_and_plain_words_are_not_names():
    assert _found("I went with Morwenna, Mum and Dad to the shop.") == [("Morwenna", "PERSON")]
    # (a first name that is not also a town: "Mary" is one, and is typed by its context)
    assert _found("Then Tamsin, Economics and Physics.") == [("Tamsin", "PERSON")]
    assert not any(w == "Interviewer" for w, _ in _found("So Tregaskis, Polwhele, Interviewer and me."))


def test_allow_list_wins():
    text = "The ships Tregaskis, Polwhele, Steadfast sailed."
    assert not any(w == "Steadfast" for w, _ in _found(text, allow=("Steadfast",)))


def test_technology_listed_with_a_name_is_not_one():
    found = _found("We ran it on Tregaskis, Jenkins and Polwhele servers.")
    assert not any(w == "Jenkins" for w, _ in found)


def test_the_separator_check_before_a_span_never_skips_a_list_item():
    from coprod.privacy.coordination import BEFORE_RE, SEP_ENDS

    texts = [
        "Anna, Bob and the Carr, -Dee- or Eve & Fay,Gus and-the- Hal, Ian  and\tthe\tJo -, Kim",
        "to Anytown, with Ben or the Crew; later Dan,, and the, ann - & - bo, cy and\n dee",
        "Ｍｏｒａｇ, Ailsa and Ｔａｍｓｉｎ, the x, then, the and, or, &, the",
    ]
    for text in texts:
        for end in range(len(text) + 1):
            found = BEFORE_RE.search(text, max(0, end - 60), end) is not None
            if found:
                assert text[max(0, end - 60) : end].rstrip(" \t-").endswith(SEP_ENDS), (text, end)
