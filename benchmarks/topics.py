"""Topic stage vs a bare scikit-learn fit, gensim LdaMulticore and tomotopy LDA.

Same de-identified segments (the example corpus, run through ingest, de-identification and
segmentation in this process), same document-term matrix, same K grid, seeds and iterations.
Prints seconds per tool, the ratio of our whole stage (preprocessing + every fit + diagnostics +
the final fit) to bare scikit-learn fits of the same grid, and mean UMass/NPMI coherence of each
tool's topics at every K (computed by coprod.topic_metrics on the same matrix).
Usage: .venv/bin/python benchmarks/topics.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coprod.config import load_config  # noqa: E402
from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript  # noqa: E402
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts  # noqa: E402
from coprod.privacy.register import interviewer_labels, load_register  # noqa: E402
from coprod.segment import build_segments, read_participants  # noqa: E402
from coprod.topic_metrics import npmi_coherence, umass_coherence  # noqa: E402
from coprod.topics import choose_k, fit, prepare_from_config, search_k, top_indices  # noqa: E402


def segments_text(cfg) -> list[str]:
    example = ROOT / cfg["corpus"]["raw_dir"]
    entities = load_register(ROOT / cfg["corpus"]["register"])
    labels = list(DEFAULT_INTERVIEWER_LABELS) + interviewer_labels(entities)
    files = sorted(p for p in example.iterdir() if p.suffix in {".txt", ".docx", ".vtt", ".srt"})
    docs, _ = deidentify_transcripts(
        [read_transcript(p, labels) for p in files], entities, PseudonymKey(), Settings()
    )
    sheet = ROOT / cfg["corpus"]["participants"]
    seg = build_segments(
        docs,
        read_participants(sheet),
        sheet,
        min_words=cfg["segment"]["min_words"],
        max_words=cfg["segment"]["max_words"],
    )
    return seg.text.tolist()


def main() -> None:
    cfg = load_config(yaml.safe_load((ROOT / "config" / "config.yaml").read_text()))
    p = cfg["topics"]
    texts = segments_text(cfg)
    grid, seeds, iters, n_top = p["k_grid"], p["seeds"], p["max_iter"], p["n_top_words"]

    t0 = time.perf_counter()  # our whole stage, one process (as the rule runs it with --cores 1)
    prep = prepare_from_config(texts, p)
    diag = search_k(
        prep, "lda", grid, seeds, iters, n_top, p["heldout_fraction"], workers=1, log=io.StringIO()
    )
    k = choose_k(diag)
    fit(prep.X, "lda", k, seeds[0], iters)
    ours = time.perf_counter() - t0

    from sklearn.decomposition import LatentDirichletAllocation

    t0 = time.perf_counter()  # bare scikit-learn: the same fits on the same matrix, nothing else
    sk_top = {}
    for kk in grid:
        for s in seeds:
            lda = LatentDirichletAllocation(
                n_components=kk, random_state=s, max_iter=iters, learning_method="batch"
            )
            lda.fit(prep.X)
            if s == seeds[0]:
                sk_top[kk] = top_indices(lda.components_, prep.vocab, n_top)
    lda = LatentDirichletAllocation(
        n_components=k, random_state=seeds[0], max_iter=iters, learning_method="batch"
    )
    lda.fit(prep.X)
    bare = time.perf_counter() - t0

    import gensim
    import tomotopy as tp

    coo = prep.X.tocoo()
    bow = [[] for _ in range(prep.X.shape[0])]
    for i, j, v in zip(coo.row, coo.col, coo.data, strict=True):
        bow[i].append((int(j), int(v)))
    bow = [sorted(b) for b in bow]
    id2word = dict(enumerate(prep.vocab))
    t0 = time.perf_counter()
    gs_top = {}
    for kk in grid:
        for s in seeds:
            m = gensim.models.LdaMulticore(
                bow, num_topics=kk, id2word=id2word, random_state=s, passes=1, iterations=iters, workers=1
            )
            if s == seeds[0]:
                gs_top[kk] = [[j for j, _ in m.get_topic_terms(t, topn=n_top)] for t in range(kk)]
    gensim_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    tm_top = {}
    word_index = {w: j for j, w in enumerate(prep.vocab)}
    for kk in grid:
        for s in seeds:
            m = tp.LDAModel(k=kk, seed=s)
            for b in bow:
                words = [prep.vocab[j] for j, v in b for _ in range(v)]
                if words:
                    m.add_doc(words)
            m.train(iters, workers=1)
            if s == seeds[0]:
                tm_top[kk] = [
                    [word_index[w] for w, _ in m.get_topic_words(t, top_n=n_top)] for t in range(kk)
                ]
    tomotopy_s = time.perf_counter() - t0

    print(
        f"topic benchmark: {prep.X.shape[0]} segments x {prep.X.shape[1]} terms, K grid {grid}, "
        f"{len(seeds)} seeds, {iters} iterations, one core"
    )
    print(f"{'tool':<22}{'seconds':>9}")
    print(
        f"{'coprod topic stage':<22}{ours:>9.2f}   "
        f"(preprocess + {len(grid) * len(seeds)} fits + diagnostics + final)"
    )
    print(f"{'bare scikit-learn':<22}{bare:>9.2f}   (the same {len(grid) * len(seeds) + 1} fits only)")
    print(f"{'gensim LdaMulticore':<22}{gensim_s:>9.2f}")
    print(f"{'tomotopy LDA':<22}{tomotopy_s:>9.2f}")
    print(f"ratio coprod stage / bare scikit-learn = {ours / bare:.3f}")
    print("mean coherence of the first seed's topics (UMass | NPMI):")
    for kk in grid:
        cells = []
        for name, tops in (("sklearn", sk_top), ("gensim", gs_top), ("tomotopy", tm_top)):
            cells.append(
                f"{name} {np.mean(umass_coherence(prep.X, tops[kk])):6.2f} | "
                f"{np.mean(npmi_coherence(prep.X, tops[kk])):6.3f}"
            )
        print(f"  K={kk:<3}" + "   ".join(cells))


if __name__ == "__main__":
    main()
