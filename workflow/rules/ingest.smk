rule ingest_transcript:
    """Parse one raw transcript into speaker turns (private zone; the raw file is only read)."""
    input:
        raw=raw_transcript,
        register=REGISTER,
    output:
        f"{PRIVATE}/turns/{{transcript}}.json",
    params:
        interviewer_labels=CFG["ingest"]["interviewer_labels"],
    log:
        f"{PRIVATE}/logs/ingest/{{transcript}}.log",
    script:
        "../../scripts/ingest.py"
