"""The topic engine (issue 15): tomotopy Gibbs LDA, conversational screening, the K rule, prevalence
regression with intervals, the live progress log, and clean topics on the bundled corpus."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import threading
import time

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import BIN, ROOT, copy_workflow
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from coprod.config import load_config
from coprod.topics import (
    choose_k,
    diagnostics_table,
    fit_diagnostics,
    fit_lda,
    identify_language,
    k_scores,
    load_word_lists,
    prepare,
    prepare_segments,
    prevalence_by,
    prevalence_effects,
    read_word_list,
    screen,
    screening_summary,
    top_indices,
    topic_tables,
)

REF = ROOT / "data" / "reference"


def topic_config(**over) -> dict:
    """The study's `topics` section with absolute list paths (tests run from any directory)."""
    p = load_config(yaml.safe_load((ROOT / "config" / "config.yaml").read_text()))["topics"]
    p.update(
        stopwords_dir=str(REF),
        conversational_words=str(REF / "conversational_fillers.txt"),
        signoff_words=str(REF / "conversational_signoffs.txt"),
    )
    p.update(over)
    return p


TEXTS = [
    "funding budget money savings pilot funding budget",
    "budget savings money funding cuts pilot money",
    "covid lockdown online digital teams zoom covid",
    "digital online zoom covid lockdown broadband",
    "carers community volunteers third sector carers",
    "community volunteers carers third sector groups",
] * 3
THEMES = [
    {"funding", "budget", "money", "savings", "pilot", "cuts"},
    {"covid", "lockdown", "online", "digital", "teams", "zoom", "broadband"},
    {"carers", "community", "volunteers", "third sector", "third", "sector", "groups"},
]


def small_fit(prep, k=3, seed=7, progress_every=0, log=None):
    return fit_lda(prep.docs, prep.vocab, k, seed, 100, 0.1, 0.05, 5, 10, progress_every, log)


# ---------------------------------------------------------------------------------------------- vocabulary


def test_prepare_joins_collocations_and_shows_surface_forms():
    prep = prepare(TEXTS, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_freq=3, colloc_min_pmi=1.0)
    assert "third sector" in prep.collocations  # found although "third" is a scikit-learn stop word
    assert all(" " in d for d, v in zip(prep.display, prep.vocab, strict=True) if "_" in v)
    assert "third" not in prep.display  # the stop word alone never becomes a term
    assert prep.X.shape[0] == len(TEXTS) and prep.X.sum() == sum(len(d) for d in prep.docs)


def test_min_df_and_max_df_filter_the_vocabulary():
    texts = ["alpha beta gamma", "alpha beta delta", "alpha epsilon zeta"]
    prep = prepare(texts, frozenset(), 2, 0.9, colloc_min_freq=99)
    assert prep.vocab == ["beta"]  # alpha is in 100% > 90% of documents; the rest in one


# ---------------------------------------------------------------------------------------------- fitting


def test_gibbs_fit_is_deterministic_chunk_invariant_and_finds_the_themes():
    prep = prepare(TEXTS, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)
    a, b = small_fit(prep), small_fit(prep)
    assert np.array_equal(a.topic_term, b.topic_term) and np.array_equal(a.doc_topic, b.doc_topic)
    log = io.StringIO()
    c = small_fit(prep, progress_every=30, log=log)  # trained in chunks, with progress lines
    assert np.array_equal(a.topic_term, c.topic_term)
    assert log.getvalue().count("sweep ") == 5  # 150 sweeps: 30, 60, 90, 120, 150
    assert np.allclose(a.topic_term.sum(axis=1), 1) and np.allclose(a.doc_topic.sum(axis=1), 1)
    terms, dt, summary = topic_tables(
        [f"s{i}" for i in range(len(TEXTS))], a.topic_term, a.doc_topic, prep, 5
    )
    assert len(terms) == 15 and list(dt.columns) == ["segment_id", "topic_1", "topic_2", "topic_3"]
    for label in summary.label:
        assert any(set(label.split(", ")) <= t for t in THEMES), label
    other = small_fit(prep, seed=8)
    assert not np.array_equal(a.alpha, other.alpha)  # the seed is used (the topics themselves agree)


