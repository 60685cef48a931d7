# Raw transcripts are parsed in chunks: per-job start-up stays small at 1,000 transcripts, and a
# transcript's chunk is fixed by its id (common.smk), so one new or changed transcript re-parses
# only its chunk. One rule per chunk, each with its own outputs.
for _chunk, _ids in CHUNKS.items():

    rule:
        name:
            f"ingest_chunk_{_chunk:03d}"
        input:
            library=library("ingest.py"),
            raw=[TRANSCRIPTS[t] for t in _ids],
            # config labels + the register's interviewers (common.smk; private, rewritten only
            # when they change, so a new participant in the register re-parses nothing)
            labels=LABELS_FILE,
        output:
            [f"{PRIVATE}/turns/{t}.json" for t in _ids],
        log:
            f"{PRIVATE}/logs/ingest_chunks/{_chunk:03d}.log",
        conda:
            "../../environment.yml"
        params:
            ids=_ids,
            unlabelled_role=CFG["ingest"]["unlabelled_role"],
        script:
            "../../scripts/ingest.py"
