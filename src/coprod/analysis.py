"""Analyses over coded segments: co-occurrence, exemplar quotes, saturation.

All deterministic: ties are broken by ids, resampling uses a seed from config.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def cooccurrence(coded: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Pairs of codes on the same segment: count and Jaccard (|A∩B| / |A∪B| over segments)."""
    sets = {c: set(coded.loc[coded.code_id == c, "segment_id"]) for c in codes}
    rows = []
    for i, a in enumerate(codes):
        for b in codes[i:]:
            inter = len(sets[a] & sets[b])
            union = len(sets[a] | sets[b])
            rows.append(
                {
                    "code_a": a,
                    "code_b": b,
                    "count": inter,
                    "jaccard": round(inter / union, 6) if union else 0.0,
                }
            )
    return pd.DataFrame(rows)


EXEMPLAR_COLUMNS = ["code_id", "rank", "segment_id", "participant_id", "site_id", "group", "n_words", "text"]


def exemplars(
    coded: pd.DataFrame,
    segments: pd.DataFrame,
    codes: list[str],
    per_code: int,
    min_words: int,
    max_words: int,
) -> pd.DataFrame:
    """`per_code` quotes per code, no quote used for two codes.

    Candidates are participant segments within the length bounds, best first: most rule hits for
    this code, then fewest other codes on the segment (a quote that is mostly about this code),
    then segment id. Quotes are spread round-robin over sites with one per participant; when
    that runs out before `per_code`, the remaining best candidates fill the count (a participant
    may then be quoted twice). Codes with the fewest candidates choose first, so a scarce code
    is not left without quotes by a broad one. A code gets fewer than `per_code` quotes only
    when the corpus has fewer unused candidates for it (`exemplar_shortfall` says which).
    """
    seg = segments.set_index("segment_id")
    n_codes = coded.groupby("segment_id").code_id.nunique()
    pool = {}
    for code in codes:
        hits = coded[coded.code_id == code].copy()
        if hits.empty:
            pool[code] = []
            continue
        hits = hits.join(seg[["role", "n_words", "text"]], on="segment_id")
        hits = hits[(hits.role == "participant") & hits.n_words.astype(int).between(min_words, max_words)]
        hits["others"] = hits.segment_id.map(n_codes).fillna(1).astype(int) - 1
        hits = hits.sort_values(["n_hits", "others", "segment_id"], ascending=[False, True, True])
        pool[code] = list(hits.itertuples())
    order = sorted(codes, key=lambda c: (len(pool[c]), codes.index(c)))
    used: set[str] = set()
    chosen_by_code = {}
    for code in order:
        free = [r for r in pool[code] if r.segment_id not in used]
        by_site: dict[str, list] = {}
        for r in free:
            by_site.setdefault(r.site_id, []).append(r)
        chosen, people = [], set()
        while len(chosen) < per_code and any(by_site.values()):
            for site in sorted(by_site):
                queue = by_site[site]
                while queue and queue[0].participant_id in people:
                    queue.pop(0)
                if queue and len(chosen) < per_code:
                    row = queue.pop(0)
                    people.add(row.participant_id)
                    chosen.append(row)
        picked = {r.segment_id for r in chosen}
        chosen += [r for r in free if r.segment_id not in picked][: per_code - len(chosen)]
        used |= {r.segment_id for r in chosen}
        chosen_by_code[code] = chosen
    rows = [
        {
            "code_id": code,
            "rank": rank,
            "segment_id": r.segment_id,
            "participant_id": r.participant_id,
            "site_id": r.site_id,
            "group": r.group,
            "n_words": int(r.n_words),
            "text": r.text,
        }
        for code in codes
        for rank, r in enumerate(chosen_by_code[code], start=1)
    ]
    return pd.DataFrame(rows, columns=EXEMPLAR_COLUMNS)


def exemplar_shortfall(ex: pd.DataFrame, codes: list[str], per_code: int) -> dict[str, int]:
    """Codes that got fewer than `per_code` quotes, with how many they got."""
    got = ex.groupby("code_id").size().to_dict() if len(ex) else {}
    return {c: int(got.get(c, 0)) for c in codes if got.get(c, 0) < per_code}


# A measure that reaches 90% of its corpus total within this share of the interviews (and at
# least the first interview), averaged over interview orders, says nothing about saturation.
TRIVIAL_SHARE, TRIVIAL_LEVEL = 0.1, 0.9


def _units_per_interview(coded: pd.DataFrame, transcripts: list[str]) -> dict[str, dict[str, set]]:
    """Per measure, per transcript: the codes it holds, and the code pairs that share a segment."""
    codes = {t: set() for t in transcripts}
    pairs = {t: set() for t in transcripts}
    for (t, _), g in coded.groupby(["transcript_id", "segment_id"], sort=True):
        if t not in codes:
            continue
        ids = sorted(set(g.code_id))
        codes[t] |= set(ids)
        pairs[t] |= {f"{a}+{b}" for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return {"codes": codes, "code_pairs": pairs}


def saturation(coded: pd.DataFrame, transcripts: list[str], n_boot: int, seed: int) -> pd.DataFrame:
    """Cumulative number of distinct codes — and of distinct code pairs on a shared segment
    (new combinations) — after k interviews: in transcript-id order, and the mean with a 95%
    percentile band over `n_boot` random interview orders (the same orders for both measures).

    `informative` is "no" when the mean curve reaches 90% of the measure's corpus total within
    the first 10% of interviews (at least one): with codes that broad, every interview holds
    nearly all of them and the curve cannot show saturation.
    """
    per = _units_per_interview(coded, transcripts)
    rng = np.random.default_rng(seed)
    orders = [list(rng.permutation(transcripts)) for _ in range(n_boot)]
    rows = []
    for measure in ("codes", "code_pairs"):
        sets = per[measure]

        def curve(order, sets=sets) -> list[int]:
            seen: set[str] = set()
            out = []
            for t in order:
                seen |= sets[t]
                out.append(len(seen))
            return out

        boots = np.array([curve(o) for o in orders]) if n_boot else np.empty((0, 0))
        observed = curve(transcripts)
        total = observed[-1] if observed else 0
        means = [
            float((boots[:, k] if n_boot else np.array([observed[k]])).mean()) for k in range(len(observed))
        ]
        early = max(1, int(np.ceil(TRIVIAL_SHARE * len(transcripts))))
        trivial = total > 0 and means[early - 1] >= TRIVIAL_LEVEL * total
        for k in range(len(transcripts)):
            col = boots[:, k] if n_boot else np.array([observed[k]])
            rows.append(
                {
                    "measure": measure,
                    "interviews": k + 1,
                    "codes_in_order": observed[k],
                    "new_in_order": observed[k] - (observed[k - 1] if k else 0),
                    "mean": round(means[k], 6),
                    "lower_95": float(np.percentile(col, 2.5)),
                    "upper_95": float(np.percentile(col, 97.5)),
                    "total": total,
                    "informative": "no" if trivial or total == 0 else "yes",
                }
            )
    return pd.DataFrame(rows)
