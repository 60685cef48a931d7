"""Topics: scikit-learn LDA over participant segments at a K and seed from config.

The spine's model is one LDA fit; diagnostics across a K grid and seeds come in the topic issue.
Documents are segments; pseudonyms and transcription tags are removed before counting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from .errors import ConfigError
from .text import tokens

# Spoken-English fillers that carry no topic (extend in config: topics.extra_stop_words).
FILLERS = frozenset(
    "um erm er uh ah mm hm yeah yes aye okay ok oh like know mean really sort kind just think "
    "things thing lot bit wee actually quite got gonna going say said way maybe probably right "
    "sure well don didn doesn isn wasn ve ll re inaudible laughs crosstalk pause".split()
)


def fit_lda(
    texts: list[str],
    k: int,
    seed: int,
    max_iter: int,
    min_df: int | float,
    max_df: float,
    extra_stop_words: list[str],
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Fit LDA; return (topic-term weights normalised per topic, doc-topic matrix, vocabulary)."""
    stop = set(ENGLISH_STOP_WORDS) | FILLERS | {w.lower() for w in extra_stop_words}

    def analyse(text: str) -> list[str]:
        return [t for t in tokens(text) if t not in stop and len(t) > 2 and not t.isdigit()]

    vec = CountVectorizer(analyzer=analyse, min_df=min_df, max_df=max_df)
    try:
        counts = vec.fit_transform(texts)
    except ValueError:
        raise ConfigError(
            "topics",
            "no terms left after min_df/max_df filtering",
            "lower topics.min_df or raise topics.max_df in config/config.yaml",
        ) from None
    if counts.shape[1] < k:
        raise ConfigError(
            "topics.k", f"K={k} exceeds the vocabulary size {counts.shape[1]}", "choose a smaller topics.k"
        )
    lda = LatentDirichletAllocation(
        n_components=k, random_state=seed, max_iter=max_iter, learning_method="batch"
    )
    doc_topic = lda.fit_transform(counts)
    topic_term = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    return topic_term, doc_topic, list(vec.get_feature_names_out())


def topic_tables(
    segment_ids: list[str], topic_term: np.ndarray, doc_topic: np.ndarray, vocab: list[str], n_top: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Topic-term (top words), doc-topic and per-topic summary tables, rounded for stable bytes."""
    rows = []
    for t, weights in enumerate(topic_term, start=1):
        order = np.lexsort((np.array(vocab), -weights))[:n_top]  # ties broken alphabetically
        for rank, j in enumerate(order, start=1):
            rows.append({"topic": t, "rank": rank, "term": vocab[j], "weight": round(float(weights[j]), 6)})
    terms = pd.DataFrame(rows)
    dt = pd.DataFrame(
        np.round(doc_topic, 6), columns=[f"topic_{i}" for i in range(1, doc_topic.shape[1] + 1)]
    )
    dt.insert(0, "segment_id", segment_ids)
    summary = pd.DataFrame(
        {
            "topic": range(1, doc_topic.shape[1] + 1),
            "label": [
                ", ".join(terms[terms.topic == t].sort_values("rank").term.head(3))
                for t in range(1, doc_topic.shape[1] + 1)
            ],
            "prevalence": np.round(doc_topic.mean(axis=0), 6),
            "top_words": [
                ", ".join(terms[terms.topic == t].sort_values("rank").term)
                for t in range(1, doc_topic.shape[1] + 1)
            ],
        }
    )
    return terms, dt, summary
