"""What the coding stage may say about each code, and the sentences that say it.

A statement about a code ("prominent", "widespread", "more often among national participants",
"the human coders disagreed on it") is printed only when the code's figures meet the rule for it;
the thresholds are `coding.claims` in the config and the rules are in docs/manuscript.md
("Claims"). Everything is computed from files the pipeline wrote (code_summary.tsv,
coded_segments.tsv, segments.tsv and, with human codings, auto_vs_human.tsv and
reliability.tsv) and written to results/coding/manuscript.yml: the figures, the verdicts and the
sentences with the condition that produced each one. The manuscript only assembles them.
"""

from __future__ import annotations

import math

import pandas as pd

# Krippendorff's threshold below which the human coders' agreement on a code is "contested"
# (the same threshold the reliability section reports against).
ALPHA_CONTESTED = 0.667

DEFAULTS = {
    "prominent_share": 0.05,
    "widespread_share": 0.5,
    "min_segments": 5,
    "min_participants": 3,
    "group_ratio": 2.0,
    "min_precision": 0.7,
    "min_kappa": 0.6,
    "min_checked": 5,
}


def _num(x) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _n(n: int, word: str, many: str | None = None) -> str:
    return f"{int(n):,} {word if int(n) == 1 else many or word + 's'}"


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{round(x, 2) or 0.0:.2f}"


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _md(text: str) -> str:
    from .mdtext import escape_md

    return escape_md(text)


def human_check(auto: pd.DataFrame | None, code: str, s: dict) -> dict:
    """The keyword rule's agreement with the human consensus on the human-coded sample:
    'not measured' (no human codings), 'not checked' (fewer than min_checked units the rule or the
    consensus coded), 'supported' (precision and kappa at least the thresholds), 'not supported'."""
    from .reliability import evaluation_part

    auto = evaluation_part(auto)  # never the development part the codebook was revised on
    if auto is None or auto.empty or code not in set(auto.code):
        return {"status": "not measured"}
    r = auto.set_index("code").loc[code]
    tp, fp, fn = int(r.tp), int(r.fp), int(r.fn)
    out = {
        "units": int(r.n_units),
        "rule_positives": tp + fp,
        "human_positives": tp + fn,
        "precision": _num(r.precision),
        "kappa": _num(r.kappa),
    }
    if tp + fp < s["min_checked"]:
        out["status"] = "not checked"
    elif (out["precision"] or 0) >= s["min_precision"] and (out["kappa"] or 0) >= s["min_kappa"]:
        out["status"] = "supported"
    else:
        out["status"] = "not supported"
    return out


def human_alpha(rel: pd.DataFrame | None, code: str) -> float | None:
    if rel is None or rel.empty or code not in set(rel.code):
        return None
    r = rel.set_index("code").loc[code]
    return _num(r.alpha) if str(r.status) == "estimable" else None


