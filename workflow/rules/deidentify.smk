# De-identification, the only door from private to shareable, in two steps:
#   deidentify_corpus      every transcript at once: detection, names propagated across the
#                          corpus, pseudonyms from the one key in document order -> one private
#                          plan (offsets and labels) per ingest chunk, the review log, the summary;
#   deidentify_chunk_NNN   one per ingest chunk: publishes its transcripts by its plan.
# Per-chunk outputs keep Snakemake's own records small: one corpus job owning all 2N published
# files cost 128 of its 148 s and 355 MB of .snakemake/metadata at 1,000 transcripts (issue 17).
# The corpus step is a checkpoint: Snakemake looks again at the chunk jobs once it has run, and a
# chunk whose plan came out byte-identical (adding a transcript leaves the other chunks' plans
# alone unless a pseudonym or decision they use changed) is not published again (issue 27).
PLANS = {c: f"{PRIVATE}/deidentify/plans/{c:03d}.json" for c in CHUNKS}


checkpoint deidentify_corpus:
    """Detect identifiers everywhere and assign pseudonyms with one key; plan every chunk."""
    input:
        library=library("deidentify.py"),
        turns=expand(f"{PRIVATE}/turns/{{t}}.json", t=IDS),
        register=REGISTER,
        participants=PARTICIPANTS,
        # the researcher's review decisions (keep | replace, once per form), when recorded
        decisions=decisions_input,
        # touched when an allow-list edit changes what the corpus can meet (common.smk)
        allow=ALLOW_FILE,
    output:
        plans=list(PLANS.values()),
        summary=f"{RESULTS}/deidentified/summary.tsv",
        review=f"{PRIVATE}/review/replacements.tsv",
        key_used=f"{PRIVATE}/key/key_used.json",
    log:
        f"{PRIVATE}/logs/deidentify.log",
    conda:
        "../../environment.yml"
    # the transcripts the detection cache cannot serve (every one, cold; from 32 of them) are
    # detected in `workers` forked processes (coprod.privacy.deidentify._detect_all; the same
    # plans with one): the whole chain waits for this job. On two cores or fewer it takes one
    # core slot (common.smk, FEW_CORES), as the assistant does: a two-thread job waits for both
    # cores to be free, and below 32 transcripts to detect (every edit of a small study) it runs
    # in one process anyway
    threads: 1 if FEW_CORES else 2
    resources:
        # one with --cores 1
        workers=min(2, RUN_CORES or 2),
    params:
        key=f"{PRIVATE}/key/pseudonym_key.json",
        decisions=DECISIONS,
        # every setting but the allow-list, which is read from ALLOW_NOW (common.smk)
        settings={k: v for k, v in CFG["deidentify"].items() if k != "allow"},
        allow=ALLOW_NOW,
        allow_used=ALLOW_USED,
        chunks=[CHUNKS[c] for c in PLANS],
        # per-transcript detection reused by content (coprod.privacy.detection_cache): spans of
        # original text, so in the private zone
        cache=f"{PRIVATE}/cache/deidentify",
    script:
        "../../scripts/deidentify.py"


for _chunk, _ids in CHUNKS.items():

    rule:
        name:
            f"deidentify_chunk_{_chunk:03d}"
        input:
            library=library("deidentify_chunk.py"),
            plan=PLANS[_chunk],
            turns=[f"{PRIVATE}/turns/{t}.json" for t in _ids],
        output:
            txt=[f"{RESULTS}/deidentified/{t}.txt" for t in _ids],
            json=[f"{RESULTS}/deidentified/{t}.json" for t in _ids],
        log:
            f"{PRIVATE}/logs/deidentify_chunks/{_chunk:03d}.log",
        conda:
            "../../environment.yml"
        script:
            "../../scripts/deidentify_chunk.py"


# A checkpoint so Snakemake looks again once it has run (like code_segments, coding.smk): an edit
# that changes no measured figure (a sentence with no identifier) leaves write_deid_statements,
# whose other input (the replacement counts) comes out byte-identical too, alone. A light job (a
# small table from the gold file and the review log): it runs in the Snakemake process (common.smk,
# script_file).
checkpoint evaluate_deidentification:
    """Recall/precision against the gold identifiers (only when corpus.gold is set)."""
    input:
        library=library("evaluate_deidentification.py"),
        script=script_file("evaluate_deidentification.py"),
        turns=expand(f"{PRIVATE}/turns/{{t}}.json", t=IDS),
        review=f"{PRIVATE}/review/replacements.tsv",
        txt=deidentified("txt"),
        gold=GOLD or [],
    output:
        f"{RESULTS}/deidentified/evaluation.tsv",
    log:
        f"{PRIVATE}/logs/evaluate_deidentification.log",
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


rule evaluate_deidentification_heldout:
    """Recall/precision on the sets the detectors were not tuned on (deidentify.heldout)."""
    input:
        library=library("evaluate_deidentification_heldout.py"),
        sets=HELDOUT_FILES,
    output:
        f"{RESULTS}/deidentified/evaluation_heldout.tsv",
    log:
        "logs/evaluate_deidentification_heldout.log",
    conda:
        "../../environment.yml"
    params:
        sets=CFG["deidentify"]["heldout"],
        dates=CFG["deidentify"]["dates"],
    script:
        "../../scripts/evaluate_deidentification_heldout.py"


rule write_deid_statements:
    """What the manuscript may say about de-identification, written by this stage: the
    replacements per type, the figures against the gold annotations ('not measured' without
    them) and on the held-out sets, the evaluation table and the held-out paragraph."""
    input:
        library=library("deid_statements.py"),
        summary=rules.deidentify_corpus.output.summary,
        evaluation=rules.evaluate_deidentification.output[0] if GOLD else [],
        heldout=(
            rules.evaluate_deidentification_heldout.output[0]
            if CFG["deidentify"]["heldout"]
            else []
        ),
    output:
        statements=DEID_STATEMENTS,
        fragments=DEID_FRAGMENTS,
    log:
        "logs/deid_statements.log",
    conda:
        "../../environment.yml"
    params:
        # the held-out sets' names and what each measures (the paragraph names them)
        heldout=CFG["deidentify"]["heldout"],
    script:
        "../../scripts/deid_statements.py"
