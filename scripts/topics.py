"""Snakemake adapter: the chosen K -> topic tables, prevalence with CIs, topic-code alignment."""

import pandas as pd

from coprod.coding import load_codebook
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import (
    choose_k,
    fit,
    prepare_from_config,
    prevalence_by,
    representative,
    topic_code_alignment,
    topic_tables,
)


def main():
    p, i, out = snakemake.params.topics, snakemake.input, snakemake.output
    segments = read_tsv(i.segments)
    diag = pd.read_csv(i.diagnostics, sep="\t")
    k = choose_k(diag) if p["k"] == "auto" else int(p["k"])
    prep = prepare_from_config(segments.text.tolist(), p)
    topic_term, doc_topic, _ = fit(prep.X, p["model"], k, p["seeds"][0], p["max_iter"])
    terms, doc_topics, summary = topic_tables(
        segments.segment_id.tolist(), topic_term, doc_topic, prep, p["n_top_words"]
    )
    k_summary = diag.groupby("k")[["heldout_perplexity", "umass", "npmi", "exclusivity", "stability"]].mean()
    k_summary = k_summary.reset_index()
    k_summary["chosen"] = k_summary.k == k
    k_summary["rule"] = "auto" if p["k"] == "auto" else "fixed in config"
    _, codes = load_codebook(i.codebook)
    write_tsv(terms, out.terms)
    write_tsv(doc_topics, out.doc_topics)
    write_tsv(summary, out.summary)
    write_tsv(k_summary, out.k_summary)
    write_tsv(prevalence_by(doc_topics, segments, "site_id", p["bootstrap"], p["seed"]), out.by_site)
    write_tsv(prevalence_by(doc_topics, segments, "group", p["bootstrap"], p["seed"]), out.by_group)
    write_tsv(topic_code_alignment(doc_topics, read_tsv(i.coded), [c.id for c in codes]), out.topic_code)
    write_tsv(representative(doc_topics, segments, p["representative"], 20, 90), out.representative)


run(snakemake, main)