def code_claims(
    code_summary: pd.DataFrame,
    coded: pd.DataFrame,
    segments: pd.DataFrame,
    settings: dict | None = None,
    site_group: str = "",
    auto: pd.DataFrame | None = None,
    reliability: pd.DataFrame | None = None,
) -> dict:
    """Per code: its figures, the verdicts its figures support and the sentences saying so;
    and the summary sentences over all codes. `segments`: the participant segments coded."""
    s = DEFAULTS | (settings or {})
    segs = segments[segments.role == "participant"] if "role" in segments else segments
    n_segments = len(segs)
    people = segs.participant_id.astype(str).nunique()
    own = segs[segs.group.astype(str) == site_group] if site_group else segs
    n_sites = own.site_id[own.site_id.astype(str) != ""].astype(str).nunique()  # none without sites
    group_sizes = segs.groupby(segs.group.astype(str)).size().to_dict()
    coded = coded[coded.segment_id.isin(set(segs.segment_id))]
    out: dict = {"rules": dict(s), "codes": {}}
    for r in code_summary.itertuples():
        mine = coded[coded.code_id == r.code_id]
        n = int(mine.segment_id.nunique())
        p = int(mine.participant_id.astype(str).nunique())
        mine_sites = mine[mine.group.astype(str) == site_group] if site_group else mine
        k = int(mine_sites.site_id[mine_sites.site_id.astype(str) != ""].astype(str).nunique())
        share = n / n_segments if n_segments else 0.0
        check = human_check(auto, r.code_id, s)
        alpha = human_alpha(reliability, r.code_id)
        by_group = mine.groupby(mine.group.astype(str)).segment_id.nunique().to_dict()
        rates = {g: by_group.get(g, 0) / size for g, size in sorted(group_sizes.items()) if size}
        figures = {
            "segments": n,
            "share": round(share, 6),
            "participants": p,
            "participants_total": int(people),
            "sites": k,
            "sites_total": int(n_sites),
            "by_group": {g: int(by_group.get(g, 0)) for g in sorted(group_sizes)},
            "group_share": {g: round(v, 6) for g, v in rates.items()},
            "human_check": check,
            "human_alpha": alpha,
        }
        verdicts, sentences = _judge(str(r.label), figures, s)
        out["codes"][r.code_id] = {
            "label": str(r.label),
            "theme": str(r.theme_id),
            "figures": figures,
            "verdicts": verdicts,
            "sentences": sentences,
        }
    out["summary"] = _summary(out["codes"], s)
    return out


