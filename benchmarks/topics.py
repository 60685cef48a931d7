"""Topic stage vs bare tomotopy on the same fits, and vs the scikit-learn engine it replaced.

Same de-identified segments (the example corpus, run through ingest, de-identification and
segmentation in this process), same screened document-term matrix, same K grid, seeds and Gibbs
sweeps as config/config.yaml. Prints:

- the whole topic stage in one process (screening + vocabulary + every (K, seed) fit with its
  held-out likelihood, coherence and exclusivity + seed stability + K rule + the final fit +
  tables and prevalence regression), and bare tomotopy running only the same fits; their ratio
  (acceptance: <= 2);
- the per-fit speed-up over scikit-learn's batch variational LDA at the old setting (50
  iterations) on the same matrix (acceptance: >= 20x; tomotopy also at 50 sweeps);
- mean NPMI coherence (coprod.topic_metrics, same matrix) of the chosen model and of scikit-learn
  LDA at the same K, and the chosen K's seed stability (acceptance: NPMI >= scikit-learn's,
  stability >= 0.6 or the manuscript says the topics are unstable).

Usage: .venv/bin/python benchmarks/topics.py [--no-sklearn]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coprod.config import load_config  # noqa: E402
from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript  # noqa: E402
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts  # noqa: E402
from coprod.privacy.register import interviewer_labels, load_register  # noqa: E402
from coprod.segment import build_segments, read_participants  # noqa: E402
from coprod.topic_metrics import heldout_split, npmi_coherence  # noqa: E402
from coprod.topics import (  # noqa: E402
    choose_k,
    diagnostics_table,
    fit_diagnostics,
    fit_from_config,
    prepare_segments,
    prevalence_by,
    prevalence_effects,
    top_indices,
    topic_tables,
)


def config() -> dict:
    cfg = load_config(yaml.safe_load((ROOT / "config" / "config.yaml").read_text()))
    for key in ("stopwords_dir", "conversational_words", "signoff_words"):
        cfg["topics"][key] = str(ROOT / cfg["topics"][key])
    return cfg


def bundled_segments(cfg: dict) -> pd.DataFrame:
    """The example corpus's participant segments, de-identified in this process (as the pipeline)."""
    example = ROOT / cfg["corpus"]["raw_dir"]
    entities = load_register(ROOT / cfg["corpus"]["register"])
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(entities)
    files = sorted(p for p in example.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"})
    d = cfg["deidentify"]  # the pipeline's own settings, so the segments are the pipeline's
    settings = Settings(
        date_mode=d["dates"],
        allow=tuple(d["allow"]),
        deny=dict(d["deny"]),
        reference_dir=ROOT / d["reference_dir"],
        role_labels=dict(d["role_labels"]),
        org_labels=dict(d["org_labels"]),
    )
    sheet = ROOT / cfg["corpus"]["participants"]
    participants = {
        r.transcript_id: (r.participant_id, r.group) for r in read_participants(sheet).itertuples()
    }
    docs, _ = deidentify_transcripts(
        [read_transcript(p, labels) for p in files], entities, PseudonymKey(), settings, participants
    )
    return build_segments(
        docs,
        read_participants(sheet),
        sheet,
        min_words=cfg["segment"]["min_words"],
        max_words=cfg["segment"]["max_words"],
    )


def stage(segments: pd.DataFrame, p: dict) -> tuple[int, float, object, object]:
    """The whole topic stage in one process; returns (K, chosen stability, prep, final fit)."""
    _, ids, prep = prepare_segments(segments, p)
    records = [fit_diagnostics(prep, k, s, p) for k in p["k_grid"] for s in p["seeds"]]
    diag = diagnostics_table(records)
    k = choose_k(diag, p["min_stability"]) if p["k"] == "auto" else int(p["k"])
    fit = fit_from_config(prep.docs, prep.vocab, k, p["seeds"][0], p, log=io.StringIO())
    _, doc_topics, _ = topic_tables(ids, fit.topic_term, fit.doc_topic, prep, p["n_top_words"])
    segs = segments.astype({"turn_index": str})
    prevalence_by(doc_topics, fit.doc_counts, fit.alpha, segs, "group", p["bootstrap"], p["seed"])
    prevalence_effects(
        doc_topics, fit.doc_counts, fit.alpha, segs, p["prevalence_covariates"], p["bootstrap"], p["seed"]
    )
    return k, float(diag.loc[diag.k == k, "stability"].iloc[0]), prep, fit


def bare_tomotopy(docs: list[list[str]], k: int, seed: int, sweeps: int, alpha: float, eta: float):
    import tomotopy as tp

    m = tp.LDAModel(k=k, alpha=alpha, eta=eta, seed=seed)
    for d in docs:
        if d:
            m.add_doc(d)
    m.train(sweeps, workers=1, parallel=tp.ParallelScheme.NONE)
    return m


def main() -> None:
    cfg = config()
    p = cfg["topics"]
    segments = bundled_segments(cfg)
    grid, seeds = p["k_grid"], p["seeds"]
    sweeps = p["max_iter"] + p["samples"] * p["thin"]

    t0 = time.perf_counter()
    k, stability, prep, fit = stage(segments, p)
    ours = time.perf_counter() - t0

    words = [[prep.vocab[j] for j in d] for d in prep.docs]
    train, _ = heldout_split(len(words), p["heldout_fraction"], seeds[0])
    t0 = time.perf_counter()  # bare tomotopy: the same fits (training split, then the final fit)
    for kk in grid:
        for s in seeds:
            bare_tomotopy([words[i] for i in train], kk, s, sweeps, p["alpha"], p["eta"])
    bare_tomotopy(words, k, seeds[0], sweeps, p["alpha"], p["eta"])
    bare = time.perf_counter() - t0

    n_fits = len(grid) * len(seeds) + 1
    print(
        f"topic benchmark: {prep.X.shape[0]} modelled segments (of {len(segments)}) "
        f"x {prep.X.shape[1]} terms, K grid {grid}, {len(seeds)} seeds, {sweeps} Gibbs sweeps per fit, "
        "one core"
    )
    what = f"(screening + {n_fits - 1} fits + diagnostics + final + tables)"
    print(f"{'coprod topic stage':<34}{ours:>8.2f} s   {what}")
    print(f"{'bare tomotopy, the same fits':<34}{bare:>8.2f} s   ({n_fits} fits, nothing else)")
    print(f"ratio coprod stage / bare tomotopy = {ours / bare:.2f}   (acceptance <= 2)")

    top = top_indices(fit.topic_term, prep.vocab, p["n_top_words"])
    ours_npmi = float(np.mean(npmi_coherence(prep.X, top)))
    print(
        f"chosen K = {k}: mean NPMI {ours_npmi:.3f}, seed stability {stability:.2f} "
        f"(acceptance >= {p['min_stability']})"
    )

    if "--no-sklearn" in sys.argv:
        return
    from sklearn.decomposition import LatentDirichletAllocation

    old_grid, old_seeds = [4, 6, 8, 10], [20220203, 1, 2]  # the engine this replaced, at its setting
    t0 = time.perf_counter()
    for kk in old_grid:
        for s in old_seeds:
            LatentDirichletAllocation(
                n_components=kk, random_state=s, max_iter=50, learning_method="batch"
            ).fit(prep.X)
    sk = time.perf_counter() - t0
    t0 = time.perf_counter()
    for kk in old_grid:
        for s in old_seeds:
            bare_tomotopy(words, kk, s, 50, p["alpha"], p["eta"])
    tm50 = time.perf_counter() - t0
    n_old = len(old_grid) * len(old_seeds)
    print(
        f"old grid ({n_old} fits, 50 iterations, same matrix): scikit-learn {sk:.2f} s, "
        f"tomotopy {tm50:.2f} s -> {sk / tm50:.0f}x faster per fit (acceptance >= 20x); "
        f"at {sweeps} sweeps tomotopy takes {bare / n_fits:.2f} s per fit "
        f"vs scikit-learn's {sk / n_old:.2f} s at 50 iterations"
    )
    lda = LatentDirichletAllocation(
        n_components=k, random_state=seeds[0], max_iter=50, learning_method="batch"
    )
    lda.fit(prep.X)
    sk_npmi = float(
        np.mean(npmi_coherence(prep.X, top_indices(lda.components_, prep.vocab, p["n_top_words"])))
    )
    print(
        f"mean NPMI at K = {k} on the same matrix: coprod {ours_npmi:.3f} vs scikit-learn LDA {sk_npmi:.3f}"
    )


if __name__ == "__main__":
    main()