def test_k_search_prefers_the_separable_k():
    prep = prepare(TEXTS, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)
    p = topic_config(max_iter=100, samples=5, thin=10, heldout_fraction=0.2, progress_every=0)
    # as the pipeline does it: one fit per (K, seed) job, gathered into one table
    q = dict(p, seeds=[1, 2, 3])
    records = [fit_diagnostics(prep, k, seed, q) for k in (2, 3, 5) for seed in (1, 2, 3)]
    diag = diagnostics_table(records)
    assert len(diag) == 9
    assert {
        "k",
        "seed",
        "heldout_loglik",
        "heldout_perplexity",
        "umass",
        "npmi",
        "exclusivity",
        "stability",
    } <= set(diag.columns)
    stab = diag.groupby("k").stability.first()
    assert stab[3] == pytest.approx(1.0)  # three clean themes: every seed finds them
    assert choose_k(diag, 0.6) == 3


def test_search_sample_caps_the_k_search_not_the_corpus():
    from coprod.topics import fit_diagnostics, search_sample

    ten = [f"d{i}" for i in range(10)]
    assert list(search_sample(ten, 0, 1)) == list(range(10))  # 0: no cap
    assert list(search_sample(ten, 10, 1)) == list(range(10))  # at the cap: every document
    many = [f"d{i}" for i in range(1000)]
    picked = search_sample(many, 50, 1)
    assert len(picked) == 50 and len(set(picked)) == 50 and list(picked) == sorted(picked)
    assert list(picked) == list(search_sample(many, 50, 1))  # seeded
    assert list(picked) != list(search_sample(many, 50, 2))
    # a fit with the cap sees only the sample: documents outside it cannot change its result
    prep = prepare(TEXTS * 4, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)
    p = topic_config(max_iter=30, samples=2, thin=5, heldout_fraction=0.2, search_max_segments=24)
    inside = set(search_sample([str(i) for i in range(prep.X.shape[0])], 24, p["seeds"][0]))
    a = fit_diagnostics(prep, 3, 1, p)
    other = [d if i in inside else d[:1] for i, d in enumerate(prep.docs)]
    b = fit_diagnostics(type(prep)(prep.X, prep.vocab, prep.display, prep.collocations, other), 3, 1, p)
    assert a["heldout_loglik"] == b["heldout_loglik"] and a["top_words"] == b["top_words"]
    full = fit_diagnostics(prep, 3, 1, topic_config(**{**p, "search_max_segments": 0}))
    assert full["heldout_loglik"] != a["heldout_loglik"]


def test_the_search_sample_takes_whole_transcripts_by_id_not_position():
    from coprod.topics import search_sample, segment_transcript

    assert segment_transcript("t001_0004") == "t001"
    assert segment_transcript("site_a_07_0012_03") == "site_a_07"  # a windowed turn
    assert segment_transcript("t001_10004_12") == "t001"
    # 30 transcripts of 4 segments each; a cap of 40 takes ten of them whole
    ids = [f"t{t:03d}_{turn:04d}" for t in range(1, 31) for turn in range(1, 5)]
    pool = search_sample(ids, 40, 7)
    taken = {segment_transcript(ids[i]) for i in pool}
    assert len(pool) == 40 and len(taken) == 10
    assert all(f"{t}_{turn:04d}" in {ids[i] for i in pool} for t in taken for turn in range(1, 5))
    # a cap that ends inside a transcript takes its first segments
    part = [ids[i] for i in search_sample(ids, 42, 7)]
    assert len(part) == 42 and {segment_transcript(s) for s in part} > taken
    extra = sorted(set(part) - {ids[i] for i in pool})
    assert [s[-4:] for s in extra] == ["0001", "0002"]
    # a new transcript between the others (every later row moves): the sample is the same
    # segments unless the newcomer ranks among them
    names = {ids[i] for i in pool}
    outside = inside = 0
    for new in (f"t{t:03d}b" for t in range(1, 31)):
        grown = sorted(ids + [f"{new}_{turn:04d}" for turn in range(1, 5)])
        again = {grown[i] for i in search_sample(grown, 40, 7)}
        if new not in {segment_transcript(s) for s in again}:
            assert again == names
            outside += 1
        else:
            inside += 1
            assert len(again) == 40 and len(again - names) == 4  # it replaced one transcript
    assert outside > inside > 0


