"""Snakemake adapter: the chosen K -> topic tables, prevalence and covariate effects with intervals,
topic-code alignment, representative segments."""

import sys

import pandas as pd

from coprod.coding import load_codebook
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import (
    choose_k,
    fit_from_config,
    k_scores,
    load_prepared,
    prevalence_by,
    prevalence_effects,
    representative,
    topic_code_alignment,
    topic_tables,
)


def main():
    p, i, out = snakemake.params.topics, snakemake.input, snakemake.output
    segments = read_tsv(i.segments)
    diag = pd.read_csv(i.diagnostics, sep="\t")
    k = choose_k(diag, p["min_stability"]) if p["k"] == "auto" else int(p["k"])
    ids, prep = load_prepared(i.corpus)
    print(f"final fit: K={k} seed={p['seeds'][0]} on {len(ids)} segments", file=sys.stderr, flush=True)
    fit = fit_from_config(prep.docs, prep.vocab, k, p["seeds"][0], p, log=sys.stderr, label=f"final K={k} ")
    terms, doc_topics, summary = topic_tables(ids, fit.topic_term, fit.doc_topic, prep, p["n_top_words"])
    by = k_scores(diag, p["min_stability"]).reset_index()
    k_summary = by[
        [
            "k",
            "heldout_perplexity",
            "umass",
            "npmi",
            "exclusivity",
            "stability",
            "heldout_loglik",
            "score",
            "eligible",
        ]
    ].copy()
    k_summary["chosen"] = k_summary.k == k
    k_summary["rule"] = "auto" if p["k"] == "auto" else "fixed in config"
    k_summary["min_stability"] = p["min_stability"]
    k_summary["stable"] = k_summary.stability >= p["min_stability"]
    _, codes = load_codebook(i.codebook)
    draws, seed = p["bootstrap"], p["seed"]
    write_tsv(terms, out.terms)
    write_tsv(doc_topics, out.doc_topics)
    write_tsv(summary, out.summary)
    write_tsv(k_summary, out.k_summary)
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
    write_tsv(topic_code_alignment(doc_topics, read_tsv(i.coded), [c.id for c in codes]), out.topic_code)
    write_tsv(representative(doc_topics, segments, p["representative"], 20, 90), out.representative)


run(snakemake, main)
