"""coprod.tfidf.CachedTfidfVectorizer builds exactly what scikit-learn's TfidfVectorizer builds:
the same vocabulary, idf and TF-IDF matrices to the bit, for fits and transforms in any order on
overlapping documents (the assistant's folds), unseen terms and empty documents included."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from coprod.assistant import analyzer, char_analyzer
from coprod.tfidf import CachedTfidfVectorizer

DOCS = [
    "The board met the partners and the partners met the board.",
    "Co-production meant sharing power with people who use services.",
    "We had no budget, no time and no mandate; nothing moved.",
    "",
    "Leadership was distributed across the partnership, not held by one person.",
    "power power power sharing",
    "The integration joint board held the budget for health and social care.",
    "Nobody asked the carers until the end, and that was a mistake.",
]
UNSEEN = [
    "A sentence with words the fits never saw: zebra, quartz, xylophone.",
    "The board and the budget again, with power.",
    "",
]


def same(a, b) -> None:
    """Two sparse matrices with the same shape, structure, index order and bits."""
    assert a.shape == b.shape
    assert a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()


def fitted_pair(docs, **kw):
    return TfidfVectorizer(**kw).fit(docs), CachedTfidfVectorizer(**kw).fit(docs)


@pytest.mark.parametrize("an", [analyzer, char_analyzer], ids=["words", "chars"])
@pytest.mark.parametrize("sublinear", [True, False])
def test_same_vocabulary_idf_and_matrices_as_scikit_learn(an, sublinear):
    # folds: overlapping training sets fitted in turn, each transforming every document and unseen
    # ones, so the per-process table is shared across fits and grows between them
    for train in (DOCS[:5], DOCS[2:], DOCS[::2], DOCS, DOCS[1::3] + UNSEEN[:1]):
        ref, got = fitted_pair(train, analyzer=an, sublinear_tf=sublinear, min_df=1)
        assert got.vocabulary_ == ref.vocabulary_
        assert all(type(v) is int for v in got.vocabulary_.values())
        assert got.idf_.tobytes() == ref.idf_.tobytes()
        for batch in (DOCS, UNSEEN, DOCS[3:4], UNSEEN + DOCS, []):
            if batch:
                same(got.transform(batch), ref.transform(batch))


def test_fit_transform_and_count_matrix_match():
    ref = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    got = CachedTfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    same(got.fit_transform(DOCS), ref.fit_transform(DOCS))
    # the counting step itself: scikit-learn's vocabulary numbering (first seen first) and counts
    # (in another order than the table first saw the documents in)
    for docs in (DOCS + UNSEEN, UNSEEN[::-1] + DOCS[::-1]):
        v_ref, x_ref = ref._count_vocab(docs, False)
        v_got, x_got = got._count_vocab(docs, False)
        assert list(v_got.items()) == list(v_ref.items())
        same(x_got, x_ref)


def test_the_second_count_reads_the_table_not_the_analyzer():
    calls = []

    def counting(text: str) -> list[str]:
        calls.append(text)
        return text.split()

    v = CachedTfidfVectorizer(analyzer=counting).fit(["a b a", "b c"])
    v.transform(["a b a", "b c", "c d"])
    assert sorted(calls) == ["a b a", "b c", "c d"]


def test_empty_vocabulary_and_non_callable_analyzer_behave_as_scikit_learn():
    with pytest.raises(ValueError, match="empty vocabulary"):
        CachedTfidfVectorizer(analyzer=analyzer).fit(["", ""])
    ref, got = fitted_pair(DOCS, analyzer="word", ngram_range=(1, 2))
    assert got.vocabulary_ == ref.vocabulary_
    same(got.transform(UNSEEN), ref.transform(UNSEEN))


@pytest.mark.parametrize("kw", [{"min_df": 2}, {"max_df": 0.5}, {"max_features": 7}], ids=str)
def test_pruned_vocabularies_match(kw):
    # terms dropped by document frequency or a feature cap: scikit-learn's own pruning and sorting
    ref, got = fitted_pair(DOCS, analyzer=analyzer, sublinear_tf=True, **kw)
    assert got.vocabulary_ == ref.vocabulary_
    assert got.idf_.tobytes() == ref.idf_.tobytes()
    same(got.transform(DOCS + UNSEEN), ref.transform(DOCS + UNSEEN))
    same(got.fit_transform(DOCS), ref.fit_transform(DOCS))
