"""The final topic model on a sample (topics.fit_max_segments): fitted on whole transcripts in a
seeded order of their ids, every other segment's proportions inferred from it. The sample does not
move when a transcript is added outside it, the fit is then reused, the inferred proportions are
deterministic and do not depend on which other segments are inferred, and under the cap nothing
changes at all."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from test_topics_engine import TEXTS, topic_config

from coprod.cache import ContentCache
from coprod.topics import (
    final_fit,
    fit_from_config,
    fit_sample,
    infer_counts,
    prepare,
    segment_transcript,
)

P = dict(max_iter=30, samples=2, thin=5, heldout_fraction=0.2, k=3, infer_iter=20)


def _corpus(n_transcripts: int, step: int = 1, extra: dict | None = None) -> dict[str, str]:
    """Segment id -> text: transcripts t001, t001+step, ... of three segments each, sorted."""
    docs = {
        f"t{t:03d}_{turn:04d}": TEXTS[(t + turn) % len(TEXTS)]
        for t in range(1, 1 + n_transcripts * step, step)
        for turn in (1, 2, 3)
    }
    return dict(sorted({**docs, **(extra or {})}.items()))


def _write(tmp_path, docs: dict[str, str], name: str = "corpus.json"):
    prep = prepare(list(docs.values()), ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)
    corpus = tmp_path / name
    corpus.write_text(prep.to_json(list(docs)), encoding="utf-8")
    diag = tmp_path / "k_diagnostics.tsv"
    diag.write_text("k\tseed\n3\t1\n", encoding="utf-8")
    return corpus, diag, prep


def _no_fitting(*args, **kwargs):
    raise AssertionError("refitted")


def test_under_the_cap_the_final_model_is_fitted_on_every_segment(tmp_path):
    corpus, diag, prep = _write(tmp_path, _corpus(8))
    fresh = fit_from_config(prep.docs, prep.vocab, 3, topic_config(**P)["seeds"][0], topic_config(**P))
    for cap in (0, 24, 1000):  # 24 segments: exactly the corpus
        _, _, ids, _, fit = final_fit(corpus, diag, topic_config(**P, fit_max_segments=cap))
        assert len(fit_sample(ids, topic_config(fit_max_segments=cap))) == len(ids) == 24
        for attr in ("topic_term", "doc_topic", "doc_counts", "alpha"):
            assert np.array_equal(getattr(fit, attr), getattr(fresh, attr)), (cap, attr)


def test_over_the_cap_the_sample_is_fitted_and_the_rest_inferred(tmp_path):
    corpus, diag, prep = _write(tmp_path, _corpus(12))
    p = topic_config(**P, fit_max_segments=15)
    _, _, ids, _, fit = final_fit(corpus, diag, p)
    pool = fit_sample(ids, p)
    assert len(pool) == 15 and len(ids) == 36
    # whole transcripts (the last one may be cut), by id, not by position
    assert len({segment_transcript(ids[i]) for i in pool}) <= 6
    sampled = fit_from_config([prep.docs[i] for i in pool], prep.vocab, 3, p["seeds"][0], p)
    assert np.array_equal(fit.doc_counts[pool], sampled.doc_counts)
    assert np.array_equal(fit.topic_term, sampled.topic_term) and np.array_equal(fit.alpha, sampled.alpha)
    rest = np.setdiff1d(np.arange(36), pool)
    counts = fit.doc_counts[rest]
    # every inferred segment got all its words assigned, and proportions are a distribution
    assert np.array_equal(counts.sum(axis=1), [len(prep.docs[i]) for i in rest])
    assert np.allclose(fit.doc_topic.sum(axis=1), 1.0)
    # inferred segments land on their theme's topic, like the fitted ones with the same text
    text_topic = {}
    for i in pool:
        text_topic.setdefault(TEXTS.index(list(_corpus(12).values())[i]) % 6 // 2, set()).add(
            int(np.argmax(fit.doc_topic[i]))
        )
    for i in rest:
        theme = TEXTS.index(list(_corpus(12).values())[i]) % 6 // 2
        if theme in text_topic:
            assert int(np.argmax(fit.doc_topic[i])) in text_topic[theme]
    # deterministic: the same run again, in another process's terms (no cache, a fresh model)
    again = final_fit(corpus, diag, p)[4]
    assert np.array_equal(again.doc_counts, fit.doc_counts) and np.array_equal(again.doc_topic, fit.doc_topic)


def test_inferred_counts_do_not_depend_on_the_other_documents_inferred():
    prep = prepare(TEXTS, ENGLISH_STOP_WORDS, 1, 1.0, colloc_min_pmi=99)
    p = topic_config(**P)
    fit = fit_from_config(prep.docs[:12], prep.vocab, 3, 7, p)
    docs = prep.docs[12:] + [[], prep.docs[0][:2]]
    all_at_once = infer_counts(fit.model, docs, prep.vocab, 20)
    one_by_one = np.vstack([infer_counts(fit.model, [d], prep.vocab, 20) for d in docs])
    reversed_ = infer_counts(fit.model, docs[::-1], prep.vocab, 20)[::-1]
    assert np.array_equal(all_at_once, one_by_one) and np.array_equal(all_at_once, reversed_)
    assert all_at_once[-2].sum() == 0  # an empty document keeps the prior mean
    assert np.array_equal(all_at_once.sum(axis=1), [len(d) for d in docs])


def test_a_transcript_added_outside_the_sample_reuses_the_fit_and_keeps_every_proportion(
    tmp_path, monkeypatch
):
    from coprod import topics

    docs = _corpus(12, step=2)  # t001, t003, ..., t023
    corpus, diag, _ = _write(tmp_path, docs)
    p = topic_config(**P, fit_max_segments=15)
    cache = ContentCache(tmp_path / "cache")
    _, _, ids, _, before = final_fit(corpus, diag, p, cache)
    sample = {ids[i] for i in fit_sample(ids, p)}
    # a new transcript (between existing ids, so rows move) that ranks outside the sample
    for t in range(2, 25, 2):
        new = {f"t{t:03d}_{turn:04d}": TEXTS[turn] for turn in (1, 2, 3)}
        grown_ids = sorted([*ids, *new])
        if {grown_ids[i] for i in fit_sample(grown_ids, p)} == sample:
            break
    else:
        raise AssertionError("every new transcript ranked inside the sample")
    grown = dict(sorted({**docs, **new}.items()))
    (tmp_path / "grown").mkdir()
    corpus2, diag2, prep2 = _write(tmp_path / "grown", grown)
    with monkeypatch.context() as m:
        m.setattr(topics, "fit_from_config", _no_fitting)
        _, _, ids2, _, after = final_fit(corpus2, diag2, p, cache)
    assert ids2 == list(grown)
    # what the cache gave is what a fresh run gives, and every earlier segment kept its numbers
    fresh = final_fit(corpus2, diag2, p)[4]
    assert np.array_equal(after.doc_counts, fresh.doc_counts) and np.array_equal(
        after.doc_topic, fresh.doc_topic
    )
    row = {s: i for i, s in enumerate(ids2)}
    old_rows = [row[s] for s in ids]
    assert np.array_equal(after.doc_topic[old_rows], before.doc_topic)
    # a second job on the same corpus (the prevalence rule) reuses the inference too
    with monkeypatch.context() as m:
        m.setattr(topics, "fit_from_config", _no_fitting)
        m.setattr(topics, "infer_counts", _no_fitting)
        third = final_fit(corpus2, diag2, p, cache)[4]
    assert np.array_equal(third.doc_topic, fresh.doc_topic)


def test_a_cached_fit_without_a_usable_model_is_fitted_again(tmp_path, monkeypatch):
    from coprod import topics

    corpus, diag, _ = _write(tmp_path, _corpus(12))
    p = topic_config(**P, fit_max_segments=15)
    cache = ContentCache(tmp_path / "cache")
    first = final_fit(corpus, diag, p, cache)[4]
    calls = []
    real = topics.fit_from_config

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    for broken in (None, "bm90IGEgbW9kZWw="):  # no model kept (a search fit's entry); not a model
        for entry in sorted((tmp_path / "cache").glob("*.json")):
            key = entry.stem
            body = cache.get(key)
            if body and "model" in body:
                body = {x: v for x, v in body.items() if x != "model"}
                cache.put(key, body if broken is None else {**body, "model": broken})
        with monkeypatch.context() as m:
            m.setattr(topics, "fit_from_config", counting)
            m.setattr(topics, "infer_counts", _no_fitting)  # the inference itself is still cached
            again = final_fit(corpus, diag, p, cache)[4]
        assert np.array_equal(first.doc_topic, again.doc_topic)
    assert len(calls) == 2


@pytest.mark.parametrize("value", [-1, "all", 2.5])
def test_fit_max_segments_is_validated_in_one_line(value):
    from conftest import ROOT

    from coprod.config import load_config
    from coprod.errors import ConfigError

    cfg = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    cfg["topics"]["fit_max_segments"] = value
    with pytest.raises(ConfigError) as exc:
        load_config(cfg)
    line = str(exc.value)
    assert "'topics.fit_max_segments'" in line and "\n" not in line
    cfg["topics"].pop("fit_max_segments")
    assert load_config(cfg)["topics"]["fit_max_segments"] == 8000


def test_adding_a_transcript_infers_only_its_segments_and_matches_a_cold_run(tmp_path, monkeypatch):
    """The inference cache is per document: a transcript added outside the sample has only its
    own segments inferred, the rest come from the cache, and the result is a cold run's."""
    from coprod import topics

    docs = _corpus(12, step=2)
    corpus, diag, _ = _write(tmp_path, docs)
    p = topic_config(**P, fit_max_segments=15)
    cache = ContentCache(tmp_path / "cache")
    _, _, ids, _, _ = final_fit(corpus, diag, p, cache)
    sample = {ids[i] for i in fit_sample(ids, p)}
    for t in range(2, 25, 2):
        new = {f"t{t:03d}_{n:04d}": f"{TEXTS[(n + 5) % len(TEXTS)]} harbour lanterns" for n in (1, 2)}
        grown_ids = sorted([*ids, *new])
        if {grown_ids[i] for i in fit_sample(grown_ids, p)} == sample:
            break
    else:
        raise AssertionError("every new transcript ranked inside the sample")
    (tmp_path / "grown").mkdir()
    corpus2, diag2, prep2 = _write(tmp_path / "grown", dict(sorted({**docs, **new}.items())))
    inferred = []
    real = topics.infer_counts

    def counting(model, todo, vocab, iterations):
        inferred.append(len(todo))
        return real(model, todo, vocab, iterations)

    with monkeypatch.context() as m:
        m.setattr(topics, "fit_from_config", _no_fitting)
        m.setattr(topics, "infer_counts", counting)
        after = final_fit(corpus2, diag2, p, cache)[4]
    ids2 = sorted([*ids, *new])
    new_words = {tuple(prep2.vocab[j] for j in prep2.docs[i]) for i, s in enumerate(ids2) if s in new}
    assert inferred == [len(new_words)] and len(new_words) == 2  # the new segments, nothing else
    _, _, cold_ids, _, cold = final_fit(corpus2, diag2, p)  # no cache: a cold run
    assert cold_ids == ids2
    for attr in ("doc_counts", "doc_topic", "topic_term", "alpha"):
        assert np.array_equal(getattr(after, attr), getattr(cold, attr)), attr


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: {**body, "counts": {"shape": [1, 3], "f8": "AAAA"}},  # wrong shape
        lambda body: {**body, "docs": body["docs"][:-1]},  # docs and counts disagree
        lambda body: {"docs": 7},  # foreign
        None,  # bytes that are not an entry at all
    ],
)
def test_a_damaged_inference_entry_is_ignored_and_rebuilt(tmp_path, monkeypatch, damage):
    from coprod import topics

    corpus, diag, _ = _write(tmp_path, _corpus(12))
    p = topic_config(**P, fit_max_segments=15)
    cache = ContentCache(tmp_path / "cache")
    first = final_fit(corpus, diag, p, cache)[4]
    damaged = 0
    for path in sorted((tmp_path / "cache").glob("*.json")):
        body = cache.get(path.stem)
        if body is not None and "docs" in body:
            damaged += 1
            if damage is None:
                path.write_text("coprod-cache 1 x y\n{not json", encoding="utf-8")
            else:
                cache.put(path.stem, damage(body))
    assert damaged == 1
    with monkeypatch.context() as m:
        m.setattr(topics, "fit_from_config", _no_fitting)  # the fit itself is still cached
        again = final_fit(corpus, diag, p, cache)[4]
        assert np.array_equal(first.doc_topic, again.doc_topic)
        m.setattr(topics, "infer_counts", _no_fitting)  # and now the inference is cached again
        third = final_fit(corpus, diag, p, cache)[4]
    assert np.array_equal(first.doc_topic, third.doc_topic)
