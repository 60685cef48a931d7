"""Analyses over coded segments: co-occurrence, exemplar quotes, saturation.

All deterministic: ties are broken by ids, resampling uses a seed from config.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

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


EXEMPLAR_COLUMNS = [
    "code_id",
    "rank",
    "segment_id",
    "participant_id",
    "site_id",
    "group",
    "n_words",
    "source",
    "text",
]

# A pseudonym placeholder the de-identification stage writes: "[Person 9]", "[Email 3]", "[HSCP C]".
PLACEHOLDER_RE = re.compile(r"\[[A-Z][A-Za-z-]*(?: [A-Za-z-]+)*(?: [0-9A-Z]+)?\]")


def placeholders(text: str) -> int:
    """Pseudonym placeholders in a segment ("[Person 9]"); bracketed cues such as "[laughs]" are not."""
    return len(PLACEHOLDER_RE.findall(str(text)))


def too_dense(text: str, n_words: int, words_per_placeholder: int) -> bool:
    """More than one placeholder per `words_per_placeholder` words: a quote a reader cannot follow."""
    if not words_per_placeholder:
        return False
    return placeholders(text) * words_per_placeholder > max(int(n_words), 1)


def exemplars(
    coded: pd.DataFrame,
    segments: pd.DataFrame,
    codes: list[str],
    per_code: int,
    min_words: int,
    max_words: int,
    words_per_placeholder: int = 0,
    chosen: dict[str, list[str]] | None = None,
    human: dict[str, set[str]] | None = None,
) -> pd.DataFrame:
    """`per_code` quotes per code, no quote used for two codes.

    First the analyst's own choices (`chosen`: code -> segment ids, in order; `source` "chosen").
    Then candidates: participant segments within the length bounds and with at most one
    pseudonym placeholder per `words_per_placeholder` words, best first: a human coded the
    segment's turn with this code (`human`: code -> segment ids; `source` "human-coded"), then
    most rule hits for this code, then fewest other codes on the segment (a quote that is mostly
    about this code), then segment id (`source` "rules"). Quotes are spread round-robin over
    sites with one per participant; when that runs out before `per_code`, the remaining best
    candidates fill the count (a participant may then be quoted twice); each round visits the
    sites in the order of their best remaining candidate. Codes with the fewest
    candidates choose first, so a scarce code is not left without quotes by a broad one. A code
    gets fewer than `per_code` quotes only when the corpus has fewer unused candidates for it
    (`exemplar_shortfall` says which).
    """
    chosen, human = chosen or {}, human or {}
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
        dense = [too_dense(t, n, words_per_placeholder) for t, n in zip(hits.text, hits.n_words, strict=True)]
        hits = hits[~pd.Series(dense, index=hits.index, dtype=bool)].copy()
        hits["others"] = hits.segment_id.map(n_codes).fillna(1).astype(int) - 1
        hits["human"] = hits.segment_id.isin(human.get(code, set())).astype(int)
        hits["source"] = ["human-coded" if h else "rules" for h in hits.human]
        hits = hits.sort_values(
            ["human", "n_hits", "others", "segment_id"], ascending=[False, False, True, True]
        )
        pool[code] = list(hits.itertuples())
    used: set[str] = set()
    chosen_by_code: dict[str, list] = {}
    for code in codes:  # the analyst's own quotes first, whatever the rules say
        rows = []
        for sid in chosen.get(code, []):
            r = seg.loc[sid]
            rows.append(
                SimpleNamespace(
                    segment_id=sid,
                    participant_id=r.participant_id,
                    site_id=r.site_id,
                    group=r.group,
                    n_words=int(r.n_words),
                    source="chosen",
                    text=r.text,
                )
            )
        chosen_by_code[code] = rows
        used |= {r.segment_id for r in rows}
    order = sorted(codes, key=lambda c: (len(pool[c]), codes.index(c)))
    for code in order:
        free = [r for r in pool[code] if r.segment_id not in used]
        by_site: dict[str, list] = {}
        for r in free:
            by_site.setdefault(r.site_id, []).append(r)
        chosen_rows = list(chosen_by_code[code])
        people = {r.participant_id for r in chosen_rows}
        rank = {r.segment_id: i for i, r in enumerate(free)}
        while len(chosen_rows) < per_code and any(by_site.values()):
            for queue in by_site.values():
                while queue and queue[0].participant_id in people:
                    queue.pop(0)
            # each round visits the sites in the order of their best remaining candidate, so a
            # human-coded quote is not passed over for a site that comes first in the alphabet
            heads = sorted((rank[q[0].segment_id], site) for site, q in by_site.items() if q)
            for _, site in heads:
                queue = by_site[site]
                while queue and queue[0].participant_id in people:
                    queue.pop(0)
                if queue and len(chosen_rows) < per_code:
                    row = queue.pop(0)
                    people.add(row.participant_id)
                    chosen_rows.append(row)
        picked = {r.segment_id for r in chosen_rows}
        chosen_rows += [r for r in free if r.segment_id not in picked][: per_code - len(chosen_rows)]
        used |= {r.segment_id for r in chosen_rows}
        chosen_by_code[code] = chosen_rows
    rows = [
        {
            "code_id": code,
            "rank": rank,
            "segment_id": r.segment_id,
            "participant_id": r.participant_id,
            "site_id": r.site_id,
            "group": r.group,
            "n_words": int(r.n_words),
            "source": r.source,
            "text": r.text,
        }
        for code in codes
        for rank, r in enumerate(chosen_by_code[code], start=1)
    ]
    return pd.DataFrame(rows, columns=EXEMPLAR_COLUMNS)


def human_coded_segments(codings: pd.DataFrame, segments: pd.DataFrame) -> dict[str, set[str]]:
    """Per code, the segments whose participant turn a human coder coded with it (any coder)."""
    seg = segments[["segment_id", "transcript_id", "turn_index"]].copy()
    seg["turn_index"] = seg.turn_index.astype(int)
    c = codings[["transcript_id", "turn_index", "code"]].copy()
    c["turn_index"] = c.turn_index.astype(int)
    c["transcript_id"] = c.transcript_id.astype(str)
    seg["transcript_id"] = seg.transcript_id.astype(str)
    merged = c.merge(seg, on=["transcript_id", "turn_index"], how="inner")
    return {code: set(g.segment_id) for code, g in merged.groupby("code")}


def check_chosen(
    chosen: list[dict], segments: pd.DataFrame, codes: list[str], where: str
) -> dict[str, list[str]]:
    """`coding.exemplars.chosen` as code -> segment ids; an unknown code or a segment id that is
    not a participant segment stops the run with one line (ids only: never transcript text)."""
    from .errors import ConfigError

    roles = dict(zip(segments.segment_id, segments.role, strict=True))
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    for entry in chosen or []:
        code = str(entry["code"])
        if code not in codes:
            raise ConfigError(
                where,
                f"coding.exemplars.chosen names code '{code}', which is not in the codebook",
                "use a code id of the codebook",
            )
        for sid in entry["segments"]:
            sid = str(sid)
            if roles.get(sid) != "participant":
                raise ConfigError(
                    where,
                    f"coding.exemplars.chosen: '{sid}' (code {code}) is not a participant segment",
                    "use a segment_id of a participant segment listed in results/segments.tsv",
                )
            if sid in seen:
                raise ConfigError(
                    where, f"coding.exemplars.chosen lists segment '{sid}' twice", "quote a segment once"
                )
            seen.add(sid)
            out.setdefault(code, []).append(sid)
    return out


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
