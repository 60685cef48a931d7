"""What the topics stage may say in the manuscript, written by the stage itself.

The topic stage's last rule (`write_topic_statements`) turns its own files (k_summary.tsv,
screening_summary.tsv, prevalence_effects.tsv, topic_summary.tsv) into
results/topics/manuscript.yml and the table fragments under results/topics/fragments/:

    k          the K the stage used
    k_rule     how that K was chosen: the setting (auto or fixed), the condition that held and
               the sentence saying so. This file is its only writer; the manuscript prints it.
    numbers    every figure the manuscript prints about the topics, as printed
    sentences  the generated sentences (the stability verdict), each with its condition
    fragments  the Markdown tables (topics.md, k_summary.md, topic_effects.md)

The manuscript only assembles them (coprod.manuscript.topic_variables). Nothing here imports the
manuscript, so editing the manuscript's assembly never refits a topic model.
"""

from __future__ import annotations

import math

import pandas as pd

from .mdtext import _f, indefinite_article, md_table
from .tables import flag

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "gd": "Scottish Gaelic",
}


# Seed stability at least this far above topics.min_stability is called "stable"; between the
# threshold and this margin above it the topics "only just reach" it (the words follow the number).
STABILITY_MARGIN = 0.1

FRAGMENTS = ("topics.md", "k_summary.md", "topic_effects.md")


def side_of_threshold(value: float, threshold: float, digits: int = 2) -> str:
    """`value` printed with `digits` decimals, or more when rounding would put it on the other side
    of `threshold` (0.5996 against 0.60 prints "0.5996", not "0.60")."""
    for d in range(digits, 7):
        if (round(value, d) >= threshold) == (value >= threshold):
            return f"{value:.{d}f}"
    return repr(value)


def k_rule(k_summary: pd.DataFrame, p: dict) -> dict:
    """How the stage's K was chosen: `topics.k` fixed, or the searchK-style rule among the stable K
    (or among all K when none reached the stability threshold)."""
    threshold = float(p["min_stability"])
    if p["k"] != "auto":
        return {
            "setting": "fixed",
            "condition": f"topics.k is fixed in the configuration ({int(p['k'])})",
            "text": "fixed in the configuration",
        }
    if k_summary.eligible.map(flag).any():
        return {
            "setting": "auto",
            "condition": f"topics.k: auto; at least one K reached seed stability {threshold:.2f}",
            "text": (
                "chosen by the searchK-style rule: the highest sum of standardised held-out likelihood, "
                "NPMI coherence, exclusivity and seed stability among the K whose seed stability reached "
                f"{threshold:.2f}"
            ),
        }
    return {
        "setting": "auto",
        "condition": f"topics.k: auto; no K reached seed stability {threshold:.2f}",
        "text": (
            "chosen by the searchK-style rule (the highest sum of standardised held-out likelihood, "
            "NPMI coherence, exclusivity and seed stability) among all K, because no K reached the "
            f"stability threshold of {threshold:.2f}"
        ),
    }


def stability_verdict(stability: float, threshold: float) -> tuple[str, dict]:
    """(the stability as printed, the verdict sentence with its condition)."""
    shown = "n/a" if math.isnan(stability) else side_of_threshold(stability, threshold)
    if math.isnan(stability):
        return shown, {
            "condition": "a single seed was fitted (no seed stability)",
            "text": (
                "could not be checked across seeds (a single seed was fitted), so the topics are exploratory"
            ),
        }
    if stability >= round(threshold + STABILITY_MARGIN, 9):
        return shown, {
            "condition": f"stability >= min_stability + {STABILITY_MARGIN:.2f}",
            "text": (
                "are stable across seeds: matched one to one, a topic's ten top words overlap by "
                f"{shown} (Jaccard) on average between runs, at least {STABILITY_MARGIN:.2f} above the "
                f"{threshold:.2f} threshold"
            ),
        }
    if stability >= threshold:
        return shown, {
            "condition": f"min_stability <= stability < min_stability + {STABILITY_MARGIN:.2f}",
            "text": (
                "only just reach the stability threshold: matched one to one, a topic's ten top words "
                f"overlap by {shown} (Jaccard) on average between runs, less than {STABILITY_MARGIN:.2f} "
                f"above the {threshold:.2f} threshold, so another seed still changes some topics' top words"
            ),
        }
    return shown, {
        "condition": "stability < min_stability",
        "text": (
            "are not stable across seeds: matched one to one, a topic's ten top words overlap by only "
            f"{shown} (Jaccard, below the {threshold:.2f} threshold), so another seed gives "
            "noticeably different topics; they are exploratory and are not reported as findings on their own"
        ),
    }


