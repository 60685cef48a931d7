"""The offline coding assistant: learns from human codings, says when it cannot, scores the unit the
humans coded (short turns too), runs offline and byte-deterministically, exports as its own coder."""

from __future__ import annotations

import hashlib
import math
import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from coprod.assistant import (
    ASSISTANT,
    Assistant,
    UnitError,
    assist,
    assistant_codings,
    group_folds,
    rule_hits,
    unit_table,
)
from coprod.coding import load_codebook
from coprod.human import refiqda_codings
from coprod.refiqda import read_qdpx, write_qdpx
from coprod.tables import write_tsv

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"min_positive": 5, "folds": 4, "seed": 7}

# Invented turns. 'lived_experience' is coded by the humans on turns about allotments, a word no
# keyword rule of the codebook knows; 'tokenism' has only two human positives.
GARDEN = [
    "the allotment group grew vegetables together every week",
    "we met at the allotment and planned the next planting season",
    "our allotment committee chose which seeds to order",
    "at the allotment people shared tools and swapped produce",
]
PLAIN = [
    "the meeting ran late on the Tuesday afternoon",
    "there was a form to fill in before the review",
    "the report went to the board in the spring",
    "the building had a new reception desk installed",
    "we used a different room after the refurbishment",
    "the minutes were circulated by email afterwards",
]


def corpus(n_transcripts: int = 8):
    docs, codings, sample = [], [], []
    for t in range(n_transcripts):
        tid = f"t{t + 1:02d}"
        texts = [GARDEN[t % 4], PLAIN[t % 6], PLAIN[(t + 1) % 6], "Yes.", GARDEN[(t + 2) % 4] + " again"]
        turns = []
        for k, text in enumerate(texts):
            turns.append({"role": "interviewer", "text": "And then?", "speaker": "I", "order": 2 * k + 1})
            turns.append({"role": "participant", "text": text, "speaker": "P", "order": 2 * k + 2})
        docs.append({"id": tid, "turns": turns})
        for n, text in enumerate(texts, start=1):
            sample.append((tid, n))
            for coder in ("A", "B"):
                if "allotment" in text:
                    codings.append((tid, n, "lived_experience", coder))
                if text == "Yes." and t < 2:  # short turns coded too: 2 positives only
                    codings.append((tid, n, "tokenism", coder))
    codings = pd.DataFrame(codings, columns=["transcript_id", "turn_index", "code", "coder"])
    sample = pd.DataFrame(sample, columns=["transcript_id", "turn_index"])
    return docs, codings, sample


def run(docs, codings, sample, settings=SETTINGS):
    codebook, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    return assist(unit_table(docs), codebook, codes, codings, sample, ["A", "B"], "all", settings)


@pytest.fixture(scope="module")
def result():
    return run(*corpus())


def test_learns_a_code_the_rules_cannot_see(result):
    row = result["per_code"].set_index("code").loc["lived_experience"]
    assert row.positives == 16 and row.status == "learned" and row.method != "rules"
    assert row.kappa_assistant == pytest.approx(1.0)
    assert row.kappa_rules < 0.5
    assert row.alpha_humans == pytest.approx(1.0)
    s = result["suggestions"]
    hit = s[(s.code == "lived_experience") & (s.suggested == 1)]
    assert len(hit) == 16 and hit.score.min() > 0.5


def test_a_code_with_too_few_human_positives_says_so(result):
    row = result["per_code"].set_index("code").loc["tokenism"]
    assert row.positives == 2 and row.method == "rules"
    assert row.status.startswith("too few human positives (2 < 5)")
    assert math.isnan(row.kappa_assistant)
    assert "| Tokenism | 2 | too few positives |" in result["table"]
    n = result["manuscript"]["numbers"]
    assert n["codes_too_few_positives"] == 19 and n["codes_learned"] == 1
    conditions = [s["condition"] for s in result["manuscript"]["sentences"]]
    assert conditions == ["at least one code learned", "some codes below min_positive", "always"]


def test_short_turns_are_units_and_are_scored(result):
    s = result["suggestions"]
    short = s[(s.transcript_id == "t01") & (s.turn_index == 4)]
    assert len(short) == 20  # every code scored on the one-word turn
    assert result["manuscript"]["numbers"]["units_scored"] == 40
    assert result["manuscript"]["numbers"]["units_coded"] == 40


def test_folds_keep_transcripts_whole_and_are_seeded():
    groups = [f"t{i % 7}" for i in range(50)]
    a, b = group_folds(groups, 3, 5), group_folds(groups, 3, 5)
    assert (a == b).all() and set(a) == {0, 1, 2}
    for g in set(groups):
        assert len({f for f, h in zip(a, groups, strict=True) if h == g}) == 1


