"""The offline coding assistant: suggests every code, with a score, for every unit the humans code
(a participant turn, short turns included), learned from the team's own coding.

Candidates are measured, not assumed. Per code, grouped cross-validation (folds are whole
transcripts, assigned by a seeded shuffle; with ``repeats`` > 1 the transcripts are dealt again by
further seeds and every dealing's out-of-fold results are stacked, so no choice rests on one dealing)
scores each candidate's out-of-fold decisions with Cohen's
kappa against each coder, pooled (`kappa_each`; the models learn the human consensus, and with one
coder the two are the same):

- ``rules``: the codebook's keyword rules applied to the whole unit;
- ``tfidf_lr@t``: logistic regression (balanced class weights) over TF-IDF of stemmed words and
  word pairs, suggested when its probability is >= t;
- ``tfidf_svm@t``: a linear SVM with Platt-scaled probabilities (sigmoid fitted on 3 inner folds),
  same features;
- ``neighbours@t``: one logistic model shared by all codes over per-(unit, code) features: cosine
  (mean of the word and the character 3-5-gram TF-IDF cosines) to the code's training positives
  (highest; weighted share among the 10 nearest; margin over the nearest negative), cosine to the
  code's codebook text and its coverage (share of that text's weight on terms the unit contains),
  the same two taken as the highest over the separate statements of the code's codebook entry
  (label, definition, include note, each example line, keywords; a code covers what any of them
  says, and a long entry dilutes the whole text's cosine), rule hit, prevalence, negation
  agreement of the code's label and the unit, and for the similarities each code's value relative
  to the unit's best in-scope code (the codes of one unit compete);
- ``<model>@t+rules``: the model OR the rules.

Each code's training data also holds the codebook itself: the code's label, definition, include
note, example and keywords form one extra positive document (and a negative one for every other
code). The candidate with the highest kappa wins; ties go to the simpler (earlier) candidate. A code
with fewer than ``min_positive`` human positives among the training units gets no choice of its
own: such codes are decided together, the shared model (at one threshold) replacing their rules only
if its pooled out-of-fold kappa over them is higher; the status says which. Finally, a unit left with
no suggestion gets its in-scope code ranked first by the shared model, if that raises the pooled
out-of-fold kappa (it does when the coders gave nearly every unit a code). And of two suggested
codes of one scope that the consensus never applied together although they would have met by
chance on at least one unit (alternatives, such as a stance question's codes), only the one the
shared model ranks higher is kept, if that raises the pooled out-of-fold kappa (each inner fold's
pairs taken from the other folds).

Everything runs offline on the CPU from scikit-learn and the project's own tokenizer; with the same
inputs and seed the scores are identical (rounded to 6 decimals before they are written).
"""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from .coding import Code, Forms, match_code, words
from .reliability import cohen_kappa
from .text import stem, tokens
from .tfidf import CachedTfidfVectorizer, count_terms

THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MODELS = ("tfidf_lr", "tfidf_svm")
SHARED = "neighbours"
SHARED_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7)
NEIGHBOURS = 10
LABEL_CHANNELS = 6  # per (unit, code) from the codebook: see Assistant._label_features


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    """The project's tokens of a text, remembered: the same units are tokenized by every fold."""
    return tuple(tokens(text))


@lru_cache(maxsize=65536)
def _analyzed(text: str) -> tuple[str, ...]:
    st = [stem(t) for t in _tokens(text)]
    return tuple(st + [f"{a} {b}" for a, b in zip(st, st[1:], strict=False)])


def analyzer(text: str) -> list[str]:
    """Stemmed word unigrams and adjacent pairs (pseudonym tags removed)."""
    return list(_analyzed(text))


def rule_hits(texts: list[str], codes: list[Code]) -> np.ndarray:
    """units × codes 0/1: does any of the code's rules fire anywhere in the unit."""
    out = np.zeros((len(texts), len(codes)), dtype=np.int8)
    for i, text in enumerate(texts):
        clean, ws = words(text)
        forms = Forms([f for f, _, _ in ws])
        for j, code in enumerate(codes):
            out[i, j] = 1 if match_code(code, clean, ws, forms) else 0
    return out


def codebook_documents(codebook: dict) -> dict[str, str]:
    """Per code id, its label, definition, include note, example and keywords as one text."""
    out = {}
    for theme in codebook.get("themes", []):
        for c in theme["codes"]:
            parts = [c.get("label") or "", c.get("definition") or "", c.get("include") or ""]
            parts.append(c.get("example") or "")
            for k in c.get("keywords", []):
                parts.append((k if isinstance(k, str) else k["term"]).replace("*", ""))
            out[c["id"]] = " ".join(p for p in parts if p)
    return out


def codebook_parts(codebook: dict) -> dict[str, list[str]]:
    """Per code id, the separate statements of its codebook entry: the label, the definition, the
    include note, each line of the example, and the keywords together. A code covers the union of
    what these say, so a unit that matches one of them well matches the code, however long the
    whole entry is."""
    out = {}
    for theme in codebook.get("themes", []):
        for c in theme["codes"]:
            parts = [c.get("label") or "", c.get("definition") or "", c.get("include") or ""]
            parts += str(c.get("example") or "").splitlines()
            kws = [(k if isinstance(k, str) else k["term"]).replace("*", "") for k in c.get("keywords", [])]
            parts.append(" ".join(kws))
            out[c["id"]] = [p.strip() for p in parts if p.strip()]
    return out


def group_folds(groups: list[str], k: int, seed: int) -> np.ndarray:
    """Fold number per unit: the distinct groups, shuffled by `seed`, dealt round-robin into k folds."""
    distinct = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = {distinct[g]: n % k for n, g in enumerate(order)}
    return np.array([fold_of[g] for g in groups], dtype=int)


