"""What the reliability stage may say in the manuscript, written by the coding stage itself.

The statements rule `write_reliability_statements` turns the reliability stage's own files
(reliability.tsv: Krippendorff's alpha per code for any number of coders; auto_vs_human.tsv: the
keyword rules against the human consensus, per part of `coding.validation`'s split) into
results/coding/reliability_manuscript.yml and the fragments under results/coding/fragments/:

    numbers    every figure the manuscript prints about reliability, as printed ('not measured'
               without human codings); codes no coder used are 'not estimable', named, and left
               out of the pooled figure and the counts
    sentences  generated sentences printed as variables (none: the paragraph is a fragment)
    fragments  reliability.md (the per-code table) and reliability_section.md (the paragraph,
               table and figure; one sentence when nothing was measured), each with the
               condition that chose its content

The manuscript only assembles them (coprod.manuscript.stage_variables).
"""

from __future__ import annotations

import pandas as pd

from .mdtext import _f, escape_md, md_table
from .mdtext import count_words as _count
from .tables import flag

FRAGMENTS = ("reliability.md", "reliability_section.md")


def reliability_section_md(rel: dict, table_md: str, synthetic: bool) -> str:
    """The reliability paragraph, table and figure when human codings exist; one sentence saying
    what was not measured when `coding.human` is empty (so a manuscript never names a variable
    that only exists with human codings). Numbers, plurals and the kappa sentence follow what the
    reliability stage computed, for any number of coders."""
    if rel.get("measured") != "yes":
        return (
            "No human codings were configured for this corpus (`coding.human` is empty), so "
            "inter-coder reliability, the keyword rules' agreement with human coders and the "
            "coding assistant were not measured.\n"
        )
    n = int(rel["coders"])
    coders = _count(n, "coder").capitalize()
    turns = _count(int(rel["units"]), "participant turn")
    transcripts = f" from {_count(int(rel['transcripts']), 'transcript')}" if rel.get("transcripts") else ""
    who = "independently coded the same" if rel.get("every_coder_every_unit", "yes") == "yes" else "coded"
    text = f"{coders}{' (synthetic, like the corpus)' if synthetic else ''} {who} {turns}{transcripts}"
    if who == "coded":
        text += f", {rel['coders_per_unit']} coders per turn on average"
    text += " (the units listed in `coding.human_sample`)."
    method = rel.get("sample_method", "")
    text += (
        f" The sample: {method.rstrip('.')}."
        if method
        else " How the sample was selected is not recorded (`coding.human_sample_method` is empty)."
    )
    interval = (
        f" (95% bootstrap interval {rel['alpha_pooled_low']}–{rel['alpha_pooled_high']})"
        if rel.get("alpha_pooled_low", "n/a") != "n/a"
        else ""
    )
    n_est = int(rel.get("n_estimable", 0))
    if n_est:
        text += (
            f" Krippendorff's α (nominal, one binary variable per code) pooled over the "
            f"{_count(n_est, 'estimable code')} was {rel['alpha_pooled']}{interval}; per code it averaged "
            f"{rel['alpha_mean']} and ranged from {rel['alpha_min']} to {rel['alpha_max']}"
        )
        if "kappa_pooled" in rel:
            text += f" (Cohen's κ for the two coders, pooled: {rel['kappa_pooled']})"
        below = int(rel["n_below_0667"])
        text += (
            f". {_count(below, 'code').capitalize()} fell below Krippendorff's 0.667 threshold"
            + (f" ({escape_md(rel['below_0667'])})" if below else "")
            + " (@tbl-reliability, @fig-reliability)."
        )
        points = int(rel.get("n_point_intervals", 0))
        if points:
            text += (
                f" For {_count(points, 'code')} every bootstrap resample of the turns gave the same α, so "
                f"the interval is a single point: with so few applications it shows that the sample "
                f"cannot measure the spread, not that agreement is certain."
            )
    else:
        text += " No code was applied in the sample, so Krippendorff's α could not be estimated."
    missing = int(rel.get("n_not_estimable", 0))
    if missing:
        text += (
            f" {_count(missing, 'code').capitalize()} could not be estimated because no coder applied "
            f"{'it' if missing == 1 else 'them'} in the sample ({escape_md(rel['not_estimable'])}); "
            f"{'it is' if missing == 1 else 'they are'} left out of the pooled figure and the counts."
        )
    text += auto_sentences(rel)
    return (
        f"{text}\n\n{table_md}\n: Inter-coder reliability by code ({_count(n, 'coder')}; Krippendorff's α "
        f"with its 95% bootstrap interval over units). {{#tbl-reliability}}\n\n"
        "![Krippendorff's α by code with the 0.667 and 0.8 thresholds (rule `plot_reliability`, "
        "script `scripts/figures/reliability.py`).](figures/reliability.png){#fig-reliability}\n"
    )


