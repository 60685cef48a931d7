"""A word said the way a software tool's name is said is a tool, not a name
(`coprod.privacy.recognizers.tool_frames`); the same word with person words is still a person.
Every tool name here is invented or a listed first name used as one."""

import pytest

from coprod.privacy.analyzer import Analyzer, Settings

ANALYZER = Analyzer([], Settings())


def _found(text):
    return [(text[s.start : s.end], s.type) for s in ANALYZER.find(text)]


def _words(text):
    return [w for w, _ in _found(text)]


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        # a version number after it
        ("We pinned Florian 0.110 because the next release broke the themes.", "Florian"),
        # a noun for a piece of software after it, the same form kept at its other mention
        ("The Zorbalt plugins run at night, and everything lands in Zorbalt by six.", "Zorbalt"),
        ("I had to rewrite the Florian config twice last week.", "Florian"),
        # a verb of writing code, then "in"
        ("Most of the scheduler is written in Florian these days.", "Florian"),
        # a passive of building with it as the instrument
        ("Our help pages are built with Florian and pushed on every merge.", "Florian"),
        ("The reports are now generated with Florian overnight.", "Florian"),
        # an apposition whose head is a noun for software or a technology term
        ("Everything goes through Zorbalt, our in-house ETL, before the warehouse.", "Zorbalt"),
        ("It all sits in Zorbalt, the old scheduler.", "Zorbalt"),
        # the predicate of a copula whose subject is a piece of software
        ("Half the backend is still Florian, the rest moved on.", "Florian"),
        ("Unit tests are Florian, integration tests are something else.", "Florian"),
        # the object of a verb whose object is software, or the second of such a coordination
        ("We upgraded Florian last month and nothing broke.", "Florian"),
        ("We self-host Grafana and Florian for the metrics.", "Florian"),
        # what a piece of software runs on
        ("Our CI runs on Zorbalt, and the builds are slow.", "Zorbalt"),
        ("Auth is Zorbalt over SAML these days.", "Zorbalt"),
        # a listed product that is also a first name, "into" it after a verb of moving data
        ("Events go into Cassandra, and nothing reads them for a day.", "Cassandra"),
    ],
)
def test_a_word_in_a_tool_frame_is_no_name(text, tool):
    assert tool not in _words(text), _found(text)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # the reverted rule's case: built with someone, and a pronoun points back to a person
        ("We built the shed with Florian and his brother.", "Florian"),
        ("It was built with Florian and his brother over a weekend.", "Florian"),
        # a verb of saying anywhere in the text keeps the form a person everywhere
        ("Florian said the docs are built with Florian anyway.", "Florian"),
        # an addressing or meeting word before it
        ("I asked Florian whether the jobs were done.", "Florian"),
        # a kin or people word in an apposition, or after its possessive
        ("It sits with Florian, my colleague, and the backend is still Florian.", "Florian"),
        ("Florian's brother says the Florian plugins are fine.", "Florian"),
        # no software noun: a client's job, a template someone made
        ("We finished the Zorbalt job on Friday.", "Zorbalt"),
        # a time or a date after the name is no version
        ("I saw Florian 10.30 on the Monday, and Florian 3.5.2020 before that.", "Florian"),
        # "ran into" meets a person, even one whose name is a listed product
        ("I ran into Cassandra, and we had a coffee.", "Cassandra"),
        # staff are deployed and guests hosted: no software verb
        ("We hosted Florian and her family for a week.", "Florian"),
        ("The ward runs on Zorbalt and his team.", "Zorbalt"),
        # a listed technology acronym that is also a person's role heads the apposition
        ("It sits with Florian, our GP, and the rest is paper.", "Florian"),
        ("The GP runs on Florian and the receptionist.", "Florian"),
        # a person noun heads the subject of the copula: a person
        ("The site manager is Florian, he is new.", "Florian"),
    ],
)
def test_person_words_keep_a_person(text, person):
    assert person in _words(text), _found(text)


def test_plain_mentions_without_a_frame_stay_names():
    """No frame at all: the filter does nothing (the neutral or person reading stands)."""
    assert "Zorbalt" in _words("We went over to see Zorbalt on the Friday.")


def test_no_candidate_spans_return_the_same_list():
    from coprod.privacy.recognizers.tool_frames import ToolFrameFilter

    f = ToolFrameFilter(Settings(), ANALYZER.names)
    spans = []
    assert f.filter(spans, "Nothing here at all.") is spans
