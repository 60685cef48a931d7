"""Numbers and tables for the manuscript, generated from the pipeline's result files.

The manuscript never computes anything: every number it prints is a key of the generated
`_variables.yml` and every table a generated Markdown include, both written here from files
other rules wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import yaml

from .mdtext import (  # noqa: F401  (re-exported: the manuscript's text helpers)
    LINE_CHARS,
    MD_SPECIAL_RE,
    NUMBER_WORDS,
    _cell,
    _f,
    column_weights,
    count,
    escape_md,
    indefinite_article,
    md_table,
    plural,
    words_for,
)


def build(
    stats: pd.DataFrame,
    segments: pd.DataFrame,
    coded_segments: pd.DataFrame,
    code_summary: pd.DataFrame,
    topics: dict,
    deid_summary: pd.DataFrame,
    codebook: dict,
    config: dict,
    engine: str,
    deid_eval: pd.DataFrame | None = None,
    saturation: pd.DataFrame | None = None,
    exemplars: pd.DataFrame | None = None,
    reliability: pd.DataFrame | None = None,
    auto: pd.DataFrame | None = None,
    statements: dict | None = None,
    assistant: dict | None = None,
    assistant_table: str | None = None,
    deid_heldout: pd.DataFrame | None = None,
    topic_fragments: dict[str, str] | None = None,
) -> tuple[dict, dict[str, str]]:
    """Return (variables, {table file name: markdown}).

    `topics` and `topic_fragments`: the topics stage's results/topics/manuscript.yml and its
    fragments (coprod.topic_statements), printed as the stage wrote them.
    `statements`: the coding stage's results/coding/manuscript.yml (coprod.claims); `assistant`
    and `assistant_table`: the coding assistant's assistant_manuscript.yml and assistant_table.md.
    Their sentences are printed as the stages wrote them: the manuscript adds no claim of its own."""
    # the group whose site ids are the study's sites (config manuscript.site_group; "" = every site)
    site_group = config["manuscript"]["site_group"]
    in_sites = stats[stats.group == site_group] if site_group else stats
    # a study without sites (no site_id column in the participants sheet): empty site ids, and
    # no per-site table column, figure or sentence
    sites = bool(stats.site_id.astype(str).ne("").any())
    in_sites = in_sites[in_sites.site_id.astype(str) != ""]
    code_summary = with_study_sites(code_summary, coded_segments, site_group)
    coded = code_summary[code_summary.segments > 0]
    top = code_summary.sort_values(["segments", "code_id"], ascending=[False, True]).iloc[0]
    replaced = deid_summary[deid_summary["type"] != "NONE"]
    by_type = replaced.groupby("type")["count"].sum().astype(int).to_dict()
    variables = {
        "corpus": {
            "name": config["corpus"]["name"],
            "description": config["corpus"]["description"],
            "transcripts": int(len(stats)),
            "transcripts_article": indefinite_article(len(stats)),
            "participants": int(stats.participant_id.nunique()),
            "sites": int(in_sites.site_id.nunique()),
            "sites_all": int(stats.site_id[stats.site_id.astype(str) != ""].nunique()),
            "has_sites": "yes" if sites else "no",
            # what the corpus table and figure are broken down by
            "summarised_by": "per group and per (pseudonymous) site" if sites else "per group",
            "groups": {str(g): int(n) for g, n in stats.group.value_counts().sort_index().items()},
            "sites_words": words_for(int(in_sites.site_id.nunique())),
            "words": f"{int(stats.words.sum()):,}",
            "participant_words": f"{int(stats.participant_words.sum()):,}",
            "mean_words": f"{stats.words.mean():,.0f}",
            "min_words": f"{int(stats.words.min()):,}",
            "max_words": f"{int(stats.words.max()):,}",
            "formats": ", ".join(f"{n} .{f}" for f, n in sorted(stats.format.value_counts().items())),
            "segments": count(len(segments)),
            "segment_min_words": int(config["segment"]["min_words"]),
        },
        "deid": {
            "replacements": count(replaced["count"].sum()),
            **{t.lower(): count(n) for t, n in sorted(by_type.items())},
        },
        "coding": {
            "themes": len(codebook["themes"]),
            "codes": int(len(code_summary)),
            "codes_article": indefinite_article(len(code_summary)),
            # the counts the codes table gives per code
            "table_counts": "segments, participants and sites" if sites else "segments and participants",
            "codes_used": int(len(coded)),
            "coded_segments": count(coded_segments.segment_id.nunique()),
            "coded_share": f"{100 * coded_segments.segment_id.nunique() / max(len(segments), 1):.0f}%",
            "top_code": str(top.label),
            "top_code_segments": count(top.segments),
            "top_code_share": f"{100 * float(top.share_of_segments):.0f}%",
        },
        "topics": topic_variables(topics),
        # the engine the manuscript rule expects; the render step writes the one that renders
        "render": {"engine": engine},
        "study": study_variables(config),
    }
    variables["code"] = {
        r.code_id: {
            "label": str(r.label),
            "segments": count(r.segments),
            "participants": count(r.participants),
            "sites": count(r.sites),
        }
        for r in code_summary.itertuples()
    }
    variables["deid"].update(deid_variables(deid_eval))
    if saturation is not None and len(saturation):
        variables["coding"].update(saturation_variables(saturation))
    by = ["group", "site_id"] if sites else ["group"]
    corpus = (
        stats.groupby(by, sort=True)
        .agg(transcripts=("transcript_id", "count"), words=("words", "sum"))
        .reset_index()
    )
    corpus["words"] = corpus.words.map(lambda n: f"{int(n):,}")
    corpus.columns = ["Group", "Site", "Transcripts", "Words"][: len(by)] + ["Transcripts", "Words"]
    cols = ["theme_id", "label", "segments", "participants", "sites"][: 5 if sites else 4]
    codes = code_summary[cols].copy()
    codes.columns = ["Theme", "Code", "Segments", "Participants", "Sites"][: len(cols)]
    tables = {
        "deid.md": deid_table(deid_eval),
        "deid_heldout.md": deid_heldout_md(deid_heldout, config["deidentify"].get("heldout") or []),
        "corpus.md": md_table(corpus, "llrr" if sites else "lrr"),
        "codes.md": md_table(codes, "llrrr"[: len(cols)]),
        "codes_by_site.md": codes_by_site_md(sites),
        **(topic_fragments or {}),
    }
    for code in code_summary.code_id:
        tables[f"quotes/{code}.md"] = quotes_markdown(exemplars, code)
    tables["findings.md"] = findings_md(code_summary, exemplars, statements)
    if statements is not None:
        variables["claims"] = claims_variables(statements.get("rules") or {})
        for code in code_summary.code_id:
            tables[f"claims/{code}.md"] = claim_md(statements, code, exemplars)
        tables["claims_summary.md"] = claims_summary_md(statements)
    tables["assistant_section.md"] = assistant_section_md(assistant, assistant_table)
    validation = config["coding"].get("validation") or {}
    variables["reliability"] = reliability_variables(
        reliability, auto, code_summary, int(validation.get("min_units", 20))
    )
    if "dev_units" in variables["reliability"]:
        variables["reliability"]["split_share"] = f"{100 * float(validation.get('evaluation_share', 0.5)):g}%"
        variables["reliability"]["split_seed"] = int(validation.get("seed", 20220203))
        variables["reliability"]["split_history"] = escape_md(str(validation.get("history") or "").strip())
    variables["reliability"]["sample_method"] = escape_md(
        str(config["coding"].get("human_sample_method") or "").strip()
    )
    tables["reliability.md"] = reliability_table_md(reliability, code_summary)
    tables["reliability_section.md"] = reliability_section_md(
        variables["reliability"], tables["reliability.md"], is_synthetic(config)
    )
    return variables, tables


def codes_by_site_md(sites: bool) -> str:
    """The codes-by-site figure and the sentence pointing to it; nothing for a study without
    sites (no site_id column in the participants sheet)."""
    if not sites:
        return ""
    return (
        "@fig-codes shows how often each code was applied per interview at each site.\n\n"
        "![How often each code was applied per interview at each site (the site's count divided by "
        "its interviews, in brackets).](figures/code_by_site.png){#fig-codes}\n"
    )


def topic_variables(statements: dict) -> dict:
    """The manuscript's `topics` variables: the topics stage's numbers, the rule that chose its K
    and its generated sentences, as results/topics/manuscript.yml has them (nothing added)."""
    return (
        dict(statements["numbers"])
        | {"k_rule": statements["k_rule"]["text"]}
        | {name: s["text"] for name, s in statements["sentences"].items()}
    )


def is_synthetic(config: dict) -> bool:
    """`study.synthetic`: the corpus was written to a design, no real participants."""
    return bool((config.get("study") or {}).get("synthetic"))


def study_variables(config: dict) -> dict:
    """What the render step frames the manuscript with (coprod.render.frame_synthetic)."""
    return {
        "synthetic": "yes" if is_synthetic(config) else "no",
        "after": str((config.get("study") or {}).get("after") or ""),
        # the team's own sentence, printed as text (never as markup)
        "data_availability": escape_md(
            (config.get("study") or {}).get("data_availability")
            or "The raw transcripts stay with the research team and are never shared."
        ),
    }


def write(variables: dict, tables: dict[str, str], variables_path: Path) -> None:
    """Write `_variables.yml` and `tables/*.md` next to it (deterministic YAML)."""
    variables_path.parent.mkdir(parents=True, exist_ok=True)
    variables_path.write_text(yaml.safe_dump(variables, sort_keys=True, allow_unicode=True), encoding="utf-8")
    # `_tables/`: Quarto never renders a file or folder whose name starts with "_", so the
    # included fragments are not mistaken for notebooks of the manuscript project
    tdir = variables_path.parent / TABLES_DIR
    if tdir.exists():  # no stale fragment (a code removed from the codebook) survives a rerun
        shutil.rmtree(tdir)
    tdir.mkdir()
    for name, text in tables.items():
        (tdir / name).parent.mkdir(parents=True, exist_ok=True)
        (tdir / name).write_text(text, encoding="utf-8")


TABLES_DIR = "_tables"

COUNT_WORDS = dict(enumerate(NUMBER_WORDS))


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


STRUCTURED = ["EMAIL", "PHONE", "POSTCODE", "ID_NUMBER", "URL"]


def _pct(x) -> str:
    # an empty cell (read with keep_default_na=False) is no measure: a detected type no gold
    # annotation has (NAME, the neutral type) has a precision but no recall
    return (
        "n/a"
        if x is None or (isinstance(x, str) and not x.strip()) or pd.isna(x)
        else f"{100 * float(x):.1f}%"
    )


def deid_variables(ev: pd.DataFrame | None) -> dict:
    """Headline de-identification metrics ('not measured' when the corpus has no gold)."""
    keys = [
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
    if ev is None or ev.empty:
        return {k: "not measured" for k in keys} | {"measured": "no"}
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
            f"{_count(int(a.transcripts), 'transcript')}, {int(a.gold_mentions):,} gold identifier "
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


def _reach(sat: pd.DataFrame) -> tuple[float, int]:
    """(corpus total, interviews until the mean curve reaches 90% of it)."""
    final = float(sat["mean"].iloc[-1])
    reach = sat.loc[sat["mean"] >= 0.9 * final, "interviews"]
    return final, int(reach.iloc[0]) if len(reach) else int(sat.interviews.iloc[-1])


def saturation_variables(sat: pd.DataFrame) -> dict:
    """How quickly codes, and new combinations of codes on a segment, saturate: interviews until
    the mean curve reaches 90% of the corpus total; and a sentence that says so — or says that
    the code curve does not apply when it is flat from the first interviews (broad codes)."""
    measure = sat["measure"] if "measure" in sat else pd.Series("codes", index=sat.index)
    codes, pairs = sat[measure == "codes"], sat[measure == "code_pairs"]
    final, n90 = _reach(codes)
    n = int(codes.interviews.iloc[-1])
    out = {
        "saturation_final": f"{final:.0f}",
        "saturation_90": n90,
        "saturation_after_half": f"{float(codes['mean'].iloc[max(len(codes) // 2 - 1, 0)]):.1f}",
    }
    informative = "informative" not in codes or codes.informative.iloc[0] == "yes"
    out["saturation_codes_informative"] = "yes" if informative else "no"
    if informative:
        text = (
            f"On average over random interview orders, 90% of the {final:.0f} codes seen in the whole "
            f"corpus had appeared after {n90} of {n} interviews."
        )
    else:
        text = (
            f"Code saturation does not apply here: on average over random interview orders, 90% of "
            f"the {final:.0f} codes seen in the whole corpus had appeared after {n90} of {n} "
            f"interview{'s' * (n90 != 1)}, because the codes are broad enough to occur in almost every "
            f"interview."
        )
    if len(pairs):
        p_final, p90 = _reach(pairs)
        out["saturation_pairs_final"] = f"{p_final:.0f}"
        out["saturation_pairs_90"] = p90
        p_inf = pairs.informative.iloc[0] == "yes" if "informative" in pairs else True
        out["saturation_pairs_informative"] = "yes" if p_inf else "no"
        text += (
            f" For new combinations (two codes on the same segment), 90% of the {p_final:.0f} code "
            f"pairs seen had appeared after {p90} of {n} interviews"
            + ("." if p_inf else ", so this measure does not show saturation either.")
        )
    out["saturation_statement"] = text
    return out


def quotes_markdown(exemplars: pd.DataFrame | None, code: str, n: int | None = None) -> str:
    """Block quotes for one code (all its exemplars — their number is `coding.exemplars.per_code`
    — or the first n), attributed by pseudonymous participant id and group."""
    if exemplars is None or exemplars.empty or code not in set(exemplars.code_id):
        return "*No quote for this code met the length bounds in this corpus.*\n"
    rows = exemplars[exemplars.code_id == code].sort_values("rank")
    rows = rows if n is None else rows.head(n)
    parts = [f"> {escape_md(r.text)}\n>\n> --- {attribution(r)}\n" for r in rows.itertuples()]
    return "\n".join(parts)


def attribution(row) -> str:
    """'P03 (local, site_a)'; a group and site that are the same word are named once
    ('P19 (national)', not 'P19 (national, national)')."""
    where = [str(row.group)] + ([str(row.site_id)] if str(row.site_id) != str(row.group) else [])
    return f"{escape_md(row.participant_id)} ({escape_md(', '.join(w for w in where if w))})"


def with_study_sites(code_summary: pd.DataFrame, coded: pd.DataFrame, site_group: str) -> pd.DataFrame:
    """`sites` per code counted among the study's sites only: the site ids of the participants
    sheet's `site_group` (config manuscript.site_group; "" = every site id), so a group whose
    site id is the group itself ("national") is not counted as one more site."""
    if not {"site_id", "group", "code_id"} <= set(coded.columns):
        return code_summary
    own = coded[coded.group.astype(str) == site_group] if site_group else coded
    own = own[own.site_id.astype(str) != ""]  # a study without sites has none
    sites = own.groupby("code_id").site_id.nunique()
    out = code_summary.copy()
    out["sites"] = out.code_id.map(sites).fillna(0).astype(int)
    return out


def findings_md(
    code_summary: pd.DataFrame, exemplars: pd.DataFrame | None, statements: dict | None = None
) -> str:
    """One subsection per code of the study's codebook (codebook order): the coding stage's
    statements about it (`statements`, results/coding/manuscript.yml) or, without them, its
    counts; and its exemplar quotes — so a manuscript can report every code whatever the
    codebook holds, and says no more about a code than its figures support."""
    parts = []
    for r in code_summary.itertuples():
        if statements is not None and r.code_id in (statements.get("codes") or {}):
            parts.append(f"## {escape_md(r.label)}\n\n{claim_md(statements, r.code_id, exemplars)}")
            continue
        n, people, sites = int(r.segments), int(r.participants), int(r.sites)
        counts = (
            f"{plural(n, 'segment')} from {plural(people, 'participant')} at {plural(sites, 'site')}."
            if n
            else "No segment was coded with this code in this corpus."
        )
        quotes = quotes_markdown(exemplars, r.code_id) if n else ""
        parts.append(f"## {escape_md(r.label)}\n\n{counts}\n\n{quotes}")
    return "\n".join(parts)


def claim_md(statements: dict, code: str, exemplars: pd.DataFrame | None) -> str:
    """One code's statements as the coding stage wrote them (results/coding/manuscript.yml), and
    its quotes when it was coded at all: nothing here is written by the manuscript."""
    entry = (statements.get("codes") or {}).get(code)
    if entry is None:
        return ""
    text = " ".join(str(x["text"]) for x in entry["sentences"])
    if "absent" in entry["verdicts"]:
        return f"{text}\n"
    if "not supported by human coding" in entry["verdicts"]:
        # a rule the humans do not back picked these segments: only a quote a human coded with
        # the code, or one the team chose, illustrates it
        trusted = (
            exemplars[(exemplars.code_id == code) & exemplars.source.isin(["chosen", "human-coded"])]
            if exemplars is not None and "source" in exemplars
            else None
        )
        if trusted is None or trusted.empty:
            return (
                f"{text}\n\n*No quote is shown: the rule's picks are not backed by the human coders, "
                "and no segment a human coded with this code (or the team chose) was available.*\n"
            )
        return f"{text}\n\n{quotes_markdown(trusted, code)}"
    return f"{text}\n\n{quotes_markdown(exemplars, code)}"


def claims_variables(rules: dict) -> dict:
    """The thresholds the coding stage judged the codes by, as the methods print them."""
    return {
        "prominent_share": f"{100 * float(rules['prominent_share']):g}%",
        "widespread_share": f"{100 * float(rules['widespread_share']):g}%",
        "min_segments": int(rules["min_segments"]),
        "min_participants": int(rules["min_participants"]),
        "group_ratio": f"{float(rules['group_ratio']):g}",
        "min_precision": _f(rules["min_precision"]),
        "min_kappa": _f(rules["min_kappa"]),
        "min_checked": int(rules["min_checked"]),
    }


def claims_summary_md(statements: dict) -> str:
    """The coding stage's sentences over all codes (which met each rule, by name)."""
    return " ".join(str(x["text"]) for x in statements.get("summary") or []) + "\n"


