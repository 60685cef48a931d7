"""A sentence start carries no capital: an ordinary word that is only a rare first name
(fewer than COMMON_FIRST_NAME births, not a curated ambiguous name) is the word there, whatever
verb follows; common or curated names ("Will", "Carol") still need only the cue."""

from answers import replaced as _replaced

from coprod.privacy.reference import COMMON_FIRST_NAME, first_name_births


def test_the_words_are_rare_names_in_the_lists():
    births = first_name_births()
    for word in ("lady", "rain", "red", "patience"):
        assert 0 < births[word] < COMMON_FIRST_NAME, word
    for word in ("carol",):
        assert births[word] >= COMMON_FIRST_NAME


def test_a_rare_name_that_is_a_word_is_kept_at_a_sentence_start():
    assert _replaced("Lady was lovely on the phone.") == []
    assert _replaced("Rain is worse in the west, I think.") == []
    assert _replaced("Patience and kindness, every time.") == []


def test_a_common_or_curated_name_at_a_sentence_start_is_still_replaced():
    assert _replaced("Carol has been good to me all along.") == ["Carol"]
    assert _replaced("Will was great with my mother.") == ["Will"]


def test_a_capitalised_word_after_it_may_make_a_name():
    assert _replaced("Cherry Ward is where I stayed.") == ["Cherry Ward"]


def test_mid_sentence_the_capital_is_still_the_evidence():
    assert _replaced("The nurse, Lady, was lovely on the phone.") != []
