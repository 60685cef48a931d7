"""Topics: LDA or NMF over participant segments, across a K grid and several seeds, with the
diagnostics social scientists expect from stm's searchK (held-out perplexity, semantic
coherence, exclusivity) plus seed stability; K chosen by a documented rule or fixed in config.

Documents are segments; pseudonyms, transcription tags, stop words and fillers are removed,
frequent collocations ("social care") are joined, words are Snowball-stemmed and shown by their
most frequent surface form.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer

from .errors import ConfigError
from .text import stem, tokens

# Spoken-English fillers that carry no topic (extend in config: topics.extra_stop_words).
FILLERS = frozenset(
    "um erm er uh ah mm hm yeah yes aye okay ok oh like know mean really sort kind just think "
    "things thing lot bit wee actually quite got gonna going say said way maybe probably right "
    "sure well don didn doesn isn wasn ve ll re inaudible laughs crosstalk pause".split()
)


# Words on scikit-learn's stop list that carry meaning inside a phrase ("third sector", "front line").
CONTENT_STOP_WORDS = frozenset("third first second front top bottom full part whole last next".split())


@dataclass
class Prepared:
    """The document-term matrix and how to show its columns."""

    X: sparse.csr_matrix
    vocab: list[str]  # stems (and joined collocations)
    display: list[str]  # most frequent surface form per column
    collocations: list[str]


def prepare(
    texts: list[str],
    extra_stop_words: list[str],
    min_df: int,
    max_df: float,
    colloc_min_freq: int = 5,
    colloc_min_pmi: float = 3.0,
) -> Prepared:
    """Tokenise, join bigrams seen at least `colloc_min_freq` times with PMI >= `colloc_min_pmi`
    (log2), drop stop words, stem, and count."""
    stop = set(ENGLISH_STOP_WORDS) | FILLERS | {w.lower() for w in extra_stop_words}

    def keep(t: str) -> bool:
        return t not in stop and len(t) > 2 and not t.isdigit() and "'" not in t

    def content(t: str) -> bool:
        return keep(t) or t in CONTENT_STOP_WORDS

    raw = [[t[:-2] if t.endswith("'s") else t for t in tokens(x)] for x in texts]
    # Collocations are found before stop words go, so "third sector" survives although "third"
    # is on scikit-learn's stop list; both words must be content words.
    finder = BigramCollocationFinder.from_documents(raw)
    finder.apply_freq_filter(colloc_min_freq)
    finder.apply_ngram_filter(lambda a, b: not (content(a) and content(b)))
    pairs = {p for p, score in finder.score_ngrams(BigramAssocMeasures.pmi) if score >= colloc_min_pmi}
    surface: dict[str, Counter] = defaultdict(Counter)
    stemmed_docs = []
    for doc in raw:
        out, i = [], 0
        while i < len(doc):
            if i + 1 < len(doc) and (doc[i], doc[i + 1]) in pairs:
                term, shown = f"{stem(doc[i])}_{stem(doc[i + 1])}", f"{doc[i]} {doc[i + 1]}"
                i += 2
            elif keep(doc[i]):
                term, shown = stem(doc[i]), doc[i]
                i += 1
            else:
                i += 1
                continue
            surface[term][shown] += 1
            out.append(term)
        stemmed_docs.append(out)
    vec = CountVectorizer(analyzer=lambda d: d, min_df=min_df, max_df=max_df)
    try:
        X = vec.fit_transform(stemmed_docs).tocsr()
    except ValueError:
        raise ConfigError(
            "topics",
            "no terms left after min_df/max_df filtering",
            "lower topics.min_df or raise topics.max_df in config/config.yaml",
        ) from None
    vocab = list(vec.get_feature_names_out())
    display = [sorted(surface[v].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for v in vocab]
    return Prepared(X, vocab, display, sorted(" ".join(p) for p in pairs))


def prepare_from_config(texts: list[str], p: dict) -> Prepared:
    """`prepare` with the settings of the config's `topics` section."""
    return prepare(
        texts,
        p["extra_stop_words"],
        p["min_df"],
        p["max_df"],
        p["collocations"]["min_freq"],
        p["collocations"]["min_pmi"],
    )


