rule search_topics:
    """Fit every K in the grid with every seed; held-out perplexity, coherence, exclusivity, stability."""
    input:
        library=LIBRARY,
        segments=f"{RESULTS}/segments.tsv",
    output:
        f"{RESULTS}/topics/k_diagnostics.tsv",
    log:
        "logs/topics_search.log",
    conda:
        "../../environment.yml"
    threads: 8  # capped at --cores by Snakemake
    params:
        topics=CFG["topics"],
    script:
        "../../scripts/topics_search.py"


rule fit_topics:
    """The chosen K: topic-term, doc-topic, prevalence with CIs, topic-code alignment, quotes."""
    input:
        library=LIBRARY,
        segments=f"{RESULTS}/segments.tsv",
        diagnostics=f"{RESULTS}/topics/k_diagnostics.tsv",
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        codebook=CFG["coding"]["codebook"],
    output:
        terms=f"{RESULTS}/topics/topic_terms.tsv",
        doc_topics=f"{RESULTS}/topics/doc_topics.tsv",
        summary=f"{RESULTS}/topics/topic_summary.tsv",
        k_summary=report(
            f"{RESULTS}/topics/k_summary.tsv",
            caption="../report/table_ksearch.rst",
            category="Tables",
        ),
        by_site=f"{RESULTS}/topics/prevalence_by_site.tsv",
        by_group=f"{RESULTS}/topics/prevalence_by_group.tsv",
        topic_code=f"{RESULTS}/topics/topic_code.tsv",
        representative=f"{RESULTS}/topics/representative.tsv",
    log:
        "logs/topics.log",
    conda:
        "../../environment.yml"
    params:
        topics=CFG["topics"],
    script:
        "../../scripts/topics.py"
