rule ingest_transcript:
    """Parse one raw transcript into speaker turns (private zone; the raw file is only read)."""
    input:
        library=LIBRARY,
        raw=raw_transcript,
        register=REGISTER,
    output:
        f"{PRIVATE}/turns/{{transcript}}.json",
    log:
        f"{PRIVATE}/logs/ingest/{{transcript}}.log",
    conda:
        "../../environment.yml"
    params:
        interviewer_labels=CFG["ingest"]["interviewer_labels"],
    script:
        "../../scripts/ingest.py"