def assistant_section_md(assistant: dict | None, table: str | None) -> str:
    """The coding assistant's paragraph (its stage's sentences) and its per-code table of held-out
    agreement; one sentence when there are no human codings to train and judge it on."""
    if not assistant:
        return (
            "No human codings were configured for this corpus, so the offline coding assistant "
            "was neither trained nor judged.\n"
        )
    text = " ".join(str(x["text"]) for x in assistant.get("sentences") or [])
    return f"{text} @tbl-assistant gives the agreement per code.\n\n{table or ''}"


def _count(n: int, word: str) -> str:
    """'no codes', 'one code', 'two codes', '12 codes'."""
    if n == 0:
        return f"no {word}s"
    return f"{COUNT_WORDS.get(n, f'{n:,}')} {word}{'' if n == 1 else 's'}"


def _is_true(x) -> bool:
    """A flag as written to / read back from a TSV (True, numpy True, "True"); empty is not set."""
    return str(x) == "True"


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
    low = [labels.get(c, c) for c in estimable.index if _is_true(estimable.loc[c, "below_0667"])]
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
        "n_below_080": int(sum(_is_true(x) for x in estimable.below_080)),
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
                "yes" if good and _is_true(x) else "" for x, good in zip(rel.below_0667, ok, strict=True)
            ],
        }
    )
    return md_table(t, "l" + "r" * (len(t.columns) - 2) + "l")