def auto_sentences(rel: dict) -> str:
    """The keyword rules against the coders' consensus: how the sample was split by transcript
    (`coding.validation`), the evaluation part's figures (the reported ones) and the development
    part's, said to be optimistic; 'too few units' in words where a part is too small."""
    if "auto_units" not in rel:
        return ""
    if "dev_units" not in rel:  # a table written before the split: one part, the whole sample
        if rel.get("auto_reported") != "yes":
            return (
                " The keyword rules' agreement with the coders' consensus is not reported: "
                f"{rel['auto_reported']}."
            )
        return (
            f" Against the coders' consensus, the keyword rules reached precision "
            f"{rel['auto_precision']}, recall {rel['auto_recall']} and κ {rel['auto_kappa']}."
        )

    def part(key: str) -> str:
        t = rel.get(f"{key}_transcripts")
        return _count(int(t), "transcript") + f" with {_count(int(rel[f'{key}_units']), 'turn')}"

    share = rel.get("split_share", "")
    seed = rel.get("split_seed", "")
    text = (
        " The keyword rules were judged against the coders' consensus on a part of the sample set "
        "aside from codebook revision: the sample was split by whole transcripts "
        f"(`coding.validation`: {share} of the transcripts, drawn at random with seed {seed}) into "
        f"an evaluation part ({part('auto')}) and a development part ({part('dev')}), the only "
        "part the codebook's rules may be revised on."
    )
    history = str(rel.get("split_history", "")).strip()
    if history:
        text += f" How the codebook was revised: {history.rstrip('.')}."
    if rel.get("auto_reported") == "yes":
        text += (
            f" On the evaluation part the keyword rules reached precision {rel['auto_precision']}, "
            f"recall {rel['auto_recall']} and κ {rel['auto_kappa']}; the per-code statements "
            "on the keyword rules' agreement are judged on this part too."
        )
    else:
        text += f" On the evaluation part their agreement is not reported: {rel['auto_reported']}."
    if rel.get("dev_reported") == "yes":
        text += (
            f" On the development part they reached precision {rel['dev_precision']}, recall "
            f"{rel['dev_recall']} and κ {rel['dev_kappa']}, figures to be read as optimistic because the "
            "codebook may be revised with that part's errors in view."
        )
    else:
        text += f" The development part's figures are not reported: {rel['dev_reported']}."
    return text


def check_human_units(units: pd.DataFrame | None, transcripts: pd.Series, where: str) -> None:
    """Human codings must be of *this* corpus: a config that keeps another study's coders would
    otherwise report that study's agreement as this one's."""
    if units is None or units.empty:
        return
    alien = sorted(set(units.transcript_id.astype(str)) - set(transcripts.astype(str)))
    if alien:
        from .errors import InputError

        raise InputError(
            where,
            f"human codings name {len(alien)} transcript(s) not in this corpus ({', '.join(alien[:5])})"
            " — they belong to another corpus",
            "set coding.human: [] and coding.human_sample: '' or give this corpus's codings",
        )


