"""Figure: the K diagnostics panel (stm searchK style) with the K rule's trade-off.

Five panels against K — held-out log-likelihood per word, NPMI coherence, exclusivity (FREX),
seed stability with the `topics.min_stability` line, and the rule's score (sum of the four
standardised means) — and a sixth showing the coherence–exclusivity trade-off: one point per K
(filled when its stability makes it eligible), the chosen K ringed.
"""

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from coprod.figures import MAX_W, OKABE_ITO, STYLE, mark_synthetic, save
from coprod.snakeutil import run
from coprod.tables import flag

PANELS = [
    ("heldout_loglik", "Held-out log-likelihood / word"),
    ("npmi", "NPMI coherence"),
    ("exclusivity", "Exclusivity (FREX)"),
    ("stability", "Seed stability"),
    ("score", "K rule score (sum of z-scores)"),
]


def plot(diag: pd.DataFrame, k_summary: pd.DataFrame, path: str) -> None:
    chosen = int(k_summary.loc[k_summary.chosen.map(flag), "k"].iloc[0])
    threshold = float(k_summary.min_stability.iloc[0])
    eligible = k_summary.eligible.map(flag)
    ks = sorted(k_summary.k)
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, 3, figsize=(MAX_W, 4.8), layout="constrained")
        for ax, (col, title) in zip(axes.flat, PANELS, strict=False):
            if col in diag and col != "stability":
                ax.scatter(diag.k, diag[col], s=8, color=OKABE_ITO[4])
            ax.plot(
                k_summary.k,
                k_summary[col],
                color=OKABE_ITO[0],
                marker="o" if col in ("stability", "score") else None,
                ms=3,
            )
            if col == "stability":
                ax.axhline(threshold, color=OKABE_ITO[7], ls=":", lw=0.8)
            ax.axvline(chosen, color=OKABE_ITO[5], ls="--", lw=0.8)
            ax.set_title(title, fontsize=8)
            ax.set_xlabel("number of topics K", fontsize=7)
            ax.set_xticks(ks) if len(ks) <= 8 else ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(5))
            ax.tick_params(labelsize=7)
        ax = axes.flat[-1]
        for row, ok in zip(k_summary.itertuples(), eligible, strict=True):
            ax.scatter(
                row.exclusivity,
                row.npmi,
                s=30,
                facecolor=OKABE_ITO[0] if ok else "white",
                edgecolor=OKABE_ITO[0],
                zorder=3,
            )
            if len(ks) <= 8 or row.k in (ks[0], ks[-1], chosen):  # a long grid: ends and the pick
                ax.annotate(
                    f"K={row.k}",
                    (row.exclusivity, row.npmi),
                    xytext=(4, 3),
                    textcoords="offset points",
                    fontsize=7,
                )
        pick = k_summary[k_summary.k == chosen].iloc[0]
        ax.scatter(
            pick.exclusivity, pick.npmi, s=110, facecolor="none", edgecolor=OKABE_ITO[5], lw=1.2, zorder=4
        )
        ax.set_title("Trade-off: coherence vs exclusivity", fontsize=8)
        ax.set_xlabel("Exclusivity", fontsize=7)
        ax.set_ylabel("NPMI", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        fig.legend(
            handles=[
                Line2D([], [], ls="", marker="o", ms=3, color=OKABE_ITO[4], label="one seed"),
                Line2D([], [], color=OKABE_ITO[0], label="mean over seeds"),
                Line2D([], [], color=OKABE_ITO[5], ls="--", lw=0.8, label=f"chosen K = {chosen}"),
                Line2D(
                    [], [], color=OKABE_ITO[7], ls=":", lw=0.8, label=f"stability threshold {threshold:g}"
                ),
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="o",
                    ms=5,
                    mfc="white",
                    mec=OKABE_ITO[0],
                    label="K not eligible (unstable)",
                ),
            ],
            loc="outside lower center",
            ncol=3,
            frameon=False,
            fontsize=7,
        )
        save(fig, path)


def main():
    mark_synthetic(snakemake.params.synthetic)
    diag = pd.read_csv(snakemake.input.diagnostics, sep="\t")
    k_summary = pd.read_csv(snakemake.input.k_summary, sep="\t")
    plot(diag, k_summary, snakemake.output[0])


if __name__ == "__main__" and "snakemake" in globals():
    run(snakemake, main)
