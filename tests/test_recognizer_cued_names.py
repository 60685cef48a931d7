"""Names after a strong cue, in lower case too (speech recognition output)."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.cued_names import CuedNameRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = CuedNameRecognizer(Settings(), ordinary_words(("en",)))
    return [text[s.start : s.end] for s in rec.find(text)]


def test_lower_case_name_after_my_name_is_and_thank_you():
    assert _found("hello my name is morwenna pengelly and i was born") == ["morwenna pengelly"]
    assert _found("okay thank you priya that was lovely") == ["priya"]


def test_title_takes_a_surname():
    assert _found("we went to see mrs pengelly") == ["pengelly"]


def test_ordinary_words_after_a_cue_are_kept():
    assert _found("thank you very much, thank you so much") == []
    assert _found("it was called the market") == []


def test_lower_case_first_name_before_a_cue():
    assert _found("and then morwenna went to the shop") == ["morwenna"]
    assert _found("i said it was morwenna's idea") == ["morwenna"]
    assert _found("the well was cold and the mark was") == []


def test_my_name_is_takes_the_whole_name_ordinary_words_too():
    assert _found("hello my name is morwenna rose pengelly and i") == ["morwenna rose pengelly"]


def test_a_capitalised_word_before_an_honorific_suffix_is_a_person():
    found = _found("our tutor Quarrie-san and then Dellow-Sensei, Ambrin ssi")
    assert found == ["Quarrie", "Dellow", "Ambrin"]
    # the suffix must stand alone: no "-sand", no lower-case word, no stop word
    assert _found("the Quarrie-sand road, a quarrie-san, It-san and the Sangha") == []


def test_a_kinship_word_or_title_said_alone_is_a_cue():
    assert _found("uncle fergus took us out on the boat") == ["fergus"]
    assert _found("it was nurse brannigan who noticed first") == ["brannigan"]  # a surname after a title
    assert _found("i'm here with doctor ezekiel from the practice") == ["ezekiel"]
    # an ordinary word after the cue stays
    assert _found("the doctor said the nurse practitioner was fine, my uncle bought it") == []