def fit_scope(modelled: int, p: dict) -> dict | None:
    """What the final model was fitted on when the corpus is larger than `topics.fit_max_segments`
    (coprod.topics.fit_sample takes exactly that many segments, then): the counts and the
    words saying so, with their condition; None when every modelled segment was fitted."""
    cap = int(p.get("fit_max_segments", 0) or 0)
    if cap <= 0 or modelled <= cap:
        return None
    inferred = modelled - cap
    return {
        "fitted": cap,
        "inferred": inferred,
        "condition": "segments modelled > topics.fit_max_segments",
        "text": (
            f"the final model at this K was fitted on {cap:,} of the {modelled:,} modelled segments "
            "(whole transcripts, taken in a seeded order of their identifiers) and the other "
            f"{inferred:,} segments' topic proportions were inferred from it "
            f"({int(p['infer_iter'])} Gibbs sweeps each, the topics held fixed)"
        ),
    }


def topic_statements(
    k_summary: pd.DataFrame,
    screening: pd.DataFrame,
    effects: pd.DataFrame,
    topic_summary: pd.DataFrame,
    p: dict,
) -> tuple[dict, dict[str, str]]:
    """(the stage's statements for results/topics/manuscript.yml, {fragment name: Markdown}).

    `p`: the `topics` settings (k, seeds, model, max_iter, samples, thin, min_stability, language,
    min_tokens, prevalence_covariates, bootstrap; fit_max_segments and infer_iter for `fit_scope`)."""
    chosen = k_summary[k_summary.chosen.map(flag)].iloc[0]
    threshold = float(p["min_stability"])
    stability = float(chosen.stability)
    shown, verdict = stability_verdict(stability, threshold)
    counts = dict(zip(screening.step, screening.segments.astype(int), strict=True))
    langs = sorted((s.rsplit(":", 1)[1], n) for s, n in counts.items() if s.startswith("excluded: language:"))
    lang_text = ", ".join(f"{LANGUAGE_NAMES.get(code, code)} ({n})" for code, n in langs) or "none found"
    clear = effects[(effects.term != "(intercept)") & effects.excludes_zero.map(flag)]
    top = topic_summary.sort_values(["prevalence", "topic"], ascending=[False, True]).iloc[0]
    k = int(len(topic_summary))
    numbers = {
        "k": k,
        "k_article": indefinite_article(k),
        # the K values searched (topics.k_grid, or the grid derived from the corpus)
        "k_grid": ", ".join(str(x) for x in sorted(int(x) for x in k_summary.k)),
        "n_seeds": len(p["seeds"]),
        "model": (
            "latent Dirichlet allocation" if p["model"] == "lda" else "non-negative matrix factorisation"
        ),
        "seed": int(p["seeds"][0]),
        "max_iter": int(p["max_iter"]),
        "top_topic": int(top.topic),
        "top_topic_label": str(top.label),
        "top_topic_prevalence": f"{100 * float(top.prevalence):.0f}%",
        "npmi": _f(chosen.npmi, 3),
        "umass": _f(chosen.umass, 2),
        "exclusivity": _f(chosen.exclusivity, 2),
        "perplexity": _f(chosen.heldout_perplexity, 0),
        "stable": "yes" if stability >= threshold else "no",
        "stability": shown,
        "min_stability": f"{threshold:.2f}",
        "sweeps": f"{p['max_iter'] + p['samples'] * p['thin']:,}",
        "burn_in": f"{p['max_iter']:,}",
        "samples": int(p["samples"]),
        "thin": int(p["thin"]),
        "language": LANGUAGE_NAMES.get(p["language"], p["language"]),
        "segments_screened": int(counts.get("segments", 0)),
        "segments_modelled": int(counts.get("modelled", 0)),
        "vocabulary": int(counts.get("vocabulary terms", 0)),
        "excluded_language": sum(n for _, n in langs),
        "excluded_languages": lang_text,
        "excluded_signoff": int(counts.get("excluded: greeting or sign-off", 0)),
        "excluded_short": int(counts.get("excluded: short", 0)),
        "min_tokens": int(p["min_tokens"]),
        "covariates": ", ".join(p["prevalence_covariates"]),
        "effects_clear": int(len(clear)),
        "effects_tested": int((effects.term != "(intercept)").sum()),
        "draws": int(p["bootstrap"]),
    }
    sentences = {"stability_verdict": verdict}
    if scope := fit_scope(numbers["segments_modelled"], p):
        # printed in the methods' sentence on the topics at the chosen K, after the verdict (the
        # manuscript has no sentence of its own for it: a study fitted whole says nothing)
        numbers["segments_fitted"], numbers["segments_inferred"] = scope["fitted"], scope["inferred"]
        sentences["stability_verdict"] = {
            "condition": f"{verdict['condition']}; {scope['condition']}",
            "text": f"{verdict['text']}; {scope['text']}",
        }
    statements = {
        "k": int(chosen.k),
        "k_rule": k_rule(k_summary, p),
        "numbers": numbers,
        "sentences": sentences,
        "fragments": list(FRAGMENTS),
    }
    return statements, {
        "topics.md": topics_table(topic_summary),
        "k_summary.md": k_summary_table(k_summary),
        "topic_effects.md": effects_table(effects, topic_summary),
    }


