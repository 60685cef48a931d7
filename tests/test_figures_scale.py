"""Figures stay legible from a handful to 1,000 transcripts and from 2 to 40 sites (issue 14).

Every plotting function in ``coprod.figures`` is rendered from synthetic tables with the columns
its adapter reads (``scripts/figures/*.py``) at 20, 100 and 1,000 transcripts and 2, 12 and 40
sites (and a codebook and topic count that grow with them). Matplotlib's renderer then measures
every string drawn: no two tick labels on an axis overlap, no two texts overlap at all, no text
leaves the figure, no text is smaller than 7 pt, the figure fits an A4 page, and the audit's
``.strings.txt`` sidecar lists every string drawn. The pipeline is not run here.
"""

from __future__ import annotations

import importlib.util
import itertools

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from matplotlib.text import Text

from coprod import figures

A4 = (8.27, 11.69)  # inches
SCALES = {20: (12, 8), 100: (25, 20), 1000: (60, 40)}  # transcripts: (codes, topics)
SITES = (2, 12, 40)
WORDS = (
    "care carer unpaid community engagement planning partnership budget funding voice "
    "strategic leadership trust power evaluation capacity digital covid recovery third sector "
    "lived experience consultation tokenism guidance report outcomes services housing"
).split()
CODE_WORDS = (
    "Consultation versus co-production, Integration structures, Lived experience and communities "
    "of place and interest, Budgets, Power, Short-term funding and the cliff edge of project money, "
    "Digital engagement and exclusion, Senior leadership"
).split(", ")


# ---------------------------------------------------------------- synthetic inputs


def sites_for(n_sites: int) -> list[str]:
    """Short pseudonymous ids, except at 12 sites: long descriptors, as a participants sheet may hold."""
    if n_sites == 12:
        return [f"Partnership area {i:02d} (north east, rural)" for i in range(1, n_sites + 1)]
    return [f"site_{i:02d}" for i in range(1, n_sites + 1)]


