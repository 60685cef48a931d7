"""The context recognizer: unregistered names need positive evidence."""

from coprod.privacy.analyzer import Settings
from coprod.privacy.recognizers.context import ContextRecognizer


def _found(text):
    return {(text[s.start : s.end], s.type) for s in ContextRecognizer(Settings(), set()).find(text)}


def test_title_and_full_name():
    assert ("Mrs Pengelly", "PERSON") in _found("I spoke to Mrs Pengelly yesterday.")
    assert ("Morwenna Pengelly", "PERSON") in _found("I spoke to Morwenna Pengelly yesterday.")


def test_organisation_head_noun():
    assert ("Trevithick Community Hub", "ORG") in _found("We met at the Trevithick Community Hub on Monday.")


def test_ordinary_capitalised_words_are_kept():
    assert _found("Great. Well, on Monday our Data team was fine.") == set()


def test_title_then_initials_then_surname():
    assert _found("It was signed by Dr B.K. Tremenheere last year.") == {("Dr B.K. Tremenheere", "PERSON")}
    assert _found("Ask Mr W. P. Q. Carnsew about it.") == {("Mr W. P. Q. Carnsew", "PERSON")}
    assert ("Prof. T.R. Penhallow", "PERSON") in _found("A note from Prof. T.R. Penhallow's office.")


def test_initials_without_a_title_are_no_person():
    assert _found("We met at 9 a.m. and it was fine.") == set()


def test_honorifics_of_other_languages():
    assert _found("Our partner Frau Trewhella-Kessler came over.") == {("Frau Trewhella-Kessler", "PERSON")}
    assert ("Monsieur Polkinghorne", "PERSON") in _found("We thanked Monsieur Polkinghorne again.")
    assert ("Senora Treloar", "PERSON") in _found("We thanked Senora Treloar again.")
    assert ("Signora Angove", "PERSON") in _found("We thanked Signora Angove again.")
    # an honorific with no capitalised word after it names nobody
    assert _found("the herr and the frau were both words in the play") == set()


def test_medicine_shapes_are_no_places():
    text = "I was on Duloxetine, then Lisinopril and Atorvastatin, and Omeprazole for my stomach."
    assert _found(text) == set()
    assert _found("after a month on Quetiapine I slept") == set()


def test_medicine_brands_and_more_endings_are_no_places():
    assert _found("she takes Lipitor, Gabapentin and Paracetamol daily") == set()
    # a town of the lists with a medicine-like ending stays a place after a locative
    assert ("Corstorphine", "PLACE") in _found("we lived out in Corstorphine then")


def test_title_then_initials_without_dots():
    assert _found("It was signed by Dr B K Tremenheere.") == {("Dr B K Tremenheere", "PERSON")}


def test_rank_or_office_before_a_name():
    assert ("Admiral Tregarthen", "PERSON") in _found("He served under Admiral Tregarthen for a year.")
    assert ("Senator Ada Okafor", "PERSON") in _found("We wrote to Senator Ada Okafor about it.")
    assert ("Sergeant Penrose", "PERSON") in _found("Sergeant Penrose took the roll.")


def test_rank_before_an_ordinary_word_is_no_person():
    assert _found("They wrote to the Mayor's Office about the Inspector Report.") == set()
    assert _found("We read the Commander Handbook and the Captain Log.") == set()


def test_media_and_publishing_head_nouns():
    assert ("Tremorvah Media", "ORG") in _found("She produced it for Tremorvah Media that year.")
    assert ("Polgrean Podcasts", "ORG") in _found("It went out on Polgrean Podcasts in May.")


def test_natural_feature_head_nouns():
    assert ("Silver Creek", "PLACE") in _found("We fished at Silver Creek every summer.")
    assert ("Broad Canyon", "PLACE") in _found("They drove out to the Broad Canyon one year.")


def test_a_first_name_introduced_after_the_article_is_a_person():
    # "a Ken who/was": a person introduced, when the name is rare as an ordinary word
    assert _found("Our neighbour then was a Ken was a joiner by trade.") == {("Ken", "PERSON")}
    assert _found("There was a Sue who ran the office.") == {("Sue", "PERSON")}


