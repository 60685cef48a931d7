"""Topic diagnostics: UMass against gensim's own CoherenceModel, the rest against hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from gensim.corpora import Dictionary
from gensim.models import CoherenceModel, LdaModel
from scipy.stats import rankdata

from coprod.topic_metrics import (
    _average_ranks,
    exclusivity,
    heldout_split,
    npmi_coherence,
    seed_stability,
    umass_coherence,
)

# ---------------------------------------------------------------------------------------------- helpers


def count_matrix(docs: list[list[str]], vocab: list[str] | None = None) -> tuple[sp.csr_matrix, list[str]]:
    """Documents × vocabulary counts with our own (sorted) vocabulary, independent of gensim's ids."""
    vocab = sorted({w for d in docs for w in d}) if vocab is None else vocab
    index = {w: i for i, w in enumerate(vocab)}
    rows, cols = [], []
    for r, doc in enumerate(docs):
        for w in doc:
            rows.append(r)
            cols.append(index[w])
    X = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(docs), len(vocab)))
    X.sum_duplicates()
    return X, vocab


def ids(vocab: list[str], words: list[str]) -> list[int]:
    return [vocab.index(w) for w in words]


def gensim_umass(docs: list[list[str]], topics: list[list[str]], dictionary: Dictionary | None = None):
    dictionary = Dictionary(docs) if dictionary is None else dictionary
    corpus = [dictionary.doc2bow(d) for d in docs]
    cm = CoherenceModel(
        topics=topics,
        corpus=corpus,
        dictionary=dictionary,
        coherence="u_mass",
        topn=max(len(t) for t in topics),  # gensim would otherwise truncate every topic to 20 words
    )
    return cm.get_coherence_per_topic()


# Short "interview" documents from four themes plus general talk, with Zipf-like word weights so
# some pairs co-occur often, some rarely and some never, as in real segments.
THEMES = {
    "budget": "budget money funding cost savings finance pooled resources spend allocation deficit "
    "investment commissioning contract procurement",
    "partners": "partnership board integration joint governance council nhs authority ijb accountable "
    "officer members chair meeting agenda",
    "people": "carers families community voice service users lived experience engagement consultation "
    "participation groups volunteers involvement feedback",
    "staff": "staff workforce recruitment training nurses social workers teams frontline managers "
    "leadership culture morale pressure sickness",
}
GENERAL = "people time work year change support local area plan need process system level example".split()


def synthetic_corpus(n_docs: int = 200, seed: int = 20240501) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    theme_words = {k: v.split() for k, v in THEMES.items()}
    names = sorted(theme_words)
    docs = []
    for _ in range(n_docs):
        main = names[rng.integers(len(names))]
        other = names[rng.integers(len(names))]
        length = int(rng.integers(5, 16))
        doc = []
        for _ in range(length):
            u = rng.random()
            pool = theme_words[main] if u < 0.6 else theme_words[other] if u < 0.75 else GENERAL
            p = 1.0 / np.arange(1, len(pool) + 1) ** 1.1
            doc.append(pool[rng.choice(len(pool), p=p / p.sum())])
        docs.append(doc)
    return docs


# ---------------------------------------------------------------------------------------------- UMass

HAND_DOCS = [
    ["human", "interface", "computer"],
    ["survey", "user", "computer", "system", "response", "time"],
    ["eps", "user", "interface", "system"],
    ["system", "human", "system", "eps"],
    ["user", "response", "time"],
    ["trees"],
    ["graph", "trees"],
    ["graph", "minors", "trees"],
    ["graph", "minors", "survey"],
    [],  # an empty document still counts in N, as in gensim
]
HAND_TOPICS = [
    ["system", "user", "eps", "interface"],
    ["graph", "trees", "minors", "survey"],
    ["human", "graph", "time"],  # pairs that never co-occur: the epsilon path
    ["trees", "minors"],  # order matters: ln P(minors | trees) = ln 1/3 ...
    ["minors", "trees"],  # ... but ln P(trees | minors) = ln 1/2
    ["computer", "computer", "user"],  # a repeated word is a pair with itself
    ["user"],  # no pairs
]


