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
from sklearn.feature_extraction.text import TfidfVectorizer

from coprod.assistant import (
    LABEL_CHANNELS,
    RELATIVE,
    RULE_HIT,
    SHARED,
    SHARED_FEATURES,
    Assistant,
    Choice,
    Similarity,
    UnitError,
    analyzer,
    assist,
    codebook_parts,
    coder_ratings,
    exclusive_pairs,
    fill_empty,
    group_folds,
    kappa_each,
    keep_exclusive,
    negates,
    neighbour_features,
    polarity,
    rule_hits,
    unit_table,
    with_rules,
)
from coprod.coding import load_codebook
from coprod.human import ASSISTANT, assistant_codings, refiqda_codings
from coprod.refiqda import read_qdpx, write_qdpx
from coprod.reliability import cohen_kappa
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
    # the shipped setting deals the transcripts into folds twice: byte-identical too
    twice = {**SETTINGS, "repeats": 2}
    third = _write(run(docs, codings, sample, twice), tmp_path / "c")
    assert third == _write(run(docs, codings, sample, twice), tmp_path / "d")
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


def _rare_code_corpus(unused_code: bool = False):
    """64 turns: 'a' and 'b' with many positives, 'c' with only 4 (< min_positive) on turns
    sharing their words (in four transcripts); with `unused_code`, a code 'd' no coder used."""
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
        groups.append(f"t{(i // 2) % 16}")
        y.append([int(kind == 0), int(kind == 1), int(kind == 2 and i < 32)] + [0] * unused_code)
    return texts, groups, np.array(y, dtype=np.int8)


def test_a_rare_code_is_learned_by_the_shared_neighbour_model():
    # The shared model learns from a and b that a turn close to a code's positives carries it.
    texts, groups, y = _rare_code_corpus()
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


def test_fill_empty_gives_a_unit_without_suggestion_its_top_in_scope_code():
    decided = np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 0]], dtype=bool)
    rank = np.array([[0.2, 0.9, 0.4], [0.8, 0.1, 0.0], [0.3, 0.6, 0.5], [0.1, 0.1, 0.1]])
    scope = np.array([[1, 1, 1], [1, 1, 1], [1, 0, 1], [0, 0, 0]], dtype=bool)
    out = fill_empty(decided, rank, scope)
    # unit 0: its best code; unit 1 keeps its own; unit 2: the best in scope (not the 0.6 outside);
    # unit 3 has no code in scope and stays empty
    assert out.astype(int).tolist() == [[0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]]
    assert not decided[0].any()  # the input is not changed


def test_codes_of_one_unit_compete_in_the_shared_features():
    sim = np.array([[0.9, 0.1, 0.5], [0.2, 0.8, 0.1]])  # 2 query units × 3 training units
    y_train = np.array([[1, 0], [0, 1], [0, 0]], dtype=np.int8)
    scope_train = np.ones((3, 2), dtype=bool)
    scope_query = np.array([[1, 1], [1, 0]], dtype=bool)
    label = np.zeros((2, 2, LABEL_CHANNELS))
    f = neighbour_features(sim, label, y_train, scope_train, scope_query, np.zeros((2, 2), dtype=np.int8))
    assert f.shape == (2, 2, SHARED_FEATURES)
    assert f[0, :, 0].tolist() == [0.9, 0.1]  # highest similarity to a positive
    rel = 6 + LABEL_CHANNELS + 2 * RELATIVE.index(0)  # feature 0 relative to the unit's best code
    assert f[0, :, rel].tolist() == [0.0, pytest.approx(-0.8)]  # minus the unit's best code's
    assert f[0, :, rel + 1].tolist() == [1.0, 0.0]  # code a is the unit's best
    assert f[1, 1].tolist() == [0.0] * SHARED_FEATURES  # out of scope: nothing
    assert f[1, 0, rel + 1] == 1.0  # the only code in scope is the best


def test_label_coverage_sees_a_short_label_inside_a_long_unit():
    long = "we talked about many things that week and the allotment came up near the end of it all"
    docs = [long, "the meeting ran late", "allotment"]
    sv = Similarity(TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit(docs), docs)
    lab = sv.label_features(sv.matrix([long, "the meeting ran late"]), ["allotment", "choir"])
    assert lab.shape == (2, 2, 2)
    assert lab[0, 0, 1] == pytest.approx(1.0) and lab[0, 0, 0] < 0.5  # covered, low cosine
    assert lab[1, 0, 1] < 0.5 and lab[:, 1, 1].tolist() == [0.0, 0.0]


