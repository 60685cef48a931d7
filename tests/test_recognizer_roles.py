"""Speaker-role labels are never replaced, also mis-typed; the allow-list wins for labels."""

from coprod.ingest import Transcript, Turn
from coprod.privacy.corpus_rules import is_role_label
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts


def test_role_labels_with_numbers_letters_and_typos():
    for label in (
        "Interviewer",
        "Interviewee",
        "Therapist 2",
        "Client B",
        "Speaker 27",
        "Thearpist",
        "Intervieweee",
    ):
        assert is_role_label(label), label
    for label in ("Morwenna", "Dr Pengelly", "Tamsin Roe"):
        assert not is_role_label(label), label


def test_role_labels_survive_in_labels_and_text():
    turns = [
        Turn("Therapist", "interviewer", "And how did the Client feel?", 0),
        Turn("Clinet", "participant", "I told Morwenna Pengelly, the Therapist knows.", 1),
        Turn("Kernow Lead", "participant", "Fine.", 2),
    ]
    t = Transcript("t001", "", "txt", "utf-8", turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), Settings(allow=("Kernow Lead",)))
    out = docs[0]["turns"]
    assert [u["speaker"] for u in out] == ["Therapist", "Clinet", "Kernow Lead"]
    assert out[0]["text"] == "And how did the Client feel?"
    assert "Morwenna" not in out[1]["text"] and "the Therapist knows" in out[1]["text"]


def test_role_word_typos_mid_sentence_are_kept():
    from coprod.privacy.analyzer import Analyzer

    text = "The Interveiwer and the Facilitater said the Respondant and the Therapsit could go."
    assert Analyzer([]).find(text) == []
    # a listed first name one letter from a role word is still a name
    other = "I met Clint there."
    assert [other[s.start : s.end] for s in Analyzer([]).find(other)] == ["Clint"]
