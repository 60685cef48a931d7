"""Snakemake adapter: segments -> LDA topic-term, doc-topic and summary tables."""

from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import fit_lda, topic_tables


def main():
    p = snakemake.params.topics
    segments = read_tsv(snakemake.input.segments)
    topic_term, doc_topic, vocab = fit_lda(
        segments.text.tolist(),
        p["k"],
        p["seed"],
        p["max_iter"],
        p["min_df"],
        p["max_df"],
        p["extra_stop_words"],
    )
    terms, doc_topics, summary = topic_tables(
        segments.segment_id.tolist(), topic_term, doc_topic, vocab, p["n_top_words"]
    )
    write_tsv(terms, snakemake.output.terms)
    write_tsv(doc_topics, snakemake.output.doc_topics)
    write_tsv(summary, snakemake.output.summary)


run(snakemake, main)