def topics_table(topic_summary: pd.DataFrame) -> str:
    topics = topic_summary[["topic", "top_words", "prevalence"]].copy()
    topics["prevalence"] = topics.prevalence.map(lambda p: f"{100 * p:.1f}%")
    topics.columns = ["Topic", "Top words", "Mean prevalence"]
    return md_table(topics, "rlr")


def k_summary_table(k_summary: pd.DataFrame) -> str:
    ks = k_summary.copy()
    digits = {"heldout_perplexity": 0, "umass": 2, "npmi": 3, "exclusivity": 2, "stability": 2}
    for col, d in digits.items():
        ks[col] = ks[col].map(lambda x, d=d: _f(x, d))
    ks["chosen"] = ks.chosen.map(lambda x: "yes" if flag(x) else "")
    ks = ks[["k", "heldout_perplexity", "umass", "npmi", "exclusivity", "stability", "chosen"]]
    ks.columns = ["K", "Held-out perplexity", "UMass", "NPMI", "Exclusivity", "Seed stability", "Used"]
    return md_table(ks, "rrrrrrl")


def effects_table(effects: pd.DataFrame, topic_summary: pd.DataFrame) -> str:
    labels = dict(zip(topic_summary.topic.astype(int), topic_summary.label, strict=True))
    rows = effects[effects.term != "(intercept)"].copy()
    table = pd.DataFrame(
        {
            "Topic": [f"{int(t)}: {labels.get(int(t), '')}" for t in rows.topic],
            "Contrast": [
                f"{a.split('=', 1)[1]} vs {b.split('=', 1)[1]} ({a.split('=', 1)[0]})"
                for a, b in zip(rows.term, rows.reference, strict=True)
            ],
            "Difference in prevalence": [f"{_f(100 * float(x), 1, sign=True)} pp" for x in rows.estimate],
            "95% interval": [
                f"{_f(100 * float(lo), 1, sign=True)} to {_f(100 * float(hi), 1, sign=True)}"
                for lo, hi in zip(rows.lower_95, rows.upper_95, strict=True)
            ],
        }
    )
    return md_table(table, "llrr")