def neighbour_features(sim, label_sim, y_train, scope_train, scope_query, rules_query) -> np.ndarray:
    """Query units × codes × SHARED_FEATURES features of the shared neighbour model, from `sim`
    (query × training units, cosine of TF-IDF), `label_sim` (query × codes × LABEL_CHANNELS: cosine
    to the code's codebook document, its coverage, the two polarity features, and the highest
    cosine and coverage over the parts of its codebook entry), the training units' codes and
    scopes, and the query's rule hits. Per (unit, code), against the code's in-scope training units:
    0 highest similarity to a positive, 1 similarity-weighted share of positives among the 10
    nearest, 2 that highest similarity minus the best negative's among the 10 nearest (the 10th
    nearest's when all are positive), 3 label cosine, 4 rule hit, 5 log prevalence, 6 whether the
    code has any training positive, 7 label coverage, 8-9 polarity, 10-11 best part's cosine and
    coverage; then 12-23, for 0, 1, 3, 7, 10 and 11, the value minus the unit's best in-scope
    code's and whether it is that best. Zero outside the query's scope."""
    q, k = scope_query.shape
    out = np.zeros((q, k, 6 + label_sim.shape[2]))
    prior = np.log((y_train.sum(0) + 0.5) / (scope_train.sum(0) + 1.0))
    by_scope: dict[bytes, list[int]] = {}
    for j in range(k):
        by_scope.setdefault(scope_train[:, j].tobytes(), []).append(j)
    for js in by_scope.values():
        cols = np.flatnonzero(scope_train[:, js[0]])
        rows_any = np.flatnonzero(scope_query[:, js].any(axis=1))
        if len(cols) and len(rows_any):
            s = sim[np.ix_(rows_any, cols)]
            n = min(NEIGHBOURS, len(cols))
            order = np.argsort(-s, axis=1, kind="stable")[:, :n]
            w = np.take_along_axis(s, order, 1)
            wsum = np.maximum(w.sum(1), 1e-12)
        for j in js:
            rows = np.flatnonzero(scope_query[:, j])
            if len(rows) == 0:
                continue
            out[rows, j, 3] = label_sim[rows, j, 0]
            out[rows, j, 7:] = label_sim[rows, j, 1:]
            out[rows, j, 4] = rules_query[rows, j]
            out[rows, j, 5] = prior[j]
            if not len(cols):
                continue
            at = np.searchsorted(rows_any, rows)
            pos = y_train[cols, j] == 1
            near = pos[order[at]]
            if pos.any():
                best = s[np.ix_(at, np.flatnonzero(pos))].max(1)
                out[rows, j, 0] = best
                out[rows, j, 6] = 1.0
                neg = np.where(near, -np.inf, w[at]).max(1)
                neg = np.where(np.isfinite(neg), neg, w[at, -1])
                out[rows, j, 2] = best - neg
            out[rows, j, 1] = (w[at] * near).sum(1) / wsum[at]
    return _relative(out, scope_query)


RULE_HIT = 4  # the one feature that reads a rule hit