PROVENANCE_PACKAGES = [
    "snakemake",
    "pandas",
    "numpy",
    "scikit-learn",
    "nltk",
    "matplotlib",
    "phonenumbers",
    "pypandoc-binary",
    "typst",
    "coprod",
]


ENGINE_CELL = "RENDERENGINEPLACEHOLDER"


def provenance(files: list[str], config: dict, engine: str, epoch: int, repo: str) -> tuple[dict, str]:
    """What a reviewer needs to trust the numbers: hashes of every shareable input, the config hash,
    package versions, the git commit, the render engine and the build date (SOURCE_DATE_EPOCH).
    Rebuilt from an archive (review mode), the commit and config hash are those that made it."""
    import datetime as dt
    import hashlib
    import json
    import platform
    from importlib import metadata

    def sha(path: str) -> str:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    review = config.get("review") or {}
    study = {k: v for k, v in config.items() if k != "review"}  # the study's config, not the mode
    cfg_hash = hashlib.sha256(json.dumps(study, sort_keys=True, default=str).encode()).hexdigest()[:16]
    if review.get("enabled") and review.get("config_sha256"):
        cfg_hash = review["config_sha256"]
    commit = review["commit"] if review.get("enabled") and review.get("commit") else git_commit(repo)
    versions = {"python": platform.python_version()}
    for pkg in PROVENANCE_PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    date = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d")
    variables = {
        "commit": commit,
        "config_sha256": cfg_hash,
        "engine": engine,
        "build_date": date,
        "inputs": len(files),
    }
    rows = [
        ("Git commit", commit),
        ("Config (SHA-256)", cfg_hash),
        ("Render engine", ENGINE_CELL),
        ("Build date (SOURCE_DATE_EPOCH)", date),
    ]
    rows += [(f"Package {k}", v) for k, v in versions.items()]
    rows += [(Path(f).as_posix(), sha(f)[:16]) for f in sorted(files)]  # cells are escaped: no `code`
    table = md_table(pd.DataFrame(rows, columns=["Item", "Value (SHA-256 prefix for files)"]), "ll")
    # the engine that actually renders is written into the staged variables at render time
    return variables, table.replace(ENGINE_CELL, "{{< var render.engine >}}")


def git_commit(repo: str) -> str:
    """Short commit of the checkout, flagged when tracked files have uncommitted changes."""
    import subprocess

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return commit + (" (with uncommitted changes)" if dirty else "")


def config_hash(config: dict) -> str:
    """The hash the provenance appendix prints for a config (without the review section)."""
    import hashlib
    import json

    study = {k: v for k, v in config.items() if k != "review"}
    return hashlib.sha256(json.dumps(study, sort_keys=True, default=str).encode()).hexdigest()[:16]
