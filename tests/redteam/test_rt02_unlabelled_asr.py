"""Issue 24, class 2: unlabelled ASR text, single-speaker files, `Speaker N:` labels and
.vtt cues starting `[First Last]:` or `SPEAKER_00:` must be ingested (not refused) and the
names inside replaced."""

from __future__ import annotations

import pytest
from rt_common import assert_absent, deidentify, ingest, roles, write_register

pytestmark = pytest.mark.redteam

NAME = "Catriona Mowbray"
PLANTED = ["Catriona", "Mowbray"]


def _check(tmp_path, name, content, register=True):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_text(content, encoding="utf-8")
    doc = ingest(tmp_path, raw / name)
    assert doc["turns"], "no turns read"
    text = " ".join(t["text"] for t in doc["turns"])
    assert "day centre" in text, "transcript text was lost at ingest"
    reg = write_register(tmp_path / "register.yaml", people=[NAME]) if register else None
    _, out = deidentify(tmp_path, {name: content}, register=reg)
    assert "day centre" in out
    assert_absent(out, PLANTED)
    return doc, out


@pytest.mark.redteam
def test_unlabelled_lowercase_asr_text(tmp_path):
    content = (
        "so yeah i mean when we started the day centre review catriona mowbray was the one "
        "who pulled everyone together and um she basically said look we have to ask the carers "
        "first and mowbray kept saying that in every meeting so yeah that was how it went\n"
    )
    _check(tmp_path, "asr.txt", content)


@pytest.mark.redteam
def test_single_speaker_monologue_without_labels(tmp_path):
    content = (
        "I have worked in the partnership for six years now.\n\n"
        "When the day centre closed, Catriona Mowbray and I set up the carers' forum instead.\n\n"
        "Catriona still runs it on Thursdays, and it has kept going through everything.\n"
    )
    doc, _ = _check(tmp_path, "mono.txt", content)
    assert all(t["role"] == "participant" for t in doc["turns"]), roles(doc)


@pytest.mark.redteam
def test_speaker_n_labels(tmp_path):
    content = (
        "Speaker 1: Can you tell me how the day centre changed?\n"
        "Speaker 2: After the review, Catriona Mowbray took over and everything got slower.\n"
        "Speaker 1: Slower how?\n"
        "Speaker 2: Every decision went through Mowbray, even the rota.\n"
    )
    doc, _ = _check(tmp_path, "spk.txt", content)
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    assert len(roles(doc)) == 2


@pytest.mark.redteam
def test_vtt_cues_with_bracketed_name_prefix(tmp_path):
    content = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n[Catriona Mowbray]: Shall we start with the day centre?\n\n"
        "00:00:04.500 --> 00:00:09.000\n[Hamish Dowrie]: Sure, it reopened last spring after the review.\n\n"
        "00:00:09.500 --> 00:00:12.000\n[Catriona Mowbray]: And who led that?\n\n"
    )
    doc, out = _check(tmp_path, "br.vtt", content)
    assert len(doc["turns"]) == 3, [t["speaker"] for t in doc["turns"]]
    assert_absent(out, ["Hamish", "Dowrie"])


@pytest.mark.redteam
def test_vtt_cues_with_diarisation_labels(tmp_path):
    content = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\nSPEAKER_00: Tell me about the day centre.\n\n"
        "00:00:04.500 --> 00:00:09.000\nSPEAKER_01: Catriona Mowbray ran it until the merger.\n\n"
        "00:00:09.500 --> 00:00:12.000\nSPEAKER_00: What happened then?\n\n"
        "00:00:12.500 --> 00:00:15.000\nSPEAKER_01: Mowbray moved to the council side.\n\n"
    )
    doc, _ = _check(tmp_path, "diar.vtt", content)
    assert len(doc["turns"]) == 4, [t["speaker"] for t in doc["turns"]]
    assert len(roles(doc)) == 2
