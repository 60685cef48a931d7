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


def exemplars(
    coded: pd.DataFrame,
    segments: pd.DataFrame,
    codes: list[str],
    per_code: int,
    min_words: int,
    max_words: int,
) -> pd.DataFrame:
    """Quotes per code: participant segments only, length-bounded, spread across participants
    and sites (round-robin over sites, one quote per participant), most matches first."""
    seg = segments.set_index("segment_id")
    rows = []
    for code in codes:
        hits = coded[coded.code_id == code].copy()
        if hits.empty:
            continue
        hits = hits.join(seg[["role", "n_words", "text"]], on="segment_id")
        hits = hits[(hits.role == "participant") & hits.n_words.between(min_words, max_words)]
        hits = hits.sort_values(["n_hits", "segment_id"], ascending=[False, True])
        by_site = {s: list(g.itertuples()) for s, g in hits.groupby("site_id", sort=True)}
        chosen, seen = [], set()
        while len(chosen) < per_code and any(by_site.values()):
            for site in sorted(by_site):
                queue = by_site[site]
                while queue and queue[0].participant_id in seen:
                    queue.pop(0)
                if queue and len(chosen) < per_code:
                    row = queue.pop(0)
                    seen.add(row.participant_id)
                    chosen.append(row)
        for rank, r in enumerate(chosen, start=1):
            rows.append(
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
            )
    return pd.DataFrame(
        rows,
        columns=["code_id", "rank", "segment_id", "participant_id", "site_id", "group", "n_words", "text"],
    )


def saturation(coded: pd.DataFrame, transcripts: list[str], n_boot: int, seed: int) -> pd.DataFrame:
    """Cumulative number of distinct codes after k interviews: in transcript-id order, and the
    mean with a 95% percentile band over `n_boot` random interview orders."""
    per = {t: set(coded.loc[coded.transcript_id == t, "code_id"]) for t in transcripts}

    def curve(order) -> list[int]:
        seen: set[str] = set()
        out = []
        for t in order:
            seen |= per[t]
            out.append(len(seen))
        return out

    rng = np.random.default_rng(seed)
    boots = (
        np.array([curve(rng.permutation(transcripts)) for _ in range(n_boot)]) if n_boot else np.empty((0, 0))
    )
    observed = curve(transcripts)
    rows = []
    for k in range(len(transcripts)):
        col = boots[:, k] if n_boot else np.array([observed[k]])
        rows.append(
            {
                "interviews": k + 1,
                "codes_in_order": observed[k],
                "new_in_order": observed[k] - (observed[k - 1] if k else 0),
                "mean": round(float(col.mean()), 6),
                "lower_95": float(np.percentile(col, 2.5)),
                "upper_95": float(np.percentile(col, 97.5)),
            }
        )
    return pd.DataFrame(rows)