def test_umass_hand_value_is_gensims_formula():
    # N = 4; D(a) = 3, D(b) = 2, D(a,b) = 2, c never with a or b.
    X, vocab = count_matrix([["a", "b"], ["a", "b", "b"], ["a"], ["c"]])
    eps = 1e-12
    expected = np.mean(
        [
            math.log((2 / 4 + eps) / (3 / 4)),  # b given a
            math.log((0 / 4 + eps) / (3 / 4)),  # c given a
            math.log((0 / 4 + eps) / (2 / 4)),  # c given b
        ]
    )
    (got,) = umass_coherence(X, [ids(vocab, ["a", "b", "c"])])
    assert got == pytest.approx(expected, abs=1e-12)
    # The conditioning word is the earlier one: P(a | b) = 1, so the reversed order scores higher.
    (rev,) = umass_coherence(X, [ids(vocab, ["b", "a"])])
    assert rev == pytest.approx(math.log(1 + 2 * eps), abs=1e-12)


@pytest.mark.filterwarnings("ignore:Mean of empty slice", "ignore:invalid value encountered")
def test_umass_matches_gensim_on_hand_corpus():
    X, vocab = count_matrix(HAND_DOCS)
    ours = umass_coherence(X, [ids(vocab, t) for t in HAND_TOPICS])
    theirs = gensim_umass(HAND_DOCS, HAND_TOPICS)
    assert len(ours) == len(theirs)
    assert math.isnan(ours[-1]) and math.isnan(theirs[-1])
    np.testing.assert_allclose(ours[:-1], theirs[:-1], rtol=0, atol=1e-6)
    assert ours[3:5] == pytest.approx([math.log(1 / 3), math.log(1 / 2)])


def test_umass_matches_gensim_when_a_word_is_in_no_document():
    # gensim's Dictionary knows "ghost" but no document of the corpus has it: D(ghost) = 0, so a pair
    # conditioned on it is caught as a ZeroDivisionError and scores 0.0 (still counted in the mean).
    docs = HAND_DOCS[:5]
    dictionary = Dictionary(docs)
    dictionary.add_documents([["ghost"]])
    vocab = sorted(dictionary.token2id)
    X, _ = count_matrix(docs, vocab)
    topics = [["ghost", "user", "system"], ["user", "ghost"], ["ghost", "ghost"]]
    ours = umass_coherence(X, [ids(vocab, t) for t in topics])
    theirs = gensim_umass(docs, topics, dictionary)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)
    assert ours[2] == 0.0


@pytest.fixture(scope="module")
def synthetic():
    docs = synthetic_corpus()
    X, vocab = count_matrix(docs)
    return docs, X, vocab


def synthetic_topics(docs, X, vocab) -> list[list[str]]:
    """Top words of each theme, mixed and random lists, and the top words of a gensim LDA fit."""
    doc_freq = np.asarray((X > 0).sum(axis=0)).ravel()
    by_freq = [vocab[i] for i in np.lexsort((np.array(vocab), -doc_freq))]
    topics = []
    for words in THEMES.values():
        theme = set(words.split())
        topics.append([w for w in by_freq if w in theme][:10])
    topics.append([t[0] for t in topics[:4]] + [t[-1] for t in topics[:4]])  # across themes
    topics.append(by_freq[-12:])  # rare words: many never co-occur
    topics.append(by_freq[:25])  # longer than gensim's default topn
    rng = np.random.default_rng(7)
    for size in (5, 10, 15):
        topics.append([vocab[i] for i in rng.choice(len(vocab), size=size, replace=False)])
    dictionary = Dictionary(docs)
    lda = LdaModel(
        [dictionary.doc2bow(d) for d in docs], id2word=dictionary, num_topics=4, passes=5, random_state=0
    )
    topics.extend([w for w, _ in lda.show_topic(k, topn=10)] for k in range(4))
    return topics


def test_umass_matches_gensim_on_synthetic_corpus(synthetic):
    docs, X, vocab = synthetic
    assert len(docs) == 200 and X.shape == (200, len(vocab))
    topics = synthetic_topics(docs, X, vocab)
    ours = umass_coherence(X, [ids(vocab, t) for t in topics])
    theirs = gensim_umass(docs, topics)
    diff = np.abs(np.array(ours) - np.array(theirs))
    assert diff.max() <= 1e-6, diff
    # The measure separates the themes' own top words from lists mixing themes.
    assert min(ours[:4]) > ours[4]


