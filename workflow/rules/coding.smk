rule code_segments:
    """Apply the codebook's keyword rules; write coded segments and code matrices."""
    input:
        segments=f"{RESULTS}/segments.tsv",
        codebook=CFG["coding"]["codebook"],
        participants=PARTICIPANTS,
    output:
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        by_participant=f"{RESULTS}/coding/code_by_participant.tsv",
        by_site=f"{RESULTS}/coding/code_by_site.tsv",
        summary=f"{RESULTS}/coding/code_summary.tsv",
    log:
        "logs/coding.log",
    conda:
        "../../environment.yml"
    script:
        "../../scripts/coding.py"
