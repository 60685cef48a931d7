"""Figures: one function per figure, all drawn in one shared, byte-stable style.

Agg backend, a colour-blind-safe palette (Okabe–Ito), DejaVu Sans (ships with matplotlib),
a fixed SVG hash salt and no dates in metadata, so the same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "svg.hashsalt": "coprod",
    "svg.fonttype": "none",
    "path.simplify": True,
}


def save(fig: plt.Figure, path: str | Path) -> None:
    """Save PNG/SVG/PDF without timestamps or software versions in the metadata."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"Software": None} if path.suffix == ".png" else {"Date": None}
    if path.suffix == ".pdf":
        meta = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
    fig.savefig(path, metadata=meta, bbox_inches="tight")
    plt.close(fig)


def code_frequency_by_site(matrix: pd.DataFrame, labels: dict[str, str], path: str | Path) -> None:
    """Heatmap: segments coded per code (rows) and site (columns)."""
    with plt.rc_context(STYLE):
        data = matrix.set_index("code_id")
        fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(data) + 1.6))
        im = ax.imshow(data.values, aspect="auto", cmap="Blues")
        ax.set_xticks(range(data.shape[1]), data.columns, rotation=45, ha="right")
        ax.set_yticks(range(data.shape[0]), [labels.get(c, c) for c in data.index])
        vmax = data.values.max() if data.size else 0
        for (i, j), v in np.ndenumerate(data.values):
            ax.text(
                j,
                i,
                str(v),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if vmax and v > 0.6 * vmax else "black",
            )
        ax.set_xlabel("Site (pseudonymous id)")
        fig.colorbar(im, ax=ax, label="Coded segments", shrink=0.8)
        save(fig, path)


def topic_top_words(terms: pd.DataFrame, path: str | Path, n_words: int = 8) -> None:
    """Small multiples: the top words of each topic with their weights."""
    with plt.rc_context(STYLE):
        topics = sorted(terms.topic.unique())
        ncol = min(3, len(topics))
        nrow = int(np.ceil(len(topics) / ncol))
        fig, axes = plt.subplots(nrow, ncol, figsize=(3 * ncol, 2.2 * nrow), squeeze=False)
        for ax, t in zip(axes.flat, topics, strict=False):
            sub = terms[terms.topic == t].sort_values("rank").head(n_words)[::-1]
            ax.barh(sub.term, sub.weight, color=OKABE_ITO[(t - 1) % len(OKABE_ITO)])
            ax.set_title(f"Topic {t}", fontsize=9)
            ax.tick_params(axis="x", labelsize=7)
        for ax in list(axes.flat)[len(topics) :]:
            ax.axis("off")
        fig.supxlabel("Word weight in topic")
        fig.tight_layout()
        save(fig, path)


def corpus_descriptives(stats: pd.DataFrame, path: str | Path) -> None:
    """Words per transcript (participant vs interviewer), grouped local/national."""
    with plt.rc_context(STYLE):
        data = stats.sort_values(["group", "site_id", "transcript_id"])
        fig, ax = plt.subplots(figsize=(7.5, 3.2))
        x = np.arange(len(data))
        ax.bar(x, data.participant_words, label="Participant", color=OKABE_ITO[0])
        ax.bar(
            x, data.interviewer_words, bottom=data.participant_words, label="Interviewer", color=OKABE_ITO[1]
        )
        ax.set_xticks(
            x, [f"{t}\n{g}" for t, g in zip(data.transcript_id, data.site_id, strict=True)], fontsize=7
        )
        ax.set_ylabel("Words")
        ax.legend(frameon=False)
        groups = data.group.tolist()
        for i in range(1, len(groups)):
            if groups[i] != groups[i - 1]:
                ax.axvline(i - 0.5, color="grey", lw=0.8, ls="--")
        save(fig, path)
