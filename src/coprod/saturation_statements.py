"""What the saturation analysis may say in the manuscript, written by the coding stage itself.

The statements rule `write_saturation_statements` turns saturation.tsv (new codes and new code
pairs per interview, bootstrapped over interview order) into
results/coding/saturation_manuscript.yml:

    numbers    the figures the manuscript prints (the corpus total, interviews until the mean
               curve reaches 90% of it, for codes and for code pairs)
    sentences  saturation_statement: the sentence saying so — or saying that saturation does
               not apply, when the curve is flat from the first interviews — with its condition

The manuscript only assembles them (coprod.manuscript.stage_variables).
"""

from __future__ import annotations

import pandas as pd


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


def saturation_statements(sat: pd.DataFrame) -> dict:
    """The stage's statements for results/coding/saturation_manuscript.yml (an empty table: none)."""
    if sat is None or not len(sat):
        return {"numbers": {}, "sentences": {}}
    out = saturation_variables(sat)
    text = out.pop("saturation_statement")
    conditions = [
        "codes: the mean curve rises over the first interviews (informative)"
        if out["saturation_codes_informative"] == "yes"
        else "codes: the mean curve is flat from the first interviews (not informative)"
    ]
    if "saturation_pairs_informative" in out:
        conditions.append(
            "code pairs: informative"
            if out["saturation_pairs_informative"] == "yes"
            else "code pairs: not informative"
        )
    return {
        "numbers": out,
        "sentences": {"saturation_statement": {"condition": "; ".join(conditions), "text": text}},
    }