def test_k_rule_on_a_hand_table():
    diag = pd.DataFrame(
        {
            "k": [4, 4, 6, 6, 8, 8],
            "seed": [1, 2] * 3,
            "heldout_loglik": [-7.0, -7.0, -7.1, -7.1, -7.2, -7.2],
            "npmi": [0.10, 0.10, 0.20, 0.20, 0.30, 0.30],
            "exclusivity": [0.5, 0.5, 0.6, 0.6, 0.9, 0.9],
            "stability": [0.9, 0.9, 0.8, 0.8, 0.3, 0.3],
        }
    )
    scores = k_scores(diag, 0.6)
    assert scores.eligible.tolist() == [True, True, False]
    assert choose_k(diag, 0.6) == 6  # K=8 has the best coherence and exclusivity but is unstable
    diag["stability"] = 0.2
    assert choose_k(diag, 0.6) == 8  # no K is stable: all are considered (the manuscript says so)
    diag["npmi"] = 0.1
    diag["exclusivity"] = 0.5
    diag["heldout_loglik"] = -7.0
    assert choose_k(diag, 0.6) == 4  # a tie goes to the smaller K


# ---------------------------------------------------------------------------------------------- screening


LISTS = load_word_lists(topic_config())


@pytest.mark.parametrize(
    "text,expected",
    [
        ("We did the engagement work with the carers and the board in the spring.", "en"),
        (
            "Oui, alors c'est vrai que pour nous la coproduction, ça fait partie du travail, donc on fait.",
            "fr",
        ),
        ("Tha mi ag obair anns a' chomhairle agus tha sinn a' bruidhinn ri daoine.", "gd"),
        ("Wir haben das Projekt mit den Leuten und der Gemeinde aufgebaut, weil es wichtig ist.", "de"),
        ("Pues la verdad es que el proyecto con los cuidadores y la comunidad fue muy bueno.", "es"),
        ("Ja, maar het is eigenlijk heel moeilijk om dat met de gemeente te doen.", "nl"),
        ("Pilot funding.", "und"),  # too few function words to tell
    ],
)
def test_language_of_a_turn(text, expected):
    assert identify_language(text, LISTS.by_language, "en", 3) == expected


def test_screen_excludes_and_counts_foreign_turns_signoffs_and_short_segments():
    rows = [
        (
            "s1",
            "t1",
            1,
            "The integration joint board set the strategic plan with the carers centre and the council.",
        ),
        (
            "s2",
            "t1",
            2,
            "Donc pour nous c'est vrai que la coproduction, ça fait partie du travail qui est fait.",
        ),
        ("s3", "t1", 3, "Thank you so much, thanks, it was a pleasure. Bye!"),
        ("s4", "t1", 4, "Yeah, I mean, you know, sort of, right."),
        (
            "s5",
            "t1",
            5,
            "Funding for the third sector came late and the pilot stopped before the evaluation.",
        ),
        ("s6", "t1", 5, "Hmm."),  # a second window of turn 5: short, though its turn is English
    ]
    segments = pd.DataFrame(rows, columns=["segment_id", "transcript_id", "turn_index", "text"])
    p = topic_config()
    out = screen(segments, LISTS, p)
    assert out.reason.tolist() == ["", "language:fr", "greeting or sign-off", "short", "", "short"]
    assert out.language.tolist()[:2] == ["en", "fr"]
    summary = screening_summary(out, 2, 10)
    assert summary.values.tolist() == [
        ["segments", 6],
        ["excluded: language:fr", 1],
        ["excluded: greeting or sign-off", 1],
        ["excluded: short", 2],
        ["modelled", 2],
        ["vocabulary terms", 10],
    ]