def test_umass_accepts_counts_not_just_presence(synthetic):
    _, X, vocab = synthetic
    topic = [list(range(8))]
    assert umass_coherence(X * 3, topic) == umass_coherence((X > 0).astype(int), topic)


def test_umass_rejects_bad_input():
    X, _ = count_matrix([["a", "b"]])
    with pytest.raises(ValueError, match="out of range"):
        umass_coherence(X, [[0, 2]])
    with pytest.raises(ValueError, match="out of range"):
        umass_coherence(X, [[0, -1]])
    with pytest.raises(ValueError, match="non-empty"):
        umass_coherence(sp.csr_matrix((0, 2)), [[0, 1]])


# ---------------------------------------------------------------------------------------------- NPMI

# Four documents; P(a) = 3/4, P(b) = P(c) = P(e) = 1/2, P(d) = 1/4, f and g in every document.
NPMI_DOCS = [["a", "b", "c", "e", "f", "g"], ["a", "b", "e", "f", "g"], ["a", "c", "f", "g"], ["d", "f", "g"]]


def test_npmi_hand_case():
    X, vocab = count_matrix(NPMI_DOCS)
    log43_over_log2 = math.log(4 / 3) / math.log(2)  # P(a,b) = 1/2: ln((1/2)/(3/8)) / -ln(1/2)
    cases = {
        ("a", "b"): log43_over_log2,
        ("b", "c"): 0.0,  # P(b,c) = 1/4 = P(b)P(c): independent
        ("a", "d"): -1.0,  # never together
        ("b", "e"): 1.0,  # always together (formula gives exactly ln 2 / ln 2)
        ("f", "g"): 1.0,  # both in every document: 0/0, defined as 1
        ("a", "f"): 0.0,  # f is everywhere, so independent of a
        ("a", "b", "c"): (2 * log43_over_log2 + 0.0) / 3,
        ("d", "e", "f"): (-1.0 + 0.0 + 0.0) / 3,
        ("a",): math.nan,
    }
    got = npmi_coherence(X, [ids(vocab, list(t)) for t in cases])
    for (words, expected), value in zip(cases.items(), got, strict=True):
        if math.isnan(expected):
            assert math.isnan(value), words
        else:
            assert value == pytest.approx(expected, abs=1e-12), words


def test_npmi_bounds_and_symmetry(synthetic):
    docs, X, vocab = synthetic
    topics = [ids(vocab, t) for t in synthetic_topics(docs, X, vocab)]
    values = npmi_coherence(X, topics)
    assert all(-1.0 <= v <= 1.0 for v in values)
    assert npmi_coherence(X, [t[::-1] for t in topics]) == pytest.approx(values, abs=1e-12)


def test_npmi_matches_gensim_c_npmi_where_both_are_defined_alike(synthetic):
    # With one window per document (window >= longest document) gensim's c_npmi is document NPMI plus
    # a 1e-12 smoothing, which only matters for pairs that never co-occur; compare topics without them.
    docs, X, vocab = synthetic
    B = (X > 0).astype(int)
    topics = []
    for t in synthetic_topics(docs, X, vocab):
        cols = ids(vocab, t)
        D = (B[:, cols].T @ B[:, cols]).toarray()
        if D.min() > 0 and D.max() < X.shape[0]:
            topics.append(t)
    assert len(topics) >= 3
    cm = CoherenceModel(
        topics=topics,
        texts=docs,
        dictionary=Dictionary(docs),
        coherence="c_npmi",
        window_size=max(len(d) for d in docs),
        topn=max(len(t) for t in topics),
        processes=1,
    )
    ours = npmi_coherence(X, [ids(vocab, t) for t in topics])
    np.testing.assert_allclose(ours, cm.get_coherence_per_topic(), rtol=0, atol=1e-6)


# ---------------------------------------------------------------------------------------------- FREX


def test_average_ranks_are_scipys_rankdata_bit_for_bit():
    # the module ranks with numpy so a fit job need not import scipy.stats: the same float64 bytes,
    # ties (repeated values, zero columns, a constant row) included
    rng = np.random.default_rng(7)
    cases = [
        rng.random((5, 40)),
        rng.integers(0, 4, size=(6, 30)).astype(float),
        np.array([[0.5, 0.3, 0.2, 0.0], [0.0, 0.3, 0.2, 0.5], [0.25, 0.25, 0.25, 0.25]]),
        np.zeros((2, 7)),
        rng.random((1, 1)),
    ]
    for a in cases:
        ours, theirs = _average_ranks(a), rankdata(a, axis=1)
        assert ours.dtype == theirs.dtype == np.float64
        assert ours.tobytes() == theirs.tobytes()


