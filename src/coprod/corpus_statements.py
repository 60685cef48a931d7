"""What the manuscript may say about the corpus, written by the segment stage itself.

The statements rule `write_corpus_statements` turns the stage's own files (descriptives/
transcripts.tsv: one row per transcript with its group, site, format and word counts;
segments.tsv) into results/descriptives/manuscript.yml and results/descriptives/fragments/corpus.md:

    numbers    every figure the manuscript prints about the corpus, as printed
    sentences  generated sentences printed as variables (none)
    fragments  corpus.md (transcripts and words per group, and per site when the study has
               sites), with the condition that chose its columns

The manuscript only assembles them (coprod.manuscript.stage_variables).
"""

from __future__ import annotations

import pandas as pd

from .mdtext import count, indefinite_article, md_table, words_for

FRAGMENTS = ("corpus.md",)


def has_sites(stats: pd.DataFrame) -> bool:
    """A study without sites (no site_id column in the participants sheet) has empty site ids:
    no per-site column, figure or sentence."""
    return bool(stats.site_id.astype(str).ne("").any())


def corpus_numbers(
    stats: pd.DataFrame, segments: pd.DataFrame, name: str, description: str, min_words: int, site_group: str
) -> dict:
    """The corpus's figures: transcripts, participants, sites (those of `manuscript.site_group`,
    "" = every site id), groups, words, formats and segments."""
    in_sites = stats[stats.group == site_group] if site_group else stats
    in_sites = in_sites[in_sites.site_id.astype(str) != ""]
    sites = has_sites(stats)
    return {
        "name": name,
        "description": description,
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
        "segment_min_words": int(min_words),
    }


def corpus_table(stats: pd.DataFrame) -> str:
    """Transcripts and words per group (and site, when the study has sites)."""
    sites = has_sites(stats)
    by = ["group", "site_id"] if sites else ["group"]
    corpus = (
        stats.groupby(by, sort=True)
        .agg(transcripts=("transcript_id", "count"), words=("words", "sum"))
        .reset_index()
    )
    corpus["words"] = corpus.words.map(lambda n: f"{int(n):,}")
    corpus.columns = ["Group", "Site", "Transcripts", "Words"][: len(by)] + ["Transcripts", "Words"]
    return md_table(corpus, "llrr" if sites else "lrr")


def corpus_statements(
    stats: pd.DataFrame, segments: pd.DataFrame, name: str, description: str, min_words: int, site_group: str
) -> tuple[dict, dict[str, str]]:
    """(the stage's statements for results/descriptives/manuscript.yml, {fragment: Markdown}).

    `name`, `description`: `corpus.name` and `corpus.description`; `min_words`:
    `segment.min_words`; `site_group`: `manuscript.site_group`."""
    statements = {
        "numbers": corpus_numbers(stats, segments, name, description, min_words, site_group),
        "sentences": {},
        "fragments": {
            "corpus.md": "the participants sheet has site ids: per group and site"
            if has_sites(stats)
            else "no site ids in the participants sheet: per group only"
        },
    }
    return statements, {"corpus.md": corpus_table(stats)}
