"""Topic-model diagnostics: coherence, exclusivity, stability across seeds, and a held-out split.

One LDA fit says nothing about whether its topics are worth reading, so the choice of K (and the claim
that a topic is a finding rather than a seed artefact) rests on these numbers. Each is computed from
its published definition on the document-term count matrix the model was fitted to, with no
randomness except the explicitly seeded split:

- UMass coherence reproduces gensim's ``CoherenceModel(coherence="u_mass")`` number for number, because
  that is the implementation readers will compare against (and it differs from Mimno et al. 2011 in
  smoothing and aggregation; see `umass_coherence`).
- NPMI coherence uses document co-occurrence, with the undefined cases given fixed values rather than
  an epsilon, so a pair that never co-occurs is exactly -1 whatever the corpus size.
- Exclusivity is stm's FREX-based score (Roberts et al.; ``stm::exclusivity``), averaged per topic.
- Seed stability matches topics across runs one-to-one (Hungarian) before comparing them, since topic
  numbering is arbitrary and greedy matching can pair two runs' topics with the same partner.

Functions are pure: inputs are a scipy sparse documents × vocabulary count matrix, per-topic lists of
vocabulary column indices, and numpy arrays. Nothing is rounded here; tables round when written.
Where a definition does not apply (a topic with fewer than two words, a single seed) the result is nan,
not a convenient number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import scipy.sparse as sp

# scipy.optimize and scipy.stats are not imported here: they take longer to import than a grid fit
# takes to score (every topic-fit job imports this module); seed_stability imports the one it uses
# and _average_ranks is scipy.stats.rankdata's 'average' method (tested equal to it).

# gensim.topic_coherence.direct_confirmation_measure.EPSILON, added to the joint *probability* (not
# the count) inside UMass's log. Copied rather than imported so the pipeline does not depend on gensim.
GENSIM_EPSILON = 1e-12


def _document_presence(X: sp.spmatrix | np.ndarray) -> sp.csc_matrix:
    """0/1 documents × vocabulary matrix: both coherence measures count documents, not tokens."""
    X = sp.csc_matrix(X)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a non-empty documents × vocabulary matrix, got shape {X.shape}")
    if X.nnz and X.data.min() < 0:
        raise ValueError("X must hold non-negative counts")
    B = (X > 0).astype(np.int64)
    B.eliminate_zeros()
    return B


def _checked_ids(words: Sequence[int], n_vocab: int, topic: int) -> np.ndarray:
    """Vocabulary indices as an int array; negative indices are refused since numpy would wrap them."""
    ids = np.asarray(list(words), dtype=np.int64)
    if ids.size and (ids.min() < 0 or ids.max() >= n_vocab):
        raise ValueError(f"topic {topic}: word index out of range 0..{n_vocab - 1}: {ids.tolist()}")
    return ids


def _doc_counts(B: sp.csc_matrix, ids: np.ndarray) -> np.ndarray:
    """D[i, j] = number of documents containing words ids[i] and ids[j]; the diagonal is D(ids[i])."""
    sub = B[:, ids]
    return np.asarray((sub.T @ sub).todense(), dtype=np.int64)


def umass_coherence(X: sp.spmatrix, top_words: list[list[int]]) -> list[float]:
    """Per-topic UMass coherence, equal (to float rounding) to gensim 4.4's ``u_mass`` on the same corpus.

    For a topic's words w_1..w_M in the order given (best first), gensim's pipeline is ``s_one_pre``
    segmentation (each word w_i paired with every *preceding* word w_j, j < i), boolean-document
    probabilities P(w) = D(w)/N and P(w_i, w_j) = D(w_i, w_j)/N over the N rows of X (empty documents
    included), and the log-conditional-probability confirmation

        m(w_i, w_j) = ln( (D(w_i, w_j)/N + 1e-12) / (D(w_j)/N) ),

    i.e. the natural log of P(w_i | w_j) conditioned on the *higher-ranked* word, with 1e-12 added to
    the joint probability, and the topic's score is the arithmetic mean of the M(M-1)/2 values.

    This is not Mimno et al. (2011) verbatim, which sums ln((D(w_i, w_j) + 1)/D(w_j)): gensim adds an
    epsilon to the probability instead of 1 to the count, so a pair that never co-occurs contributes
    about ln(1e-12 · N/D(w_j)) ≈ -27.6 + ln(N/D(w_j)) rather than ln(1/D(w_j)), and it averages rather
    than sums. We follow gensim, because that is the number other studies report. Also as gensim: a
    pair whose conditioning word occurs in no document contributes 0.0 (gensim catches the division by
    zero) and still counts in the mean; a repeated word is kept as a pair with itself (≈ 0). A topic
    with fewer than two words has no pairs and scores nan (gensim's mean of an empty list).

    Two gensim behaviours this function does not copy, because it takes indices, not tokens: gensim
    silently drops tokens missing from its Dictionary, and ``CoherenceModel`` truncates every topic to
    ``topn`` words (default 20, judged by the first topic's length). Pass exactly the words to score.
    """
    B = _document_presence(X)
    n_docs = float(B.shape[0])
    scores = []
    for t, words in enumerate(top_words):
        ids = _checked_ids(words, B.shape[1], t)
        if ids.size < 2:
            scores.append(math.nan)
            continue
        D = _doc_counts(B, ids)
        # np.tril_indices is row-major: (1,0), (2,0), (2,1), ... the exact order of gensim's s_one_pre,
        # so even the floating-point summation inside the mean matches.
        i, j = np.tril_indices(ids.size, k=-1)
        co, cond = D[i, j], D[j, j]
        sims = np.zeros(i.size)
        seen = cond > 0
        sims[seen] = np.log((co[seen] / n_docs + GENSIM_EPSILON) / (cond[seen] / n_docs))
        scores.append(float(np.mean(sims)))
    return scores


def npmi_coherence(X: sp.spmatrix, top_words: list[list[int]], eps: float = 1e-12) -> list[float]:
    """Per-topic mean NPMI over all pairs of the topic's words, from document co-occurrence.

    With N documents (rows of X), P(w) = D(w)/N and P(a, b) = D(a, b)/N, where D counts documents
    containing the word(s) regardless of how often. For each unordered pair of top words (a, b),

        NPMI(a, b) = ln( P(a, b) / (P(a) P(b)) ) / -ln P(a, b)        (Bouma 2009),

    which runs from -1 (never together) through 0 (independent) to 1 (always together). The two places
    where the formula is undefined are given the value its limit has, not an epsilon-smoothed number
    that would depend on N:

    - P(a, b) = 0 (the pair never shares a document, including a word in no document): NPMI = -1.
    - P(a, b) = 1 (both words in every document, so they always co-occur; the formula is 0/0): NPMI = 1.

    Words that always co-occur but not everywhere get 1 from the formula itself. `eps` is only the
    tolerance for recognising those two cases in floating point (with integer counts the joint
    probability is either 0 or at least 1/N). Results are clipped to [-1, 1] against rounding. The
    topic score is the arithmetic mean over its M(M-1)/2 pairs; nan for a topic with fewer than two
    words. (gensim's ``c_npmi`` instead adds 1e-12 to P(a, b) and counts sliding windows, so a pair that
    never co-occurs gets -1 + ln(1/(P(a)P(b)))/ln(1e12), e.g. -0.83 for two words each in 10% of
    documents, and two words in every window get -1, not 1.)
    """
    B = _document_presence(X)
    n_docs = float(B.shape[0])
    scores = []
    for t, words in enumerate(top_words):
        ids = _checked_ids(words, B.shape[1], t)
        if ids.size < 2:
            scores.append(math.nan)
            continue
        D = _doc_counts(B, ids)
        i, j = np.triu_indices(ids.size, k=1)
        p_joint = D[i, j] / n_docs
        p_i, p_j = D[i, i] / n_docs, D[j, j] / n_docs
        values = np.empty(i.size)
        never = p_joint <= eps
        everywhere = ~never & (-np.log(np.where(never, 1.0, p_joint)) <= eps)
        rest = ~never & ~everywhere
        values[never] = -1.0
        values[everywhere] = 1.0
        values[rest] = np.log(p_joint[rest] / (p_i[rest] * p_j[rest])) / -np.log(p_joint[rest])
        scores.append(float(np.mean(np.clip(values, -1.0, 1.0))))
    return scores


def _average_ranks(a: np.ndarray) -> np.ndarray:
    """Ranks 1..n within each row of a 2-D array, ties given their average rank (float64): what
    ``scipy.stats.rankdata(a, axis=1)`` returns, computed as it does (stable sort, tie groups)."""
    a = np.asarray(a)
    n = a.shape[1]
    order = np.argsort(a, axis=1, kind="mergesort")
    ordered = np.take_along_axis(a, order, axis=1)
    out = np.empty(a.shape, dtype=float)
    for r in range(a.shape[0]):
        starts = np.r_[True, ordered[r, 1:] != ordered[r, :-1]]
        group = np.cumsum(starts)  # 1-based tie group of each sorted position
        bounds = np.r_[np.nonzero(starts)[0], n]
        out[r, order[r]] = 0.5 * (bounds[group] + bounds[group - 1] + 1)
    return out


def exclusivity(topic_term: np.ndarray, top_words: list[list[int]], weight: float = 0.7) -> list[float]:
    """Per-topic FREX exclusivity: mean over the topic's top words of each word's FREX score.

    As ``stm::exclusivity`` (Roberts, Stewart & Tingley; Bischof & Airoldi 2012 for FREX): with beta the
    K × V topic-word distribution (rows are normalised here, so sklearn's raw ``components_`` give the
    same answer as normalised weights),

    - frequency of word v in topic k: beta[k, v];
    - exclusivity: beta[k, v] / sum_k' beta[k', v], the share of the word's weight this topic holds
      (0 for a word with no weight in any topic);
    - both are turned into within-topic empirical-CDF ranks, rank / V (ties get their average rank, R's
      ``rank`` default), so the scale of beta does not matter and each rank lies in (0, 1];
    - FREX = 1 / (weight / exclusivity_rank + (1 - weight) / frequency_rank), a weighted harmonic mean
      that is high only when a word is both frequent in the topic and specific to it.

    stm sums FREX over each topic's top M words by beta (M = 10, weight 0.7); we average over the words
    given instead, so the score is in (0, 1] whatever the list length and stm's number is M times ours
    when the lists are stm's top-M words.
    """
    beta = np.asarray(topic_term, dtype=float)
    if beta.ndim != 2 or beta.size == 0:
        raise ValueError(f"topic_term must be a non-empty topics × vocabulary matrix, got shape {beta.shape}")
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight}")
    if (beta < 0).any() or not np.isfinite(beta).all():
        raise ValueError("topic_term must hold finite non-negative weights")
    row_sums = beta.sum(axis=1, keepdims=True)
    if (row_sums == 0).any():
        raise ValueError("every topic in topic_term needs some positive weight")
    if len(top_words) != beta.shape[0]:
        raise ValueError(f"top_words has {len(top_words)} topics but topic_term has {beta.shape[0]}")
    beta = beta / row_sums
    col_sums = beta.sum(axis=0, keepdims=True)
    excl = np.divide(beta, col_sums, out=np.zeros_like(beta), where=col_sums > 0)
    n_vocab = beta.shape[1]
    freq_rank = _average_ranks(beta) / n_vocab
    excl_rank = _average_ranks(excl) / n_vocab
    frex = 1.0 / (weight / excl_rank + (1.0 - weight) / freq_rank)
    scores = []
    for k, words in enumerate(top_words):
        ids = _checked_ids(words, n_vocab, k)
        scores.append(float(np.mean(frex[k, ids])) if ids.size else math.nan)
    return scores


def _jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b)


def seed_stability(top_words_by_seed: list[list[set[int]]]) -> float:
    """How far LDA runs with different seeds find the same topics: 1.0 when every run agrees.

    For each pair of runs, topics are matched one-to-one to maximise total Jaccard similarity of their
    top-word sets (|A ∩ B| / |A ∪ B|; the caller passes e.g. the top-10 words), using the Hungarian
    algorithm (``scipy.optimize.linear_sum_assignment``) because topic numbering differs between runs
    and greedy matching can waste a topic's best partner. The pair's score is the mean similarity of the
    matched topics (over min(K_a, K_b) matches if the runs have different K), and the result is the
    mean over all pairs of runs. nan with fewer than two runs (nothing to compare).
    """
    from scipy.optimize import linear_sum_assignment

    runs = [[set(topic) for topic in run] for run in top_words_by_seed]
    for r, run in enumerate(runs):
        if not run:
            raise ValueError(f"run {r} has no topics")
        if any(not topic for topic in run):
            raise ValueError(f"run {r} has a topic with no words (Jaccard is undefined)")
    if len(runs) < 2:
        return math.nan
    pair_scores = []
    for a, b in combinations(runs, 2):
        sim = np.array([[_jaccard(x, y) for y in b] for x in a])
        rows, cols = linear_sum_assignment(sim, maximize=True)
        pair_scores.append(float(sim[rows, cols].mean()))
    return float(np.mean(pair_scores))


def heldout_split(n_docs: int, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split document indices 0..n_docs-1 into (train, test), `fraction` of them held out for testing.

    Deterministic for a given (n_docs, fraction, seed): a numpy PCG64 permutation seeded from config, so
    perplexity or coherence on held-out documents is reproducible. For 0 < fraction < 1 the test size is
    fraction · n_docs rounded half up, but at least 1 and at most n_docs - 1, so neither side is empty;
    fraction 0 (allowed by the config schema: no held-out evaluation) gives every document to training
    and an empty test array. Both index arrays are sorted (row order of X preserved within each side).
    """
    if isinstance(n_docs, bool) or not isinstance(n_docs, int | np.integer) or n_docs < 1:
        raise ValueError(f"n_docs must be a positive integer, got {n_docs!r}")
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"fraction must be in [0, 1), got {fraction}")
    if fraction == 0.0:
        return np.arange(n_docs), np.arange(0)
    if n_docs < 2:
        raise ValueError(f"n_docs must be at least 2 to hold any documents out, got {n_docs}")
    n_test = min(max(math.floor(fraction * n_docs + 0.5), 1), n_docs - 1)
    order = np.random.default_rng(seed).permutation(n_docs)
    return np.sort(order[n_test:]), np.sort(order[:n_test])
