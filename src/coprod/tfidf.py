"""A TF-IDF vectoriser that counts each text's terms once per process.

The coding assistant fits a vectoriser on every fold of its cross-validation and transforms the
same units again and again (the selection on every unit, five outer folds, five inner folds each):
scikit-learn's `CountVectorizer` walks every term of every document through a Python dictionary
each time, which was a third of the assistant's CPU time. `CachedTfidfVectorizer` is scikit-learn's
`TfidfVectorizer` whose counting step reads each text's distinct terms and their counts from a
per-process table (terms numbered once, in the order first seen), so a fit or transform only maps
integer arrays. It builds exactly the count matrix and vocabulary scikit-learn's own counting
builds (the same first-seen numbering, the same index and value types, indices sorted), and
everything after the counting — sorting the features, the document frequencies, the idf, the
sublinear tf, the normalisation — is scikit-learn's own code, so the TF-IDF matrices are the same
to the bit (`tests/test_tfidf.py` compares them with `TfidfVectorizer`'s). Only a callable
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
                np.fromiter(counts.keys(), np.int64, len(counts)),
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
        ids = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, np.int64)
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
        dtype = np.int64 if indptr[-1] > np.iinfo(np.int32).max else np.int32
        x = sp.csr_array(
            (np.asarray(values, dtype=np.intc), j.astype(dtype), indptr.astype(dtype)),
            shape=(len(docs), len(vocabulary)),
            dtype=self.dtype,
        )
        x.sort_indices()
        return vocabulary, _align(x)

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