def with_rules(feats: np.ndarray, rules: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """Shared features (units × codes × SHARED_FEATURES) with the rule-hit feature set from
    `rules` on the in-scope items, as `neighbour_features` sets it (a copy)."""
    out = feats.copy()
    out[:, :, RULE_HIT] = np.where(scope, rules, 0)
    return out


RELATIVE = (0, 1, 3, 7, 10, 11)
SHARED_FEATURES = 6 + LABEL_CHANNELS + 2 * len(RELATIVE)


def _relative(feats: np.ndarray, scope_query: np.ndarray) -> np.ndarray:
    """Append, for the best-positive, neighbour-share, label and best-part similarities, each code's value
    minus the highest over the unit's in-scope codes and whether it is that highest: the codes of
    one unit compete."""
    extra = []
    for f in RELATIVE:
        v = np.where(scope_query, feats[:, :, f], -np.inf)
        top = v.max(1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        rel = np.where(scope_query, feats[:, :, f] - top, 0.0)
        extra += [rel, (scope_query & (rel >= -1e-12)).astype(float)]
    return np.concatenate([feats, np.stack(extra, axis=2)], axis=2)


NEGATIONS = frozenset(
    {"no", "not", "never", "none", "nothing", "neither", "nor", "without", "lack", "cannot"}
)


def negates(text: str) -> bool:
    """Does the text hold a negation word (no, not, never, ..., any n't)?"""
    return any(t in NEGATIONS or t.endswith("n't") for t in _tokens(text.replace("_", " ")))


def polarity(texts: list[str], labels: list[str]) -> np.ndarray:
    """Units × codes × 2: the code's label negates and the unit does too; the label negates and
    the unit does not (a stance code such as "not ..." against an answer without a negation)."""
    u = np.array([negates(t) for t in texts], dtype=float)[:, None]
    c = np.array([negates(e) for e in labels], dtype=float)[None, :]
    return np.stack([u * c, (1 - u) * c], axis=2)


def _joined_tokens(text: str) -> str:
    return " ".join(_tokens(text))


_CHAR_GRAMS = TfidfVectorizer(
    analyzer="char_wb", ngram_range=(3, 5), preprocessor=_joined_tokens
).build_analyzer()


@lru_cache(maxsize=65536)
def _char_analyzed(text: str) -> tuple[str, ...]:
    return tuple(_CHAR_GRAMS(text))


def char_analyzer(text: str) -> list[str]:
    """Character 3-5-grams within the words of the text's tokens (scikit-learn's char_wb), remembered."""
    return list(_char_analyzed(text))


def analyse_all(texts, extra: dict[str, str], parts: dict[str, list[str]] | None = None) -> None:
    """Count the terms of every text the selection vectorises (the units, the codebook documents
    and their parts) once, in this process, before it forks its workers: each would otherwise
    analyse them all again. Only remembered analyses; the results are the same either way."""
    docs = [*texts, *(e for e in extra.values() if e), *(p for ps in (parts or {}).values() for p in ps)]
    for an in (analyzer, char_analyzer):
        count_terms(an, docs)


class Similarity:
    """The shared model's cosine: the mean of the word TF-IDF cosine (the per-code models' features)
    and a character 3-5-gram TF-IDF cosine (within words, pseudonym tags removed), which also
    matches inflections and misspellings the stemmer leaves apart."""

    def __init__(self, word: TfidfVectorizer, docs: list[str]):
        self.word = word
        self.char = CachedTfidfVectorizer(analyzer=char_analyzer, sublinear_tf=True).fit(docs)

    def matrix(self, texts: list[str]):
        from scipy.sparse import hstack

        return hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr() * math.sqrt(0.5)

    def label_features(self, m, extra: list[str]) -> np.ndarray:
        """Query units (rows of `m`, from `matrix`) × codes × 2: cosine to each code's codebook
        document, and its coverage: the share of the document's squared TF-IDF weight on terms the
        unit contains (a short label inside a long answer scores high though its cosine is low)."""
        e = self.matrix(extra)
        cos = (m @ e.T).toarray()
        present = m.copy()
        present.data = np.ones_like(present.data)
        sq = e.multiply(e)
        total = np.asarray(sq.sum(1)).ravel()
        cover = (present @ sq.T).toarray() / np.maximum(total, 1e-12)
        return np.stack([cos, cover], axis=2)

    def part_features(self, m, parts: list[list[str]]) -> np.ndarray:
        """Query units × codes × 2: the highest cosine and the highest coverage (as in
        `label_features`) over the parts of each code's codebook entry (0 for a code with none)."""
        flat = [p for ps in parts for p in ps]
        if not flat or m.shape[0] == 0:
            return np.zeros((m.shape[0], len(parts), 2))
        return best_of_parts(self.label_features(m, flat), parts)


def best_of_parts(each: np.ndarray, parts: list[list[str]]) -> np.ndarray:
    """Units × codes × channels: per code, the highest of `each` (units × all parts, in order ×
    channels) over that code's parts; 0 for a code with none."""
    out = np.zeros((each.shape[0], len(parts), each.shape[2]))
    start = 0
    for j, ps in enumerate(parts):
        if ps:
            out[:, j] = each[:, start : start + len(ps)].max(1)
            start += len(ps)
    return out


def _shared_model() -> LogisticRegression:
    return LogisticRegression(C=1.0, solver="newton-cholesky", max_iter=200)


def _kappa(truth: np.ndarray, pred: np.ndarray) -> float:
    return cohen_kappa(truth.astype(int).tolist(), pred.astype(int).tolist())


def kappa_each(ratings: np.ndarray, pred: np.ndarray) -> float:
    """Cohen's κ of `pred` against each coder, pooled, every unit weighing the same: `ratings` has
    one more axis than `pred`, the coders (1 applied, 0 coded the unit and did not apply it, -1 did
    not code it); each coder's rating of an item is one pair (the decision, the coder's), weighted
    1 / (coders of that item), so a unit one coder coded counts as much as one two coders coded.
    With one coder, Cohen's κ. Integer arithmetic (weights scaled by the lcm of 1..coders)."""
    rated = ratings >= 0
    per = rated.sum(-1, keepdims=True)
    scale = math.lcm(*range(1, ratings.shape[-1] + 1))
    w = np.where(rated, scale // np.maximum(per, 1), 0).astype(np.int64)
    t = ratings == 1
    p = np.broadcast_to(np.asarray(pred, dtype=bool)[..., None], ratings.shape)
    n, agree = int(w.sum()), int(w[t == p].sum())
    a1, b1 = int(w[t].sum()), int(w[p].sum())
    chance = a1 * b1 + (n - a1) * (n - b1)
    if n == 0 or chance == n * n:
        return math.nan
    return (n * agree - chance) / (n * n - chance)


def balanced(y: np.ndarray) -> dict:
    """scikit-learn's `class_weight="balanced"` for the labels `y` as the dict it computes
    (`compute_class_weight`: n_samples / (n_classes * count), in float64, the same operations),
    so a fit is given the same weights without the label encoding and validation that
    scikit-learn repeats in every fit (a tenth of the selection's CPU: about 750 fits)."""
    classes, y_ind = np.unique(y, return_inverse=True)
    counts = np.bincount(y_ind, weights=np.ones(len(y), dtype=np.float64))
    recip = counts.sum() / (classes.size * counts)
    return {c.item(): w.item() for c, w in zip(classes, recip, strict=True)}


@contextmanager
def lean_sklearn():
    """Skip scikit-learn's per-call checks that cannot change a result here: the validation of
    the estimators' constant settings (`skip_parameter_validation`) and the test whether a numpy
    array or scipy sparse matrix is a dataframe (narwhals' `getattr_static` probes, a tenth of
    the selection's CPU: the assistant's inputs are never dataframes, so the answer is always
    no; any other object is asked as before). The same numbers in, the same numbers out; if
    scikit-learn no longer has the private helper, it is left alone."""
    import scipy.sparse as sp
    import sklearn
    from sklearn.utils import validation

    original = getattr(validation, "_nw_into_df_or_series", None)

    def not_a_frame(x) -> bool:  # noqa: ANN001
        if type(x) is np.ndarray or sp.issparse(x):
            return False
        return original(x)

    if original is not None:
        validation._nw_into_df_or_series = not_a_frame
    try:
        with sklearn.config_context(skip_parameter_validation=True):
            yield
    finally:
        if original is not None:
            validation._nw_into_df_or_series = original


class PlattSVM:
    """Linear SVM whose decision values are mapped to probabilities by a sigmoid (Platt scaling)
    fitted on out-of-fold decision values of 3 stratified folds (no shuffling: deterministic)."""

    def __init__(self, seed: int):
        self.seed = seed

    def _svm(self, y: np.ndarray):
        return LinearSVC(class_weight=balanced(y), C=1.0, random_state=self.seed)

    def fit(self, x, y: np.ndarray) -> PlattSVM:
        from sklearn.model_selection import StratifiedKFold

        oof = np.zeros(len(y))
        for tr, te in StratifiedKFold(n_splits=3).split(np.zeros(len(y)), y):
            oof[te] = self._svm(y[tr]).fit(x[tr], y[tr]).decision_function(x[te])
        self.svm = self._svm(y).fit(x, y)
        self.platt = LogisticRegression(C=1e4, solver="liblinear").fit(oof.reshape(-1, 1), y)
        return self

    def predict_proba(self, x) -> np.ndarray:
        return self.platt.predict_proba(self.svm.decision_function(x).reshape(-1, 1))


def _fit_predict(model: str, x_train, y_train: np.ndarray, x_test, seed: int) -> np.ndarray | None:
    """Probability of the code for the test rows, or None when the model cannot be fitted."""
    pos = int(y_train.sum())
    if pos == 0 or pos == len(y_train):
        return None
    if model == "tfidf_lr":
        m = LogisticRegression(class_weight=balanced(y_train), C=10.0, solver="liblinear", random_state=seed)
    else:
        if min(pos, len(y_train) - pos) < 3:
            return None
        m = PlattSVM(seed)
    with warnings.catch_warnings():  # liblinear's iteration cap: the fit is still usable
        warnings.simplefilter("ignore", ConvergenceWarning)
        m.fit(x_train, y_train)
    return m.predict_proba(x_test)[:, 1]


@dataclass
class Choice:
    """What the cross-validation chose for one code."""

    code: str
    positives: int
    units: int
    status: str
    method: str = "rules"
    threshold: float = 0.5
    kappa: dict[str, float] = field(default_factory=dict)

    @property
    def model(self) -> str | None:
        return None if self.method == "rules" else self.method.split("@")[0]

    @property
    def with_rules(self) -> bool:
        return self.method.endswith("+rules")


def decide(method: str, threshold: float, proba: np.ndarray | None, rules: np.ndarray) -> np.ndarray:
    """0/1 suggestions of a candidate from model probabilities and rule hits."""
    if method == "rules":
        return rules.astype(bool)
    hit = proba >= threshold - 1e-12
    return hit | rules.astype(bool) if method.endswith("+rules") else hit


def fill_empty(decided: np.ndarray, rank: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """`decided` with, on every unit that has no suggestion but an in-scope code, its in-scope code
    ranked highest by `rank` (the first such code on a tie)."""
    out = decided.copy()
    r = np.where(scope, np.nan_to_num(rank, nan=-1.0), -np.inf)
    rows = np.flatnonzero(~decided.any(1) & scope.any(1))
    out[rows, r[rows].argmax(1)] = True
    return out


EXCLUSIVE_EXPECTED = 1.0


def exclusive_pairs(y: np.ndarray, scope: np.ndarray) -> np.ndarray:
    """Codes × codes bool: pairs of codes of the same scope that the consensus never applied to one
    unit together although, were they independent, they would have met on at least
    EXCLUSIVE_EXPECTED units (n_a × n_b / units in scope): alternatives, as a stance question's
    "yes" and "no" codes are."""
    yy = (y.astype(bool) & scope).astype(float)
    sc = scope.astype(float)
    n, units = yy.sum(0), sc.sum(0)
    together = yy.T @ yy
    same = (sc.T @ sc == units[:, None]) & (units[:, None] == units[None, :]) & (units[:, None] > 0)
    expected = np.outer(n, n) / np.maximum(units, 1)[:, None]
    out = same & (together == 0) & (expected >= EXCLUSIVE_EXPECTED - 1e-12)
    np.fill_diagonal(out, False)
    return out


def keep_exclusive(decided: np.ndarray, rank: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """`decided` with, on each unit, a suggested code dropped when a code it never goes with
    (`pairs`) is suggested too and ranks higher by `rank` (the earlier code on a tie)."""
    out = decided.copy()
    for i in np.flatnonzero(decided.sum(1) >= 2):
        js = np.flatnonzero(decided[i])
        kept: list[int] = []
        for j in js[np.argsort(-np.nan_to_num(rank[i, js], nan=-1.0), kind="stable")]:
            if kept and pairs[j, kept].any():
                out[i, j] = False
            else:
                kept.append(j)
    return out


def score_of(method: str, proba: np.ndarray | None, rules: np.ndarray) -> np.ndarray:
    """The score written beside a suggestion: rule hit (0/1), model probability, or their max."""
    if method == "rules":
        return rules.astype(float)
    return np.maximum(proba, rules) if method.endswith("+rules") else proba


class Assistant:
    """Per-code model selection by grouped CV, fitting, and scoring of new units.

    `texts`, `groups` (transcript of each unit), `y` (units × codes 0/1 human consensus),
    `rules` (units × codes 0/1 rule hits), `scope` (units × codes bool: the code applies to the
    unit; default everywhere), `extra` (per code, the codebook document or ""), `parts` (per code,
    the separate statements of its codebook entry, `codebook_parts`; default: its document)."""

    def __init__(
        self,
        code_ids: list[str],
        extra: dict[str, str],
        *,
        min_positive: int,
        folds: int,
        seed: int,
        labels: dict[str, str] | None = None,
        parts: dict[str, list[str]] | None = None,
        store=None,
        repeats: int = 1,
    ):
        self.code_ids = list(code_ids)
        self.extra = [extra.get(c, "") for c in self.code_ids]
        # the separate statements of each code's codebook entry; by default its whole document
        given = parts or {}
        pairs = zip(self.code_ids, self.extra, strict=True)
        self.parts = [list(given.get(c) or ([e] if e else [])) for c, e in pairs]
        self.labels = [(labels or {}).get(c) or c for c in self.code_ids]
        self.min_positive, self.folds, self.seed = min_positive, folds, seed
        self.repeats = max(int(repeats), 1)
        self._stack_folds: np.ndarray | None = None
        self.choices: list[Choice] = []
        self._models: dict[int, object] = {}
        self._vectorizer: TfidfVectorizer | None = None
        self._shared: LogisticRegression | None = None
        self._shared_oof: np.ndarray | None = None
        self.fill_empty = False
        self.fill_kappa = (math.nan, math.nan)
        self.exclusive = False
        self.exclusive_kappa = (math.nan, math.nan)
        self._ratings: np.ndarray | None = None  # each coder's codes on the selection's units
        self._fit_data = None
        # where what reads no rule hit is reused from (`coprod.assistant_cache.Memo`), or None
        self.store = store

    def _vectorize(self, texts: list[str]) -> TfidfVectorizer:
        docs = list(texts) + [e for e in self.extra if e]
        return CachedTfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=1).fit(docs)

    def _training(self, x, y: np.ndarray, j: int, rows: np.ndarray, xe):
        """Training rows for code j: its in-scope units plus the codebook documents."""
        xs, ys = x[rows], y[rows, j]
        if xe is None:
            return xs, ys
        from scipy.sparse import vstack

        ye = np.array([1 if n == j else 0 for n in self._extra_index], dtype=ys.dtype)
        return vstack([xs, xe]).tocsr(), np.concatenate([ys, ye])

    def _extra_matrix(self, vec: TfidfVectorizer):
        self._extra_index = [n for n, e in enumerate(self.extra) if e]
        if not self._extra_index:
            return None
        return vec.transform([self.extra[n] for n in self._extra_index])

    def _label_features(self, sv: Similarity, m, texts: list[str]) -> np.ndarray:
        """Query units × codes × LABEL_CHANNELS: codebook-document cosine and coverage, label
        polarity, the best part's cosine and coverage."""
        # the whole documents and every part in one pass (one transform of the codebook's texts)
        each = sv.label_features(m, self.extra + [p for ps in self.parts for p in ps])
        k = len(self.extra)
        best = best_of_parts(each[:, k:], self.parts)
        return np.concatenate([each[:, :k], polarity(texts, self.labels), best], axis=2)

    def _similarity(self, vec: TfidfVectorizer, texts: list[str]) -> Similarity:
        return Similarity(vec, list(texts) + [e for e in self.extra if e])

    def out_of_fold(self, texts, groups, y, scope, rules=None) -> dict[str, np.ndarray]:
        """Out-of-fold probabilities per model: units × codes (nan where not scored). With `rules`,
        also the shared neighbour model's (its features out of fold, then the model itself fitted
        on the other folds' features), and its out-of-fold features are kept for `fit`.
        The per-code models' probabilities and the shared features read no rule hit (but the
        shared rule-hit feature, set here), so they are reused from `store` when it has them."""
        shared = rules is not None
        if self.store is not None:
            got = self.store.out_of_fold(self, texts, groups, y, scope, shared)
        else:
            got = self._out_of_fold(texts, groups, y, scope, shared)
        out, feats = {m: p.copy() for m, p in got[0].items()}, got[1]
        if shared:
            fold = group_folds(groups, min(self.folds, len(set(groups))), self.seed)
            feats = with_rules(feats, rules, scope)
            out[SHARED] = np.full(y.shape, np.nan)
            self._shared_oof = feats
            for f in sorted(set(fold)):
                a, b = scope & (fold != f)[:, None], scope & (fold == f)[:, None]
                if b.any() and 0 < int(y[a].sum()) < int(a.sum()):
                    out[SHARED][b] = _shared_model().fit(feats[a], y[a]).predict_proba(feats[b])[:, 1]
        return out

    def _out_of_fold(self, texts, groups, y, scope, shared: bool):
        """What `out_of_fold` computes without reading a rule hit: the per-code models'
        out-of-fold probabilities ({model: units × codes, nan where not scored}) and, if `shared`,
        the shared model's out-of-fold features with the rule-hit feature 0 (else None)."""
        fold = group_folds(groups, min(self.folds, len(set(groups))), self.seed)
        out = {m: np.full(y.shape, np.nan) for m in MODELS}
        enough = [j for j in range(len(self.code_ids)) if int(y[scope[:, j], j].sum()) >= self.min_positive]
        feats = np.zeros(y.shape + (SHARED_FEATURES,))
        for f in sorted(set(fold)):
            train, test = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
            vec = self._vectorize([texts[i] for i in train])
            x = vec.transform(texts)
            xe = self._extra_matrix(vec)
            if shared:
                sv = self._similarity(vec, [texts[i] for i in train])
                m = sv.matrix(texts)
                sim = (m[test] @ m[train].T).toarray()
                lab = self._label_features(sv, m[test], [texts[i] for i in test])
                none = np.zeros(scope[test].shape, dtype=np.int8)
                feats[test] = neighbour_features(sim, lab, y[train], scope[train], scope[test], none)
            for j in enough:  # a code below min_positive is not learned: nothing to measure
                tr = train[scope[train, j]]
                te = test[scope[test, j]]
                if len(te) == 0 or int(y[tr, j].sum()) < 1:
                    continue
                xt, yt = self._training(x, y, j, tr, xe)
                for m in MODELS:
                    p = _fit_predict(m, xt, yt, x[te], self.seed)
                    if p is not None:
                        out[m][te, j] = p
        return out, (feats if shared else None)

    def select(self, texts, groups, y, rules, scope=None, ratings=None) -> list[Choice]:
        """Choose per code. The models learn the consensus `y`; the choices (candidate, threshold,
        the rare codes' shared model, the fill and alternatives rules) are made on κ against each
        coder, pooled (`kappa_each` over `ratings`: units × codes × coders, 1 / 0 / -1 not coded) —
        the agreement the humans are held to. Without `ratings`, against `y` itself."""
        scope = np.ones(y.shape, dtype=bool) if scope is None else scope
        # repeated grouped cross-validation: each repeat deals the transcripts into folds by its
        # own seed; the out-of-fold results of all repeats are stacked, so every choice is made on
        # the κ over all repeats (less noise from one dealing) and the shared model learns from
        # every repeat's out-of-fold features
        seeds = self.repeat_seeds()
        parts, feats, folds = [], [], []
        for s in seeds:
            self.seed = s
            try:
                parts.append(self.out_of_fold(texts, groups, y, scope, rules))
            finally:
                self.seed = seeds[0]
            feats.append(self._shared_oof)
            folds.append(group_folds(groups, min(self.folds, len(set(groups))), s) + len(folds) * self.folds)
        oof = {m: np.concatenate([p[m] for p in parts]) for m in parts[0]}
        self._shared_oof = None if feats[0] is None else np.concatenate(feats)
        self._stack_folds = np.concatenate(folds)
        r = len(seeds)
        y_all, scope_all = np.tile(y, (r, 1)), np.tile(scope, (r, 1))
        rules_all = np.tile(rules, (r, 1))
        self._ratings = None if ratings is None else np.tile(np.asarray(ratings), (r, 1, 1))
        choices = []
        for j, code in enumerate(self.code_ids):
            rows = np.flatnonzero(scope_all[:, j])
            truth = self._against(y_all)[rows, j]
            pos = int(y[scope[:, j], j].sum())
            c = Choice(code, pos, int(scope[:, j].sum()), "")
            c.kappa["rules"] = kappa_each(truth, rules_all[rows, j])
            if pos < self.min_positive:
                c.status = f"too few human positives ({pos} < {self.min_positive}): rules only, not learned"
                choices.append(c)
                continue
            best, best_k = ("rules", 0.5), c.kappa["rules"]
            best_k = -math.inf if math.isnan(best_k) else best_k
            for m in (*MODELS, SHARED):
                p = oof[m][rows, j]
                if np.isnan(p).any():
                    continue
                for t in SHARED_THRESHOLDS if m == SHARED else THRESHOLDS:
                    for method in (f"{m}@{t}", f"{m}@{t}+rules"):
                        k = kappa_each(truth, decide(method, t, p, rules_all[rows, j]))
                        c.kappa[method] = k
                        if not math.isnan(k) and k > best_k + 1e-12:
                            best, best_k = (method, t), k
            c.method, c.threshold = best
            c.status = "learned" if best[0] != "rules" else "learned: the rules were best"
            choices.append(c)
        self._choose_for_few(choices, y_all, rules_all, scope_all, oof[SHARED])
        self.choices = choices
        self._choose_fill(oof, y_all, rules_all, scope_all)
        self._choose_exclusive(oof, y_all, rules_all, scope_all, groups)
        return choices

    def repeat_seeds(self) -> list[int]:
        """The seed of each repeat of the grouped cross-validation (the first is `seed`)."""
        return [self.seed + 7919 * r for r in range(self.repeats)]

    def _against(self, y: np.ndarray) -> np.ndarray:
        """The ratings the choices are scored against (`kappa_each`): each coder's codes when
        `select` was given them, else the consensus `y` as one coder."""
        return y[:, :, None] if self._ratings is None else self._ratings

    def _oof_decided(self, oof, rules, scope) -> np.ndarray | None:
        """The chosen candidates' out-of-fold decisions (units × codes), or None if some in-scope
        item has no out-of-fold probability."""
        decided = np.zeros(scope.shape, dtype=bool)
        for j, c in enumerate(self.choices):
            p = None if c.model is None else oof[c.model][:, j]
            if p is not None and np.isnan(p[scope[:, j]]).any():
                return None
            decided[:, j] = decide(c.method, c.threshold, p, rules[:, j])
        return decided & scope

    def _choose_fill(self, oof, y, rules, scope) -> None:
        """Whether a unit left with no suggestion gets its top in-scope code by the shared model:
        chosen only if that raises the pooled out-of-fold κ over all in-scope items (it does when
        the coders gave (nearly) every unit a code)."""
        self.fill_empty = False
        shared = oof.get(SHARED)
        if shared is None or np.isnan(shared[scope]).any():
            return
        decided = self._oof_decided(oof, rules, scope)
        if decided is None:
            return
        ratings = self._against(y)
        before = kappa_each(ratings[scope], decided[scope])
        after = kappa_each(ratings[scope], fill_empty(decided, shared, scope)[scope])
        self.fill_kappa = (before, after)
        self.fill_empty = bool(after > before + 1e-12)

    def _choose_exclusive(self, oof, y, rules, scope, groups) -> None:
        """Whether, of two suggested codes the consensus never applied together though they would
        have met if independent (`exclusive_pairs`), only the one the shared model ranks higher is
        kept: chosen only if that raises the pooled out-of-fold κ over all in-scope items, each
        fold's pairs taken from the other folds' units."""
        self.exclusive = False
        shared = oof.get(SHARED)
        if shared is None or np.isnan(shared[scope]).any():
            return
        decided = self._oof_decided(oof, rules, scope)
        if decided is None:
            return
        if self.fill_empty:
            decided = fill_empty(decided, shared, scope)
        fold = self._stack_folds  # each repeat's folds (numbered apart), stacked as `y` is
        if fold is None or len(fold) != len(y):
            fold = group_folds(groups, min(self.folds, len(set(groups))), self.seed)
        block = fold // self.folds
        after = decided.copy()
        for f in sorted(set(fold)):
            te, tr = fold == f, (block == f // self.folds) & (fold != f)
            after[te] = keep_exclusive(decided[te], shared[te], exclusive_pairs(y[tr], scope[tr]))
        ratings = self._against(y)
        before_k = kappa_each(ratings[scope], decided[scope])
        after_k = kappa_each(ratings[scope], after[scope])
        self.exclusive_kappa = (before_k, after_k)
        self.exclusive = bool(after_k > before_k + 1e-12)

    def _choose_for_few(self, choices, y, rules, scope, shared) -> None:
        """The codes below min_positive but used at least once, taken together: the shared
        neighbour model (at one threshold, alone or OR the rules) replaces their rules only if its
        pooled out-of-fold κ over all their in-scope items is higher than the rules'. Then the codes
        no human used (never 'learned': their status keeps "too few"): they take that same choice
        instead of their rules if it raises the pooled out-of-fold κ over the items of both groups
        (their rule hits can only be false positives there; the shared model can still suggest them
        from their codebook text)."""
        few = [j for j, c in enumerate(choices) if c.status.startswith("too few") and c.positives > 0]
        zero = [j for j, c in enumerate(choices) if c.status.startswith("too few") and c.positives == 0]
        if not few:
            return
        ratings = self._against(y)
        m = scope[:, few]
        truth, r, p = ratings[:, few][m], rules[:, few][m], shared[:, few][m]
        if np.isnan(p).any():
            return
        best, best_k = ("rules", 0.5), kappa_each(truth, r)
        best_k = -math.inf if math.isnan(best_k) else best_k
        for t in SHARED_THRESHOLDS:
            for method in (f"{SHARED}@{t}", f"{SHARED}@{t}+rules"):
                k = kappa_each(truth, decide(method, t, p, r))
                if not math.isnan(k) and k > best_k + 1e-12:
                    best, best_k = (method, t), k
        if best[0] == "rules":
            return
        how = (
            "the shared neighbour model, chosen over the rules on the pooled cross-validated κ of such codes"
        )
        for j in few:
            c = choices[j]
            c.kappa["pooled_few_rules"] = kappa_each(truth, r)
            c.kappa["pooled_few_" + best[0]] = best_k
            c.method, c.threshold = best
            c.status = f"few human positives ({c.positives} < {self.min_positive}): {how}"
        if not zero or np.isnan(shared[:, zero][scope[:, zero]]).any():
            return
        both = few + zero
        mb = scope[:, both]
        model = decide(best[0], best[1], shared[:, both], rules[:, both])
        kept = np.concatenate([model[:, : len(few)], rules[:, zero].astype(bool)], axis=1)
        rb = ratings[:, both][mb]
        k_rules, k_model = kappa_each(rb, kept[mb]), kappa_each(rb, model[mb])
        if math.isnan(k_model) or not (math.isnan(k_rules) or k_model > k_rules + 1e-12):
            return
        for j in zero:
            c = choices[j]
            c.kappa["pooled_rare_rules"], c.kappa["pooled_rare_" + best[0]] = k_rules, k_model
            c.method, c.threshold = best
            c.status = (
                f"too few human positives (0 < {self.min_positive}): no coder used it, not learned; "
                "suggested from its codebook text by the shared neighbour model of the codes with few "
                "positives, chosen over its rules on their pooled cross-validated κ"
            )

    def fit(self, texts, y, scope=None) -> Assistant:
        """Keep all the units given as the training data of the chosen models and fit the shared
        model on its out-of-fold features; the per-code models (and the vectors the shared model
        compares new units with) are fitted when `score` needs them."""
        scope = np.ones(y.shape, dtype=bool) if scope is None else scope
        self._fit_data = (list(texts), y, scope)
        self._prepared = False
        self._models = {}
        self._shared = None
        self._pairs = exclusive_pairs(y, scope) if self.exclusive else None
        wanted = self.fill_empty or self.exclusive or any(c.model == SHARED for c in self.choices)
        if wanted and self._shared_oof is not None:
            f = self._shared_oof
            r = len(f) // max(len(y), 1)  # the repeats' out-of-fold features, stacked
            yy, ss = np.tile(y, (r, 1)), np.tile(scope, (r, 1))
            self._shared = _shared_model().fit(f[ss], yy[ss])
        return self

    def _prepare(self) -> None:
        """Vectorize the units `fit` was given and keep each learned code's training rows."""
        if self._prepared:
            return
        texts, y, scope = self._fit_data
        self._vectorizer = vec = self._vectorize(texts)
        x = vec.transform(texts)
        xe = self._extra_matrix(vec)
        if self._shared is not None:
            self._sim = self._similarity(vec, texts)
            self._train = (self._sim.matrix(texts), y, scope)
        for j, c in enumerate(self.choices):
            if c.model is None or c.model == SHARED:
                continue
            xt, yt = self._training(x, y, j, np.flatnonzero(scope[:, j]), xe)
            self._models[j] = (xt, yt)
        self._prepared = True

    def _shared_features(self, texts, scope) -> np.ndarray:
        """The shared model's features of new units (in `scope`) against the units `fit` was
        given, the rule-hit feature 0."""
        self._prepare()
        xs, ys, ss = self._train
        m = self._sim.matrix(texts)
        lab = self._label_features(self._sim, m, texts)
        none = np.zeros(scope.shape, dtype=np.int8)
        return neighbour_features((m @ xs.T).toarray(), lab, ys, ss, scope, none)

    def _proba(self, j: int, model: str, texts) -> np.ndarray | None:
        """Code j's `model` fitted on its training rows: its probability for the new units."""
        self._prepare()
        xt, yt = self._models[j]
        return _fit_predict(model, xt, yt, self._vectorizer.transform(texts), self.seed)

    def score(self, texts, rules, scope=None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, suggested) units × codes for new units. What reads no rule hit (the shared
        features, each chosen model's probabilities) is reused from `store` when it has it."""
        scope = np.ones(rules.shape, dtype=bool) if scope is None else scope
        scores = np.zeros(rules.shape)
        suggested = np.zeros(rules.shape, dtype=bool)
        fitted = self._fit_data is not None and len(texts) > 0
        memo = self.store.scored(self, texts, scope) if self.store is not None and fitted else None
        shared = None
        if self._shared is not None and fitted:
            f = memo.shared_features() if memo is not None else self._shared_features(texts, scope)
            f = with_rules(f, rules, scope)
            shared = np.zeros(rules.shape)
            shared[scope] = self._shared.predict_proba(f[scope])[:, 1]
        for j, c in enumerate(self.choices):
            proba = None
            if c.model == SHARED:
                proba = shared[:, j] if shared is not None else None
            elif c.model is not None and fitted:
                proba = memo.proba(j, c.model) if memo is not None else self._proba(j, c.model, texts)
            if c.model is not None and proba is None:  # cannot be fitted on all units: fall back
                proba = np.zeros(len(texts))
            scores[:, j] = np.round(score_of(c.method, proba, rules[:, j]), 6)
            suggested[:, j] = decide(c.method, c.threshold, scores[:, j], rules[:, j])
        if memo is not None:
            memo.save()
        suggested &= scope
        if self.fill_empty and shared is not None:
            suggested = fill_empty(suggested, shared, scope)
        if self.exclusive and shared is not None:
            suggested = keep_exclusive(suggested, shared, self._pairs)
        return np.where(scope, scores, 0.0), suggested


def nested_heldout(
    texts,
    groups,
    y,
    rules,
    code_ids,
    extra,
    *,
    min_positive,
    folds,
    seed,
    scope=None,
    labels=None,
    parts=None,
    ratings=None,
    pool=None,
    store=None,
    repeats=1,
) -> tuple[np.ndarray, list[list[Choice]]]:
    """Honest held-out suggestions: outer folds by group; on each, the assistant selects and fits on
    the other groups only and suggests for the held-out ones. (units × codes 0/1, choices per fold).
    `ratings`: each coder's codes (`Assistant.select`). `pool`: an executor the folds are run in
    (each fold is independent of the others: the same results, in the same order, either way).
    `store`: where each fold's assistant reuses what reads no rule hit (`Assistant.store`)."""
    scope = np.ones(y.shape, dtype=bool) if scope is None else scope
    fold = group_folds(groups, min(folds, len(set(groups))), seed + 1)
    pred = np.zeros(y.shape, dtype=bool)
    chosen = []
    opts = {
        "min_positive": min_positive,
        "folds": folds,
        "seed": seed,
        "labels": labels,
        "parts": parts,
        "repeats": repeats,
    }
    tasks = []
    for f in sorted(set(fold)):
        train, test = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        args = (texts, groups, y, rules, scope, ratings, train, test, code_ids, extra, opts, store)
        tasks.append((test, pool.submit(_outer_fold, *args) if pool is not None else _outer_fold(*args)))
    for test, done in tasks:
        s, choices = done.result() if pool is not None else done
        pred[test] = s
        chosen.append(choices)
    return pred, chosen


def _outer_fold(texts, groups, y, rules, scope, ratings, train, test, code_ids, extra, opts, store=None):
    """One outer fold of `nested_heldout`: select and fit on `train`, suggest for `test`."""
    a = Assistant(code_ids, extra, **opts, store=store)
    tt = [texts[i] for i in train]
    a.select(
        tt,
        [groups[i] for i in train],
        y[train],
        rules[train],
        scope[train],
        None if ratings is None else ratings[train],
    )
    a.fit(tt, y[train], scope[train])
    _, s = a.score([texts[i] for i in test], rules[test], scope[test])
    return s, a.choices


# --- the pipeline stage ---------------------------------------------------------------------------


class UnitError(ValueError):
    """A coded unit that is not a participant turn of the corpus."""


SUGGESTION_COLUMNS = ["transcript_id", "turn_index", "code", "score", "suggested", "method"]


def unit_table(docs: list[dict]) -> pd.DataFrame:
    """Every participant turn of the de-identified documents — short turns included, which
    segments.tsv leaves out — keyed as humans code them: (transcript_id, 1-based turn_index)."""
    rows = []
    for doc in sorted(docs, key=lambda d: d["id"]):
        index = 0
        for turn in doc["turns"]:
            if turn["role"] == "participant":
                index += 1
                rows.append((doc["id"], index, turn["text"]))
    return pd.DataFrame(rows, columns=["transcript_id", "turn_index", "text"])


def coder_ratings(codings, sample, ids, coders, coded: pd.DataFrame) -> np.ndarray:
    """Units (the rows of `coded`) × codes × coders: 1 the coder applied the code, 0 the coder coded
    the unit and did not apply it, -1 the coder did not code the unit."""
    from .reliability import design

    units, _, _, _, r, q = design(codings, sample, ids, coders)
    where = {u: n for n, u in enumerate(units)}
    rows = [where[(t, int(n))] for t, n in zip(coded.transcript_id, coded.turn_index, strict=True)]
    out = np.where(q[:, :, None], r, -1)[:, rows]  # coders × units × codes
    return np.ascontiguousarray(out.transpose(1, 2, 0)).astype(np.int8)


def _f(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 6)


def assist(*args, **kwargs) -> dict:
    """The stage (`_assist`), with scikit-learn's checks that cannot change its results skipped
    (`lean_sklearn`)."""
    with lean_sklearn():
        return _assist(*args, **kwargs)


def _assist(
    units: pd.DataFrame,
    codebook: dict,
    codes: list[Code],
    codings: pd.DataFrame,
    sample: pd.DataFrame,
    coders: list[str],
    consensus_rule: str | int,
    settings: dict,
    cache=None,
    workers: int = 1,
) -> dict:
    """The stage: per-code selection on the human-coded units, honest held-out agreement (nested
    grouped CV) beside the rules and the humans, and scores for every unit. `cache`: a
    `coprod.cache.ContentCache` the selection is reused from (`coprod.assistant_cache`);
    `workers`: processes the selection may run in side by side.

    Returns {'suggestions', 'per_code' (DataFrames), 'manuscript' (dict), 'table' (Markdown)}."""
    from .reliability import consensus, reliability_table

    ids = [c.id for c in codes]
    labels = {c.id: c.label for c in codes}
    key = ["transcript_id", "turn_index"]
    who = sample  # with its `coder` column, if any: who coded which unit
    sample = sample[key].drop_duplicates().astype({"turn_index": int})
    coded = sample.merge(units, on=key, how="left", indicator=True)
    missing = coded[coded["_merge"] == "left_only"]
    if len(missing):
        t, n = missing.iloc[0][key]
        raise UnitError(f"coded unit {t} turn {n} is not a participant turn of the de-identified corpus")
    coded = coded.drop(columns="_merge").sort_values(key).reset_index(drop=True)
    reference = consensus(codings, sample, ids, consensus_rule, coders)
    ref = set(zip(reference.transcript_id, reference.turn_index.astype(int), reference.code, strict=True))
    y = np.array(
        [
            [(t, int(n), c) in ref for c in ids]
            for t, n in zip(coded.transcript_id, coded.turn_index, strict=True)
        ],
        dtype=np.int8,
    )
    ratings = coder_ratings(codings, who, ids, coders, coded)
    texts, groups = coded.text.tolist(), coded.transcript_id.tolist()
    # the rule hits of every unit once; the coded units' are their rows (a unit's hits read only its
    # text), each code's reused by content (assistant_cache)
    from .assistant_cache import rule_hits_cached, select_cached

    all_rules = rule_hits_cached(units.text.tolist(), codes, cache)
    row_of = {u: n for n, u in enumerate(zip(units.transcript_id, units.turn_index.astype(int), strict=True))}
    rules = all_rules[
        [row_of[(t, int(n))] for t, n in zip(coded.transcript_id, coded.turn_index, strict=True)]
    ]
    extra = codebook_documents(codebook)
    s = settings
    opts = {
        "min_positive": s["min_positive"],
        "folds": s["folds"],
        "seed": s["seed"],
        "labels": labels,
        "parts": codebook_parts(codebook),
        "repeats": s.get("repeats", 1),
    }
    # the selection (nested held-out and per-code choices) reused by content (assistant_cache)

    held, a = select_cached(
        texts, groups, y, rules, ids, extra, opts, cache, ratings=ratings, workers=workers
    )
    a.fit(texts, y)
    scores, suggested = a.score(units.text.tolist(), all_rules)
    method = [c.method for c in a.choices]
    sug = pd.DataFrame(
        {
            "transcript_id": np.repeat(units.transcript_id.to_numpy(), len(ids)),
            "turn_index": np.repeat(units.turn_index.to_numpy(), len(ids)),
            "code": ids * len(units),
            "score": scores.ravel(),
            "suggested": suggested.ravel().astype(int),
            "method": method * len(units),
        }
    )[SUGGESTION_COLUMNS]

    human = reliability_table(codings, sample, ids, coders)
    hrow = human.set_index("code")
    two = "kappa" in human.columns
    rows = []
    for j, c in enumerate(a.choices):
        learned = not c.status.startswith("too few")
        rows.append(
            {
                "code": c.code,
                "label": labels[c.code],
                "units": c.units,
                "positives": c.positives,
                "status": c.status,
                "method": c.method,
                "threshold": c.threshold if c.model is not None else math.nan,
                "kappa_assistant": _kappa(y[:, j], held[:, j]) if learned else math.nan,
                "kappa_rules": _kappa(y[:, j], rules[:, j]),
                "alpha_humans": hrow.at[c.code, "alpha"],
                "kappa_humans": hrow.at[c.code, "kappa"] if two else math.nan,
                "cv_kappa_chosen": c.kappa.get(c.method, math.nan),
            }
        )
    per_code = pd.DataFrame(rows)
    learned = [j for j, c in enumerate(a.choices) if not c.status.startswith("too few")]
    few = [c for c in a.choices if c.status.startswith("too few")]
    shared = [c for c in a.choices if c.status.startswith("few human")]
    ka = _kappa(y[:, learned].ravel(), held[:, learned].ravel()) if learned else math.nan
    kr = _kappa(y[:, learned].ravel(), rules[:, learned].ravel()) if learned else math.nan
    kr_all = _kappa(y.ravel(), rules.ravel())
    same = reliability_table(codings, sample, [ids[j] for j in learned], coders) if learned else None
    h_all = float(same.set_index("code").at["ALL", "alpha"]) if same is not None else math.nan
    better = sum(1 for j in learned if per_code.kappa_assistant[j] > per_code.kappa_rules[j] + 1e-9)
    n_suggested = int(suggested.sum())
    m = {
        "units_coded": int(len(coded)),
        "transcripts_coded": int(coded.transcript_id.nunique()),
        "units_scored": int(len(units)),
        "codes": len(ids),
        "codes_learned": len(learned),
        "codes_too_few_positives": len(few),
        "codes_shared_model": len(shared),
        "min_positive": int(s["min_positive"]),
        "folds": int(s["folds"]),
        "kappa_assistant_pooled": _num(ka),
        "kappa_rules_pooled_same_codes": _num(kr),
        "kappa_rules_pooled_all_codes": _num(kr_all),
        "alpha_humans_pooled_same_codes": _num(h_all),
        "codes_assistant_better": better,
        "suggestions": n_suggested,
    }
    sentences = []
    if not learned:
        sentences.append(
            {
                "condition": "no code has min_positive human positives",
                "text": (
                    f"The coding assistant learned no code: none had at least {m['min_positive']} "
                    f"positive human codings among the {m['units_coded']} coded units, so its "
                    "suggestions are the keyword rules'."
                ),
            }
        )
    else:
        via = (
            f" ({len(shared)} of them, with fewer than {m['min_positive']} positives, through one "
            "neighbour model shared by all codes)"
            if shared
            else ""
        )
        sentences.append(
            {
                "condition": "at least one code learned",
                "text": (
                    f"An offline coding assistant, trained on the {m['units_coded']} human-coded "
                    f"units of {m['transcripts_coded']} transcripts and chosen per code by "
                    f"cross-validation grouped by transcript, learned {len(learned)} of {len(ids)} "
                    f"codes{via}; held out by transcript (nested {m['folds']}-fold "
                    "cross-validation), its pooled agreement with the human consensus on those codes "
                    f"was κ = {_f(ka)}, against κ = {_f(kr)} for the keyword rules on the same units "
                    "and codes (the human coders among themselves on those codes: pooled "
                    f"α = {_f(h_all)}); it agreed better than the rules on {better} of the "
                    f"{len(learned)} codes."
                ),
            }
        )
    if few:
        sentences.append(
            {
                "condition": "some codes below min_positive",
                "text": (
                    f"{len(few)} code{'s' if len(few) != 1 else ''} had fewer than "
                    f"{m['min_positive']} positive human codings and "
                    f"{'were' if len(few) != 1 else 'was'} not learned; "
                    + (
                        f"the assistant suggests {'them' if len(few) != 1 else 'it'} by the keyword rules."
                        if all(c.method == "rules" for c in few)
                        else f"no coder used {'them' if len(few) != 1 else 'it'}, and the assistant "
                        f"suggests {'them' if len(few) != 1 else 'it'} from the codebook text through "
                        "the shared neighbour model."
                    )
                ),
            }
        )
    sentences.append(
        {
            "condition": "always",
            "text": (
                f"It scored all {m['units_scored']} participant turns and suggested {n_suggested} codings, "
                "listed with their scores for the team to review, never merged with the human or rule codes."
            ),
        }
    )
    from .mdtext import md_table

    rows = [
        [
            r.label,
            int(r.positives),
            "too few positives" if r.status.startswith("too few") else _f(r.kappa_assistant),
            _f(r.kappa_rules),
            _f(r.alpha_humans),
        ]
        for r in per_code.itertuples()
    ]
    rows.append([f"All learned codes ({len(learned)}), pooled", "", _f(ka), _f(kr), _f(h_all)])
    columns = ["Code", "Human positives", "Assistant κ", "Rules κ", "Humans α"]
    caption = (
        ": Held-out agreement with the human consensus per code: the coding assistant (nested "
        "cross-validation by transcript), the keyword rules on the same units, and the human coders "
        "among themselves (Krippendorff's α). {#tbl-assistant}"
    )
    table = md_table(pd.DataFrame(rows, columns=columns), "lrrrr")
    return {
        "suggestions": sug,
        "per_code": per_code,
        "manuscript": {"numbers": m, "sentences": sentences},
        "table": table + "\n" + caption + "\n",
    }
