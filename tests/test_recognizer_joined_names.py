"""Names joined into one token (hashtags, handles) and the user folder of a file path."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers.joined_names import JoinedNameRecognizer
from coprod.privacy.register import Entity


def _found(text, forms=None):
    rec = JoinedNameRecognizer(Settings(), register_forms=forms)
    return [(text[s.start : s.end], s.type, s.detector) for s in rec.find(text)]


def test_first_name_and_surname_joined_in_any_order_and_case():
    for token in ("morwennapengelly", "pengellymorwenna", "MorwennaPengelly"):
        assert _found(f"her account was {token} on every site") == [(token, "PERSON", "context:joined-name")]


def test_hashtags_and_handles_may_join_ordinary_words_to_a_name():
    assert _found("we ran it as #TeamDemelza on the ward") == [
        ("TeamDemelza", "PERSON", "context:joined-name")
    ]
    assert _found("find her as @jagotreloar online") == [("jagotreloar", "PERSON", "context:joined-name")]


def test_a_handle_whose_parts_a_hyphen_joins():
    assert _found("it posts as @jtreloar-bot there") == [("jtreloar-bot", "PERSON", "context:joined-name")]
    assert _found("ask @pengelly-ops or @ops-pengelly") == [
        ("pengelly-ops", "PERSON", "context:joined-name"),
        ("ops-pengelly", "PERSON", "context:joined-name"),
    ]
    assert _found("see #covid-19, @team-leads, @release-bot and #well-being") == []


def test_words_products_and_hashtags_without_a_name_are_kept():
    text = (
        "we used PowerPoint, SharePoint and YouTube, posted #BlackLivesMatter and #goodmorning, "
        "and nevertheless the teleconsultation webinar was underwhelming"
    )
    assert _found(text) == []


def test_a_plain_lower_case_token_needs_two_names_and_nothing_else():
    assert _found("the word tamsinly is odd and so is teamtamsin") == []


def test_registered_parts_give_the_registered_person():
    analyzer = Analyzer([Entity("PERSON", "Tamsin Carnsew")])
    text = "she tagged it #TeamTamsin and signed as carnsewtamsin"
    got = [(text[s.start : s.end], s.canonical) for s in analyzer.find(text)]
    assert got == [("TeamTamsin", "Tamsin Carnsew"), ("carnsewtamsin", "Tamsin Carnsew")]


def test_user_folder_of_a_path_is_a_person():
    assert _found(r"saved in C:\Users\tpenhallow\Documents\a.docx by mistake") == [
        ("tpenhallow", "PERSON", "context:path-user")
    ]
    assert _found("saved in /home/jroe/shared/a.docx and /Users/mangove/Desktop") == [
        ("jroe", "PERSON", "context:path-user"),
        ("mangove", "PERSON", "context:path-user"),
    ]


def test_generic_user_folders_are_kept():
    assert _found(r"C:\Users\Public\Desktop and /home/ubuntu/app and C:\Users\Default") == []


def test_initial_and_surname_handles_and_separated_names():
    assert _found("message @mpengelly about it") == [("mpengelly", "PERSON", "context:joined-name")]
    assert _found("her login was demelza.pengelly at work") == [
        ("demelza.pengelly", "PERSON", "context:joined-name")
    ]
    # an e-mail address, a file name and ordinary words joined by a dot are not handles here
    assert _found("write to demelza.pengelly@example.org about report.docx and first.last") == []


def test_the_plural_of_a_word_wordfreq_knows_is_no_joined_name():
    # "quantile" is a word wordfreq knows; its plural is no name joined to a name
    assert _found("these are the quantiles within the window") == []


def test_underscored_handles_are_one_token_in_the_analyzer():
    # the folded view reads "_" as a space: the handle is found on the text's own underscores
    text = "I'm @morwenna_pengelly_pots on there."
    found = [(text[s.start : s.end], s.type) for s in Analyzer([]).find(text)]
    assert found == [("morwenna_pengelly_pots", "PERSON")]


def test_a_title_may_open_a_handle():
    assert _found("I post as @DrMorwennaPengelly about it") == [
        ("DrMorwennaPengelly", "PERSON", "context:joined-name")
    ]
    assert _found("follow @DrWhoFans for news") == []  # a title and words: no name


def test_a_patronymic_surname_is_a_name_part_however_frequent():
    # "mckenzie" is frequent in English text (a common surname), and no ordinary word
    assert _found("her account was morwennamckenzie on every site") == [
        ("morwennamckenzie", "PERSON", "context:joined-name")
    ]


def test_a_dotted_handle_of_a_joined_name_and_a_word():
    assert _found("the page is morwennapengelly.carer now") == [
        ("morwennapengelly.carer", "PERSON", "context:joined-name")
    ]
    # one name and a word, or words only: no handle
    assert _found("see morwenna.carer and report.final and notes.draft") == []
