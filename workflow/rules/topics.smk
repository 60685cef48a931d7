from coprod.topics import word_list_files

TOPICS = CFG["topics"]


# Gibbs sampler settings (coprod.topics.fit_from_config)
SAMPLER = ("max_iter", "alpha", "eta", "samples", "thin", "progress_every")
# What the final model is fitted on and how the others are inferred (coprod.topics.final_fit)
FINAL = ("fit_max_segments", "infer_iter")
# Fits reused by content (coprod.topics.fit_cached): the same documents, K, seed and sampler
# settings are never fitted twice. Private zone (a reviewer's rebuild: Snakemake's own folder).
TOPIC_CACHE = os.path.join(".snakemake" if REVIEW else PRIVATE, "cache", "topics")
# One Snakemake job per (K, seed): fits cache, re-run alone, and spread over cores or a cluster.
# The grid is topics.k_grid, or with k_grid: auto the one the checkpoint derive_topic_grid derives
# from the screened corpus (common.smk: topic_fits).


# A checkpoint so Snakemake looks again once it has run: when the prepared corpus comes out
# byte-identical (an edit that changes no modelled segment: a short turn, an allow entry that
# matches nothing), the K search's fit jobs see an input with its recorded checksum and are
# not started at all.
checkpoint prepare_topics:
    """Screen segments (language per turn, greetings/sign-offs, length) and build the vocabulary."""
    input:
        library=library("topics_prepare.py"),
        script=script_file("topics_prepare.py"),
        segments=f"{RESULTS}/segments.tsv",
        lists=word_list_files(TOPICS),
    output:
        corpus=f"{RESULTS}/topics/corpus.json",
        screening=f"{RESULTS}/topics/screening.tsv",
        summary=f"{RESULTS}/topics/screening_summary.tsv",
    log:
        "logs/topics_prepare.log",
    params:
        topics=topic_settings(
            "language",
            "languages",
            "language_min_hits",
            "stopwords_dir",
            "conversational_words",
            "signoff_words",
            "extra_stop_words",
            "min_tokens",
            "signoff_share",
            "min_df",
            "max_df",
            "collocations",
        ),
        # each turn's screening verdict, reused when its text comes back (coprod.topics.screen)
        cache=TOPIC_CACHE,
    run:
        run_inline(
            input.script,
            input,
            output,
            params,
            wildcards,
            threads,
            resources,
            log,
            rule,
            config,
        )


rule fit_topic_model:
    """One (K, seed) fit on the training split: held-out likelihood, coherence, exclusivity, top words."""
    input:
        library=library("topics_fit.py"),
        corpus=f"{RESULTS}/topics/corpus.json",
    output:
        f"{RESULTS}/topics/fits/K{{k}}_seed{{seed}}.json",
    log:
        "logs/topics/fit_K{k}_seed{seed}.log",
    wildcard_constraints:
        k=r"\d+",
        seed=r"\d+",
    conda:
        "../../environment.yml"
    params:
        topics=topic_settings(
            "seeds",
            "search_max_segments",
            "heldout_fraction",
            "n_top_words",
            "infer_iter",
            *SAMPLER,
        ),
        # one line per finished fit, appended while the search runs (docs/topics.md)
        progress="logs/topics_search.log",
        cache=TOPIC_CACHE,
    script:
        "../../scripts/topics_fit.py"


checkpoint derive_topic_grid:
    """topics.k_grid: auto — the K grid from the screened corpus: K up to sqrt(modelled segments / 2),
    vocabulary terms / n_top_words and 20; up to five values from 2 (docs/topics.md)."""
    input:
        library=library("topics_grid.py"),
        script=script_file("topics_grid.py"),
        summary=f"{RESULTS}/topics/screening_summary.tsv",
    output:
        f"{RESULTS}/topics/k_grid.json",
    log:
        "logs/topics_grid.log",
    params:
        topics=topic_settings("n_top_words"),
    run:
        run_inline(
            input.script,
            input,
            output,
            params,
            wildcards,
            threads,
            resources,
            log,
            rule,
            config,
        )


# a checkpoint like the four that follow: what reads only outputs that came out byte-identical is
# not started (coding.smk, code_segments)
checkpoint search_topics:
    """Every (K, seed) fit gathered: diagnostics per fit and seed stability per K."""
    input:
        library=library("topics_search.py"),
        script=script_file("topics_search.py"),
        fits=topic_fits,
        # what the fits were made from (not read here): a prepared corpus that comes out
        # byte-identical leaves this job alone too, not only the fits (a checkpoint looks again
        # only at the jobs that read its outputs)
        corpus=f"{RESULTS}/topics/corpus.json",
    output:
        f"{RESULTS}/topics/k_diagnostics.tsv",
    log:
        "logs/topics_search_table.log",
    run:
        run_inline(
            input.script,
            input,
            output,
            params,
            wildcards,
            threads,
            resources,
            log,
            rule,
            config,
        )