def test_exclusivity_hand_case():
    # Topic 0 weights words 0..3 as .5, .3, .2, 0; topic 1 as 0, .3, .2, .5.
    beta = np.array([[0.5, 0.3, 0.2, 0.0], [0.0, 0.3, 0.2, 0.5]])
    # Topic 0: frequency ranks /4 = 1, .75, .5, .25; exclusivity 1, .5, .5, 0 → ranks /4 = 1, .625, .625, .25.
    frex_w0 = 1 / (0.7 / 1 + 0.3 / 1)
    frex_w1 = 1 / (0.7 / 0.625 + 0.3 / 0.75)
    frex_w2 = 1 / (0.7 / 0.625 + 0.3 / 0.5)
    assert exclusivity(beta, [[0], [1]]) == pytest.approx([frex_w0, frex_w1])
    assert frex_w0 == 1.0 and frex_w0 > frex_w1  # the exclusive top word beats the shared one
    # Topic score is the mean over the words given; word 3 is topic 1's exclusive top word.
    assert exclusivity(beta, [[0, 1, 2], [3]]) == pytest.approx([(frex_w0 + frex_w1 + frex_w2) / 3, 1.0])


def test_exclusive_word_beats_equally_frequent_shared_word():
    # In topic 0, words 0 and 1 have the same weight; only word 0 is exclusive to it.
    beta = np.array([[0.4, 0.4, 0.1, 0.1], [0.0, 0.4, 0.3, 0.3]])
    exclusive, shared = exclusivity(beta, [[0], [1]])[0], exclusivity(beta, [[1], [1]])[0]
    assert exclusive > shared
    # Frequency ranks tie at (3 + 4) / 2 / 4 = .875; exclusivity 1 vs .5 ranks 4/4 vs 3/4.
    assert exclusive == pytest.approx(1 / (0.7 / 1 + 0.3 / 0.875))
    assert shared == pytest.approx(1 / (0.7 / 0.75 + 0.3 / 0.875))


def test_exclusivity_is_stm_sum_over_m():
    # A direct port of stm::exclusivity (sum of FREX over each topic's top M words by beta, ranks with
    # ties averaged, as R's rank) equals M times our mean over the same words.
    rng = np.random.default_rng(3)
    beta = rng.dirichlet(np.full(50, 0.1), size=6)
    M, w = 10, 0.7
    tbeta = beta.T
    mat = tbeta / tbeta.sum(axis=1, keepdims=True)
    ex = rankdata(mat, axis=0) / tbeta.shape[0]
    fr = rankdata(tbeta, axis=0) / tbeta.shape[0]
    frex = 1 / (w / ex + (1 - w) / fr)
    index = [np.argsort(-tbeta[:, k], kind="stable")[:M] for k in range(tbeta.shape[1])]
    stm = [frex[index[k], k].sum() for k in range(tbeta.shape[1])]
    ours = exclusivity(beta, [list(ix) for ix in index], weight=w)
    np.testing.assert_allclose(np.array(ours) * M, stm, rtol=1e-12)
    assert all(0.0 < v <= 1.0 for v in ours)
    # Only per-topic proportions matter: unnormalised pseudo-counts give the same scores.
    assert exclusivity(beta * rng.uniform(1, 100, size=(6, 1)), index) == pytest.approx(ours)


def test_exclusivity_weight_endpoints_and_errors():
    beta = np.array([[0.6, 0.3, 0.1], [0.1, 0.3, 0.6]])
    # weight 0 is pure frequency rank, weight 1 pure exclusivity rank.
    assert exclusivity(beta, [[1], [1]], weight=0.0) == pytest.approx([2 / 3, 2 / 3])
    assert exclusivity(beta, [[1], [1]], weight=1.0) == pytest.approx([2 / 3, 2 / 3])
    assert exclusivity(beta, [[2], [0]], weight=1.0) == pytest.approx([1 / 3, 1 / 3])
    with pytest.raises(ValueError, match="weight"):
        exclusivity(beta, [[0], [0]], weight=1.5)
    with pytest.raises(ValueError, match="2 topics|has 1 topics"):
        exclusivity(beta, [[0]])
    with pytest.raises(ValueError, match="non-negative"):
        exclusivity(-beta, [[0], [0]])


