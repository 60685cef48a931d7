"""Snakemake adapter: the chosen K's topic prevalence by site and group and covariate effects,
with intervals."""

import sys

from coprod.cache import ContentCache
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import (
    final_fit,
    prevalence_by,
    prevalence_effects,
    topic_tables,
)


def main():
    p, i, out = snakemake.params.topics, snakemake.input, snakemake.output
    segments = read_tsv(i.segments)
    _, _, ids, prep, fit = final_fit(
        i.corpus, i.diagnostics, p, ContentCache(snakemake.params.cache), sys.stderr
    )
    _, doc_topics, _ = topic_tables(ids, fit.topic_term, fit.doc_topic, prep, p["n_top_words"])
    draws, seed = p["bootstrap"], p["seed"]
    if out.get("by_site"):  # a study with sites
        write_tsv(
            prevalence_by(doc_topics, fit.doc_counts, fit.alpha, segments, "site_id", draws, seed),
            out.by_site,
        )
    write_tsv(
        prevalence_by(doc_topics, fit.doc_counts, fit.alpha, segments, "group", draws, seed), out.by_group
    )
    effects = prevalence_effects(
        doc_topics, fit.doc_counts, fit.alpha, segments, p["prevalence_covariates"], draws, seed
    )
    write_tsv(effects, out.effects)


run(snakemake, main)
