"""What the de-identification stage may say in the manuscript, written by the stage itself.

The stage's statements rule (`write_deid_statements`) turns its own shareable files (summary.tsv,
evaluation.tsv against the gold annotations, evaluation_heldout.tsv on the sets the rules were
not tuned on) into results/deidentified/manuscript.yml and the fragments under
results/deidentified/fragments/:

    numbers    every figure the manuscript prints about de-identification, as printed
               ('not measured' where the corpus has no gold annotations)
    sentences  generated sentences printed as variables (none: the stage's sentences are its
               held-out paragraph, a fragment)
    fragments  each fragment with the condition that chose its content: deid.md (the
               evaluation table) and deid_heldout.md (the held-out paragraph)

The manuscript only assembles them (coprod.manuscript.stage_variables). Nothing here reads the
private zone or an original identifier: the inputs hold counts and rates only.
"""

from __future__ import annotations

import pandas as pd

from .mdtext import count, count_words, escape_md, md_table

FRAGMENTS = ("deid.md", "deid_heldout.md")

STRUCTURED = ["EMAIL", "PHONE", "POSTCODE", "ID_NUMBER", "URL"]

MEASURES = [
    "recall_person",
    "recall_place",
    "recall_org",
    "recall_structured",
    "precision",
    "recall_all",
    "leak_recall",
    "keep_survival",
    "gold_mentions",
]


def _pct(x) -> str:
    # an empty cell (read with keep_default_na=False) is no measure: a detected type no gold
    # annotation has (NAME, the neutral type) has a precision but no recall
    return (
        "n/a"
        if x is None or (isinstance(x, str) and not x.strip()) or pd.isna(x)
        else f"{100 * float(x):.1f}%"
    )


def replacement_numbers(summary: pd.DataFrame) -> dict:
    """How many replacements the stage made, in all and per identifier type (summary.tsv)."""
    replaced = summary[summary["type"] != "NONE"]
    by_type = replaced.groupby("type")["count"].sum().astype(int).to_dict()
    return {
        "replacements": count(replaced["count"].sum()),
        **{t.lower(): count(n) for t, n in sorted(by_type.items())},
    }


def deid_variables(ev: pd.DataFrame | None) -> dict:
    """Headline de-identification metrics ('not measured' when the corpus has no gold)."""
    if ev is None or ev.empty:
        return {k: "not measured" for k in MEASURES} | {"measured": "no"}
    by = ev.set_index("type")

    def rec(t):  # noqa: E306
        return by.recall.get(t)

    structured = by.loc[[t for t in STRUCTURED if t in by.index]]
    s_rec = structured.caught.sum() / structured.gold_mentions.sum() if len(structured) else None
    return {
        "measured": "yes",
        "recall_person": _pct(rec("PERSON")),
        "recall_place": _pct(rec("PLACE")),
        "recall_org": _pct(rec("ORG")),
        "recall_structured": _pct(s_rec),
        "recall_all": _pct(rec("ALL")),
        "precision": _pct(by.precision.get("ALL")),
        "leak_recall": _pct(by.leak_recall.get("ALL")),
        "keep_survival": _pct(by.keep_survival.get("ALL")),
        "gold_mentions": f"{int(by.gold_mentions.get('ALL', 0)):,}",
    }


def deid_heldout_md(ev: pd.DataFrame | None, sets: list[dict]) -> str:
    """De-identification on the sets the detectors were not tuned on (`deidentify.heldout`,
    results/deidentified/evaluation_heldout.tsv): per set what it measures and its recall (all, and
    people), precision and survival of the words that must stay; a sentence saying they were not
    measured when no set is configured."""
    if ev is None or ev.empty or not sets:
        return (
            "De-identification was not measured on text its rules were not tuned on "
            "(`deidentify.heldout` is empty), so the figures above, from this corpus with the names "
            "its register lists, may be optimistic for another corpus.\n"
        )
    parts = []
    for s in sets:
        rows = ev[ev.set == s["name"]].set_index("type")
        if "ALL" not in rows.index:
            continue
        a = rows.loc["ALL"]
        text = (
            f"the {escape_md(s['name'])} set ({escape_md(s['measures'].rstrip('.'))}; "
            f"{count_words(int(a.transcripts), 'transcript')}, {int(a.gold_mentions):,} gold identifier "
            f"mentions): recall {_pct(a.recall)}"
        )
        if "PERSON" in rows.index:
            text += f" ({_pct(rows.loc['PERSON', 'recall'])} for people)"
        text += f", precision {_pct(a.precision)}"
        if pd.notna(a.get("keep_survival")) and str(a.get("keep_survival")).strip():
            text += f", and {_pct(a.keep_survival)} of the words that must stay survived"
        parts.append(text)
    return (
        "The figures above measure this corpus, whose register lists most of the people and "
        "organisations it names. On text the rules were not tuned on, de-identified with the same "
        "default settings (`deidentify.heldout`, `results/deidentified/evaluation_heldout.tsv`): "
        + "; ".join(parts)
        + ".\n"
    )


def deid_table(ev: pd.DataFrame | None) -> str:
    if ev is None or ev.empty:
        return (
            "| Measure | Value |\n|:---|:---|\n| De-identification | not measured (no gold annotations) |\n"
        )
    t = ev[
        ["type", "gold_mentions", "caught", "recall", "detected", "precision", "gold_forms", "leak_recall"]
    ].copy()
    for col in ("recall", "precision", "leak_recall"):
        t[col] = t[col].map(_pct)
    t.columns = [
        "Type",
        "Gold mentions",
        "Caught",
        "Recall",
        "Replaced",
        "Precision",
        "Gold forms",
        "Forms gone",
    ]
    return md_table(t, "lrrrrrrr")


def deid_statements(
    summary: pd.DataFrame,
    evaluation: pd.DataFrame | None,
    heldout: pd.DataFrame | None,
    heldout_sets: list[dict],
) -> tuple[dict, dict[str, str]]:
    """(the stage's statements for results/deidentified/manuscript.yml, {fragment name: Markdown}).

    `evaluation`: evaluation.tsv (None without `corpus.gold`); `heldout`: evaluation_heldout.tsv
    (None without `deidentify.heldout`); `heldout_sets`: the `deidentify.heldout` entries (name,
    measures)."""
    heldout_measured = heldout is not None and not heldout.empty and bool(heldout_sets)
    statements = {
        "numbers": replacement_numbers(summary) | deid_variables(evaluation),
        "sentences": {},
        # each fragment with the condition that chose its content
        "fragments": {
            "deid.md": "corpus.gold is set: the evaluation table"
            if evaluation is not None and not evaluation.empty
            else "no gold annotations (corpus.gold is empty): 'not measured'",
            "deid_heldout.md": f"deidentify.heldout names {count_words(len(heldout_sets), 'set')}: "
            "their figures from evaluation_heldout.tsv"
            if heldout_measured
            else "deidentify.heldout is empty: a sentence saying the figures may be optimistic",
        },
    }
    return statements, {
        "deid.md": deid_table(evaluation),
        "deid_heldout.md": deid_heldout_md(heldout, heldout_sets),
    }
