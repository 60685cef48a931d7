"""The register recognizer: registered forms in any case, guarded ordinary words, handles."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.normalise import view
from coprod.privacy.recognizers.register import LETTERS_RE, RegisterRecognizer, handles
from coprod.privacy.register import Entity


def _find(entities, text):
    rec = RegisterRecognizer(entities, Settings())
    return [(text[s.start : s.end], s.type, s.canonical) for s in rec.find(view(text))]


def test_registered_person_any_case_and_accents():
    found = _find([Entity("PERSON", "Morwenna Quayle")], "then morwenna quayle and MORWÉNNA spoke")
    assert ("morwenna quayle", "PERSON", "Morwenna Quayle") in found
    assert ("MORWÉNNA", "PERSON", "Morwenna Quayle") in found


def test_ordinary_word_form_needs_its_capital():
    found = _find([Entity("PERSON", "Hope Trelawny")], "I hope so, said Hope.")
    assert [f[0] for f in found] == ["Hope"]


def test_handle_with_a_registered_name_inside():
    text = "log in as mtrelawny01 today"
    assert handles(text) == [(10, 21)]
    found = _find([Entity("PERSON", "Morwenna Trelawny")], text)
    assert found == [("mtrelawny01", "PERSON", "Morwenna Trelawny")]


def test_nothing_registered_finds_nothing():
    assert _find([], "Morwenna Trelawny went to Pendeen") == []


def test_surname_after_a_registered_first_name_joins_it():
    from coprod.privacy.analyzer import Analyzer

    det = Analyzer([Entity("PERSON", "Oluwaseun")])
    text = "then oluwaseun garcia came, and Oluwaseun Wednesday"
    assert [text[s.start : s.end] for s in det.find(text)] == ["oluwaseun garcia", "Oluwaseun"]


def test_registered_name_mistyped_by_a_letter_or_two():
    found = _find(
        [Entity("PERSON", "Morwenna Pengelly")], "I asked Pengely, and Morwena said no; then pengelley"
    )
    assert found == [
        ("Pengely", "PERSON", "Morwenna Pengelly"),
        ("Morwena", "PERSON", "Morwenna Pengelly"),
        ("pengelley", "PERSON", "Morwenna Pengelly"),
    ]


def test_ordinary_words_near_a_registered_name_are_kept():
    assert _find([Entity("PERSON", "Tamsin Baker")], "the bakers and the bakery were open") == []


def test_a_word_of_the_language_the_dictionary_lacks_is_no_misspelt_name():
    # "carer" and "frontline" are one edit from "Carver" and "Frontlie" but are words in general
    # text (wordfreq), and no listed name: they are not the registered person mistyped
    found = _find(
        [Entity("PERSON", "Ruby Carver"), Entity("PERSON", "Oona Frontlie")],
        "she is his carer, he came from the frontline; then Carvr and Frontlei said so",
    )
    assert found == [("Carvr", "PERSON", "Ruby Carver"), ("Frontlei", "PERSON", "Oona Frontlie")]


def test_a_listed_surname_near_a_registered_one_is_still_that_person():
    # a frequent word that is also a listed surname ("McKenzie" for "Mackenzie") stays linked
    found = _find([Entity("PERSON", "Isla Mackenzie")], "then McKenzie said so")
    assert found == [("McKenzie", "PERSON", "Isla Mackenzie")]


def test_registered_name_spelt_out_letter_by_letter():
    ent = [Entity("PERSON", "Morwenna Trelawny")]
    text = "it's T R E L A W N Y, or t. r. e. l. a. w. n. y, or M-O-R-W-E-N-N-A"
    found = [f[0] for f in _find(ent, text)]
    assert found == ["T R E L A W N Y", "t. r. e. l. a. w. n. y", "M-O-R-W-E-N-N-A"]
    # letters that spell something else, or a longer run holding the name, are not it
    assert _find(ent, "the G D P R and X T R E L A W N Y") == []


def test_an_organisations_initials_in_capitals():
    org = [Entity("ORG", "Strathallan Caledonian University")]
    assert _find(org, "The SCU ethics committee had to approve it.") == [
        ("SCU", "ORG", "Strathallan Caledonian University")
    ]
    assert _find(org, "the scu thing, a Scu") == []  # in capitals only
    assert _find([Entity("ORG", "Acme Trust")], "the AT team") == []  # two initials: too short


def test_an_acronym_of_the_fields_vocabulary_is_no_organisations_initials():
    org = [Entity("ORG", "Health and Social Care Partnership")]
    assert _find(org, "the HSCP met") == []


def test_an_ordinary_word_form_followed_by_a_number_is_a_numbered_thing():
    """A registered surname that is an ordinary word, followed by a number ("Ward 7", "Bay 12"),
    names a numbered place, not the person; the person alone or in full is still found."""
    team = [Entity("PERSON", "Morwenna Ward"), Entity("PERSON", "Tegan Bay")]
    text = "Ward 7 first, then Bay 12b. Ward said so, Morwenna Ward 3 too; at 7:30 Ward 7:30."
    found = [f[0] for f in _find(team, text)]
    assert found == ["Ward", "Morwenna Ward", "Ward"], found


def test_the_spelt_name_and_handle_shortcuts_find_what_the_whole_text_scans_find():
    """The spelt-name scan is skipped when the text's single-letter words cannot spell a
    registered name, and handles are found from the text's digit runs: on random texts of
    names spelt out (any case, a letter changed or dropped), letters, separators, digits and
    look-alikes the recognizer finds what it finds with the scan always run and the handles
    found by their own regular expression."""
    import random

    from conftest import random_texts

    from coprod.privacy.recognizers.text_index import TextIndex

    team = [
        Entity("PERSON", "Morwenna Trelawny"),
        Entity("PERSON", "Ian Gaia"),
        Entity("PERSON", "Ola Nowak"),
    ]
    fast, slow = RegisterRecognizer(team, Settings()), RegisterRecognizer(team, Settings())
    slow._may_spell = lambda index: True
    parts = [
        *"TRELAWNYtrelawnyGAIgaiNOWKnowk", "M-O-R-W-E-N-N-A", "g-a-i-a", "I", "a", "A", "ſ", "É", "é", "Ⅰ",
        "x1", "7", "42nd", "_9", "trelawny01", "9gaia", "٣", "Σ", "ς", "word", ".", ". ", "-", "@",
    ]  # fmt: skip
    rng = random.Random(24)
    noise = list(random_texts(parts, 24, 6, gaps=("", " ", " ", ". ", ".", "-")))
    spelt = 0
    for k, text in enumerate(noise):
        letters = list(rng.choice(["trelawny", "gaia", "nowak", "morwenna", "gdpr", "iaia"]))
        if rng.random() < 0.3:
            letters[rng.randrange(len(letters))] = rng.choice("aiIgxé")
        if rng.random() < 0.2:
            del letters[rng.randrange(len(letters))]
        letters = [c.upper() if rng.random() < 0.5 else c for c in letters]
        name = rng.choice([" ", ". ", ".", "-"]).join(letters)
        seen = view(
            text + rng.choice(["", " ", ", "]) + name + rng.choice(["", " ", ".", "x"]) + noise[k - 1]
        )
        want = slow.find(seen)
        assert fast.find(seen) == want, seen
        assert handles(seen, TextIndex(seen).digit_runs) == handles(seen), seen
        spelt += any(LETTERS_RE.fullmatch(seen[s.start : s.end]) for s in want)
    assert spelt > 300
