"""The topic corpus prepared again without its short documents (coprod.topics._Preparation.without)
is the corpus prepared afresh from the other documents: the same collocations, terms, surface
forms, vocabulary and matrix, whether or not dropping them changes which pairs are collocations."""

import random

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from coprod.topics import _Preparation, prepare, raw_topic_tokens

WORDS = (
    "third sector community meeting council planning housing local transport budget the and of "
    "partners partnership voluntary groups funding officers strategy young carers it's 2020 "
    "front line whole system social care"
).split()


def _texts(rng: random.Random, n: int) -> list[str]:
    texts = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(1, 14)):
            # frequent fixed pairs, so some are collocations and dropping documents moves them
            if rng.random() < 0.3:
                words += rng.choice(
                    [["third", "sector"], ["front", "line"], ["young", "carers"], ["whole", "system"]]
                )
            else:
                words.append(rng.choice(WORDS))
        texts.append(" ".join(words))
    return texts


def _same(a, b) -> None:
    assert a.vocab == b.vocab
    assert a.display == b.display
    assert a.collocations == b.collocations
    assert a.docs == b.docs
    assert (a.X != b.X).nnz == 0 and a.X.shape == b.X.shape
    assert np.array_equal(a.X.indptr, b.X.indptr)


def test_prepared_again_without_some_documents_is_prepared_afresh():
    rng = random.Random(11)
    moved = 0
    for trial in range(120):
        texts = _texts(rng, rng.randint(5, 60))
        min_freq, min_pmi = rng.choice([1, 2, 3, 5]), rng.choice([0.0, 0.5, 1.0, 2.0, 3.0])
        min_df, max_df = rng.choice([1, 2, 3]), rng.choice([1.0, 0.9, 0.6])
        stop = ENGLISH_STOP_WORDS if trial % 2 else frozenset({"the", "and"})
        raw = raw_topic_tokens(texts)
        first = _Preparation.of(raw, stop, min_freq, min_pmi)
        _same(first.prepared(min_df, max_df), prepare(texts, stop, min_df, max_df, min_freq, min_pmi))
        drop = set(rng.sample(range(len(texts)), rng.randint(0, len(texts) - 1)))
        kept = [t for i, t in enumerate(texts) if i not in drop]
        again = first.without(drop)
        moved += again.pairs != first.pairs
        try:
            fresh = prepare(kept, stop, min_df, max_df, min_freq, min_pmi)
        except Exception as err:  # no terms left: the same error either way
            try:
                again.prepared(min_df, max_df)
            except type(err):
                continue
            raise AssertionError("prepared again although afresh failed") from err
        _same(again.prepared(min_df, max_df), fresh)
    # both paths ran: drops that changed the collocations and drops that did not
    assert 10 < moved < 110
