"""Snakemake adapter: the chosen K -> topic tables, the K summary, representative segments."""

import sys

from coprod.cache import ContentCache
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import final_fit, k_scores, representative, topic_tables


def main():
    p, i, out = snakemake.params.topics, snakemake.input, snakemake.output
    segments = read_tsv(i.segments)
    k, diag, ids, prep, fit = final_fit(
        i.corpus, i.diagnostics, p, ContentCache(snakemake.params.cache), sys.stderr
    )
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
    write_tsv(terms, out.terms)
    write_tsv(doc_topics, out.doc_topics)
    write_tsv(summary, out.summary)
    write_tsv(k_summary, out.k_summary)
    write_tsv(representative(doc_topics, segments, p["representative"], 20, 90), out.representative)


run(snakemake, main)
