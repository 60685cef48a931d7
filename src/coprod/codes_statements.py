"""What the manuscript may say about the codes, written by the coding stage itself.

The statements rule `write_codes_statements` turns the coding stage's own files (code_summary.tsv,
coded_segments.tsv, segments.tsv, exemplars.tsv, the codebook and the per-code claims of
results/coding/manuscript.yml, coprod.claims) into results/coding/codes_manuscript.yml and the
fragments under results/coding/codes_fragments/:

    numbers    the coding figures (themes, codes, codes used, coded segments, the most frequent
               code), each code's counts (`code`) and the thresholds the claims were judged by
               (`claims`), as printed
    sentences  generated sentences printed as variables (none: a code's sentences are
               coprod.claims's, printed in its fragments as written)
    fragments  codes.md (the codes table), codes_by_site.md (the per-site figure; empty without
               sites), findings.md (one subsection per code), quotes/<code>.md, claims/<code>.md
               and claims_summary.md, each with the condition that chose its content

The manuscript only assembles them (coprod.manuscript).
"""

from __future__ import annotations

import pandas as pd

from .mdtext import _f, count, escape_md, indefinite_article, md_table, plural


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


def codes_statements(
    code_summary: pd.DataFrame,
    coded_segments: pd.DataFrame,
    segments: pd.DataFrame,
    exemplars: pd.DataFrame | None,
    codebook: dict,
    claims: dict | None,
    site_group: str,
    sites: bool,
) -> tuple[dict, dict[str, str]]:
    """(the stage's statements for results/coding/codes_manuscript.yml, {fragment path: Markdown}).

    `claims`: results/coding/manuscript.yml (coprod.claims); `site_group`: `manuscript.site_group`
    (the codes' `sites` count the study's sites only); `sites`: whether the study has site ids."""
    code_summary = with_study_sites(code_summary, coded_segments, site_group)
    coded = code_summary[code_summary.segments > 0]
    top = code_summary.sort_values(["segments", "code_id"], ascending=[False, True]).iloc[0]
    numbers: dict = {
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
        "code": {
            r.code_id: {
                "label": str(r.label),
                "segments": count(r.segments),
                "participants": count(r.participants),
                "sites": count(r.sites),
            }
            for r in code_summary.itertuples()
        },
    }
    cols = ["theme_id", "label", "segments", "participants", "sites"][: 5 if sites else 4]
    codes = code_summary[cols].copy()
    codes.columns = ["Theme", "Code", "Segments", "Participants", "Sites"][: len(cols)]
    fragments = {
        "codes.md": md_table(codes, "llrrr"[: len(cols)]),
        "codes_by_site.md": codes_by_site_md(sites),
    }
    for code in code_summary.code_id:
        fragments[f"quotes/{code}.md"] = quotes_markdown(exemplars, code)
    fragments["findings.md"] = findings_md(code_summary, exemplars, claims)
    conditions = {
        "codes.md": "per code: segments, participants" + (" and sites" if sites else ""),
        "codes_by_site.md": "the study has sites: the per-site figure"
        if sites
        else "no site ids: nothing (no per-site figure)",
        "findings.md": "one subsection per code: its claims (coprod.claims) and quotes"
        if claims is not None
        else "one subsection per code: its counts and quotes",
        "quotes/<code>.md": "each code's exemplars (coding.exemplars), or a sentence that none "
        "met the length bounds",
    }
    if claims is not None:
        numbers["claims"] = claims_variables(claims.get("rules") or {})
        for code in code_summary.code_id:
            fragments[f"claims/{code}.md"] = claim_md(claims, code, exemplars)
        fragments["claims_summary.md"] = claims_summary_md(claims)
        conditions["claims/<code>.md"] = "each code's claims as coprod.claims wrote them, with its quotes"
        conditions["claims_summary.md"] = "the codes that met each claim rule, by name"
    return {"numbers": numbers, "sentences": {}, "fragments": conditions}, fragments
