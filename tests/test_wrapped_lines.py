"""Detection across a speaker's wrapped lines: a name or number said across a line break is
found whole and cut back per turn (invented text)."""

from coprod.ingest import Transcript, Turn
from coprod.privacy.analyzer import Analyzer, Settings
from coprod.privacy.deidentify import PseudonymKey, deidentify_transcripts
from coprod.privacy.detectors import Span
from coprod.privacy.wrapped_lines import find_turns, runs, split_spans


def test_runs_join_a_speaker_until_a_sentence_end_or_a_new_speaker():
    speakers = ["A", "A", "A", "B", "B", "A"]
    texts = ["i was born in nineteen", "twenty four and then", "we moved.", "so you", "moved", "yes"]
    assert runs(speakers, texts) == [[0, 1, 2], [3, 4], [5]]
    assert runs(["A", "A"], ["Did you?", "yes"]) == [[0], [1]]
    assert runs(["A", "A"], ['he said "go."', "then"]) == [[0], [1]]


def test_a_span_across_the_break_is_cut_into_one_part_per_turn():
    texts = ["born in nineteen", "twenty four and"]
    # joined: "born in nineteen twenty four and"; the year is 8..28
    parts = split_spans([[0, 1]], texts, [[Span(8, 28, "DATE", "Year", "date:year-words", 0.9)]])
    assert [[(texts[k][s.start : s.end], s.canonical) for s in p] for k, p in enumerate(parts)] == [
        [("nineteen", "Year")],
        [("twenty four", "Year")],
    ]


def test_find_turns_reads_a_year_said_across_the_line_break():
    analyzer = Analyzer([], Settings(date_mode="all"))
    texts = ["and my sister was born the ninth of june nineteen", "thirty one in a rented flat"]
    found = find_turns(analyzer, ["P", "P"], texts, [])
    assert [texts[1][s.start : s.end] for s in found[1]] == ["thirty one"]
    # read apart (another speaker), the second line's number is no year
    apart = find_turns(analyzer, ["P", "Q"], texts, [])
    assert apart[1] == []


def test_deidentify_replaces_both_halves_and_keeps_the_turns():
    lines = ["my sister was born the ninth of june nineteen", "thirty one in a rented flat"]
    turns = [Turn(speaker="Participant", role="participant", text=x, order=k) for k, x in enumerate(lines)]
    t = Transcript(id="t001", source="", format="txt", encoding="utf-8", turns=turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings(date_mode="all"))
    out = [u["text"] for u in docs[0]["turns"]]
    assert len(out) == 2
    assert "nineteen" not in out[0] and "thirty one" not in out[1]
    assert out[1].endswith("in a rented flat")


def test_an_ordinary_word_alone_on_its_side_of_the_break_is_left():
    from coprod.privacy.reference import REFERENCE_DIR, ordinary_words

    texts = ["we were marched to brackwater", "barracks for a week"]
    span = Span(19, 38, "ORG", "brackwater barracks", "test", 0.8)  # in the joined text
    parts = split_spans([[0, 1]], texts, [[span]], ordinary_words(("en",), str(REFERENCE_DIR)))
    assert [texts[0][s.start : s.end] for s in parts[0]] == ["brackwater"]
    assert parts[1] == []
