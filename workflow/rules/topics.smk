rule fit_topics:
    """LDA at K and seed from config over participant segments."""
    input:
        library=LIBRARY,
        segments=f"{RESULTS}/segments.tsv",
    output:
        terms=f"{RESULTS}/topics/topic_terms.tsv",
        doc_topics=f"{RESULTS}/topics/doc_topics.tsv",
        summary=f"{RESULTS}/topics/topic_summary.tsv",
    log:
        "logs/topics.log",
    conda:
        "../../environment.yml"
    params:
        topics=CFG["topics"],
    script:
        "../../scripts/topics.py"
