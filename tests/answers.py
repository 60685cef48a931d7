"""Shared by the recognizer tests: invented answers as a corpus of one-turn transcripts, and
what de-identification (empty register, default settings) replaces in them."""

from coprod.ingest import Transcript, Turn
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts


def one_turn_corpus(*answers: str) -> list[Transcript]:
    """One transcript per answer, each a single participant turn."""
    return [
        Transcript(
            id=f"t{k:03d}", source="", format="txt", encoding="utf-8",
            turns=[Turn(speaker="Participant", role="participant", text=a, order=0)],
        )
        for k, a in enumerate(answers)
    ]  # fmt: skip


def replaced(*answers: str) -> list[str]:
    """The original text of every replacement made in the answers' text."""
    _, log = deidentify_transcripts(one_turn_corpus(*answers), [], PseudonymKey(), Settings())
    return [r.original for r in log if r.field == "text"]