def test_reference_lists_are_documented_and_readable():
    readme = (REF / "README.md").read_text(encoding="utf-8")
    for name in ("conversational_fillers.txt", "conversational_signoffs.txt") + tuple(
        f"stopwords_{lang}.txt" for lang in ("en", "fr", "de", "es", "it", "nl", "gd")
    ):
        assert name in readme, name
        words = read_word_list(REF / name)
        assert len(words) >= 15 and all(w == w.strip().lower() for w in words), name
    fillers = read_word_list(REF / "conversational_fillers.txt")
    assert {"um", "yeah", "like", "use", "need", "let", "people", "problem"} <= fillers
    assert not {"care", "funding", "carers", "community", "board"} & fillers  # topic words stay


def test_a_missing_word_list_is_one_clear_error(tmp_path):
    from coprod.errors import InputError

    with pytest.raises(InputError, match="word list not found"):
        load_word_lists(topic_config(conversational_words=str(tmp_path / "nope.txt")))


# ---------------------------------------------------------------------------------------------- prevalence


def synthetic_prevalence(seed=0):
    """12 participants in two groups; 'national' talks about topic 1 twice as much."""
    rng = np.random.default_rng(seed)
    rows, counts = [], []
    for p in range(12):
        group = "local" if p < 6 else "national"
        share = 0.3 if group == "local" else 0.6
        for s in range(8):
            n1 = rng.binomial(40, share)
            rows.append(
                {"segment_id": f"p{p}s{s}", "participant_id": f"P{p}", "group": group, "site_id": f"x{p % 3}"}
            )
            counts.append([n1, 40 - n1])
    segs = pd.DataFrame(rows)
    counts = np.array(counts, dtype=float)
    alpha = np.array([0.1, 0.1])
    theta = (counts + alpha) / (counts.sum(axis=1, keepdims=True) + alpha.sum())
    dt = pd.DataFrame({"segment_id": segs.segment_id, "topic_1": theta[:, 0], "topic_2": theta[:, 1]})
    return dt, counts, alpha, segs


def test_prevalence_effects_recover_a_group_difference_with_intervals():
    dt, counts, alpha, segs = synthetic_prevalence()
    eff = prevalence_effects(dt, counts, alpha, segs, ["group"], 300, 1)
    row = eff[(eff.topic == 1) & (eff.term == "group=national")].iloc[0]
    assert row.reference == "group=local"
    assert 0.2 < row.estimate < 0.4 and row.lower_95 < row.estimate < row.upper_95
    assert row.lower_95 > 0 and row.excludes_zero is True
    # topic 2 is the complement: the effect is the mirror image
    mirror = eff[(eff.topic == 2) & (eff.term == "group=national")].iloc[0]
    assert mirror.estimate == pytest.approx(-row.estimate, abs=1e-6)
    again = prevalence_effects(dt, counts, alpha, segs, ["group"], 300, 1)
    assert eff.equals(again)  # seeded


def test_prevalence_by_level_keeps_the_published_columns():
    dt, counts, alpha, segs = synthetic_prevalence()
    prev = prevalence_by(dt, counts, alpha, segs, "group", 200, 2)
    assert list(prev.columns) == [
        "group",
        "topic",
        "prevalence",
        "lower_95",
        "upper_95",
        "participants",
        "segments",
    ]
    local = prev[(prev.group == "local") & (prev.topic == 1)].iloc[0]
    assert local.participants == 6 and local.segments == 48
    assert local.lower_95 < 0.3 < local.upper_95 and local.lower_95 <= local.prevalence <= local.upper_95


# --------------------------------------------------------------------------------------------- bundled corpus

