"""Evidence against a name from its frame: a festival after a time word, an eponymous condition's
possessive short form, an assessment's eponym ("the Anyname scale")."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.detectors import Span
from coprod.privacy.recognizers.usage_frames import UsageFrameFilter

ANALYZER = Analyzer([], Settings())
FILTER = UsageFrameFilter(Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


def _kept(text, word, type_="PERSON", detector="names:first-name"):
    start = text.index(word)
    span = Span(start, start + len(word), type_, word, detector, 0.8)
    return FILTER.filter([span], text) == []


def test_a_festival_after_a_time_word_is_a_time():
    assert _kept("During Ramadan I stop the sessions.", "Ramadan")
    assert _kept("We go home over Diwali.", "Diwali")


def test_a_festival_word_alone_is_the_festival_but_not_with_a_title_or_surname():
    assert _kept("Ramadan was hard, fasting and all.", "Ramadan")
    assert _found("Mr Ramadan came round.") == [("Mr Ramadan", "PERSON")]
    assert _found("Tariq Ramadan wrote it.") == [("Tariq Ramadan", "PERSON")]
    # a gazetteer's finding needs the time word
    assert not _kept("We drove to Easter then.", "Easter", "PLACE", "world-place")
    assert _kept("We drove home at Easter then.", "Easter", "PLACE", "world-place")


def test_the_possessive_short_form_of_a_listed_condition_is_no_person():
    assert _kept("Her Hashimoto's makes her tired.", "Hashimoto's", "NAME", "context:proper-noun")
    # a possessive no eponymous term lists is still a name
    assert not _kept("Her Zorvex's car broke.", "Zorvex's", "NAME", "context:proper-noun")


def test_the_eponym_of_a_scale_after_the_is_no_person():
    assert _kept("The psychiatrist used the Hamilton scale.", "Hamilton")
    assert _kept("They went by the Zorvex criteria.", "Zorvex", "NAME", "context:proper-noun")
    # no article, or another noun after it: a person
    assert not _kept("Hamilton scaled the wall.", "Hamilton")
    assert not _kept("I saw the Hamilton family.", "Hamilton")


def test_a_report_named_after_who_led_it_is_no_person():
    assert _kept("After the Tolliver report the wards changed.", "Tolliver")
    assert _kept("The Quarrendon inquiry took years.", "Quarrendon", "NAME", "context:proper-noun")
    # the person's own report takes the possessive; without "the" the word may be the person
    assert not _kept("I read Tolliver's report.", "Tolliver's")
    assert not _kept("Tolliver reported it to me.", "Tolliver")


def test_a_numbered_thing_is_no_town():
    assert _kept("They put her on Bay 4 for the night.", "Bay", "PLACE", "world-place:locative")
    assert _kept("He was in Room 12.", "Room", "PLACE", "world-place:locative")
    # a unit after the number: the town, then a count
    assert not _kept("She works in Bay 3 days a week.", "Bay", "PLACE", "world-place:locative")
    # a word no dictionary holds is the town's name whatever follows
    assert not _kept("He moved to Quarrendon 2 years ago.", "Quarrendon", "PLACE", "world-place")


def test_register_entries_are_never_released():
    assert not _kept("During Ramadan I stop.", "Ramadan", detector="register")


def test_in_the_analyzer():
    text = "The psychiatrist used the Hamilton scale and then we met Hamilton."
    # the scale's eponym is kept, the person met later is still replaced
    assert [(s.start, text[s.start : s.end]) for s in ANALYZER.find(text)] == [
        (text.rindex("Hamilton"), "Hamilton")
    ]
    assert _found("During Ramadan I stop the sessions.") == []


def test_a_study_language_holiday_as_written_is_the_holiday():
    french = UsageFrameFilter(Settings(languages=("en", "fr")))
    text = "Entre Noël et la Toussaint, then Noel said hello."
    spans = [
        Span(text.index("Noël"), text.index("Noël") + 4, "PERSON", "Noël", "context:ambiguous-name", 0.8),
        Span(text.index("Noel"), text.index("Noel") + 4, "PERSON", "Noel", "context:ambiguous-name", 0.8),
    ]
    # the accented form is the French holiday; the English first name is still a person
    assert [text[s.start : s.end] for s in french.filter(spans, text)] == ["Noel"]
    # without French among the study's languages the list is not read
    assert [text[s.start : s.end] for s in FILTER.filter(spans, text)] == ["Noël", "Noel"]
