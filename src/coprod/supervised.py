"""Supervised extension of the codebook: where humans coded, learn each code from their
consensus (TF-IDF + logistic regression), report cross-validated F1, and suggest the code for
turns nobody coded — always kept apart from the rule codes, with probabilities.

Units are participant turns (transcript id + participant-turn index), the unit humans coded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline

from .text import tokens


def turn_texts(segments: pd.DataFrame) -> pd.DataFrame:
    """Participant turns (windows re-joined), keyed by transcript id and participant-turn index."""
    seg = segments[segments.role == "participant"].sort_values(["transcript_id", "turn_index", "window"])
    return seg.groupby(["transcript_id", "turn_index"], sort=True)["text"].apply(" ".join).reset_index()


def _model(seed: int):
    return make_pipeline(
        TfidfVectorizer(analyzer=tokens, sublinear_tf=True, min_df=1),
        LogisticRegression(class_weight="balanced", max_iter=2000, random_state=seed),
    )


def train_and_apply(
    turns: pd.DataFrame,
    labels: pd.DataFrame,
    codes: list[str],
    min_positive: int,
    folds: int,
    seed: int,
    threshold: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`labels`: one row per human-coded unit (transcript_id, turn_index) with a set-valued
    `codes` column (consensus). Returns (cross-validation table, predictions for unlabelled turns)."""
    key = ["transcript_id", "turn_index"]
    labelled = turns.merge(labels[key + ["codes"]], on=key, how="inner").sort_values(key)
    unlabelled = turns.merge(labels[key], on=key, how="left", indicator=True)
    unlabelled = unlabelled[unlabelled["_merge"] == "left_only"].drop(columns="_merge").sort_values(key)
    cv_rows, pred_rows = [], []
    for code in codes:
        y = np.array([code in c for c in labelled.codes], dtype=int)
        pos, neg = int(y.sum()), int(len(y) - y.sum())
        row = {
            "code_id": code,
            "positives": pos,
            "negatives": neg,
            "folds": 0,
            "f1": None,
            "precision": None,
            "recall": None,
            "status": "",
        }
        if pos < min_positive or neg < min_positive:
            row["status"] = f"too few examples (needs {min_positive} of each)"
            cv_rows.append(row)
            continue
        k = min(folds, pos, neg)
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        pred = cross_val_predict(_model(seed), labelled.text.tolist(), y, cv=cv)
        row.update(
            {
                "folds": k,
                "status": "cross-validated",
                "f1": round(float(f1_score(y, pred, zero_division=0)), 6),
                "precision": round(float(precision_score(y, pred, zero_division=0)), 6),
                "recall": round(float(recall_score(y, pred, zero_division=0)), 6),
            }
        )
        cv_rows.append(row)
        model = _model(seed).fit(labelled.text.tolist(), y)
        if len(unlabelled):
            proba = model.predict_proba(unlabelled.text.tolist())[:, 1]
            for (tid, idx), p in zip(unlabelled[key].itertuples(index=False), proba, strict=True):
                if p >= threshold:
                    pred_rows.append(
                        {
                            "transcript_id": tid,
                            "turn_index": int(idx),
                            "code_id": code,
                            "probability": round(float(p), 6),
                            "source": "supervised",
                        }
                    )
    cv_table = pd.DataFrame(cv_rows)
    preds = pd.DataFrame(
        pred_rows, columns=["transcript_id", "turn_index", "code_id", "probability", "source"]
    )
    return cv_table, preds