def auto_variables(auto, min_units: int = 20) -> dict:
    """The rule coder against the human consensus, per part of `coding.validation`'s split
    (auto_vs_human.tsv): the evaluation part's figures are the reported ones; the development
    part's (the codebook may be revised on it) are given as optimistic. A part with fewer than
    `min_units` units gets the words 'too few units' instead of numbers."""
    from .reliability import evaluation_part

    if auto is None or auto.empty:
        return {}
    out: dict = {}
    parts = {"auto": evaluation_part(auto)}
    if "part" in auto.columns:
        parts["dev"] = auto[auto.part == "development"].drop(columns="part")
    for key, t in parts.items():
        rows = t[t.code == "ALL"]
        if rows.empty:
            continue
        a = rows.iloc[0]
        n = int(a.n_units)
        out[f"{key}_units"] = n
        if "n_transcripts" in t.columns:
            out[f"{key}_transcripts"] = int(a.n_transcripts)
        if n < min_units:
            out[f"{key}_reported"] = f"too few units ({n}; `coding.validation.min_units` is {min_units})"
        else:
            out[f"{key}_reported"] = "yes"
            out |= {
                f"{key}_precision": _f(a.precision),
                f"{key}_recall": _f(a.recall),
                f"{key}_kappa": _f(a.kappa),
            }
    return out


def reliability_variables(rel, auto, code_summary: pd.DataFrame, min_units: int = 20) -> dict:
    """Inter-coder reliability as the reliability stage computed it (any number of coders; codes no
    coder used are 'not estimable' and left out of pooled figures and counts) and the rule coder
    against the humans on the evaluation part only (`auto_variables`) — 'not measured' without
    human codes."""
    if rel is None or rel.empty:
        return {"measured": "no", "alpha_mean": "not measured", "alpha_pooled": "not measured"} | (
            auto_variables(auto, min_units)
        )
    labels = dict(zip(code_summary.code_id, code_summary.label, strict=True))
    by = rel.set_index("code")
    total, codes = by.loc["ALL"], by.drop(index="ALL")
    estimable = codes[codes.status == "estimable"]
    missing = codes[codes.status != "estimable"]
    low = [labels.get(c, c) for c in estimable.index if flag(estimable.loc[c, "below_0667"])]
    units = int(codes.n_units.max()) if len(codes) else 0
    values, n_est = int(total.n_values), int(total.n_estimable)
    out = {
        "measured": "yes",
        "coders": int(total.n_coders),
        "units": units,
        "transcripts": int(codes.n_transcripts.max()) if len(codes) else 0,
        "coders_per_unit": _f(values / (units * n_est), 1) if units and n_est else "n/a",
        "every_coder_every_unit": "yes" if units and values == units * n_est * int(total.n_coders) else "no",
        "alpha_pooled": _f(total.alpha),
        "alpha_pooled_low": _f(total.alpha_low),
        "alpha_pooled_high": _f(total.alpha_high),
        "alpha_mean": _f(total.alpha_mean),
        "alpha_min": _f(estimable.alpha.min()) if len(estimable) else "n/a",
        "alpha_max": _f(estimable.alpha.max()) if len(estimable) else "n/a",
        "n_codes": len(codes),
        "n_estimable": n_est,
        "n_not_estimable": len(missing),
        # "; " between labels: a label may itself contain a comma
        "not_estimable": "; ".join(labels.get(c, c) for c in missing.index) if len(missing) else "none",
        "n_below_0667": len(low),
        "below_0667": "; ".join(low) if low else "none",
        "n_point_intervals": int(sum(estimable.alpha_low == estimable.alpha_high)),
        "n_below_080": int(sum(flag(x) for x in estimable.below_080)),
    }
    if "kappa" in rel.columns and out["coders"] == 2:  # Cohen's kappa: defined for two coders only
        out["kappa_pooled"] = _f(total.kappa)
    return out | auto_variables(auto, min_units)