def test_a_unit_matching_one_part_of_a_long_codebook_entry_scores_high_on_that_part():
    # a code covering several distinct things (its sub-codes): a unit about one of them is close to
    # that part, though far from the whole entry
    parts = [
        ["garden plots", "the bus timetable changed", "library opening hours", "parking at the surgery"],
        ["weather"],
    ]
    unit = "the bus timetable changed again last spring"
    docs = [unit, "it rained all week", *[p for ps in parts for p in ps]]
    sv = Similarity(TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit(docs), docs)
    m = sv.matrix([unit, "it rained all week"])
    whole = sv.label_features(m, [" ".join(ps) for ps in parts])
    best = sv.part_features(m, [*parts, []])
    assert best.shape == (2, 3, 2)
    assert best[0, 0, 0] > 0.6 > 0.4 > whole[0, 0, 0]  # the matching part, not the diluted whole
    assert best[0, 0, 1] == pytest.approx(1.0) and whole[0, 0, 1] < 0.5  # all of that part's terms
    assert best[1, 0, 0] < 0.1  # the other unit is near no part
    assert best[:, 2].tolist() == [[0.0, 0.0], [0.0, 0.0]]  # a code with no part: nothing


def test_codebook_parts_are_the_entry_statements_separately():
    book = {
        "themes": [
            {
                "codes": [
                    {
                        "id": "c1",
                        "label": "Travel",
                        "definition": "Getting to the place.",
                        "example": "first example line\nsecond example line",
                        "keywords": ["bus*", {"term": "train"}],
                    },
                    {"id": "c2", "label": "Food"},
                ]
            }
        ]
    }
    assert codebook_parts(book) == {
        "c1": ["Travel", "Getting to the place.", "first example line", "second example line", "bus train"],
        "c2": ["Food"],
    }


def test_the_rule_hit_is_the_only_shared_feature_that_reads_the_rules():
    # what the assistant's cache keeps without the rules (coprod.assistant_cache.Memo) plus the
    # rule hits set afterwards is exactly what the shared features are with them
    rng = np.random.default_rng(3)
    sim, lab = rng.random((4, 6)), rng.random((4, 3, LABEL_CHANNELS))
    y_train = rng.integers(0, 2, (6, 3))
    scope_train = np.ones((6, 3), dtype=bool)
    scope = np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]], dtype=bool)
    rules = rng.integers(0, 2, (4, 3)).astype(np.int8)
    none = np.zeros_like(rules)
    with_hits = neighbour_features(sim, lab, y_train, scope_train, scope, rules)
    without = neighbour_features(sim, lab, y_train, scope_train, scope, none)
    assert (with_rules(without, rules, scope) == with_hits).all()
    assert not without[:, :, RULE_HIT].any() and (with_hits[:, :, RULE_HIT] == rules * scope).all()


def test_negation_polarity_of_labels_and_units():
    assert negates("I would not use it") and negates("we didn't") and negates("not_consider")
    assert not negates("would_consider") and not negates("Yes, happily")
    p = polarity(["No, never.", "Yes."], ["not_consider", "would_consider"])
    assert p[:, 0].tolist() == [[1.0, 0.0], [0.0, 1.0]]  # negating label: unit agrees / does not
    assert p[:, 1].tolist() == [[0.0, 0.0], [0.0, 0.0]]  # a label without negation: nothing


def test_fill_is_chosen_only_when_it_raises_the_cross_validated_kappa():
    # three codes decided by rules that never fire; the shared model's out-of-fold ranking puts
    # the true code first on 5 of 6 units
    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.int8)
    rank = np.where(y == 1, 0.6, 0.2)
    rank[5] = [0.5, 0.1, 0.3]  # wrong on the last unit
    scope = np.ones(y.shape, dtype=bool)
    a = Assistant(["a", "b", "c"], {}, min_positive=5, folds=3, seed=2)
    a.choices = [Choice(c, 2, 6, "too few", "rules") for c in "abc"]
    a._choose_fill({SHARED: rank}, y, np.zeros_like(y), scope)
    assert a.fill_empty and a.fill_kappa[0] == 0.0 and a.fill_kappa[1] == pytest.approx(0.75)
    # when the coders left most units uncoded (and the rules find the coded ones), filling the
    # uncoded units only adds false positives: not chosen
    y2 = y.copy()
    y2[[0, 1, 3, 4]] = 0
    a._choose_fill({SHARED: rank}, y2, y2.copy(), scope)
    assert not a.fill_empty and a.fill_kappa[0] == 1.0 and a.fill_kappa[1] < 0.6
    # and with no ranking for some in-scope item, nothing is filled
    a._choose_fill({SHARED: np.full(y.shape, np.nan)}, y, np.zeros_like(y), scope)
    assert not a.fill_empty