def transcripts(n: int, n_sites: int, rng: np.random.Generator) -> pd.DataFrame:
    """results/descriptives/transcripts.tsv: a quarter national bodies, local sites of uneven size."""
    n_national = max(1, n // 4)
    weights = rng.pareto(1.5, n_sites) + 0.2
    local = list(sites_for(n_sites))  # every site at least once, the rest by weight
    local += list(rng.choice(sites_for(n_sites), n - n_national - n_sites, p=weights / weights.sum()))
    site = sorted(local) + ["national"] * n_national
    participant = rng.integers(800, 6000, n)
    return pd.DataFrame(
        {
            "transcript_id": [f"t{i:04d}" for i in range(1, n + 1)],
            "participant_id": [f"P{i:04d}" for i in range(1, n + 1)],
            "site_id": site,
            "group": ["local"] * (n - n_national) + ["national"] * n_national,
            "format": "txt",
            "turns": rng.integers(20, 90, n),
            "participant_words": participant,
            "interviewer_words": (participant * rng.uniform(0.05, 0.3, n)).astype(int),
        }
    )


def codes(n_codes: int) -> dict[str, str]:
    """code_id -> label, some labels long enough to need wrapping."""
    labels = {}
    for i in range(n_codes):
        base = CODE_WORDS[i % len(CODE_WORDS)]
        labels[f"code_{i:02d}"] = base if i < len(CODE_WORDS) else f"{base} ({i})"
    return labels


def code_by_site(labels: dict[str, str], stats: pd.DataFrame, rng) -> pd.DataFrame:
    """results/coding/code_by_site.tsv as the adapter passes it (theme_id dropped, counts int)."""
    cols = sorted(stats.site_id.unique())
    size = stats.groupby("site_id").size().reindex(cols).to_numpy()
    rate = rng.gamma(1.0, 1.0, len(labels))
    counts = rng.poisson(np.outer(rate, size) * 1.5)
    return pd.DataFrame(counts, columns=cols).assign(code_id=list(labels))[["code_id", *cols]]


def cooccurrence(labels: dict[str, str], rng) -> pd.DataFrame:
    ids = list(labels)
    rows = []
    for a, b in itertools.product(ids, ids):
        j = 1.0 if a == b else float(rng.beta(0.6, 6))
        rows.append((a, b, int(rng.integers(1, 300)), round(j, 6)))
    return pd.DataFrame(rows, columns=["code_a", "code_b", "count", "jaccard"])


def saturation(n: int, n_codes: int) -> pd.DataFrame:
    """results/coding/saturation.tsv: distinct codes and distinct code pairs after k interviews."""
    k = np.arange(1, n + 1)
    frames = []
    for measure, total, informative in (("codes", n_codes, "no"), ("code_pairs", n_codes * 6, "yes")):
        mean = total * (1 - np.exp(-k / (3 if measure == "codes" else n / 4)))
        frames.append(
            pd.DataFrame(
                {
                    "measure": measure,
                    "interviews": k,
                    "codes_in_order": np.minimum(total, np.ceil(mean + 0.5)).astype(int),
                    "new_in_order": 0,
                    "mean": mean.round(6),
                    "lower_95": np.maximum(0, mean - 2),
                    "upper_95": np.minimum(total, mean + 2),
                    "total": total,
                    "informative": informative,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def reliability(labels: dict[str, str], rng) -> pd.DataFrame:
    alpha = rng.uniform(0.3, 1.0, len(labels))
    alpha[::7] = np.nan  # codes no coder used: "not estimable"
    table = pd.DataFrame({"code_id": list(labels), "n_units": 59, "alpha": alpha})
    return pd.concat([table, pd.DataFrame({"code_id": ["ALL"], "n_units": [59], "alpha": [0.8]})])


def k_diagnostics(n_topics: int, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    """results/topics/k_diagnostics.tsv (per K and seed) and k_summary.tsv (per K)."""
    ks = list(range(2, n_topics + 1, 2)) if n_topics > 10 else [4, 6, 8, 10]
    rows = [
        (
            k,
            seed,
            -6 - k / 50 + rng.normal(0, 0.02),
            0.1 - k / 500 + rng.normal(0, 0.005),
            0.85 + k / 400 + rng.normal(0, 0.003),
            0.6 - k / 100,
        )
        for k in ks
        for seed in (1, 2, 20220203)
    ]
    diag = pd.DataFrame(rows, columns=["k", "seed", "heldout_loglik", "npmi", "exclusivity", "stability"])
    summary = diag.drop(columns="seed").groupby("k", as_index=False).mean()
    chosen = ks[len(ks) // 2]
    summary = summary.assign(
        score=rng.normal(0, 1, len(ks)).round(6),
        chosen=summary.k == chosen,
        eligible=summary.stability >= 0.4,
        min_stability=0.4,
    )
    return diag, summary


def k_plot():
    """The K panel is drawn by its adapter script (the topic stage owns it): load its ``plot``."""
    spec = importlib.util.spec_from_file_location(
        "k_diagnostics_figure", ROOT / "scripts/figures/k_diagnostics.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def topic_terms(n_topics: int, rng) -> pd.DataFrame:
    rows = []
    for t in range(1, n_topics + 1):
        words = list(rng.choice(WORDS, 10, replace=False))
        words[0] = "strategic planning" if t % 3 == 0 else words[0]  # phrases occur too
        for r, w in enumerate(words, 1):
            rows.append((t, r, w, w[:6], round(0.03 / r, 6)))
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "stem", "weight"])


def topic_labels(terms: pd.DataFrame) -> dict[int, str]:
    """What the topic_summary ``label`` column holds: the top three words."""
    return {t: ", ".join(g.sort_values("rank").term.head(3)) for t, g in terms.groupby("topic")}


def prevalence(by: str, levels: list[str], n_topics: int, rng) -> pd.DataFrame:
    rows = []
    for level, t in itertools.product(levels, range(1, n_topics + 1)):
        p = float(rng.dirichlet(np.ones(n_topics))[0])
        rows.append((level, t, p, max(0, p - 0.02), p + 0.02, 10, 200))
    return pd.DataFrame(
        rows, columns=[by, "topic", "prevalence", "lower_95", "upper_95", "participants", "segments"]
    )


def topic_code(labels: dict[str, str], n_topics: int, rng) -> pd.DataFrame:
    weights = rng.dirichlet(np.ones(n_topics) * 0.5, len(labels))
    frame = pd.DataFrame(weights.round(6), columns=[f"topic_{t}" for t in range(1, n_topics + 1)])
    frame.insert(0, "segments", rng.integers(1, 400, len(labels)))
    frame.insert(0, "code_id", list(labels))
    return frame


# ---------------------------------------------------------------- measuring


def drawn_texts(fig) -> tuple[list[Text], dict[object, list[Text]]]:
    """Every text the renderer draws, and the drawn tick labels of each axis."""
    fig.draw_without_rendering()  # lays the figure out as savefig will, without rasterising
    ticks, stale = {}, set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not (ax.axison and axis.get_visible()):  # an axis switched off draws no ticks
                stale |= {id(t.label1) for t in axis.get_major_ticks() + axis.get_minor_ticks()}
                stale |= {id(t.label2) for t in axis.get_major_ticks() + axis.get_minor_ticks()}
                continue
            lo, hi = sorted(axis.get_view_interval())
            tol = (hi - lo) * 1e-6
            drawn = []
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for label in (tick.label1, tick.label2):
                    if lo - tol <= tick.get_loc() <= hi + tol and label.get_visible() and label.get_text():
                        drawn.append(label)
                    else:
                        stale.add(id(label))
            ticks[axis] = drawn
    texts = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in stale and t.get_alpha() != 0
    ]
    return texts, ticks


def layout_problems(fig) -> tuple[list[str], set[str]]:
    """What is wrong with the figure as drawn, and every string drawn (one line each)."""
    renderer = fig.canvas.get_renderer()
    problems = []
    w, h = fig.get_size_inches()
    if w > A4[0] + 1e-6 or h > A4[1] + 1e-6:
        problems.append(f"figure {w:.1f} x {h:.1f} in is larger than an A4 page")
    texts, ticks = drawn_texts(fig)
    box = fig.bbox
    boxes = {}
    for t in texts:
        if t.get_fontsize() < figures.MIN_FONT - 1e-6:
            problems.append(f"{t.get_text()!r} is {t.get_fontsize():.1f} pt")
        e = t.get_window_extent(renderer)
        boxes[id(t)] = e
        if e.x0 < box.x0 - 1 or e.y0 < box.y0 - 1 or e.x1 > box.x1 + 1 or e.y1 > box.y1 + 1:
            problems.append(f"{t.get_text()!r} leaves the figure")
    for labels in ticks.values():
        for a, b in itertools.combinations(labels, 2):
            if boxes[id(a)].shrunk(0.98, 0.98).overlaps(boxes[id(b)].shrunk(0.98, 0.98)):
                problems.append(f"tick labels {a.get_text()!r} and {b.get_text()!r} overlap")
    # any two drawn strings (cell numbers, legends, titles, group labels) overlapping
    ext = np.array([[e.x0, e.y0, e.x1, e.y1] for e in (boxes[id(t)] for t in texts)])
    pad = 0.5  # pixels: touching is not overlapping
    over = (
        (ext[:, None, 0] < ext[None, :, 2] - pad)
        & (ext[None, :, 0] < ext[:, None, 2] - pad)
        & (ext[:, None, 1] < ext[None, :, 3] - pad)
        & (ext[None, :, 1] < ext[:, None, 3] - pad)
    )
    for i, j in zip(*np.nonzero(np.triu(over, 1)), strict=True):
        problems.append(f"texts {texts[i].get_text()!r} and {texts[j].get_text()!r} overlap")
    return problems, {" ".join(t.get_text().split()) for t in texts}


@pytest.fixture
def measured(monkeypatch):
    """Wrap ``figures.save``: measure the figure as drawn, save it, check its sidecar."""
    real_save = figures.save
    found = {}

    monkeypatch.setitem(figures.STYLE, "savefig.dpi", 100)  # layout is in inches; 100 dpi is faster

    def measuring_save(fig, path):
        problems, strings = layout_problems(fig)
        real_save(fig, path)
        sidecar = set((path.parent / (path.name + ".strings.txt")).read_text(encoding="utf-8").splitlines())
        problems += [f"{s!r} drawn but not in the sidecar" for s in sorted(strings - sidecar)]
        found[path.name] = (problems, strings, sum(len(ax.texts) for ax in fig.axes))

    monkeypatch.setattr(figures, "save", measuring_save)
    return found


def n_shown(strings: set[str], labels) -> int:
    """How many drawn strings are labels (a dict's values or a list), whole or shortened with "…"."""
    full = set(labels.values() if isinstance(labels, dict) else labels)

    def shortened(s: str) -> bool:
        head, _, tail = s.partition("…")
        return len([v for v in full if v.startswith(head) and v.endswith(tail)]) == 1

    return sum(s in full or ("…" in s and shortened(s)) for s in strings)


def assert_legible(found: dict, name: str, expect: set[str] = frozenset()) -> set[str]:
    problems, strings, _ = found[name]
    assert not problems, (
        f"{name}: " + "; ".join(problems[:8]) + (f" (+{len(problems) - 8})" if len(problems) > 8 else "")
    )
    assert expect <= strings, f"{name}: missing {sorted(expect - strings)[:5]}"
    return strings


# ---------------------------------------------------------------- tests


GRID = [(n, s) for n in SCALES for s in SITES if s <= n // 2]


@pytest.mark.parametrize(("n", "n_sites"), GRID)
def test_site_figures_stay_legible(n, n_sites, tmp_path, measured):
    rng = np.random.default_rng(n * 100 + n_sites)
    n_codes, n_topics = SCALES[n]
    stats = transcripts(n, n_sites, rng)
    labels = codes(n_codes)
    figures.corpus_descriptives(stats, tmp_path / "corpus.png")
    strings = assert_legible(measured, "corpus.png")
    if n <= figures.BAR_ROWS:  # one bar per transcript: every id is labelled
        assert {f"t{i:04d} · {s}" for i, s in zip(range(1, n + 1), stats.site_id, strict=True)} <= strings
    else:  # a distribution per site: every site (or "other") is labelled with its count
        assert len([s for s in strings if "(n=" in s]) == min(n_sites + 1, figures.BAR_ROWS)
        assert not any(s.startswith("t0") for s in strings)
    figures.code_frequency_by_site(code_by_site(labels, stats, rng), labels, tmp_path / "sites.png")
    strings = assert_legible(measured, "sites.png", {"national", sites_for(n_sites)[-1]})
    cells = measured["sites.png"][2]  # counts written into the cells only while they fit
    assert cells == (
        min(n_codes, figures.MAX_ROWS) * (n_sites + 1) if n_sites + 1 <= figures.ANNOTATE_COLS else 0
    )
    if n == 100:  # prevalence by site does not depend on the number of transcripts
        levels = ["national", *sites_for(n_sites)]
        prev = prevalence("site_id", levels, n_topics, rng)
        figures.prevalence_by_group(prev, {}, "site_id", tmp_path / "prev_site.png")
        assert_legible(measured, "prev_site.png", {levels[-1]})


@pytest.mark.parametrize("n", list(SCALES))
def test_code_and_topic_figures_stay_legible(n, tmp_path, measured, monkeypatch):
    rng = np.random.default_rng(n)
    n_codes, n_topics = SCALES[n]
    labels = codes(n_codes)
    shown = min(n_codes, figures.MAX_ROWS)

    figures.cooccurrence_heatmap(cooccurrence(labels, rng), labels, tmp_path / "cooc.png")
    strings = assert_legible(measured, "cooc.png")
    assert n_shown(strings, labels) == shown

    figures.saturation_curve(saturation(n, n_codes), n_codes, tmp_path / "sat.png")
    assert_legible(
        measured, "sat.png", {"Interviews coded", "in transcript order", "pairs seen in the whole corpus"}
    )

    figures.reliability_by_code(reliability(labels, rng), labels, tmp_path / "rel.png")
    strings = assert_legible(measured, "rel.png", {"0.667", "0.8"})
    assert n_shown({s.removesuffix(" (not estimable)") for s in strings}, labels) == shown

    diag, summary = k_diagnostics(n_topics, rng)
    module = k_plot()
    monkeypatch.setattr(module, "save", figures.save)  # the measuring save
    module.plot(diag, summary, tmp_path / "kdiag.png")
    chosen = int(summary.k[summary.chosen].iloc[0])
    assert_legible(measured, "kdiag.png", {"NPMI coherence", f"chosen K = {chosen}", f"K={chosen}"})

    terms = topic_terms(n_topics, rng)
    figures.topic_top_words(terms, tmp_path / "words.png")
    strings = assert_legible(measured, "words.png")
    assert all(w in " ".join(strings) for w in terms[terms["rank"] == 1].term)  # every topic's top word

    top = topic_labels(terms)
    figures.prevalence_by_group(
        prevalence("group", ["local", "national"], n_topics, rng), top, "group", tmp_path / "prev.png"
    )
    assert_legible(measured, "prev.png", {"local", "national"})

    names = {t: f"T{t} · {w}" for t, w in top.items()}
    figures.topic_code_heatmap(topic_code(labels, n_topics, rng), labels, tmp_path / "tc.png", names)
    strings = assert_legible(measured, "tc.png")
    assert n_shown(strings, names) == n_topics  # every topic named by its words


def test_sidecar_keeps_a_wrapped_label_on_one_line(tmp_path):
    """A label wrapped over lines in the figure is one line in the sidecar the audit scans."""
    long = "Short-term funding and the cliff edge of project money"
    table = pd.DataFrame({"code_id": ["a"], "alpha": [0.5]})
    figures.reliability_by_code(table, {"a": long}, tmp_path / "r.png")
    lines = (tmp_path / "r.png.strings.txt").read_text(encoding="utf-8").splitlines()
    assert long in lines


def test_figures_are_byte_identical(tmp_path):
    rng = np.random.default_rng(7)
    stats = transcripts(100, 12, rng)
    for run in ("a", "b"):
        figures.corpus_descriptives(stats, tmp_path / f"{run}.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
