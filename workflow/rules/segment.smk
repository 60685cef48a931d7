rule segment_turns:
    """De-identified participant turns -> the segments table and per-transcript descriptives."""
    input:
        library=library("segment.py"),
        script=script_file("segment.py"),
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
    params:
        include_interviewer=CFG["segment"]["include_interviewer"],
        min_words=CFG["segment"]["min_words"],
        max_words=CFG["segment"]["max_words"],
        # the sentence windows of long turns reused by their text (coprod.segment.WindowCache):
        # in the private zone with the other caches (a reviewer's rebuild: Snakemake's own folder)
        cache=os.path.join(".snakemake" if REVIEW else PRIVATE, "cache", "segment"),
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


rule write_corpus_statements:
    """What the manuscript may say about the corpus, written by this stage: transcripts,
    participants, sites, groups, words, formats and segments as printed, and the corpus table.
    """
    input:
        library=library("corpus_statements.py"),
        script=script_file("corpus_statements.py"),
        stats=rules.segment_turns.output.stats,
        segments=rules.segment_turns.output.segments,
    output:
        statements=f"{RESULTS}/descriptives/manuscript.yml",
        fragments=expand(f"{RESULTS}/descriptives/fragments/{{f}}", f=["corpus.md"]),
    log:
        "logs/corpus_statements.log",
    params:
        name=CFG["corpus"]["name"],
        description=CFG["corpus"]["description"],
        min_words=CFG["segment"]["min_words"],
        # the group whose site ids are the study's sites ("" = every site id)
        site_group=CFG["manuscript"]["site_group"],
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
