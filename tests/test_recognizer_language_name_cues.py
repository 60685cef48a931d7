"""Names after another language's naming phrase ("je m'appelle", "c'est _ qui", "me llamo"),
read in any transcript whatever the study's languages (invented text)."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.normalise import view
from coprod.privacy.recognizers import REGISTRY, LanguageNameCueRecognizer
from coprod.privacy.reference import REFERENCE_DIR, ordinary_words


def _found(text, languages=("en",)):
    ordinary = ordinary_words(languages, str(REFERENCE_DIR))
    rec = LanguageNameCueRecognizer(Settings(languages=languages), ordinary)
    seen = view(text)
    return [text[s.start : s.end] for s in rec.find(seen)]


def test_registered():
    assert LanguageNameCueRecognizer in REGISTRY


def test_a_self_introduction_in_lower_case_is_a_name():
    assert _found("bonjour je m'appelle maxence et je code") == ["maxence"]
    assert _found("alors moi c'est clothilde voilà") == ["clothilde"]
    assert _found("hola me llamo lucía y trabajo aquí") == ["lucía"]
    assert _found("ciao mi chiamo beatrice e lavoro qui") == ["beatrice"]


def test_a_word_no_dictionary_holds_after_a_self_introduction_is_a_name():
    assert _found("je m'appelle zorwenna et voilà") == ["zorwenna"]


def test_more_words_of_the_name_join_it():
    assert _found("je m'appelle marie dupont et voilà") == ["marie dupont"]


def test_the_cleft_frame_presents_a_person():
    assert _found("c'est maxence qui a cassé la prod") == ["maxence"]
    assert _found("c'est marie dupont qui gère ça") == ["marie dupont"]
    assert _found("C'est Thibaud qu'on appelle") == ["Thibaud"]


def test_function_words_and_ordinary_words_stay():
    assert _found("c'est lui qui a cassé, c'est moi qui gère, c'est pas marie qui") == []
    assert _found("moi c'est pareil et il s'appelle comment déjà") == []
    assert _found("c'est France qui paie") == []  # a country


def test_the_same_in_a_french_study():
    assert _found("bonjour je m'appelle maxence et je code", ("en", "fr")) == ["maxence"]
    assert _found("c'est lui qui a cassé la prod", ("en", "fr")) == []


def test_in_the_analyzer_the_name_is_replaced():
    text = "bonjour je m'appelle maxence et je suis développeuse"
    spans = Analyzer([], Settings()).find(text)
    assert [(text[s.start : s.end], s.type) for s in spans] == [("maxence", "PERSON")]