checkpoint fit_topics:
    """The chosen K: topic-term and doc-topic tables, the K summary, representative segments."""
    input:
        library=library("topics.py"),
        segments=f"{RESULTS}/segments.tsv",
        corpus=f"{RESULTS}/topics/corpus.json",
        diagnostics=f"{RESULTS}/topics/k_diagnostics.tsv",
    output:
        terms=f"{RESULTS}/topics/topic_terms.tsv",
        doc_topics=f"{RESULTS}/topics/doc_topics.tsv",
        summary=f"{RESULTS}/topics/topic_summary.tsv",
        k_summary=report(
            f"{RESULTS}/topics/k_summary.tsv",
            caption="../report/table_ksearch.rst",
            category="Tables",
        ),
        representative=f"{RESULTS}/topics/representative.tsv",
    log:
        "logs/topics.log",
    conda:
        "../../environment.yml"
    params:
        topics=topic_settings(
            "k",
            "min_stability",
            "seeds",
            "n_top_words",
            *SAMPLER,
            *FINAL,
            "representative",
        ),
        cache=TOPIC_CACHE,
    script:
        "../../scripts/topics.py"


PREVALENCE_TABLES = {
    **({"by_site": f"{RESULTS}/topics/prevalence_by_site.tsv"} if SITES else {}),
    "by_group": f"{RESULTS}/topics/prevalence_by_group.tsv",
    "effects": f"{RESULTS}/topics/prevalence_effects.tsv",
}
# the figures drawn from them in the same job (figures.smk: the table's drawn_in)
PREVALENCE_FIGURES = figure_io("topic_prevalence", PREVALENCE_TABLES.values())


checkpoint topic_prevalence:
    """The chosen K's prevalence by site (a study with sites) and group and covariate effects,
    with intervals (topics.bootstrap draws), and the prevalence figure drawn from them (its
    script, run in this job; the drawing kept by content). Its own rule, so new draws leave the
    topic tables and their figures alone; the final fit comes from the fit cache (fitted again,
    identically, if it is not there)."""
    input:
        **PREVALENCE_FIGURES["input"],
        library=library("topics_prevalence.py"),
        segments=f"{RESULTS}/segments.tsv",
        corpus=f"{RESULTS}/topics/corpus.json",
        diagnostics=f"{RESULTS}/topics/k_diagnostics.tsv",
        # after the final fit, which puts it in the cache
        doc_topics=f"{RESULTS}/topics/doc_topics.tsv",
    output:
        **PREVALENCE_TABLES,
        **PREVALENCE_FIGURES["output"],
    log:
        "logs/topics_prevalence.log",
        **PREVALENCE_FIGURES["log"],
    conda:
        "../../environment.yml"
    # the passes of draws (by site; by group with the effects) run side by side
    # (coprod.topics.prevalence_tables): the same numbers with one thread or two. Two only with
    # more than two cores: a two-thread job starts only when both cores are free, so on two it
    # waited while the other core took one job after another (the figures, the audit's early
    # scan), one core idle meanwhile
    threads: 1 if FEW_CORES else 2
    params:
        topics=topic_settings(
            "k",
            "min_stability",
            "seeds",
            "n_top_words",
            *SAMPLER,
            *FINAL,
            "bootstrap",
            "seed",
            "prevalence_covariates",
        ),
        cache=TOPIC_CACHE,
        figures=PREVALENCE_FIGURES["figures"],
        figure_cache=FIGURE_CACHE,
    script:
        "../../scripts/topics_prevalence.py"


checkpoint align_topics_codes:
    """The chosen K's topics against the codebook's codes (topic-code alignment): its own
    rule, so a codebook edit leaves the topic tables alone (final fit from the fit cache).
    """
    input:
        library=library("topics_codes.py"),
        corpus=f"{RESULTS}/topics/corpus.json",
        diagnostics=f"{RESULTS}/topics/k_diagnostics.tsv",
        doc_topics=f"{RESULTS}/topics/doc_topics.tsv",
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        # the codebook without its keyword rules (codebook_structure): a keyword edit re-runs nothing here
        codebook=rules.codebook_structure.output[0],
    output:
        f"{RESULTS}/topics/topic_code.tsv",
    log:
        "logs/topics_codes.log",
    conda:
        "../../environment.yml"
    params:
        topics=topic_settings(
            "k", "min_stability", "seeds", "n_top_words", *SAMPLER, *FINAL
        ),
        cache=TOPIC_CACHE,
    script:
        "../../scripts/topics_codes.py"


rule write_topic_statements:
    """What the manuscript may say about the topics, written by this stage: the chosen K and the
    rule that chose it, the stability verdict with its condition, every figure as printed, and
    the topic, K-search and prevalence-effect tables."""
    input:
        library=library("topic_statements.py"),
        script=script_file("topic_statements.py"),
        k_summary=f"{RESULTS}/topics/k_summary.tsv",
        screening=f"{RESULTS}/topics/screening_summary.tsv",
        effects=f"{RESULTS}/topics/prevalence_effects.tsv",
        summary=f"{RESULTS}/topics/topic_summary.tsv",
    output:
        statements=f"{RESULTS}/topics/manuscript.yml",
        fragments=expand(
            f"{RESULTS}/topics/fragments/{{f}}",
            f=["topics.md", "k_summary.md", "topic_effects.md"],
        ),
    log:
        "logs/topic_statements.log",
    params:
        # every seed: the manuscript says how many were fitted
        topics=topic_settings(
            "k",
            "model",
            "min_stability",
            "language",
            "min_tokens",
            "prevalence_covariates",
            "bootstrap",
            *SAMPLER,
            *FINAL,
        )
        | {"seeds": TOPICS["seeds"]},
    run:
        run_inline(
            input.script,
            input,
            output,
            params,
            wildcards,
            threads,
            resources,
            log,
            rule,
            config,
        )
