"""Snakemake adapter: the chosen K's topic prevalence by site and group and covariate effects,
with intervals."""

import sys

from coprod.cache import ContentCache
from coprod.figure_cache import draw_figures
from coprod.snakeutil import run
from coprod.tables import read_tsv, write_tsv
from coprod.topics import doc_topic_table, final_fit, prevalence_tables


def main():
    p, i, out = snakemake.params.topics, snakemake.input, snakemake.output
    _, _, ids, _, fit = final_fit(
        i.corpus, i.diagnostics, p, ContentCache(snakemake.params.cache), sys.stderr
    )
    doc_topics = doc_topic_table(ids, fit.doc_topic)
    by = ["site_id", "group"] if out.get("by_site") else ["group"]  # a study with sites, or not
    covariates = p["prevalence_covariates"]
    # the columns the tables read, not the segments' texts
    segments = read_tsv(i.segments, columns=["segment_id", "participant_id", *by, *covariates])
    # one pass of draws per covariate resampled within (the group table and the effects share theirs)
    # (side by side in the job's threads: the same numbers)
    draws, seed, workers = p["bootstrap"], p["seed"], snakemake.threads
    levels, effects = prevalence_tables(
        doc_topics, fit.doc_counts, fit.alpha, segments, by, covariates, draws, seed, workers
    )
    if out.get("by_site"):
        write_tsv(levels["site_id"], out.by_site)
    write_tsv(levels["group"], out.by_group)
    write_tsv(effects, out.effects)
    # the figures of these tables (figures.smk, drawn_in), from the files just written
    draw_figures(snakemake)


run(snakemake, main)
