"""The topic rules' cheaper arithmetic gives the numbers of the plain one, bit for bit: the K
search's fits skip the documents' topic counts they do not use, the documents' counts are taken
in one `bincount`, the prevalence tables that resample within the same covariate share one pass
of draws, and a draw's rows are gathered with index arrays (docs/topics.md, docs/scaling.md)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from test_topics_engine import TEXTS, synthetic_prevalence, topic_config

from coprod import topics
from coprod.cache import ContentCache
from coprod.topics import (
    _design,
    fit_diagnostics,
    fit_lda,
    fit_sample,
    prepare,
    prevalence_by,
    prevalence_effects,
    prevalence_tables,
)


def _prep():
    return prepare(TEXTS, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)


def test_a_fit_without_document_counts_has_the_same_topics():
    prep = _prep()
    docs = [*prep.docs, []]  # an empty document keeps zero counts
    full = fit_lda(docs, prep.vocab, 3, 7, 40, 0.1, 0.05, 4, 5)
    bare = fit_lda(docs, prep.vocab, 3, 7, 40, 0.1, 0.05, 4, 5, doc_counts=False)
    assert bare.doc_counts is None and bare.doc_topic is None
    assert np.array_equal(full.topic_term, bare.topic_term) and np.array_equal(full.alpha, bare.alpha)
    assert np.array_equal(full.raw_topic_word, bare.raw_topic_word)
    # averaged over the kept states, each document's counts still sum to its words
    assert full.doc_counts[-1].sum() == 0 and full.doc_counts.sum() == sum(map(len, prep.docs))


def test_document_counts_in_one_bincount_are_the_per_document_ones():
    prep = _prep()
    fit = fit_lda(prep.docs, prep.vocab, 4, 3, 20, 0.1, 0.05, 1, 1)
    docs = list(fit.model.docs)
    one_by_one = np.array([np.bincount(np.asarray(d.topics), minlength=4) for d in docs])
    assert np.array_equal(topics._topic_counts(docs, 4), one_by_one)
    assert np.array_equal(fit.doc_counts, one_by_one)  # one kept state: its counts
    assert topics._topic_counts([], 4).shape == (0, 4)


def test_a_search_fit_without_counts_in_the_cache_is_not_taken_for_a_final_fit(tmp_path):
    """With no held-out split, the first seed's search fit is the final model's fit (one cache
    key): it keeps its counts; the other seeds' entries do not, and a fit needing counts that
    finds such an entry fits again (the same numbers) instead of using it."""
    prep = _prep()
    p = topic_config(max_iter=20, samples=2, thin=5, heldout_fraction=0.0, progress_every=0, seeds=[5, 6])
    cache = ContentCache(tmp_path / "cache")
    ids = [f"t{i:03d}_0001" for i in range(len(prep.docs))]
    for seed in p["seeds"]:
        fit_diagnostics(prep, 3, seed, p, cache=cache, ids=ids)
    first = cache.get(topics.fit_key(prep.docs, prep.vocab, 3, 5, p))
    other = cache.get(topics.fit_key(prep.docs, prep.vocab, 3, 6, p))
    assert "counts" in first and "counts" not in other
    assert topics._cached_fit(other, prep.vocab, 3, len(prep.docs)) is None
    reused = topics._cached_fit(other, prep.vocab, 3, len(prep.docs), doc_counts=False)
    fresh = topics.fit_from_config(prep.docs, prep.vocab, 3, 6, p)
    assert np.array_equal(reused.topic_term, fresh.topic_term)
    again = topics.fit_cached(prep.docs, prep.vocab, 3, 6, p, cache)  # needs counts: fitted again
    assert np.array_equal(again.doc_counts, fresh.doc_counts)
    assert "counts" in cache.get(topics.fit_key(prep.docs, prep.vocab, 3, 6, p))
    assert len(fit_sample(ids, p)) == len(ids)


def _effects_reference(dt, counts, alpha, segs, covariates, n_draws, seed):
    """The regression intervals the straightforward way (each picked participant's rows joined
    one by one, found by comparison; numpy's lstsq with the default threads)."""
    data = dt[["segment_id"]].merge(segs[["segment_id", "participant_id", *covariates]], on="segment_id")
    X, _, _ = _design(data, covariates)
    rng = np.random.default_rng(seed)
    pids = data.participant_id.to_numpy()
    lvl = data[covariates[0]].astype(str).to_numpy()
    groups = [sorted(set(pids[lvl == level])) for level in sorted(set(lvl))]
    draws = []
    for _ in range(n_draws):
        rows = []
        for parts in groups:
            pick = rng.integers(0, len(parts), size=len(parts))
            rows.extend(np.flatnonzero(pids == parts[i]) for i in pick)
        rows = np.concatenate(rows)
        theta = rng.gamma(counts[rows] + alpha[None, :])
        theta /= theta.sum(axis=1, keepdims=True)
        draws.append(np.linalg.lstsq(X[rows], theta, rcond=None)[0])
    return np.percentile(np.array(draws), [2.5, 97.5], axis=0)


@pytest.mark.parametrize("covariates", [["group"], ["site_id", "group"]])
def test_effect_intervals_are_the_straightforward_ones(covariates):
    dt, counts, alpha, segs = synthetic_prevalence(4)
    order = np.random.default_rng(9).permutation(len(segs))  # a participant's rows not adjacent
    dt, counts = dt.iloc[order].reset_index(drop=True), counts[order]
    segs = segs.iloc[order].reset_index(drop=True)
    eff = prevalence_effects(dt, counts, alpha, segs, covariates, 150, 11)
    lo, hi = _effects_reference(dt, counts, alpha, segs, covariates, 150, 11)
    for t in range(2):
        got = eff[eff.topic == t + 1]
        assert got.lower_95.tolist() == [round(float(x), 6) for x in lo[:, t]]
        assert got.upper_95.tolist() == [round(float(x), 6) for x in hi[:, t]]


def test_tables_sharing_their_draws_are_each_tables_own():
    dt, counts, alpha, segs = synthetic_prevalence(6)
    levels, effects = prevalence_tables(dt, counts, alpha, segs, ["site_id", "group"], ["group"], 80, 3)
    assert effects.equals(prevalence_effects(dt, counts, alpha, segs, ["group"], 80, 3))
    for by in ("site_id", "group"):
        assert levels[by].equals(prevalence_by(dt, counts, alpha, segs, by, 80, 3))
    none, no_effects = prevalence_tables(dt, counts, alpha, segs, ["group"], None, 0, 3)
    assert no_effects is None and list(none) == ["group"]
    assert (none["group"].lower_95 == none["group"].prevalence).all()  # no draws: the point


def test_passes_of_draws_side_by_side_give_the_tables_of_one_thread():
    """Two threads (one per pass: by site; by group with the effects) write the same tables as
    one, for a covariate resampled within that is not the first `by`, too."""
    dt, counts, alpha, segs = synthetic_prevalence(6)
    for by, covariates in ((["site_id", "group"], ["group"]), (["group", "site_id"], ["site_id", "group"])):
        one, eff_one = prevalence_tables(dt, counts, alpha, segs, by, covariates, 60, 5)
        two, eff_two = prevalence_tables(dt, counts, alpha, segs, by, covariates, 60, 5, workers=2)
        assert eff_two.equals(eff_one) and list(two) == list(one)
        assert all(two[b].equals(one[b]) for b in by)
        assert two["site_id"].equals(prevalence_by(dt, counts, alpha, segs, "site_id", 60, 5))


def test_a_segment_without_a_covariate_value_is_one_clear_error():
    from coprod.errors import InputError

    dt, counts, alpha, segs = synthetic_prevalence(1)
    segs = segs.astype(object)
    segs.loc[3, "group"] = np.nan
    with pytest.raises(InputError, match="no \\['group'\\] value"):
        prevalence_tables(dt, counts, alpha, segs, ["site_id"], ["group"], 5, 1)


def test_reading_only_some_columns_of_a_table(tmp_path):
    from coprod.errors import InputError
    from coprod.tables import read_tsv

    path = tmp_path / "segments.tsv"
    path.write_text("segment_id\ttext\tgroup\ns1\ta long text\tlocal\ns2\t\tNA\n", encoding="utf-8")
    got = read_tsv(path, columns=["segment_id", "group", "group"])
    assert list(got.columns) == ["segment_id", "group"]
    assert got.group.tolist() == ["local", "NA"]  # strings, as a full read gives them
    assert got.equals(read_tsv(path)[["segment_id", "group"]])
    with pytest.raises(InputError, match="missing column"):
        read_tsv(path, columns=["segment_id", "site_id"])
