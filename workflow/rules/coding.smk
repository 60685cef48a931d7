rule code_segments:
    """Apply the codebook's keyword rules; write coded segments, matrices, co-occurrence, exemplars."""
    input:
        segments=f"{RESULTS}/segments.tsv",
        codebook=CFG["coding"]["codebook"],
        participants=PARTICIPANTS,
    output:
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        by_participant=f"{RESULTS}/coding/code_by_participant.tsv",
        by_site=f"{RESULTS}/coding/code_by_site.tsv",
        by_group=f"{RESULTS}/coding/code_by_group.tsv",
        summary=f"{RESULTS}/coding/code_summary.tsv",
        cooccurrence=f"{RESULTS}/coding/cooccurrence.tsv",
        exemplars=f"{RESULTS}/coding/exemplars.tsv",
    log:
        "logs/coding.log",
    conda:
        "../../environment.yml"
    params:
        exemplars=CFG["coding"]["exemplars"],
    script:
        "../../scripts/coding.py"


rule saturation_curve:
    """Cumulative new codes per interview, bootstrapped over interview order."""
    input:
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        stats=f"{RESULTS}/descriptives/transcripts.tsv",
    output:
        f"{RESULTS}/coding/saturation.tsv",
    log:
        "logs/saturation.log",
    conda:
        "../../environment.yml"
    params:
        saturation=CFG["coding"]["saturation"],
    script:
        "../../scripts/saturation.py"
