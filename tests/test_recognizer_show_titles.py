"""Titles after a presenter's cue: a show, an event or a venue the speaker hosts."""

from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.recognizers import REGISTRY, ShowTitleRecognizer
from coprod.privacy.reference import ordinary_words


def _found(text):
    rec = ShowTitleRecognizer(Settings(), ordinary_words(("en",)))
    return [(text[s.start : s.end], s.type) for s in rec.find(text)]


def test_registered():
    assert ShowTitleRecognizer in REGISTRY


def test_title_of_ordinary_words_after_the_cue():
    text = "Welcome to The Kept and the Lost, our weekly show on harbours."
    assert _found(text) == [("The Kept and the Lost", "NAME")]
    assert _found("you're listening to Over the Quay with me") == [("Over the Quay", "NAME")]


def test_one_word_title_only_when_it_is_no_ordinary_word():
    assert _found("Welcome to Trevassack, everyone.") == [("Trevassack", "NAME")]
    assert _found("Welcome to Zoom, can you hear me?") == []
    assert _found("Welcome to Tuesday. Welcome to Home.") == []


def test_lower_case_after_the_cue_is_nothing():
    assert _found("welcome to the interview and thanks for coming") == []


def test_the_title_is_replaced_elsewhere_in_the_text_too():
    from coprod.ingest import Transcript, Turn
    from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts

    lines = [
        "Welcome to The Kept and the Lost, our weekly show.",
        "Thanks for listening to The Kept and the Lost.",
    ]
    turns = [Turn(speaker="Host", role="participant", text=t, order=k) for k, t in enumerate(lines)]
    t = Transcript(id="t001", source="", format="txt", encoding="utf-8", turns=turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings())
    out = [u["text"] for u in docs[0]["turns"]]
    assert all("Kept" not in x for x in out), out


def test_the_analyzer_keeps_a_stronger_type():
    text = "Welcome to Penzance, the town by the sea."
    found = [(text[s.start : s.end], s.type) for s in Analyzer([]).find(text)]
    assert found == [("Penzance", "PLACE")]


def test_sign_off_cue():
    assert _found("Thank you for listening to The Kept and The Lost.") == [("The Kept and The Lost", "NAME")]
    assert _found("Thanks for listening to me, it helped.") == []


def test_episode_of_a_show():
    assert _found("There was an episode of The Harbour Hour on it.") == [("The Harbour Hour", "NAME")]
    assert _found("I watched an episode of Friends last night.") == []
