"""Figures: one function per figure, all drawn in one shared, byte-stable style.

Agg backend, a colour-blind-safe palette (Okabe–Ito), DejaVu Sans (ships with matplotlib),
a fixed SVG hash salt and no dates in metadata, so the same inputs give the same bytes.

Every figure stays legible from a handful to about a thousand transcripts and up to ~40 sites:
the layout is chosen by counting what there is to draw, never by hoping it fits —
one bar per transcript up to ``BAR_ROWS`` transcripts, a distribution per site beyond that;
heatmaps write their numbers only while cells are wide enough (``ANNOTATE_COLS``), and show the
``MAX_ROWS``/``MAX_COLS`` largest rows/columns (saying so on the figure) when there are more.
Figures grow with what they show up to about a page (``MAX_W`` × ``MAX_H`` inches), text is
never smaller than ``MIN_FONT`` points at that size, and constrained layout keeps every label
inside the figure. ``tests/test_figures_scale.py`` measures this with matplotlib's renderer.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

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

MAX_W = 7.5  # inches: the text width of an A4 page with margins
MAX_H = 10.0  # inches: an A4 page's text height less room for the caption
MIN_FONT = 7  # points, at the saved size
BAR_ROWS = 40  # one bar per transcript (or site) up to this many; beyond, distributions
ANNOTATE_COLS = 13  # heatmap cells carry their numbers up to this many columns (12 sites + national)
MAX_ROWS = 40  # heatmap / bar rows shown at most (the largest, with a note)
MAX_COLS = 42  # heatmap columns shown at most (40 sites and "national" fit)
_LINE_IN = 0.125  # height of one 7-pt text line, inches


# With study.synthetic every figure carries this note, drawn into the image below its bottom-right
# corner (a PNG travels without the manuscript's caption); the rules pass the flag as a param.
SYNTHETIC_NOTE = "synthetic data: a pipeline demonstration, no real participants"
_MARK = {"note": ""}


def mark_synthetic(on: bool) -> None:
    """Draw (True) or do not draw (False) the synthetic-data note into the figures saved next."""
    _MARK["note"] = SYNTHETIC_NOTE if on else ""


def save(fig: plt.Figure, path: str | Path) -> None:
    """Save PNG/SVG/PDF without timestamps or software versions in the metadata (with the
    synthetic-data note when `mark_synthetic(True)` was called)."""
    path = Path(path)
    if fig.legends:
        # a figure legend is anchored to the figure's box, which the tight bounding box replaces
        # by the cropped one, so it moved to the edge of the crop (onto the note, for a legend
        # below the panels). The layout runs once, is kept (the layout engine reserves a
        # legend's margin only while the legend has no anchor of its own), and the legend is
        # pinned to the figure's own area, where the layout put it
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
        for legend in fig.legends:
            if legend.get_bbox_to_anchor() is fig.bbox:
                legend.set_bbox_to_anchor((0, 0, 1, 1), transform=fig.transFigure)
    if _MARK["note"]:
        # below everything already drawn (legends under the axes included), right-aligned with
        # it; the saved image's tight bounding box grows to hold it: it never covers a label.
        # The layout engine runs first, so the box is where the labels end up; the note is placed
        # in figure coordinates, which the tight bounding box shifts with the rest of the figure
        # (a position in inches from the canvas corner is not shifted and fell off the image)
        fig.draw_without_rendering()
        box = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
        width, height = fig.get_size_inches()
        fig.text(
            box.x1 / width,
            (box.y0 - 0.04) / height,
            _MARK["note"],
            transform=fig.transFigure,
            ha="right",
            va="top",
            fontsize=MIN_FONT,
            color="#555555",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"Software": None} if path.suffix == ".png" else {"Date": None}
    if path.suffix == ".pdf":
        meta = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
    fig.savefig(path, metadata=meta, bbox_inches="tight")
    if path.suffix == ".png":
        # the privacy audit cannot read pixels: it reads every string drawn into the figure
        # (titles, labels, ticks, legends, annotations) from this sidecar instead; a label
        # wrapped over several lines is written on one line, so the audit sees it whole
        strings = {" ".join(t.get_text().split()) for t in fig.findobj(Text) if t.get_visible()}
        path.with_name(path.name + ".strings.txt").write_text(
            "\n".join(sorted(strings - {""})) + "\n", encoding="utf-8"
        )
    plt.close(fig)


# ---------------------------------------------------------------- layout helpers


def _text_h(lines: int) -> float:
    """Inches that ``lines`` lines of 7-pt text take (line spacing 1.2)."""
    return 0.1 + 0.137 * (lines - 1)


def _label(text: object, width: int, lines: int = 2) -> str:
    """Wrap a label at word boundaries into at most ``lines`` lines of about ``width``
    characters; a label longer than that is shortened with "…" (the table has it whole)."""
    text = " ".join(str(text).split())
    parts = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]
    if len(parts) > lines:
        # shortened in the middle: the end often tells similar labels apart ("… (2)", "… staff")
        tail = text[-max(6, width // 3) :].lstrip()
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, width - len(tail) - 1)].rstrip(" ,;:·") + "…" + tail
    return "\n".join(parts)


def _n_lines(labels: list[str]) -> int:
    return max((s.count("\n") + 1 for s in labels), default=1)


def _lines_fitting(n: int, room: float) -> int:
    """Label lines per row (1 or 2) when ``n`` rows share ``room`` inches."""
    return 2 if n * (_text_h(2) + 0.05) <= room else 1


def _row_need(labels: list[str], minimum: float = 0.0) -> float:
    """Inches per row so that (possibly wrapped) 7-pt labels never touch."""
    return max(minimum, _text_h(_n_lines(labels)) + 0.05)


def _fit_rows(fig: plt.Figure, ax: plt.Axes, rows: int, row_h: float) -> None:
    """Grow the figure's height (up to ``MAX_H``) until ``ax`` gives each row ``row_h`` inches,
    whatever the layout engine took for titles, legends and rotated labels."""
    for _ in range(4):
        fig.draw_without_rendering()
        w, h = fig.get_size_inches()
        have = ax.get_position().height * h
        need = rows * row_h
        if have >= need - 0.005 or h >= MAX_H - 1e-9:
            return
        fig.set_size_inches(w, min(MAX_H, h + need - have + 0.01))


def _start_height(rows: int, row_h: float, extra: float, minimum: float = 2.2) -> float:
    return float(min(MAX_H, max(minimum, rows * row_h + extra)))


def _largest(scores: pd.Series, n: int) -> list:
    """The n items with the largest score (ties by name), in their original order."""
    if len(scores) <= n:
        return list(scores.index)
    ranked = sorted(scores.index, key=lambda k: (-float(scores[k]), str(k)))[:n]
    keep = set(ranked)
    return [k for k in scores.index if k in keep]


def _heatmap(
    fig: plt.Figure,
    ax: plt.Axes,
    values: np.ndarray,
    row_labels: list[str],
    col_labels: list[str],
    cbar_label: str,
    annotate: bool,
    fmt: str = "{:g}",
    vmin: float | None = None,
) -> None:
    """A heatmap with 7-pt labels; numbers in the cells only when asked (cells wide enough).

    Columns are labelled at 45° while few and short, else at 90° (one or two lines, as the
    column width allows); the colour bar goes below the map when there are many columns."""
    n_cols = len(col_labels)
    many = n_cols > ANNOTATE_COLS
    col_w = (fig.get_size_inches()[0] - 3.2) / max(1, n_cols)
    slanted = not many and max((len(str(c)) for c in col_labels), default=0) * 0.055 * 0.72 + 0.1 < col_w
    two = col_w >= _text_h(2) + 0.04  # room for two lines per column
    cols = [_label(c, 16 if slanted else 28 if two else 44, 2 if two else 1) for c in col_labels]
    im = ax.imshow(values, aspect="auto", cmap="Blues", vmin=vmin, interpolation="nearest")
    ax.set_xticks(
        range(n_cols),
        cols,
        rotation=45 if slanted else 90,
        ha="right" if slanted else "center",
        rotation_mode="anchor" if slanted else "default",
        fontsize=7,
    )
    ax.set_yticks(range(len(row_labels)), row_labels, fontsize=7)
    ax.tick_params(length=2)
    if annotate:
        finite = values[np.isfinite(values)]
        top = float(finite.max()) if finite.size else 0.0
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    fmt.format(v),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if top and v > 0.6 * top else "black",
                    in_layout=False,  # inside its cell: the layout need not measure it
                )
    cbar = fig.colorbar(
        im,
        ax=ax,
        shrink=0.6 if many else 0.8,
        orientation="horizontal" if many else "vertical",
        aspect=40 if many else 20,
        pad=0.01 if many else 0.02,
        location="top" if many else "right",
    )
    cbar.set_label(cbar_label, fontsize=8)
    cbar.ax.tick_params(labelsize=7)


def _col_depth(labels: list[str]) -> float:
    """Inches that 90°-rotated column labels need below the axes."""
    return min(44, max((len(str(s)) for s in labels), default=1)) * 0.055 + 0.2


# ---------------------------------------------------------------- figures


def code_frequency_by_site(
    matrix: pd.DataFrame,
    labels: dict[str, str],
    path: str | Path,
    interviews: dict[str, int] | None = None,
) -> None:
    """Heatmap: segments coded per code (rows) and site (columns) — per interview when
    ``interviews`` (site -> number of interviews) is given, so a site (or group) with more
    interviews does not dominate by its size alone; columns are then labelled "site (n)".

    Up to ``ANNOTATE_COLS`` columns every cell shows its count; up to ``MAX_COLS`` every site is
    a column (colour only); beyond that the sites with most coded segments are shown and the
    rest averaged into one column. More than ``MAX_ROWS`` codes: the most frequent."""
    with plt.rc_context(STYLE):
        data = matrix.set_index("code_id").astype(float)
        notes = []
        if interviews:
            n = pd.Series({c: float(interviews.get(c, 0)) for c in data.columns})
            data = data.div(n.where(n > 0), axis=1).fillna(0.0)
            data.columns = [f"{c} ({int(n[c])})" for c in data.columns]
        if data.shape[1] > MAX_COLS:
            keep = _largest(data.sum(axis=0), MAX_COLS - 1)
            rest = [c for c in data.columns if c not in set(keep)]
            other = data[rest].mean(axis=1).round(1)
            data = data[keep].assign(**{f"other {len(rest)} sites (mean)": other})
            notes.append(f"the {len(keep)} of {len(keep) + len(rest)} sites with most coded segments")
        if len(data) > MAX_ROWS:
            n_codes = len(data)
            data = data.loc[_largest(data.sum(axis=1), MAX_ROWS)]
            notes.append(f"the {MAX_ROWS} most frequent of {n_codes} codes")
        many = data.shape[1] > ANNOTATE_COLS
        extra = 1.0 + _col_depth(list(data.columns)) + (0.6 if many else 0)
        lines = _lines_fitting(len(data), MAX_H - extra)
        rows = [_label(labels.get(c, c), 30 if lines == 2 else 42, lines) for c in data.index]
        row_h = _row_need(rows, 0.26 if not many else 0.0)
        width = MAX_W if many else min(MAX_W, 4.2 + 0.45 * data.shape[1])
        fig, ax = plt.subplots(figsize=(width, _start_height(len(rows), row_h, extra)), layout="constrained")
        _heatmap(
            fig,
            ax,
            data.to_numpy(),
            rows,
            list(data.columns),
            "Coded segments per interview" if interviews else "Coded segments",
            not many,
            "{:.1f}" if interviews else "{:g}",
            vmin=0,
        )
        site = "Site (pseudonymous id) and its interviews" if interviews else "Site (pseudonymous id)"
        ax.set_xlabel("\n".join([site, *notes]), fontsize=8)
        _fit_rows(fig, ax, len(rows), row_h)
        save(fig, path)


def topic_top_words(terms: pd.DataFrame, path: str | Path, n_words: int = 8) -> None:
    """Top words of each topic: bars with their weights (small multiples) for up to 15 topics;
    beyond that one line of words per topic, so 40 topics still fit a page."""
    with plt.rc_context(STYLE):
        topics = sorted(terms.topic.unique())
        if len(topics) > 15:
            save(_topic_word_lines(terms, topics, n_words), path)
            return
        ncol = min(3, len(topics))
        nrow = int(np.ceil(len(topics) / ncol))
        fig, axes = plt.subplots(
            nrow,
            ncol,
            figsize=(min(MAX_W, 2.5 * ncol), min(MAX_H, (0.75 + 0.16 * n_words) * nrow + 0.3)),
            squeeze=False,
            layout="constrained",
        )
        for ax, t in zip(axes.flat, topics, strict=False):
            sub = terms[terms.topic == t].sort_values("rank").head(n_words)[::-1]
            colour = OKABE_ITO[(int(t) - 1) % len(OKABE_ITO)]
            ax.barh([_label(w, 22, 1) for w in sub.term], sub.weight, color=colour)
            ax.set_title(f"Topic {t}", fontsize=9)
            ax.tick_params(axis="both", labelsize=7)
            ax.xaxis.set_major_locator(MaxNLocator(3))
        for ax in list(axes.flat)[len(topics) :]:
            ax.axis("off")
        fig.supxlabel("Word weight in topic", fontsize=8)
        save(fig, path)


def _topic_word_lines(terms: pd.DataFrame, topics: list, n_words: int, max_chars: int = 86) -> plt.Figure:
    row_h = _text_h(1) + 0.1
    fig, ax = plt.subplots(figsize=(MAX_W, _start_height(len(topics), row_h, 0.6)), layout="constrained")
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(len(topics) - 0.5, -0.5)
    for i, t in enumerate(topics):
        words = list(terms[terms.topic == t].sort_values("rank").head(n_words).term)
        while len(words) > 1 and len(", ".join(words)) > max_chars:
            words.pop()
        ax.text(0, i, f"T{t}", fontsize=8, fontweight="bold", va="center", color="#333333")
        ax.text(0.06, i, ", ".join(words), fontsize=8, va="center")
    ax.set_title(f"Top words of each of {len(topics)} topics, most probable first", fontsize=9, loc="left")
    _fit_rows(fig, ax, len(topics), row_h)
    return fig


def corpus_descriptives(stats: pd.DataFrame, path: str | Path) -> None:
    """Words per transcript (participant and interviewer turns), local sites then national.

    Up to ``BAR_ROWS`` transcripts: one stacked bar each, labelled with its id and site. Beyond:
    the distribution of words per transcript in each site (box and points; at most ``BAR_ROWS``
    sites, the rest pooled as "other") next to a histogram of participant and interviewer words."""
    with plt.rc_context(STYLE):
        data = stats.sort_values(["group", "site_id", "transcript_id"]).reset_index(drop=True)
        fig = _corpus_bars(data) if len(data) <= BAR_ROWS else _corpus_by_site(data)
        save(fig, path)


def _corpus_bars(data: pd.DataFrame) -> plt.Figure:
    n = len(data)
    names = [
        _label(f"{t} · {s}" if isinstance(s, str) and s else str(t), 40, 1)  # no sites: the id alone
        for t, s in zip(data.transcript_id, data.site_id, strict=True)
    ]
    row_h = _row_need(names, 0.17)
    fig, ax = plt.subplots(figsize=(6.5, _start_height(n, row_h, 1.0)), layout="constrained")
    y = np.arange(n)
    ax.barh(y, data.participant_words, height=0.75, label="Participant", color=OKABE_ITO[0])
    ax.barh(
        y,
        data.interviewer_words,
        left=data.participant_words,
        height=0.75,
        label="Interviewer",
        color=OKABE_ITO[1],
    )
    ax.set_yticks(y, names, fontsize=7)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlabel("Words in transcript", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    groups = data.group.astype(str).tolist()
    starts = [0] + [i for i in range(1, n) if groups[i] != groups[i - 1]]
    for s, e in zip(starts, starts[1:] + [n], strict=True):
        if s:
            ax.axhline(s - 0.5, color="grey", lw=0.8, ls="--")
        lines = max(1, min(2, int((e - s) * row_h / 0.14)))
        ax.text(
            1.01,
            (s + e - 1) / 2,
            _label(groups[s], 14, lines),
            transform=ax.get_yaxis_transform(),
            fontsize=7,
            color="#555555",
            va="center",
            ha="left",
        )
    ax.legend(frameon=False, fontsize=7, ncol=2, loc="lower left", bbox_to_anchor=(0, 1))
    _fit_rows(fig, ax, n, row_h)
    return fig


def _corpus_by_site(data: pd.DataFrame) -> plt.Figure:
    data = data.assign(total=data.participant_words + data.interviewer_words)
    unit = "sites"
    if not data.site_id.fillna("").astype(str).ne("").any():  # a study without sites: by group
        data, unit = data.assign(site_id=data.group.astype(str)), "groups"
    site_group = data.groupby("site_id", sort=False).group.first().astype(str)
    counts = data.groupby("site_id", sort=False).size()
    sites = list(site_group.index)
    if len(sites) > BAR_ROWS:
        keep = _largest(counts, BAR_ROWS - 1)
        rest = [s for s in sites if s not in set(keep)]
        rows = [(f"{s} (n={counts[s]})", data.total[data.site_id == s], site_group[s]) for s in keep]
        pooled = data.total[data.site_id.isin(rest)]
        rows.append((f"other {len(rest)} {unit} (n={len(pooled)})", pooled, "other"))
    else:
        rows = [(f"{s} (n={counts[s]})", data.total[data.site_id == s], site_group[s]) for s in sites]
    groups = list(dict.fromkeys(g for _, _, g in rows))
    colour = {g: OKABE_ITO[i % len(OKABE_ITO)] for i, g in enumerate(groups)}
    labels = [_label(r[0], 28, _lines_fitting(len(rows), MAX_H - 1.4)) for r in rows]
    row_h = _row_need(labels, 0.2)
    fig = plt.figure(figsize=(MAX_W, _start_height(len(rows), row_h, 1.3, 3.2)), layout="constrained")
    ax, hist = fig.subplots(1, 2, width_ratios=[2.1, 1])
    y = np.arange(len(rows))
    box = ax.boxplot(
        [r[1].to_numpy(dtype=float) for r in rows],
        positions=y,
        orientation="horizontal",
        widths=0.6,
        showfliers=False,
        patch_artist=True,
        medianprops={"color": "black", "lw": 1},
    )
    for patch, (_, _, g) in zip(box["boxes"], rows, strict=True):
        patch.set(facecolor=colour[g], alpha=0.35, edgecolor=colour[g])
    for i, (_, values, g) in enumerate(rows):
        # spread points deterministically (golden-ratio sequence), no random jitter
        jitter = ((np.arange(len(values)) * 0.6180339887) % 1 - 0.5) * 0.45
        ax.scatter(values, i + jitter, s=3, color=colour[g], alpha=0.6, lw=0)
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel("Words per transcript (box: quartiles; points: transcripts)", fontsize=8)
    ax.set_title(f"{len(data)} transcripts in {len(sites)} {unit}", fontsize=9, loc="left")
    edges = np.histogram_bin_edges(
        np.concatenate([data.participant_words, data.interviewer_words]).astype(float), bins=25
    )
    hist.hist(data.participant_words, bins=edges, histtype="step", color=OKABE_ITO[0], label="Participant")
    hist.hist(data.interviewer_words, bins=edges, histtype="step", color=OKABE_ITO[1], label="Interviewer")
    hist.set_xlabel("Words per transcript", fontsize=8)
    hist.set_ylabel("Transcripts", fontsize=8)
    hist.tick_params(labelsize=7)
    hist.xaxis.set_major_locator(MaxNLocator(4))
    hist.set_title("All transcripts", fontsize=9, loc="left")
    handles = [Patch(facecolor=colour[g], alpha=0.6, label=g) for g in groups]
    hist.legend(
        handles=hist.get_legend_handles_labels()[0] + handles, frameon=False, fontsize=7, loc="upper right"
    )
    _fit_rows(fig, ax, len(rows), row_h)
    return fig


def cooccurrence_heatmap(pairs: pd.DataFrame, labels: dict[str, str], path: str | Path) -> None:
    """Jaccard similarity of codes on the same segments (lower triangle); more than
    ``MAX_ROWS`` codes: the most frequent."""
    with plt.rc_context(STYLE):
        codes = list(dict.fromkeys(pairs.code_a))
        title = None
        if len(codes) > MAX_ROWS and "count" in pairs:
            own = pairs[pairs.code_a == pairs.code_b].set_index("code_a")["count"].astype(float)
            keep = set(_largest(own.reindex(codes).fillna(0), MAX_ROWS))
            title = f"The {MAX_ROWS} most frequent of {len(codes)} codes"
            codes = [c for c in codes if c in keep]
        idx = {c: i for i, c in enumerate(codes)}
        mat = np.full((len(codes), len(codes)), np.nan)
        for r in pairs.itertuples():
            if r.code_a != r.code_b and r.code_a in idx and r.code_b in idx:
                mat[idx[r.code_b], idx[r.code_a]] = r.jaccard
        side = 4.6  # inches of map, either way
        lines = _lines_fitting(len(codes), side)
        names = [_label(labels.get(c, c), 30 if lines == 2 else 40, lines) for c in codes]
        fig, ax = plt.subplots(figsize=(MAX_W, side + 2.4), layout="constrained")
        top = np.nanmax(mat) if np.isfinite(mat).any() else 1
        im = ax.imshow(mat, cmap="Blues", vmin=0, vmax=max(0.05, top), interpolation="nearest")
        ax.set_xticks(range(len(codes)), names, rotation=90, fontsize=7)
        ax.set_yticks(range(len(codes)), names, fontsize=7)
        ax.tick_params(length=2)
        if title:
            ax.set_title(title, fontsize=8, loc="left")
        cbar = fig.colorbar(im, ax=ax, shrink=0.7)
        cbar.set_label("Jaccard (segments with both / with either)", fontsize=8)
        cbar.ax.tick_params(labelsize=7)
        save(fig, path)


def saturation_curve(sat: pd.DataFrame, n_codes: int, path: str | Path) -> None:
    """Distinct codes — and distinct code pairs on a shared segment — after k interviews: mean
    over random orders with a 95% band, one panel per measure; a measure whose curve is flat from
    the first interviews is marked as not informative."""
    measures = list(dict.fromkeys(sat["measure"])) if "measure" in sat else ["codes"]
    titles = {"codes": "Codes", "code_pairs": "Code pairs on a shared segment"}
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, len(measures), figsize=(6.5, 3.4), layout="constrained", squeeze=False)
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
            # two different reference lines, drawn differently and labelled on the line itself
            if measure == "codes":
                top, ref, style = n_codes, f"{n_codes} codes in the codebook", {"color": "grey", "ls": "--"}
            else:
                top = int(d["total"].iloc[-1]) if "total" in d else int(d.codes_in_order.max())
                ref, style = f"{top} pairs seen in the whole corpus", {"color": "black", "ls": ":"}
            ax.axhline(top, lw=0.9, label=ref.split(" ", 1)[1], **style)
            ax.text(0.01, top, ref, transform=ax.get_yaxis_transform(), fontsize=7, va="bottom", ha="left")
            title = titles.get(measure, measure)
            if "informative" in d and len(d) and d["informative"].iloc[0] == "no":
                title += "\n(flat from the start: not informative)"
            ax.set_title(title, fontsize=8)
            ax.set_xlabel("Interviews coded")
            ax.set_ylabel("Distinct seen")
            ax.set_ylim(0, top * 1.05 + 1)
            ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(6, integer=True))
            ax.tick_params(labelsize=7)
        # one legend for all panels, below them (7 pt, never over a curve)
        handles = {}
        for ax in axes[0]:
            for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
                handles.setdefault(label, h)
        fig.legend(
            handles.values(), handles.keys(), frameon=False, fontsize=7, loc="outside lower center", ncol=3
        )
        save(fig, path)


def reliability_by_code(table: pd.DataFrame, labels: dict[str, str], path: str | Path) -> None:
    """Krippendorff's alpha per code with the 0.667 and 0.8 thresholds; more than ``MAX_ROWS``
    codes: the lowest (those that need attention), with a note."""
    with plt.rc_context(STYLE):
        data = table[table.code_id != "ALL"].copy()
        data = data.sort_values(["alpha", "code_id"], na_position="first")
        note = ""
        if len(data) > MAX_ROWS:
            note = f"\nthe {MAX_ROWS} lowest of {len(data)} codes"
            data = data.head(MAX_ROWS)
        lines = _lines_fitting(len(data), MAX_H - 1.2)
        names = [
            _label(labels.get(c, c), 34 if lines == 2 else 44, lines)
            + (" (not estimable)" if pd.isna(a) else "")
            for c, a in zip(data.code_id, data.alpha, strict=True)
        ]
        row_h = _row_need(names, 0.2)
        fig, ax = plt.subplots(figsize=(6.5, _start_height(len(data), row_h, 1.0, 1.6)), layout="constrained")
        y = np.arange(len(data))
        vals = data.alpha.fillna(0).to_numpy(dtype=float)
        bands = [
            (OKABE_ITO[5], "α below 0.667 (or not estimable)"),
            (OKABE_ITO[1], "0.667 ≤ α < 0.8"),
            (OKABE_ITO[2], "α ≥ 0.8"),
        ]
        band = [0 if v < 0.667 else 1 if v < 0.8 else 2 for v in vals]
        ax.barh(y, vals, color=[bands[b][0] for b in band])
        used = sorted(set(band))  # a legend for the colours drawn
        fig.legend(  # above the axes (and the threshold labels), room kept by the layout
            handles=[Patch(facecolor=bands[b][0], label=bands[b][1]) for b in used],
            frameon=False,
            fontsize=7,
            ncol=len(used),
            loc="outside upper center",
        )
        if "alpha_low" in data and data.alpha_low.notna().any():  # 95% bootstrap interval
            has = data.alpha_low.notna().to_numpy()  # no bar for a code that is not estimable
            lo, hi = data.alpha_low.to_numpy(dtype=float)[has], data.alpha_high.to_numpy(dtype=float)[has]
            ax.errorbar(
                vals[has],
                y[has],
                xerr=[vals[has] - np.fmin(lo, vals[has]), np.fmax(hi, vals[has]) - vals[has]],
                fmt="none",
                ecolor="black",
                elinewidth=0.8,
                capsize=2,
            )
        ax.set_yticks(y, names, fontsize=7)
        ax.set_ylim(-0.6, len(data) - 0.4)
        for x, name in ((0.667, "0.667"), (0.8, "0.8")):
            ax.axvline(x, color="grey", ls="--", lw=0.8)
            ax.text(x, 1.0, name, fontsize=7, ha="center", va="bottom", transform=ax.get_xaxis_transform())
        ax.set_xlim(min(0, vals.min(initial=0)) - 0.05, 1.05)
        ax.tick_params(axis="x", labelsize=7)
        n = int(table.n_coders.max()) if "n_coders" in table and table.n_coders.notna().any() else 2
        who = {2: "two coders", 3: "three coders"}.get(n, f"{n} coders")
        bars = ", 95% bootstrap interval" if "alpha_low" in data and data.alpha_low.notna().any() else ""
        ax.set_xlabel(f"Krippendorff's alpha (nominal, {who}{bars})" + note, fontsize=8)
        _fit_rows(fig, ax, len(data), row_h)
        save(fig, path)


def prevalence_by_group(prev: pd.DataFrame, labels: dict[int, str], by: str, path: str | Path) -> None:
    """Mean topic prevalence per group with 95% bootstrap intervals (participants resampled).

    Up to six groups: a dot and its interval per group on each topic's row; more groups (e.g. by
    site): a topic × group heatmap of the mean. More than ``MAX_ROWS`` topics: the most prevalent."""
    with plt.rc_context(STYLE):
        levels = sorted(prev[by].unique(), key=str)
        topics = sorted(prev.topic.unique())
        note = ""
        if len(topics) > MAX_ROWS:
            keep = _largest(prev.groupby("topic").prevalence.mean(), MAX_ROWS)
            note = f"\nthe {MAX_ROWS} most prevalent of {len(topics)} topics"
            topics = sorted(keep)
        lines = _lines_fitting(len(topics), MAX_H - 2.5)
        names = [_label(f"T{t} · {labels.get(t, '')}".rstrip(" ·"), 42, lines) for t in topics]
        if len(levels) > 6:
            table = prev.pivot_table(index="topic", columns=by, values="prevalence", aggfunc="mean")
            table = table.reindex(index=topics, columns=levels)
            if len(levels) > MAX_COLS:
                size = prev.groupby(by).participants.max().reindex(levels)
                table = table[_largest(size, MAX_COLS)]
                note += f"\nthe {MAX_COLS} largest of {len(levels)} {by} values"
            cols = [str(v) for v in table.columns]
            extra = 1.6 + _col_depth(cols)
            row_h = _row_need(names)
            fig, ax = plt.subplots(
                figsize=(MAX_W, _start_height(len(topics), row_h, extra)), layout="constrained"
            )
            many = len(cols) > ANNOTATE_COLS
            _heatmap(
                fig,
                ax,
                table.to_numpy(dtype=float),
                names,
                cols,
                "Mean topic prevalence",
                not many,
                "{:.2f}",
                vmin=0,
            )
            ax.set_xlabel(f"{by}{note}", fontsize=8)
            _fit_rows(fig, ax, len(topics), row_h)
            save(fig, path)
            return
        row_h = _row_need(names, 0.1 + 0.07 * len(levels))
        fig, ax = plt.subplots(figsize=(MAX_W, _start_height(len(topics), row_h, 1.2)), layout="constrained")
        y = np.arange(len(topics))
        offsets = np.linspace(-0.22, 0.22, len(levels)) if len(levels) > 1 else [0.0]
        for n, level in enumerate(levels):
            sub = prev[prev[by] == level].set_index("topic").reindex(topics)
            ax.errorbar(
                sub.prevalence,
                y + offsets[n],
                xerr=[sub.prevalence - sub.lower_95, sub.upper_95 - sub.prevalence],
                fmt="o",
                ms=3.5,
                elinewidth=0.9,
                color=OKABE_ITO[n % len(OKABE_ITO)],
                label=str(level),
            )
        for i in range(1, len(topics)):
            ax.axhline(i - 0.5, color="#dddddd", lw=0.5)
        ax.set_yticks(y, names, fontsize=7)
        ax.set_ylim(len(topics) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel("Mean topic prevalence (95% CI, participants resampled)" + note, fontsize=8)
        ax.legend(
            frameon=False, fontsize=7, ncol=min(len(levels), 6), loc="lower left", bbox_to_anchor=(0, 1)
        )
        _fit_rows(fig, ax, len(topics), row_h)
        save(fig, path)


def topic_code_heatmap(
    align: pd.DataFrame,
    labels: dict[str, str],
    path: str | Path,
    topic_labels: dict[int, str] | None = None,
) -> None:
    """Mean topic weight among segments carrying each code. Topics are labelled by
    ``topic_labels`` (e.g. "T3 · care, carer, unpaid"), else "T3". More than ``MAX_ROWS`` codes:
    those on most segments; more than ``MAX_COLS`` topics: the heaviest."""
    with plt.rc_context(STYLE):
        topics = sorted(
            (c for c in align.columns if c.startswith("topic_")), key=lambda c: int(c.split("_")[1])
        )
        data = align.set_index("code_id")[topics].astype(float)
        notes = []
        if len(data) > MAX_ROWS:
            score = (
                align.set_index("code_id")["segments"].astype(float)
                if "segments" in align
                else data.max(axis=1)
            )
            notes.append(f"the {MAX_ROWS} codes on most segments of {len(data)}")
            data = data.loc[_largest(score, MAX_ROWS)]
        if len(topics) > MAX_COLS:
            notes.append(f"the {MAX_COLS} heaviest of {len(topics)} topics")
            data = data[_largest(data.mean(axis=0), MAX_COLS)]
        topic_labels = topic_labels or {}
        cols = [topic_labels.get(int(c.split("_")[1]), c.replace("topic_", "T")) for c in data.columns]
        many = len(cols) > ANNOTATE_COLS
        extra = 1.0 + _col_depth(cols) + (0.6 if many else 0)
        lines = _lines_fitting(len(data), MAX_H - extra)
        rows = [_label(labels.get(c, c), 30 if lines == 2 else 42, lines) for c in data.index]
        row_h = _row_need(rows, 0.2)
        width = MAX_W if many else min(MAX_W, 4.4 + 0.4 * len(cols))
        fig, ax = plt.subplots(figsize=(width, _start_height(len(rows), row_h, extra)), layout="constrained")
        _heatmap(fig, ax, data.to_numpy(), rows, cols, "Mean topic weight", False, vmin=0)
        if notes:
            ax.set_xlabel("\n".join(notes), fontsize=8)
        _fit_rows(fig, ax, len(rows), row_h)
        save(fig, path)
