"""A TF-IDF vectoriser that counts each text's terms once per process.

The coding assistant fits a vectoriser on every fold of its cross-validation and transforms the
same units again and again (the selection on every unit, five outer folds, five inner folds each):
scikit-learn's `CountVectorizer` walks every term of every document through a Python dictionary
each time, which was a third of the assistant's CPU time. `CachedTfidfVectorizer` is scikit-learn's
`TfidfVectorizer` whose counting step reads each text's distinct terms and their counts from a
per-process table (terms numbered once, in the order first seen), so a fit or transform only maps
integer arrays. It builds exactly the count matrix and vocabulary scikit-learn's own counting
builds (the same first-seen numbering, the same index and value types, indices sorted). The
features are then numbered by name from the table's own sorted order of its terms (no sort of the
vocabulary's strings on every fit), and a pruning by document frequency that keeps every term
(min_df=1, max_df=1.0) leaves the vocabulary as it is; the document frequencies, the idf, the
sublinear tf and the normalisation are scikit-learn's own code, so the vocabulary and the TF-IDF
matrices are the same to the bit (`tests/test_tfidf.py` compares them with `TfidfVectorizer`'s).
The table holds each text's distinct term ids (32-bit) and their counts for the life of the
process (the assistant on the bundled study: peak memory 227 → 232 MB). Only a callable
`analyzer` is counted this way (the table is kept per analyzer); anything else, or a document
that is not a `str`, falls back to scikit-learn's counting.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer


class _Terms:
    """One analyzer's table: term -> id (first seen first) and, per text, its distinct term ids
    (in the order they first occur in the text) with their counts."""

    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._rank = np.zeros(0, dtype=np.int64)

    def rank(self) -> np.ndarray:
        """Per term id, its place among all the table's terms in sorted order (Python's string
        order, which scikit-learn sorts its vocabulary by)."""
        if len(self._rank) != len(self.terms):
            by = sorted(range(len(self.terms)), key=self.terms.__getitem__)
            self._rank = np.empty(len(by), dtype=np.int64)
            self._rank[by] = np.arange(len(by))
        return self._rank

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        got = self.rows.get(text)
        if got is None:
            counts: dict[int, int] = {}
            ids = self.ids
            for term in self.analyzer(text):
                i = ids.get(term)
                if i is None:
                    i = ids[term] = len(self.terms)
                    self.terms.append(term)
                counts[i] = counts.get(i, 0) + 1
            got = (
                np.fromiter(counts.keys(), np.int32, len(counts)),
                np.fromiter(counts.values(), np.intc, len(counts)),
            )
            self.rows[text] = got
        return got


# per analyzer callable; at most a few (the assistant's word and character analyzers)
_TABLES: dict[object, _Terms] = {}


def _table(analyzer) -> _Terms:
    t = _TABLES.get(analyzer)
    if t is None:
        t = _TABLES[analyzer] = _Terms(analyzer)
    return t


def count_terms(analyzer, texts) -> None:
    """Fill `analyzer`'s table with `texts` now (a process about to fork workers that will count
    them: each starts with the table instead of analysing every text again)."""
    table = _table(analyzer)
    for text in texts:
        table.row(text)


class CachedTfidfVectorizer(TfidfVectorizer):
    """`TfidfVectorizer` with the counting step read from a per-process table of each text's terms
    (see the module's docstring); the same fitted vocabulary, idf and matrices."""

    def _count_vocab(self, raw_documents, fixed_vocab):
        docs = raw_documents if isinstance(raw_documents, list) else list(raw_documents)
        if not callable(self.analyzer) or not all(type(d) is str for d in docs):
            return super()._count_vocab(docs, fixed_vocab)
        table = _table(self.analyzer)
        rows = [table.row(d) for d in docs]
        lengths = np.fromiter((len(r[0]) for r in rows), np.int64, len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        ids = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, np.int32)
        values = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, np.intc)
        if fixed_vocab:
            vocabulary = self.vocabulary_
            local = self._local_index(table, vocabulary)
            mapped = np.full(len(ids), -1, dtype=np.int64)
            known = ids < len(local)
            mapped[known] = local[ids[known]]
            keep = mapped >= 0
            if not keep.all():
                # out-of-vocabulary terms are left out, as scikit-learn's counting leaves them
                ids_kept = np.cumsum(np.concatenate([[0], keep.astype(np.int64)]))
                indptr = ids_kept[indptr]
                mapped, values = mapped[keep], values[keep]
            j = mapped
        else:
            # numbered in the order first seen over the documents, as scikit-learn numbers them
            uniq, first = np.unique(ids, return_index=True)
            order = uniq[np.argsort(first, kind="stable")]
            local = np.empty(len(table.terms), dtype=np.int64)
            local[order] = np.arange(len(order))
            j = local[ids]
            terms = table.terms
            vocabulary = {terms[g]: n for n, g in enumerate(order.tolist())}
            if not vocabulary:
                raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
            # for the sorting of the features that follows (_sort_features)
            self._coprod_fitted = (vocabulary, table, order)
        dtype = np.int64 if indptr[-1] > np.iinfo(np.int32).max else np.int32
        x = sp.csr_array(
            (np.asarray(values, dtype=np.intc), j.astype(dtype), indptr.astype(dtype)),
            shape=(len(docs), len(vocabulary)),
            dtype=self.dtype,
        )
        x.sort_indices()
        return vocabulary, _align(x)

    def _limit_features(self, X, vocabulary, high=None, low=None, limit=None):
        """scikit-learn's pruning by document frequency; when it keeps every term (min_df=1,
        max_df=1.0: always, since every term of a fitted vocabulary occurs in a document) the
        vocabulary is left as it is instead of renumbering each term to its own number."""
        if limit is None and (high is not None or low is not None) and X.shape[1]:
            from sklearn.feature_extraction.text import _document_frequency

            dfs = _document_frequency(X)
            mask = np.ones(len(dfs), dtype=bool)
            if high is not None:
                mask &= dfs <= high
            if low is not None:
                mask &= dfs >= low
            if mask.all():
                return X[:, np.flatnonzero(mask)]
        return super()._limit_features(X, vocabulary, high, low, limit)

    def _sort_features(self, X, vocabulary):
        """scikit-learn's sorting of the features by name, from the table's order of its terms
        when this fit counted them (the same numbers; no sort of the vocabulary's strings)."""
        fitted = getattr(self, "_coprod_fitted", None)
        self._coprod_fitted = None
        if fitted is None or fitted[0] is not vocabulary or len(fitted[2]) != len(vocabulary):
            return super()._sort_features(X, vocabulary)
        _, table, order = fitted
        map_index = np.empty(len(order), dtype=X.indices.dtype)
        map_index[np.argsort(table.rank()[order], kind="stable")] = np.arange(len(order))
        # the vocabulary's terms are in their old numbers' order (_count_vocab built it so)
        for term, new in zip(list(vocabulary), map_index.tolist(), strict=True):
            vocabulary[term] = new
        X.indices = map_index.take(X.indices, mode="clip")
        return X

    def _local_index(self, table: _Terms, vocabulary: dict) -> np.ndarray:
        """Term id -> column of the fitted vocabulary (-1: not in it), kept while the vocabulary is
        the same object. Every vocabulary term is given an id first, so a term the table numbers
        later is not in the vocabulary (ids past the end read as -1)."""
        cached = getattr(self, "_coprod_local", None)
        if cached is not None and cached[0] is vocabulary and cached[1] is table:
            return cached[2]
        for term in vocabulary:
            if term not in table.ids:
                table.ids[term] = len(table.terms)
                table.terms.append(term)
        local = np.full(len(table.terms), -1, dtype=np.int64)
        ids = table.ids
        for term, col in vocabulary.items():
            local[ids[term]] = col
        self._coprod_local = (vocabulary, table, local)
        return local


def _align(x):
    """The count matrix in the sparse type scikit-learn's own counting returns."""
    from sklearn.feature_extraction import text

    align = getattr(text, "_align_api_if_sparse", None)
    return align(x) if align is not None else x
