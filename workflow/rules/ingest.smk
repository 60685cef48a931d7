rule ingest_transcript:
    """Parse one raw transcript into speaker turns (private zone; the raw file is only read)."""
    input:
        library=LIBRARY,
        raw=raw_transcript,
    output:
        f"{PRIVATE}/turns/{{transcript}}.json",
    log:
        f"{PRIVATE}/logs/ingest/{{transcript}}.log",
    conda:
        "../../environment.yml"
    params:
        # config labels + the register's interviewers, read once per run (common.smk): a params
        # change re-runs ingest, a new person in the register does not
        interviewer_labels=INTERVIEWER_LABELS,
    script:
        "../../scripts/ingest.py"