# Words that must not crowd a topic's top 10 (written here, independently of the pipeline's own
# lists): scikit-learn's English stop words; the generic words, French stop words and sign-offs
# issue 15 found topping topics on real interviews; and spoken-English fillers and backchannels.
ISSUE_15_WORDS = set(
    "use need let people problem fait qui donc pour pas thank thanks yeah yes okay like know "
    "mean think really just sort kind actually right well got going say said things thing lot bit".split()
)
FILLERS = set(
    "um erm er uh ah mm hmm aye ok oh wee quite maybe probably sure gonna basically obviously".split()
)
NOT_TOPICAL = set(ENGLISH_STOP_WORDS) | ISSUE_15_WORDS | FILLERS


def _benchmark_module():
    spec = importlib.util.spec_from_file_location("bench_topics", ROOT / "benchmarks" / "topics.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def bundled():
    bench = _benchmark_module()
    cfg = bench.config()
    segments = bench.bundled_segments(cfg)
    return cfg["topics"], segments, *prepare_segments(segments, cfg["topics"])


def test_bundled_corpus_topics_are_not_conversational(bundled):
    p, segments, screened, ids, prep = bundled
    assert len(ids) > 0.7 * len(segments)  # screening keeps most of the interview talk
    for k in (min(p["k_grid"]), max(p["k_grid"])):
        fit = fit_lda(
            prep.docs,
            prep.vocab,
            k,
            p["seeds"][0],
            p["max_iter"],
            p["alpha"],
            p["eta"],
            p["samples"],
            p["thin"],
        )
        for t, idx in enumerate(top_indices(fit.topic_term, prep.vocab, 10), start=1):
            words = [prep.display[j] for j in idx]
            bad = [w for w in words if any(part in NOT_TOPICAL for part in w.split())]
            assert len(bad) <= 2, f"K={k} topic {t}: {words} ({bad})"


# ---------------------------------------------------------------------------------------------- progress


def test_search_log_gains_a_line_per_fit_while_the_search_runs(tmp_path):
    """Run the topic search on the fixture corpus with slow fits and read the search log while
    Snakemake is still running: it must already hold finished fits before the search ends."""
    work = copy_workflow(tmp_path)
    cfg_path = work / "tests" / "fixtures" / "corpus" / "config.yaml"
    cfg = yaml.safe_load(cfg_path.read_text())
    cfg["topics"].update(
        k_grid=[2, 3], seeds=[1, 2], max_iter=6000, samples=1, thin=1, min_tokens=1, progress_every=2000
    )
    cfg_path.write_text(yaml.safe_dump(cfg))
    target = "results/topics/k_diagnostics.tsv"
    proc = subprocess.Popen(
        [str(BIN / "snakemake"), target, "--cores", "1", "--configfile", str(cfg_path)],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = work / "logs" / "topics_search.log"
    seen_while_running = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            if log.exists() and proc.poll() is None and not (work / target).exists():
                n = log.read_text().count(" done in ")
                if n and (not seen_while_running or seen_while_running[-1] != n):
                    seen_while_running.append(n)
            time.sleep(0.02)

    watcher = threading.Thread(target=poll)
    watcher.start()
    try:
        _, err = proc.communicate(timeout=900)
    finally:
        stop.set()
        watcher.join()
    assert proc.returncode == 0, err[-2000:]
    assert (work / target).exists()
    lines = log.read_text().splitlines()
    assert sorted(line.split(" done in ")[0].split(" ", 1)[1] for line in lines) == sorted(
        f"fit K={k} seed={s}" for k in (2, 3) for s in (1, 2)
    )
    assert seen_while_running and seen_while_running[0] < 4, seen_while_running  # lines arrived one by one
    fit_log = (work / "logs" / "topics" / "fit_K2_seed1.log").read_text()
    assert fit_log.count("sweep ") == 3  # a progress line every 2000 of 6000 sweeps


def test_manuscript_states_instability_plainly():
    from topic_inputs import manuscript_parts

    p = topic_config(k="auto", min_stability=0.6)
    k_summary = pd.DataFrame(
        {"k": [4, 6], "stability": [0.3, 0.45], "eligible": [False, False], "chosen": [False, True]}
    )
    screening = pd.DataFrame(
        {
            "step": ["segments", "excluded: language:fr", "excluded: short", "modelled", "vocabulary terms"],
            "segments": [10, 2, 1, 7, 30],
        }
    )
    effects = pd.DataFrame(
        {
            "topic": [1, 1],
            "term": ["(intercept)", "group=national"],
            "reference": ["", "group=local"],
            "estimate": [0.4, 0.05],
            "lower_95": [0.3, 0.01],
            "upper_95": [0.5, 0.09],
            "excludes_zero": ["", True],
        }
    )
    summary = pd.DataFrame({"topic": [1], "label": ["funding, budget, pilot"]})
    v, tables = manuscript_parts(k_summary, screening, effects, summary, p)
    assert v["stable"] == "no" and "not stable across seeds" in v["stability_verdict"]
    assert "0.45" in v["stability_verdict"] and "among all K" in v["k_rule"]
    assert v["excluded_language"] == 2 and v["excluded_languages"] == "French (2)"
    assert v["effects_clear"] == 1 and v["effects_tested"] == 1
    table = tables["topic_effects.md"].replace("\\", "")  # markdown escapes
    assert "national vs local (group)" in table
    assert "+5.0 pp" in table and "+1.0 to +9.0" in table
    k_summary["stability"] = [0.3, 0.7]
    k_summary["eligible"] = [False, True]
    v, _ = manuscript_parts(k_summary, screening, effects, summary, p)
    assert v["stable"] == "yes" and v["stability_verdict"].startswith("are stable across seeds")


def _prevalence_by_reference(dt, counts, alpha, segs, by, n_draws, seed):
    """The level means the straightforward way (a row mask per level and draw, each participant's
    rows by comparison): what prevalence_by computed before its block means, number for number."""
    data = dt[["segment_id"]].merge(segs[["segment_id", "participant_id", by]], on="segment_id", how="left")
    rng = np.random.default_rng(seed)
    pids = data.participant_id.to_numpy()
    by_part = {pid: np.flatnonzero(pids == pid) for pid in sorted(data.participant_id.unique())}
    lvl = data[by].astype(str).to_numpy()
    levels = sorted(set(lvl))
    groups = [sorted(data.loc[lvl == level, "participant_id"].unique()) for level in levels]
    boots = {level: [] for level in levels}
    for _ in range(n_draws):
        rows = []
        for parts in groups:
            pick = rng.integers(0, len(parts), size=len(parts))
            rows.extend(by_part[parts[i]] for i in pick)
        rows = np.concatenate(rows)
        theta = rng.gamma(counts[rows] + alpha[None, :])
        theta /= theta.sum(axis=1, keepdims=True)
        for level in levels:
            boots[level].append(theta[lvl[rows] == level].mean(axis=0))
    return {level: np.percentile(np.array(boots[level]), [2.5, 97.5], axis=0) for level in levels}


@pytest.mark.parametrize("mixed", [False, True])
@pytest.mark.parametrize("by", ["group", "site_id"])
def test_prevalence_by_level_intervals_are_the_row_mask_ones(by, mixed):
    dt, counts, alpha, segs = synthetic_prevalence(3)
    order = np.random.default_rng(5).permutation(len(segs))  # a participant's rows not adjacent
    dt, counts, segs = dt.iloc[order].reset_index(drop=True), counts[order], segs.iloc[order]
    segs = segs.reset_index(drop=True)
    if mixed:  # one participant's segments at two sites and in two groups
        moved = segs.index[segs.participant_id == "P0"][:3]
        segs.loc[moved, ["site_id", "group"]] = ["x2", "national"]
    prev = prevalence_by(dt, counts, alpha, segs, by, 120, 4)
    ref = _prevalence_by_reference(dt, counts, alpha, segs, by, 120, 4)
    for level, (lo, hi) in ref.items():
        got = prev[prev[by] == level].sort_values("topic")
        assert got.lower_95.tolist() == [round(float(x), 6) for x in lo], level
        assert got.upper_95.tolist() == [round(float(x), 6) for x in hi], level