# ---------------------------------------------------------------------------------------------- stability


def test_seed_stability_identical_runs_in_any_topic_order():
    run = [{1, 2, 3}, {4, 5, 6}, {7, 8, 9}]
    assert seed_stability([run, run[::-1], [run[1], run[2], run[0]]]) == 1.0


def test_seed_stability_disjoint_runs():
    assert seed_stability([[{1, 2}, {3, 4}], [{5, 6}, {7, 8}]]) == 0.0


def test_seed_stability_uses_optimal_not_greedy_matching():
    # Jaccard matrix: a0-b0 5/6, a0-b1 2/3, a1-b0 2/7, a1-b1 0. Greedy takes 5/6 then 0 (mean 5/12);
    # the best one-to-one matching is a0-b1, a1-b0: (2/3 + 2/7) / 2 = 10/21.
    a = [{1, 2, 3, 4, 5}, {5, 6, 8}]
    b = [{1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 7}]
    assert seed_stability([a, b]) == pytest.approx(10 / 21)


def test_seed_stability_averages_over_pairs_of_runs():
    a = [{0, 1, 2, 3}, {4, 5, 6, 7}]
    b = [{0, 1, 2, 4}, {5, 6, 7, 8}]  # matched Jaccards 3/5 and 3/5
    assert seed_stability([a, b]) == pytest.approx(0.6)
    # Pairs (a, a'), (a, b), (a', b): (1 + 0.6 + 0.6) / 3.
    assert seed_stability([a, list(a), b]) == pytest.approx(2.2 / 3)
    assert seed_stability([b, a]) == pytest.approx(0.6)


def test_seed_stability_edge_cases():
    assert math.isnan(seed_stability([[{1, 2}]]))
    # Different K: the extra topic is left unmatched; mean over the min(K) matches.
    assert seed_stability([[{1, 2}], [{9}, {1, 2}]]) == 1.0
    with pytest.raises(ValueError, match="no words"):
        seed_stability([[{1}], [set()]])
    with pytest.raises(ValueError, match="no topics"):
        seed_stability([[{1}], []])


# ---------------------------------------------------------------------------------------------- split


def test_heldout_split_is_deterministic_disjoint_and_complete():
    train, test = heldout_split(101, 0.2, seed=42)
    again = heldout_split(101, 0.2, seed=42)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    assert len(test) == 20 and len(train) == 81
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(101))
    assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    other = heldout_split(101, 0.2, seed=43)[1]
    assert not np.array_equal(test, other)


def test_heldout_split_sizes_and_errors():
    assert len(heldout_split(10, 0.25, 0)[1]) == 3  # 2.5 rounds half up
    assert len(heldout_split(10, 0.01, 0)[1]) == 1  # never an empty test set
    assert len(heldout_split(10, 0.99, 0)[0]) == 1  # nor an empty training set
    train, test = heldout_split(7, 0.0, 0)  # the config allows no held-out set
    assert np.array_equal(train, np.arange(7)) and test.size == 0
    for bad in (1.0, -0.1):
        with pytest.raises(ValueError, match="fraction"):
            heldout_split(10, bad, 0)
    with pytest.raises(ValueError, match="at least 2"):
        heldout_split(1, 0.5, 0)
    with pytest.raises(ValueError, match="n_docs"):
        heldout_split(0, 0.0, 0)


def test_pairs_used_by_both_coherences_are_all_pairs():
    # UMass has M(M-1)/2 ordered-by-rank pairs, NPMI the same unordered pairs: a 3-word topic whose
    # pairs all behave identically scores that pair's value.
    X, vocab = count_matrix([["a", "b", "c"], ["a", "b", "c"], ["d"]])
    topic = [ids(vocab, ["a", "b", "c"])]
    assert npmi_coherence(X, topic) == pytest.approx([1.0])
    assert umass_coherence(X, topic) == pytest.approx([math.log(1 + 1.5e-12)], abs=1e-15)
