"""Figures: one function per figure, all drawn in one shared, byte-stable style.

Agg backend, a colour-blind-safe palette (Okabe–Ito), DejaVu Sans (ships with matplotlib),
a fixed SVG hash salt and no dates in metadata, so the same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.text import Text  # noqa: E402

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
    if path.suffix == ".png":
        # the privacy audit cannot read pixels: it reads every string drawn into the figure
        # (titles, labels, ticks, legends, annotations) from this sidecar instead
        strings = sorted({t.get_text().strip() for t in fig.findobj(Text) if t.get_visible()} - {""})
        path.with_name(path.name + ".strings.txt").write_text("\n".join(strings) + "\n", encoding="utf-8")
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


def cooccurrence_heatmap(pairs: pd.DataFrame, labels: dict[str, str], path: str | Path) -> None:
    """Jaccard similarity of codes on the same segments (lower triangle)."""
    with plt.rc_context(STYLE):
        codes = list(dict.fromkeys(pairs.code_a))
        idx = {c: i for i, c in enumerate(codes)}
        mat = np.full((len(codes), len(codes)), np.nan)
        for r in pairs.itertuples():
            if r.code_a != r.code_b:
                mat[idx[r.code_b], idx[r.code_a]] = r.jaccard
        fig, ax = plt.subplots(figsize=(7.5, 6.5))
        im = ax.imshow(
            mat, cmap="Blues", vmin=0, vmax=max(0.05, np.nanmax(mat) if np.isfinite(mat).any() else 1)
        )
        names = [labels.get(c, c) for c in codes]
        ax.set_xticks(range(len(codes)), names, rotation=60, ha="right", fontsize=7)
        ax.set_yticks(range(len(codes)), names, fontsize=7)
        fig.colorbar(im, ax=ax, label="Jaccard (segments with both / with either)", shrink=0.7)
        save(fig, path)


def saturation_curve(sat: pd.DataFrame, n_codes: int, path: str | Path) -> None:
    """Distinct codes — and distinct code pairs on a shared segment — after k interviews: mean
    over random orders with a 95% band, one panel per measure; a measure whose curve is flat from
    the first interviews is marked as not informative."""
    measures = list(dict.fromkeys(sat["measure"])) if "measure" in sat else ["codes"]
    titles = {"codes": "Codes", "code_pairs": "Code pairs on a shared segment"}
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(measures), figsize=(6.5, 3.4), squeeze=False)
        for ax, measure in zip(axes[0], measures, strict=True):
            d = sat[sat["measure"] == measure] if "measure" in sat else sat
            ax.fill_between(
                d.interviews,
                d.lower_95,
                d.upper_95,
                color=OKABE_ITO[4],
                alpha=0.4,
                label="95% band over interview orders",
            )
            ax.plot(d.interviews, d["mean"], color=OKABE_ITO[0], label="mean over orders")
            ax.step(
                d.interviews,
                d.codes_in_order,
                where="post",
                color=OKABE_ITO[1],
                lw=1,
                label="in transcript order",
            )
            if measure == "codes":
                top = n_codes
                ax.axhline(n_codes, color="grey", ls="--", lw=0.8, label="codes in codebook")
            else:
                top = int(d["total"].iloc[-1]) if "total" in d else int(d.codes_in_order.max())
                ax.axhline(top, color="grey", ls="--", lw=0.8, label="seen in the corpus")
            title = titles.get(measure, measure)
            if "informative" in d and len(d) and d["informative"].iloc[0] == "no":
                title += "\n(flat from the start: not informative)"
            ax.set_title(title, fontsize=8)
            ax.set_xlabel("Interviews coded")
            ax.set_ylabel("Distinct seen")
            ax.set_ylim(0, top * 1.05 + 1)
            ax.legend(frameon=False, fontsize=6, loc="lower right")
        save(fig, path)


def reliability_by_code(table: pd.DataFrame, labels: dict[str, str], path: str | Path) -> None:
    """Krippendorff's alpha per code with the 0.667 and 0.8 thresholds."""
    with plt.rc_context(STYLE):
        data = table[table.code_id != "ALL"].copy()
        data = data.sort_values(["alpha", "code_id"], na_position="first")
        fig, ax = plt.subplots(figsize=(6.5, 0.28 * len(data) + 1.2))
        y = np.arange(len(data))
        vals = data.alpha.fillna(0).to_numpy(dtype=float)
        colors = [OKABE_ITO[5] if v < 0.667 else OKABE_ITO[1] if v < 0.8 else OKABE_ITO[2] for v in vals]
        ax.barh(y, vals, color=colors)
        ax.set_yticks(
            y,
            [
                labels.get(c, c) + (" (n/a)" if pd.isna(a) else "")
                for c, a in zip(data.code_id, data.alpha, strict=True)
            ],
            fontsize=7,
        )
        for x, name in ((0.667, "0.667"), (0.8, "0.8")):
            ax.axvline(x, color="grey", ls="--", lw=0.8)
            ax.text(x, len(data) - 0.4, name, fontsize=7, ha="center")
        ax.set_xlim(min(0, vals.min()) - 0.05, 1.05)
        ax.set_xlabel("Krippendorff's alpha (nominal, two coders)")
        save(fig, path)


