rule segment_turns:
    """De-identified participant turns -> the segments table and per-transcript descriptives."""
    input:
        library=library("segment.py"),
        docs=deidentified("json"),
        participants=PARTICIPANTS,
    output:
        segments=f"{RESULTS}/segments.tsv",
        stats=report(
            f"{RESULTS}/descriptives/transcripts.tsv",
            caption="../report/table_corpus.rst",
            category="Tables",
        ),
    log:
        "logs/segment.log",
    conda:
        "../../environment.yml"
    params:
        include_interviewer=CFG["segment"]["include_interviewer"],
        min_words=CFG["segment"]["min_words"],
        max_words=CFG["segment"]["max_words"],
    script:
        "../../scripts/segment.py"