def test_an_ordinary_word_after_the_article_stays_a_word():
    assert _found("Making a Will was hard for her.") == set()
    assert _found("It was a Mark who, no, a mark was left.") == set()
    assert _found("He said a Ken and left.") == set()


def test_a_clause_after_a_verb_of_saying_starts_with_a_word():
    # a verb of saying or thinking opens a clause: its first word may carry a capital as a
    # sentence start does, so an ordinary word that is also a first name needs a person cue
    assert _found("Her uncle always said Faith moves mountains.") == set()
    assert _found("I think Grace under pressure matters most.") == set()
    assert _found("Mum reckons Joy comes in the morning.") == set()
    # with a person cue after it, or where no clause follows, it is still a person
    assert ("Faith", "PERSON") in _found("Her uncle said Faith was coming round later.")
    assert ("Grace", "PERSON") in _found("'Come in,' said Grace.")
    assert ("Faith", "PERSON") in _found("We waited and Faith moves the chairs.")
    # a first name that is no ordinary word is a person after "said" as anywhere
    assert ("Tamsin", "PERSON") in _found("Then she said Tamsin sorts the rota.")


def test_a_dictionary_proper_noun_after_the_article_is_public():
    # a word a dictionary writes with a capital (an event, a public institution, an industry)
    # and that is no personal name or place names nothing private: "the Paralympics"
    assert _found("We all watched the Oscars together.") == set()
    assert _found("They briefed the Bundestag, then the Kremlin.") == set()
    # after a locative it may be a place no list holds: still a named thing
    assert ("Pyrenees", "NAME") in _found("They walked across the Pyrenees that summer.")
    assert ("Falklands", "NAME") in _found("He sailed out to the Falklands in the spring.")
    # a dictionary proper word that is also a personal name may be a place named after someone
    assert ("Freeman", "NAME") in _found("He goes to the Freeman, in the city, for that.")


def test_a_word_name_inside_a_title_cased_phrase_is_part_of_it():
    # an ordinary word that is also a first name, right after a capitalised ordinary word
    # mid-sentence, ends a title-cased phrase (a service, a channel), not a person
    assert _found("He joined the Coastal Navy after the war.") == set()
    assert _found("We watched it on the History Channel most nights.") == set()
    # a title or a first name before it, a comma between, or nothing capitalised: unchanged
    assert ("Uncle Frank", "PERSON") in _found("Then Uncle Frank came round with the dog.")
    assert ("Grace", "PERSON") in _found("I spoke to Grace yesterday.")
    assert ("Grace", "PERSON") in _found("I rang the Council, Grace answered.")
    assert ("Hope", "PERSON") in _found("We sat with Rose Hope and her sister.")
    # a role before the name, or a person cue after it: still a person
    assert ("Will", "PERSON") in _found("I talked to our Team Leader Will about the rota.")
    assert ("Grace", "PERSON") in _found("Then the Evening Grace said no to all of it.")


def test_a_person_cue_after_an_ambiguous_name_counts_only_in_its_sentence():
    """ "… in Ruby. Will it …": the next sentence (or the next turn of a joined batch) starts with
    a cue word ("will"); it says nothing of the word before the full stop."""
    assert _found("The scripts are in Ruby. Will it stay that way?") == set()
    assert _found("The scripts are in Ruby.\n\x00\nWill it stay that way?") == set()
    assert ("Ruby", "PERSON") in _found("The scripts are in Ruby will say.")

def test_stacked_titles_take_the_name_after_the_last_one():
    """ "Frau Dr. Anyname Anysurname": the second title is no name; the name after it is (invented)."""
    from coprod.privacy.analyzer import Analyzer, Settings

    analyzer = Analyzer([], Settings(languages=("de", "en")))
    for text, name in [
        ("Frau Dr. Hiltrud Quenzel-Brandt schrieb es.", "Frau Dr. Hiltrud Quenzel-Brandt"),
        ("Then Mrs Dr Quenzel came round.", "Mrs Dr Quenzel"),
    ]:
        spans = analyzer.find(text)
        assert [text[s.start : s.end] for s in spans if s.type == "PERSON"] == [name]