def k_diagnostics(diag: pd.DataFrame, chosen: int, path: str | Path) -> None:
    """stm-style searchK panel: held-out perplexity, UMass, NPMI, exclusivity and seed stability
    against K (mean over seeds, points for each seed); the chosen K marked."""
    with plt.rc_context(STYLE):
        metrics = [
            ("heldout_perplexity", "Held-out perplexity"),
            ("umass", "UMass coherence"),
            ("npmi", "NPMI coherence"),
            ("exclusivity", "Exclusivity (FREX)"),
            ("stability", "Seed stability"),
        ]
        fig, axes = plt.subplots(1, len(metrics), figsize=(10, 2.4))
        for ax, (col, title) in zip(axes, metrics, strict=True):
            mean = diag.groupby("k")[col].mean()
            ax.scatter(diag.k, diag[col], s=8, color=OKABE_ITO[4])
            ax.plot(mean.index, mean.values, color=OKABE_ITO[0])
            ax.axvline(chosen, color=OKABE_ITO[5], ls="--", lw=0.8)
            ax.set_title(title, fontsize=8)
            ax.set_xticks(sorted(diag.k.unique()))
            ax.tick_params(labelsize=7)
        fig.supxlabel("Number of topics K (dashed: chosen)", fontsize=8)
        fig.tight_layout()
        save(fig, path)


def prevalence_by_group(prev: pd.DataFrame, labels: dict[int, str], by: str, path: str | Path) -> None:
    """Mean topic prevalence per group with 95% bootstrap intervals (participants resampled)."""
    with plt.rc_context(STYLE):
        levels = sorted(prev[by].unique())
        topics = sorted(prev.topic.unique())
        fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(topics) + 1.2))
        height = 0.8 / len(levels)
        for n, level in enumerate(levels):
            sub = prev[prev[by] == level].set_index("topic").loc[topics]
            y = np.arange(len(topics)) + n * height
            ax.barh(
                y,
                sub.prevalence,
                height=height,
                color=OKABE_ITO[n % len(OKABE_ITO)],
                label=str(level),
                xerr=[sub.prevalence - sub.lower_95, sub.upper_95 - sub.prevalence],
                error_kw={"lw": 0.8},
            )
        ax.set_yticks(
            np.arange(len(topics)) + 0.4 - height / 2,
            [f"{t}: {labels.get(t, '')}" for t in topics],
            fontsize=7,
        )
        ax.set_xlabel("Mean topic prevalence (95% CI, participants resampled)")
        ax.legend(frameon=False, fontsize=7)
        save(fig, path)


def topic_code_heatmap(align: pd.DataFrame, labels: dict[str, str], path: str | Path) -> None:
    """Mean topic weight among segments carrying each code."""
    with plt.rc_context(STYLE):
        topics = [c for c in align.columns if c.startswith("topic_")]
        data = align.set_index("code_id")[topics]
        fig, ax = plt.subplots(figsize=(6.5, 0.3 * len(data) + 1.4))
        im = ax.imshow(data.values, aspect="auto", cmap="Blues")
        ax.set_xticks(range(len(topics)), [t.replace("topic_", "T") for t in topics])
        ax.set_yticks(range(len(data)), [labels.get(c, c) for c in data.index], fontsize=7)
        fig.colorbar(im, ax=ax, label="Mean topic weight", shrink=0.8)
        save(fig, path)
