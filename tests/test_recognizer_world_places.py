"""World places need evidence that the words are used as a place; countries never count."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers.world_places import WorldPlaceRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = WorldPlaceRecognizer(Settings(), ordinary_words(("en",)), set())
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_capitalised_town_that_is_no_ordinary_word():
    assert _found("We moved to Penzance after the war.") == [("Penzance", "PLACE")]


def test_ordinary_word_town_needs_a_locative():
    assert _found("She had a Wells every night.") == []
    assert _found("We lived in Wells for years.") == [("Wells", "PLACE")]


def test_never_words_are_no_town_even_after_a_locative():
    rec = WorldPlaceRecognizer(Settings(), ordinary_words(("en",)), {"March"})
    assert rec.find("If we had started in March it would have worked.") == []


def test_lower_case_speech_recognition_output():
    assert _found("then we went up to penzance and stayed") == [("penzance", "PLACE")]
    assert _found("we had a well and then wells") == []


def test_lower_case_place_where_grammar_wants_a_verb_or_an_adjective_is_garble():
    # after a modal verb or a degree adverb no noun phrase starts: the recogniser mis-heard
    assert _found("you would penzance it in the end") == []
    assert _found("he was a very truro sort of man") == []
    assert _found("i couldn't penzance that") == []
    # the same words after a locative, or alone, are still the towns
    assert _found("we would go to penzance") == [("penzance", "PLACE")]
    assert _found("very nice, penzance was") == [("penzance", "PLACE")]
    # capitalised, the evidence is the capital letter: kept as it was
    assert _found("It would Penzance be, I think") == [("Penzance", "PLACE")]


def test_multi_word_place():
    assert _found("She grew up in Rhode Island.") == [("Rhode Island", "PLACE")]


def test_acronyms_and_longer_names_are_not_towns():
    assert _found("We filed the SARs and ran a Monte Carlo simulation.") == []


def test_countries_continents_and_peoples_survive_the_analyzer():
    text = "He sailed from Portugal to the Indian Ocean with the Portuguese, then to Penzance."
    found = [text[s.start : s.end] for s in Analyzer([]).find(text)]
    assert found == ["Penzance"]


def test_lower_case_town_versus_common_first_name():
    assert _found("we went down to truro on the train") == [("truro", "PLACE")]
    assert _found("then oliver went home") == []


def test_saint_abbreviations_and_halves_of_a_region():
    assert _found("He sailed to St. Austell, then Labrador.") == [
        ("St. Austell", "PLACE"),
        ("Labrador", "PLACE"),
    ]
    assert _found("We met in Paris. Texas was later.") == [("Paris", "PLACE"), ("Texas", "PLACE")]


def test_contractions_are_no_towns():
    """Folded without its apostrophe, "We'll" is the town Well and "He'll" the town Hell; a
    contraction is never a place, in any apostrophe (the bundled audit failed on exactly this)."""
    for text in ("We'll see how it goes.", "He’ll come back to it.", "She'd left. They've gone."):
        assert _found(text) == [], text


def test_an_elision_before_an_ordinary_word_is_no_town():
    """French writes an elided pronoun or article into the next word ("J'ai", "l'hôpital"):
    folded without its apostrophe, "J'ai" is a town of that spelling. With French a study
    language it is no place; the town itself, written as a place ("to Jai"), still is, and an
    elision before a word that is no ordinary word ("L'Aquila") is not excused by this rule."""

    def found(text):
        rec = WorldPlaceRecognizer(Settings(languages=("en", "fr")), ordinary_words(("en", "fr")), set())
        return [(text[s.start : s.end], s.type) for s in rec.find(text)]

    assert found("J'ai attendu deux heures, puis j'ai appelé.") == []
    assert found("We flew to Jai after the war.") == [("Jai", "PLACE")]
    rec = WorldPlaceRecognizer(Settings(languages=("en", "fr")), ordinary_words(("en", "fr")), set())
    assert rec._elided("J'ai") and not rec._elided("L'Aquila")


def test_a_plural_town_or_a_surname_is_no_people():
    """ "St Andrews" is not the people of "St Andrew" (a bare plural is no demonym ending), and
    a surname rare as a word ("the Freeman", a hospital) is not a people like "German"; the
    bundled study lost both to the peoples rule."""
    text = "It's St Andrews, and he goes to the Freeman; the New Zealanders and Germans came too."
    found = [text[s.start : s.end] for s in Analyzer([]).find(text)]
    assert found == ["St Andrews", "Freeman"]


def test_a_proper_word_qualifying_a_country_is_part_of_the_country():
    text = "It reminded me of Soviet Russia, and of life out in Soviet."
    found = [(s.start, text[s.start : s.end]) for s in Analyzer([]).find(text)]
    assert found == [(text.rindex("Soviet"), "Soviet")]  # before the country it is kept
    text = "Then we moved from Penzance England to Truro."
    found = [text[s.start : s.end] for s in Analyzer([]).find(text)]
    assert found == ["Penzance", "Truro"]  # a place before a country is still a place


def test_a_town_followed_by_its_region_without_a_comma_is_still_found():
    # "Penzance Cornwall": the next capitalised word is a region, not a longer name's second word
    assert ("Penzance", "PLACE") in _found("he grew up in Penzance Cornwall and left")
    # a town's name that goes on with a word that is no region is part of another name
    assert ("Penzance", "PLACE") not in _found("he grew up in Penzance Pirates and left")
    assert _found("the Monte Carlo Method again") == []


def test_a_function_word_is_no_town_even_after_a_locative():
    # gazetteers hold places spelt like "me", "to" or "we": a service called "Near Me" or a
    # capitalised "To" after "in" names no town
    assert _found("The video service, Near Me, helped; we read In To the Wild.") == []


def test_a_very_common_word_after_at_inside_a_title_is_no_town():
    # "Hospital at Home", "Care at Home": a service's title-cased name; gazetteers hold hamlets
    # spelt like the commonest words ("Home")
    assert _found("She got me onto Hospital at Home when I was bad.") == []
    assert _found("Care at Home came twice a day.") == []
    # the same word after "at" with no capitalised word before it: a place as before
    assert _found("We stopped at Home on the way north.") == [("Home", "PLACE")]
    # a town whose name is a less common word, after a capitalised word and "at": a place
    assert _found("They built the Cathedral at Wells in the twelfth century.") == [("Wells", "PLACE")]
    # a capitalised name before "at" that is no ordinary word: the town it is at
    assert _found("I worked for Tesco at Home for a year.") == [("Home", "PLACE")]
