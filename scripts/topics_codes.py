"""Snakemake adapter: the chosen K's topics against the codebook's codes (topic-code alignment)."""

import sys

from coprod.cache import ContentCache
from coprod.coding import load_codebook
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import doc_topic_table, final_fit, topic_code_alignment


def main():
    p, i = snakemake.params.topics, snakemake.input
    _, _, ids, _, fit = final_fit(
        i.corpus, i.diagnostics, p, ContentCache(snakemake.params.cache), sys.stderr
    )
    doc_topics = doc_topic_table(ids, fit.doc_topic)
    _, codes = load_codebook(i.codebook)
    write_tsv(topic_code_alignment(doc_topics, read_tsv(i.coded), [c.id for c in codes]), snakemake.output[0])


run(snakemake, main)