def test_exclusive_pairs_are_codes_of_one_scope_never_together_that_would_meet_by_chance():
    # 8 units; codes a, b, c share a scope (units 0-5), d is scoped to units 6-7
    y = np.zeros((8, 4), dtype=np.int8)
    y[[0, 1, 2], 0] = 1  # a on 3 of 6
    y[[3, 4, 5], 1] = 1  # b on the other 3: never with a, 3 × 3 / 6 = 1.5 expected by chance
    y[[5], 2] = 1  # c once, with b: 1 × 3 / 6 = 0.5 expected with a, below 1
    y[[6, 7], 3] = 1
    scope = np.zeros((8, 4), dtype=bool)
    scope[:6, :3] = True
    scope[6:, 3] = True
    pairs = exclusive_pairs(y, scope)
    assert pairs.tolist() == [
        [False, True, False, False],
        [True, False, False, False],
        [False, False, False, False],  # c met b; with a it is too rare to tell
        [False, False, False, False],  # d: another scope
    ]
    # a positive outside its scope is not counted: a "meets" b there, still exclusive in scope
    y2 = y.copy()
    y2[6, :2] = 1
    assert exclusive_pairs(y2, scope)[0, 1]
    # one unit with both: no longer exclusive
    y[0, 1] = 1
    assert not exclusive_pairs(y, scope)[0, 1]


def test_keep_exclusive_drops_the_lower_ranked_of_two_alternatives():
    pairs = np.zeros((3, 3), dtype=bool)
    pairs[0, 1] = pairs[1, 0] = True
    decided = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 0], [0, 0, 0]], dtype=bool)
    rank = np.array([[0.3, 0.6, 0.2], [0.1, 0.9, 0.8], [0.5, 0.5, 0.1], [0.9, 0.9, 0.9]])
    out = keep_exclusive(decided, rank, pairs)
    # unit 0: b outranks a, a dropped, c (no pair) kept; unit 1: a and c are not alternatives;
    # unit 2: a tie goes to the earlier code; unit 3: nothing suggested, nothing added
    assert out.astype(int).tolist() == [[0, 1, 1], [1, 0, 1], [1, 0, 0], [0, 0, 0]]
    assert decided[0].all()  # the input is not changed


def test_exclusive_decoding_is_chosen_only_when_it_raises_the_cross_validated_kappa():
    # two alternatives a, b (never together); the rules suggest both on every unit, the shared
    # model ranks the true one first on every unit
    y = np.array([[1, 0], [0, 1]] * 6, dtype=np.int8)
    groups = [f"t{i}" for i in range(12)]
    rank = np.where(y == 1, 0.7, 0.3)
    scope = np.ones(y.shape, dtype=bool)
    a = Assistant(["a", "b"], {}, min_positive=50, folds=3, seed=2)
    a.choices = [Choice(c, 6, 12, "too few", "rules") for c in "ab"]
    a._choose_exclusive({SHARED: rank}, y, np.ones_like(y), scope, groups)
    assert a.exclusive and a.exclusive_kappa == (0.0, 1.0)
    # when the coders give both on half the units, they are not alternatives: nothing is dropped
    both = y.copy()
    both[:6] = 1
    a._choose_exclusive({SHARED: rank}, both, np.ones_like(y), scope, groups)
    assert not a.exclusive and a.exclusive_kappa[0] == a.exclusive_kappa[1]


def test_a_code_no_human_used_is_never_learned_or_counted_as_learned():
    # as above, plus a code 'd' no coder ever used: nothing to learn, so it stays out of the
    # "learned" codes (the manuscript counts them); but it is in the pool of rare codes whose rules
    # or shared model are chosen together: its rule hits are all false positives, and the shared
    # model (which can still suggest it from its codebook text) takes it with the others
    texts, groups, y = _rare_code_corpus(unused_code=True)
    rules = np.zeros_like(y)
    rules[::3, 3] = 1  # the rules of 'd' fire on a third of the units, never rightly
    a = Assistant(["a", "b", "c", "d"], {}, min_positive=5, folds=4, seed=3)
    choices = a.select(texts, groups, y, rules)
    assert choices[2].method.startswith("neighbours@")  # the rare code still shares the model
    d = choices[3]
    assert d.positives == 0 and d.status.startswith("too few human positives (0 < 5)")
    assert "no coder used it, not learned" in d.status
    assert d.method == choices[2].method  # chosen with the pool, not left to its false rule hits
    a.fit(texts, y)
    _, suggested = a.score(texts, rules)
    assert suggested[:, 3].sum() < rules[:, 3].sum() / 4


def test_kappa_each_pools_every_coders_rating_each_unit_weighing_the_same():
    pred = np.array([1, 1, 0, 0, 1])
    a = np.array([1, 1, 0, 0, 0])
    b = np.array([1, 0, 0, 0, -1])  # coder b did not code the last unit
    got = kappa_each(np.stack([a, b], axis=1), pred)
    # each rating a pair, weighted 1 / (coders of the unit): the last unit, coded once, counts twice
    truth = np.concatenate([a, b[:4], a[4:]])
    want = cohen_kappa(truth.tolist(), np.concatenate([pred, pred[:4], pred[4:]]).tolist())
    assert got == pytest.approx(want)
    # one coder: the ordinary kappa
    assert kappa_each(a[:, None], pred) == pytest.approx(cohen_kappa(a.tolist(), pred.tolist()))