def _judge(label: str, f: dict, s: dict) -> tuple[list[str], list[dict]]:
    """The verdicts a code's figures support, and one sentence per verdict with its condition."""
    name = f"*{_md(label)}*"
    n, p, k = f["segments"], f["participants"], f["sites"]
    if n == 0:
        return ["absent"], [
            {
                "condition": "segments == 0",
                "text": f"No segment was coded {name} in this corpus, so nothing is reported about it.",
            }
        ]
    sites = f" at {k} of {_n(f['sites_total'], 'site')}" if f["sites_total"] else ""
    sentences = [
        {
            "condition": "segments > 0",
            "text": (
                f"The keyword rules coded {name} on {_n(n, 'segment')} ({_pct(f['share'])} of all "
                f"participant segments) from {p} of {_n(f['participants_total'], 'participant')}{sites}."
            ),
        }
    ]
    verdicts: list[str] = []
    check = f["human_check"]
    status = check["status"]
    if status == "not supported":
        verdicts.append("not supported by human coding")
        short = [
            f"{what} {_f(value)} (required: {_f(need)})"
            for what, value, need in (
                ("precision", check["precision"], s["min_precision"]),
                ("κ", check["kappa"], s["min_kappa"]),
            )
            if (value or 0) < need
        ]
        sentences.append(
            {
                "condition": "human check: precision < min_precision or kappa < min_kappa",
                "text": (
                    f"Against the human consensus on {_n(check['units'], 'coded unit')}, its rule fell short "
                    f"on {_join(short)}, so its count is not reported as a finding."
                ),
            }
        )
        return verdicts, sentences
    if n < s["min_segments"] or p < s["min_participants"]:
        verdicts.append("thin")
        sentences.append(
            {
                "condition": "segments < min_segments or participants < min_participants",
                "text": (
                    f"That is too thin to report as a finding (fewer than {_n(s['min_segments'], 'segment')} "
                    f"or {_n(s['min_participants'], 'participant')})."
                ),
            }
        )
        return verdicts, sentences
    found = []
    if f["share"] >= s["prominent_share"]:
        verdicts.append("prominent")
        found.append(f"prominent (at least {_pct(s['prominent_share'])} of segments)")
    wide = p / max(f["participants_total"], 1) >= s["widespread_share"] and (
        not f["sites_total"] or k / f["sites_total"] >= s["widespread_share"]
    )
    if wide:
        verdicts.append("widespread")
        where = " and of sites" if f["sites_total"] else ""
        found.append(f"widespread (at least {_pct(s['widespread_share'])} of participants{where})")
    if found:
        sentences.append(
            {
                "condition": "share >= prominent_share; participants and sites >= widespread_share",
                "text": f"By the rules stated in the methods it is {_join(found)}.",
            }
        )
    else:
        verdicts.append("minor")
        sentences.append(
            {
                "condition": "neither prominent nor widespread",
                "text": "It is neither prominent nor widespread by the rules stated in the methods.",
            }
        )
    groups = f["group_share"]
    if len(groups) >= 2:
        hi = max(groups, key=lambda g: (groups[g], g))
        lo = min(groups, key=lambda g: (groups[g], g))
        ratio = groups[hi] / groups[lo] if groups[lo] else math.inf
        if hi != lo and ratio >= s["group_ratio"] and f["by_group"][hi] >= s["min_segments"]:
            verdicts.append(f"more often among {hi}")
            times = "only" if math.isinf(ratio) else f"{ratio:.1f} times as often"
            text = (
                f"It was coded {times} among {_md(hi)} participants' segments"
                + ("" if math.isinf(ratio) else f" as among {_md(lo)}")
                + f" ({_pct(groups[hi])} against {_pct(groups[lo])} of each group's segments)."
            )
            sentences.append({"condition": "group share ratio >= group_ratio", "text": text})
    if status == "supported":
        verdicts.append("supported by human coding")
        sentences.append(
            {
                "condition": "human check: precision >= min_precision and kappa >= min_kappa",
                "text": (
                    f"Its rule agreed with the human consensus (precision {_f(check['precision'])}, "
                    f"κ {_f(check['kappa'])} on {_n(check['units'], 'coded unit')})."
                ),
            }
        )
    elif status == "not checked":
        verdicts.append("not checked against human coding")
        sentences.append(
            {
                "condition": "human check: rule positives < min_checked",
                "text": (
                    f"The rule coded {_n(check['rule_positives'], 'unit')} of the human-coded sample "
                    f"(fewer than {s['min_checked']}), too few to check the rule against the human coders, "
                    "so these are counts of keyword matches."
                ),
            }
        )
    else:
        sentences.append(
            {
                "condition": "no human codings",
                "text": "No human coding checked this rule, so these are counts of keyword matches.",
            }
        )
    alpha = f["human_alpha"]
    if alpha is not None and alpha < ALPHA_CONTESTED:
        verdicts.append("contested")
        sentences.append(
            {
                "condition": "human alpha < 0.667",
                "text": (
                    f"The human coders themselves disagreed on it (Krippendorff's α {_f(alpha)}, below "
                    f"{ALPHA_CONTESTED})."
                ),
            }
        )
    return verdicts, sentences


def _summary(codes: dict, s: dict) -> list[dict]:
    """Sentences over all codes: which met each rule, by name."""

    def named(pred) -> list[str]:
        return [f"*{_md(c['label'])}*" for c in codes.values() if pred(c["verdicts"])]

    total = len(codes)
    groups = [
        ("prominent", named(lambda v: "prominent" in v), "prominent"),
        ("widespread", named(lambda v: "widespread" in v), "widespread"),
        ("absent", named(lambda v: "absent" in v), "never coded"),
        ("thin", named(lambda v: "thin" in v), "too thin to report"),
        (
            "not supported by human coding",
            named(lambda v: "not supported by human coding" in v),
            "not supported by the human coders' consensus",
        ),
        ("contested", named(lambda v: "contested" in v), "contested among the human coders"),
    ]
    out = []
    for verdict, names, words in groups:
        if verdict == "absent" and not names:
            text = f"Every one of the {_n(total, 'code')} was coded at least once."
        elif names:
            verb = "was" if len(names) == 1 else "were"
            text = f"Of the {_n(total, 'code')}, {len(names)} {verb} {words}: {_join(names)}."
        else:
            text = f"None of the {_n(total, 'code')} was {words}."
        out.append({"condition": f"codes with verdict '{verdict}'", "verdict": verdict, "text": text})
    return out
