"""The coding assistant's fits skip scikit-learn's per-call work that cannot change a result
(coprod.assistant.balanced, lean_sklearn): the same class weights, the same fitted models and
the same probabilities as with `class_weight="balanced"` and every check on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils import validation
from sklearn.utils.class_weight import compute_class_weight

from coprod.assistant import _fit_predict, balanced, lean_sklearn

rng = np.random.default_rng(20220203)


@pytest.mark.parametrize("n, share", [(7, 0.3), (40, 0.05), (351, 0.12), (1000, 0.5), (999, 0.9)])
@pytest.mark.parametrize("dtype", [int, bool, np.int64])
def test_balanced_is_scikit_learns_balanced(n, share, dtype):
    y = (rng.random(n) < share).astype(dtype)
    y[0], y[1] = 0, 1  # both classes
    classes = np.unique(y)
    want = compute_class_weight("balanced", classes=classes, y=y)
    got = compute_class_weight(balanced(y), classes=classes, y=y)
    assert want.tobytes() == got.tobytes()  # bit for bit


def _data(n=120, d=30):
    x = sp.random(n, d, density=0.2, random_state=3, format="csr")
    y = (np.asarray(x[:, 0].todense()).ravel() + rng.random(n) * 0.2 > 0.15).astype(int)
    return x, y


def test_the_same_models_with_the_dict_and_the_checks_skipped():
    x, y = _data()
    for make in (
        lambda w: LinearSVC(class_weight=w, C=1.0, random_state=1),
        lambda w: LogisticRegression(class_weight=w, C=10.0, solver="liblinear", random_state=1),
    ):
        ref = make("balanced").fit(x, y)
        with lean_sklearn():
            lean = make(balanced(y)).fit(x, y)
        assert ref.coef_.tobytes() == lean.coef_.tobytes()
        assert ref.intercept_.tobytes() == lean.intercept_.tobytes()


def test_fit_predict_gives_the_same_probabilities_inside_and_outside():
    x, y = _data(200)
    for model in ("tfidf_lr", "tfidf_svm"):
        plain = _fit_predict(model, x[:150], y[:150], x[150:], 7)
        with lean_sklearn():
            lean = _fit_predict(model, x[:150], y[:150], x[150:], 7)
        assert plain.tobytes() == lean.tobytes()


def test_the_frame_check_answers_as_before_and_is_put_back():
    original = validation._nw_into_df_or_series
    frame, series, arr = pd.DataFrame({"a": [1.0]}), pd.Series([1.0]), np.zeros((2, 2))
    with lean_sklearn():
        check = validation._nw_into_df_or_series
        assert check is not original
        for obj in (frame, series, arr, sp.csr_matrix(arr), [[1.0]]):
            assert check(obj) == original(obj)
    assert validation._nw_into_df_or_series is original
    with pytest.raises(RuntimeError), lean_sklearn():
        raise RuntimeError
    assert validation._nw_into_df_or_series is original