def test_choices_are_scored_against_each_coder_when_their_codes_are_given():
    # coder A applies the code on every 4th unit, coder B on every 2nd; the consensus (all) is A's
    n = 40
    a = np.array([[int(i % 4 == 0)] for i in range(n)], dtype=np.int8)
    b = np.array([[int(i % 2 == 0)] for i in range(n)], dtype=np.int8)
    y = a & b
    rules = b.copy()  # the rules find B's units
    texts = [f"ordinary remark number {i}" for i in range(n)]
    groups = [f"t{i % 8}" for i in range(n)]
    ratings = np.stack([a, b], axis=2)
    one = Assistant(["c"], {}, min_positive=5, folds=4, seed=1)
    (c1,) = one.select(texts, groups, y, rules)
    two = Assistant(["c"], {}, min_positive=5, folds=4, seed=1)
    (c2,) = two.select(texts, groups, y, rules, ratings=ratings)
    assert c1.kappa["rules"] == pytest.approx(cohen_kappa(y[:, 0].tolist(), rules[:, 0].tolist()))
    assert c2.kappa["rules"] == pytest.approx(kappa_each(ratings[:, 0], rules[:, 0]))
    assert c2.kappa["rules"] > c1.kappa["rules"] + 0.1


def test_coder_ratings_mark_units_a_coder_did_not_code():
    sample = pd.DataFrame(
        {"transcript_id": ["t1", "t1", "t1", "t2"], "turn_index": [1, 1, 2, 1], "coder": ["A", "B", "A", "B"]}
    )
    codings = pd.DataFrame(
        {
            "transcript_id": ["t1", "t1", "t2"],
            "turn_index": [1, 2, 1],
            "code": ["x", "y", "x"],
            "coder": ["A", "A", "B"],
        }
    )
    coded = pd.DataFrame({"transcript_id": ["t1", "t1", "t2"], "turn_index": [1, 2, 1]})
    r = coder_ratings(codings, sample, ["x", "y"], ["A", "B"], coded)
    assert r.shape == (3, 2, 2)
    assert r[0].tolist() == [[1, 0], [0, 0]]  # t1/1: A applied x, B coded it and applied nothing
    assert r[1].tolist() == [[0, -1], [1, -1]]  # t1/2: only A coded it
    assert r[2].tolist() == [[-1, 1], [-1, 0]]  # t2/1: only B coded it


def test_repeated_cross_validation_chooses_on_every_dealings_out_of_fold_decisions():
    # the transcripts dealt into folds twice (two seeds): each candidate's κ is over the two
    # dealings' out-of-fold decisions stacked, and the shared model learns from both
    from coprod.assistant import THRESHOLDS, decide

    n = 40
    y = np.array([[int(i % 3 == 0)] for i in range(n)], dtype=np.int8)
    texts = [GARDEN[i % 4] if y[i, 0] else PLAIN[i % 6] + f" item {i}" for i in range(n)]
    texts[9] = PLAIN[0]  # one positive the words do not give away
    groups = [f"t{i % 8}" for i in range(n)]
    rules = np.zeros_like(y)
    scope = np.ones(y.shape, dtype=bool)
    two = Assistant(["c"], {}, min_positive=5, folds=4, seed=1, repeats=2)
    seeds = two.repeat_seeds()
    assert seeds[0] == 1 and len(seeds) == 2
    assert not np.array_equal(group_folds(groups, 4, seeds[0]), group_folds(groups, 4, seeds[1]))
    (c,) = two.select(texts, groups, y, rules)
    each = [
        Assistant(["c"], {}, min_positive=5, folds=4, seed=s).out_of_fold(texts, groups, y, scope, rules)
        for s in seeds
    ]
    truth = np.tile(y, (2, 1))[:, :, None]
    for t in THRESHOLDS:
        p = np.concatenate([o["tfidf_lr"][:, 0] for o in each])
        want = kappa_each(truth[:, 0], decide(f"tfidf_lr@{t}", t, p, np.zeros(2 * n)))
        assert c.kappa[f"tfidf_lr@{t}"] == pytest.approx(want)
    one = Assistant(["c"], {}, min_positive=5, folds=4, seed=1).select(texts, groups, y, rules)[0]
    assert any(not math.isclose(one.kappa[m], c.kappa[m]) for m in one.kappa if m in c.kappa)
    assert two._shared_oof.shape[0] == 2 * n
    two.fit(texts, y)
    scores, suggested = two.score(texts[:4], rules[:4])
    assert scores.shape == (4, 1) and suggested.shape == (4, 1)