def fit(X, model: str, k: int, seed: int, max_iter: int):
    """One model; returns (topic-term weights normalised per topic, doc-topic matrix, estimator)."""
    if model == "lda":
        est = LatentDirichletAllocation(
            n_components=k, random_state=seed, max_iter=max_iter, learning_method="batch"
        )
        doc_topic = est.fit_transform(X)
    else:
        tfidf = TfidfTransformer().fit_transform(X)
        est = NMF(n_components=k, random_state=seed, max_iter=max(max_iter, 200), init="nndsvda")
        w = est.fit_transform(tfidf)
        doc_topic = w / np.where(w.sum(axis=1, keepdims=True) == 0, 1, w.sum(axis=1, keepdims=True))
    comp = est.components_
    return comp / comp.sum(axis=1, keepdims=True), doc_topic, est


def top_indices(topic_term: np.ndarray, vocab: list[str], n: int) -> list[list[int]]:
    """Top-n term indices per topic, ties broken alphabetically (stable bytes)."""
    return [list(np.lexsort((np.array(vocab), -row))[:n]) for row in topic_term]


def _grid_job(args):
    """One (K, seed) fit on the training split with its diagnostics (runs in a worker)."""
    from .topic_metrics import exclusivity, npmi_coherence, umass_coherence

    X, train, test, vocab, model, k, seed, max_iter, n_top = args
    start = time.perf_counter()
    topic_term, _, est = fit(X[train], model, k, seed, max_iter)
    top = top_indices(topic_term, vocab, n_top)
    perplexity = float(est.perplexity(X[test])) if model == "lda" and len(test) else float("nan")
    row = {
        "k": k,
        "seed": seed,
        "heldout_perplexity": perplexity,
        "umass": float(np.mean(umass_coherence(X, top))),
        "npmi": float(np.mean(npmi_coherence(X, top))),
        "exclusivity": float(np.mean(exclusivity(topic_term, top))),
    }
    return row, [set(t) for t in top], time.perf_counter() - start


def search_k(
    prep: Prepared,
    model: str,
    k_grid: list[int],
    seeds: list[int],
    max_iter: int,
    n_top: int,
    heldout_fraction: float,
    workers: int,
    log=sys.stderr,
) -> pd.DataFrame:
    """Every (K, seed) fit with held-out perplexity, UMass, NPMI, exclusivity; per-K stability."""
    from .topic_metrics import heldout_split, seed_stability

    train, test = heldout_split(prep.X.shape[0], heldout_fraction, seeds[0])
    jobs = [(prep.X, train, test, prep.vocab, model, k, s, max_iter, n_top) for k in k_grid for s in seeds]
    rows, tops = [], defaultdict(list)
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_grid_job, jobs))
    else:
        results = [_grid_job(j) for j in jobs]
    for row, top, secs in results:
        print(f"fit K={row['k']} seed={row['seed']} elapsed={secs:.2f}s", file=log)
        rows.append(row)
        tops[row["k"]].append(top)
    diag = pd.DataFrame(rows).sort_values(["k", "seed"]).reset_index(drop=True)
    diag["stability"] = diag.k.map({k: seed_stability(tops[k]) if len(tops[k]) > 1 else 1.0 for k in tops})
    return diag


def choose_k(diag: pd.DataFrame) -> int:
    """The documented rule: among K whose seed stability is at least 0.5 (all K if none), take the
    one with the highest sum of standardised mean NPMI coherence and mean exclusivity — the
    semantic-coherence / exclusivity frontier of stm's searchK; ties go to the smaller K."""
    by = diag.groupby("k")[["npmi", "exclusivity", "stability"]].mean()
    pool = by[by.stability >= 0.5] if (by.stability >= 0.5).any() else by

    def z(s: pd.Series) -> pd.Series:
        return (s - s.mean()) / s.std(ddof=0) if s.std(ddof=0) > 0 else s * 0

    score = (z(pool.npmi) + z(pool.exclusivity)).round(9)
    best = score[score == score.max()].index
    return int(min(best))