def test_rules_are_applied_to_the_whole_unit():
    _, codes = load_codebook(ROOT / "config" / "codebook.yaml")
    hits = rule_hits(["It is a woolly word, a buzzword.", "Nothing here."], codes)
    j = [c.id for c in codes].index("woolly_word")
    assert hits[:, j].tolist() == [1, 0] and hits[1].sum() == 0


def test_selection_prefers_the_rules_when_they_are_as_good():
    texts = [f"woolly buzzword item {i}" if i % 2 else f"plain item {i}" for i in range(40)]
    y = np.array([[i % 2] for i in range(40)], dtype=np.int8)
    rules = y.copy()
    a = Assistant(["c"], {}, min_positive=5, folds=4, seed=1)
    (choice,) = a.select(texts, [f"t{i % 8}" for i in range(40)], y, rules)
    assert choice.method == "rules" and choice.kappa["rules"] == 1.0


def test_unit_not_in_the_corpus_is_refused_without_text():
    docs, codings, sample = corpus(4)
    sample = pd.concat([sample, pd.DataFrame({"transcript_id": ["t01"], "turn_index": [99]})])
    with pytest.raises(UnitError, match="t01 turn 99 is not a participant turn"):
        run(docs, codings, sample)


def _write(result, out: Path) -> dict[str, str]:
    out.mkdir()
    write_tsv(result["suggestions"], out / "assistant.tsv")
    write_tsv(result["per_code"], out / "assistant_per_code.tsv")
    (out / "m.yml").write_text(yaml.safe_dump(result["manuscript"], sort_keys=False, allow_unicode=True))
    (out / "t.md").write_text(result["table"])
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_offline_and_byte_identical(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    docs, codings, sample = corpus()
    first = _write(run(docs, codings, sample), tmp_path / "a")
    second = _write(run(docs, codings, sample), tmp_path / "b")
    assert first == second and len(first) == 4
    with pytest.raises(OSError):
        socket.socket()


def test_suggestions_become_a_separate_coder_in_the_project(result, tmp_path):
    docs, _, _ = corpus(1)
    sug = result["suggestions"][result["suggestions"].transcript_id == "t01"]
    as_coder = assistant_codings(sug)
    assert set(as_coder.coder) == {ASSISTANT} and len(as_coder) == int(sug.suggested.sum())
    text, segs, offset = "", [], 0
    for turn in docs[0]["turns"]:
        if turn["role"] == "participant":
            n = sum(
                1 for t in docs[0]["turns"][: docs[0]["turns"].index(turn) + 1] if t["role"] == "participant"
            )
            segs.append(("t01", n, offset, offset + len(turn["text"]), f"t01_{turn['order']:04d}"))
        text += turn["text"] + "\n"
        offset = len(text)
    segments = pd.DataFrame(segs, columns=["transcript_id", "turn_index", "start", "end", "segment_id"])
    empty = pd.DataFrame(columns=["segment_id", "code_id"])
    codings = refiqda_codings(empty, segments, as_coder)
    codebook, _ = load_codebook(ROOT / "config" / "codebook.yaml")
    path = tmp_path / "p.qdpx"
    write_qdpx(path, {"t01": text}, codebook, codings, ["rules", ASSISTANT], "test", epoch=0)
    _, back = read_qdpx(path)
    got = {(c["coder"], c["code"], text[c["start"] : c["end"]]) for c in back}
    assert ("assistant", "lived_experience", GARDEN[0]) in got
    assert {c["coder"] for c in back} == {ASSISTANT}


def test_a_rare_code_is_learned_by_the_shared_neighbour_model():
    # 'a' and 'b' have many positives; 'c' only 4 (< min_positive), on turns sharing their words.
    # The shared model learns from a and b that a turn close to a code's positives carries it.
    texts, groups, y = [], [], []
    for i in range(64):
        kind = i % 8
        texts.append(
            {
                0: f"the allotment garden grew beans and peas {i}",
                1: f"the choir sang hymns together on sunday {i}",
                2: f"the ferry crossing to the harbour was rough {i}",
            }.get(kind if kind != 2 or i < 32 else 7, f"the meeting room was booked for noon {i}")
        )
        groups.append(f"t{(i // 2) % 16}")  # the four 'c' turns are in four transcripts
        y.append([int(kind == 0), int(kind == 1), int(kind == 2 and i < 32)])
    y = np.array(y, dtype=np.int8)
    rules = np.zeros_like(y)
    a = Assistant(["a", "b", "c"], {}, min_positive=5, folds=4, seed=3)
    choices = a.select(texts, groups, y, rules)
    c = choices[2]
    assert c.positives == 4 and c.method.startswith("neighbours@")
    assert c.status.startswith("few human positives (4 < 5): the shared neighbour model")
    a.fit(texts, y)
    new = ["a rough ferry crossing into the harbour", "the meeting room was booked again"]
    scores, suggested = a.score(new, np.zeros((2, 3), dtype=np.int8))
    assert suggested[:, 2].tolist() == [True, False]
    assert scores[0, 2] > scores[1, 2]