def reliability_table_md(rel, code_summary: pd.DataFrame) -> str:
    """Per code: units, positives (per coder with two coders), alpha with its 95% bootstrap interval
    ('not estimable' where no coder used the code), Cohen's kappa only with exactly two coders."""
    if rel is None or rel.empty:
        return "| Measure | Value |\n|:---|:---|\n| Reliability | not measured (no human codings) |\n"
    labels = dict(zip(code_summary.code_id, code_summary.label, strict=True))
    total = rel[rel.code == "ALL"].iloc[0]
    two = "kappa" in rel.columns and int(total.n_coders) == 2
    coder_cols = [
        c
        for c in rel.columns
        if c.startswith("n_") and c[2:] not in ("units", "transcripts", "coders", "values", "estimable")
    ]
    ok = rel.status.eq("estimable") | rel.code.eq("ALL")

    def interval(r) -> str:
        return "" if pd.isna(r.alpha_low) else f"{_f(r.alpha_low, 2)}–{_f(r.alpha_high, 2)}"

    t = pd.DataFrame(
        {
            "Code": [
                labels.get(c, f"All estimable codes ({int(total.n_estimable)}), pooled") for c in rel.code
            ],
            "Units": rel.n_units.astype(int),
            **(
                {f"Coder {c[2:]}": rel[c].astype(int) for c in coder_cols}
                if two
                else {"Positives": rel.positives.astype(int)}
            ),
            "Krippendorff's α": [
                _f(r.alpha, 2) if good else "not estimable"
                for r, good in zip(rel.itertuples(), ok, strict=True)
            ],
            "95% interval": [
                interval(r) if good else "" for r, good in zip(rel.itertuples(), ok, strict=True)
            ],
            **({"Cohen's κ": rel.kappa.map(lambda x: _f(x, 2))} if two else {}),
            "Below 0.667": [
                "yes" if good and flag(x) else "" for x, good in zip(rel.below_0667, ok, strict=True)
            ],
        }
    )
    return md_table(t, "l" + "r" * (len(t.columns) - 2) + "l")


def reliability_numbers(rel, auto, code_summary: pd.DataFrame, validation: dict, sample_method: str) -> dict:
    """Every figure of the reliability paragraph: `reliability_variables`, the split of
    `coding.validation` (when the table has one) and how the sample was selected
    (`coding.human_sample_method`)."""
    out = reliability_variables(rel, auto, code_summary, int(validation.get("min_units", 20)))
    if "dev_units" in out:
        out["split_share"] = f"{100 * float(validation.get('evaluation_share', 0.5)):g}%"
        out["split_seed"] = int(validation.get("seed", 20220203))
        out["split_history"] = escape_md(str(validation.get("history") or "").strip())
    out["sample_method"] = escape_md(str(sample_method or "").strip())
    return out


def reliability_statements(
    rel: pd.DataFrame | None,
    auto: pd.DataFrame | None,
    code_summary: pd.DataFrame,
    validation: dict,
    sample_method: str,
    synthetic: bool,
) -> tuple[dict, dict[str, str]]:
    """(the stage's statements for results/coding/reliability_manuscript.yml, {fragment: Markdown}).

    `rel`, `auto`: reliability.tsv and auto_vs_human.tsv (None without human codings);
    `validation`: `coding.validation`; `sample_method`: `coding.human_sample_method`;
    `synthetic`: `study.synthetic` (the coders are then said to be synthetic, like the corpus)."""
    numbers = reliability_numbers(rel, auto, code_summary, validation, sample_method)
    table = reliability_table_md(rel, code_summary)
    measured = numbers["measured"] == "yes"
    statements = {
        "numbers": numbers,
        "sentences": {},
        "fragments": {
            "reliability.md": "human codings: alpha per code with its interval, 'not estimable' where "
            "no coder applied the code"
            if measured
            else "no human codings (coding.human is empty): 'not measured'",
            "reliability_section.md": (
                f"{numbers['coders']} coders, {numbers['n_estimable']} estimable and "
                f"{numbers['n_not_estimable']} not estimable codes, {numbers['n_below_0667']} below 0.667"
            )
            if measured
            else "no human codings (coding.human is empty): one sentence saying what was not measured",
        },
    }
    return statements, {
        "reliability.md": table,
        "reliability_section.md": reliability_section_md(numbers, table, synthetic),
    }