def topic_tables(
    segment_ids: list[str], topic_term: np.ndarray, doc_topic: np.ndarray, prep: Prepared, n_top: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Topic-term (top words), doc-topic and per-topic summary tables, rounded for stable bytes."""
    from .topic_metrics import exclusivity, npmi_coherence

    top = top_indices(topic_term, prep.vocab, n_top)
    rows = []
    for t, idx in enumerate(top, start=1):
        for rank, j in enumerate(idx, start=1):
            rows.append(
                {
                    "topic": t,
                    "rank": rank,
                    "term": prep.display[j],
                    "stem": prep.vocab[j],
                    "weight": round(float(topic_term[t - 1, j]), 6),
                }
            )
    terms = pd.DataFrame(rows)
    k = doc_topic.shape[1]
    dt = pd.DataFrame(np.round(doc_topic, 6), columns=[f"topic_{i}" for i in range(1, k + 1)])
    dt.insert(0, "segment_id", segment_ids)
    npmi, excl = npmi_coherence(prep.X, top), exclusivity(topic_term, top)
    summary = pd.DataFrame(
        {
            "topic": range(1, k + 1),
            "label": [
                ", ".join(terms[terms.topic == t].sort_values("rank").term.head(3)) for t in range(1, k + 1)
            ],
            "prevalence": np.round(doc_topic.mean(axis=0), 6),
            "npmi": np.round(npmi, 6),
            "exclusivity": np.round(excl, 6),
            "top_words": [
                ", ".join(terms[terms.topic == t].sort_values("rank").term) for t in range(1, k + 1)
            ],
        }
    )
    return terms, dt, summary


def prevalence_by(
    doc_topics: pd.DataFrame, segments: pd.DataFrame, by: str, n_boot: int, seed: int
) -> pd.DataFrame:
    """Mean topic weight per level of `by` (site or group) with a 95% bootstrap CI that resamples
    participants (the sampling unit), not segments."""
    topics = [c for c in doc_topics.columns if c.startswith("topic_")]
    data = doc_topics.merge(segments[["segment_id", "participant_id", by]], on="segment_id")
    rng = np.random.default_rng(seed)
    rows = []
    for level, g in data.groupby(by, sort=True):
        parts = sorted(g.participant_id.unique())
        per = {p: g[g.participant_id == p][topics].to_numpy() for p in parts}
        boots = []
        for _ in range(n_boot):
            pick = rng.choice(len(parts), size=len(parts), replace=True)
            boots.append(np.vstack([per[parts[i]] for i in pick]).mean(axis=0))
        boots = np.array(boots) if boots else np.empty((0, len(topics)))
        mean = g[topics].to_numpy().mean(axis=0)
        for j in range(len(topics)):
            lo, hi = np.percentile(boots[:, j], [2.5, 97.5]) if n_boot else (mean[j], mean[j])
            rows.append(
                {
                    by: level,
                    "topic": j + 1,
                    "prevalence": round(float(mean[j]), 6),
                    "lower_95": round(float(lo), 6),
                    "upper_95": round(float(hi), 6),
                    "participants": len(parts),
                    "segments": len(g),
                }
            )
    return pd.DataFrame(rows)


def topic_code_alignment(doc_topics: pd.DataFrame, coded: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Mean topic weight among segments carrying each code (rows codes, columns topics)."""
    topics = [c for c in doc_topics.columns if c.startswith("topic_")]
    dt = doc_topics.set_index("segment_id")
    rows = []
    for code in codes:
        ids = [s for s in coded.loc[coded.code_id == code, "segment_id"] if s in dt.index]
        means = dt.loc[ids, topics].mean(axis=0) if ids else pd.Series(0.0, index=topics)
        rows.append({"code_id": code, "segments": len(ids), **{t: round(float(means[t]), 6) for t in topics}})
    return pd.DataFrame(rows)


def representative(
    doc_topics: pd.DataFrame, segments: pd.DataFrame, per_topic: int, min_words: int, max_words: int
) -> pd.DataFrame:
    """Highest-weight segments per topic (participant only, length-bounded, one per participant)."""
    topics = [c for c in doc_topics.columns if c.startswith("topic_")]
    data = doc_topics.merge(
        segments[["segment_id", "participant_id", "site_id", "group", "n_words", "text"]], on="segment_id"
    )
    data = data[data.n_words.astype(int).between(min_words, max_words)]
    rows = []
    for j, t in enumerate(topics, start=1):
        ranked = data.sort_values([t, "segment_id"], ascending=[False, True]).drop_duplicates(
            "participant_id"
        )
        for rank, r in enumerate(ranked.head(per_topic).itertuples(), start=1):
            rows.append(
                {
                    "topic": j,
                    "rank": rank,
                    "segment_id": r.segment_id,
                    "weight": round(float(getattr(r, t)), 6),
                    "participant_id": r.participant_id,
                    "site_id": r.site_id,
                    "group": r.group,
                    "text": r.text,
                }
            )
    return pd.DataFrame(rows)
