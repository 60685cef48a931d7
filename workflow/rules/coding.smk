# code_segments, saturation_curve and assess_reliability (and in topics.smk search_topics, fit_topics,
# topic_prevalence, align_topics_codes) are checkpoints only so Snakemake looks again once each has
# run: a job that reads only outputs that came out byte-identical (a transcript edit that changes no
# code's matrix, a keyword that fires nowhere new) sees inputs with their recorded checksums and is
# not started at all, instead of re-running everything downstream by time.
# The codebook without its keyword rules (coprod.codebook_view): what reliability, the topic-code
# alignment, the REFI-QDA export, the codes' statements and the reporting checklists read. A
# checkpoint: a keyword edit writes it byte-identical, and then none of them is started.
checkpoint codebook_structure:
    """The codebook's themes, codes, labels and definitions, without the rules that apply them."""
    input:
        library=library("codebook_structure.py"),
        script=script_file("codebook_structure.py"),
        codebook=CFG["coding"]["codebook"],
    output:
        f"{RESULTS}/coding/codebook_structure.yaml",
    log:
        "logs/codebook_structure.log",
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


checkpoint code_segments:
    """Apply the codebook's keyword rules: coded segments, matrices, co-occurrence, exemplars, keyword report."""
    input:
        library=library("coding.py"),
        script=script_file("coding.py"),
        segments=rules.segment_turns.output.segments,
        codebook=CFG["coding"]["codebook"],
        # not read: it orders the two checkpoints. Snakemake looks again at a checkpoint's direct
        # readers only, and keeps the first plan of a reader two steps below one that did not
        # run; with the view written first, this job's end looks again at reliability, the
        # alignment and their readers (all direct readers of this job) together
        view=rules.codebook_structure.output[0],
        participants=PARTICIPANTS,
        # human codings: quotes a human coded with the code are preferred
        human=HUMAN_FILES,
        sample=CFG["coding"]["human_sample"] or [],
    output:
        # a study without sites (no site_id column) gets no per-site table
        **({"by_site": f"{RESULTS}/coding/code_by_site.tsv"} if SITES else {}),
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        keywords=f"{RESULTS}/coding/keyword_report.tsv",
        by_participant=f"{RESULTS}/coding/code_by_participant.tsv",
        by_group=f"{RESULTS}/coding/code_by_group.tsv",
        summary=report(
            f"{RESULTS}/coding/code_summary.tsv",
            caption="../report/table_codes.rst",
            category="Tables",
        ),
        cooccurrence=f"{RESULTS}/coding/cooccurrence.tsv",
        # code_id, theme_id, label (the summary's first columns): what the figures read, so a
        # transcript edit that changes only the counts redraws no figure (code_segments is a
        # checkpoint: a reader of byte-identical outputs is not started)
        labels=f"{RESULTS}/coding/code_labels.tsv",
        exemplars=f"{RESULTS}/coding/exemplars.tsv",
    log:
        "logs/coding.log",
    params:
        exemplars=CFG["coding"]["exemplars"],
        coders=HUMAN_CODERS,
        configfile=CONFIG_PATH,
        # each code's keyword hits in each transcript reused by the code's rules and the segments' texts
        # (coprod.coding): kept in the private zone with the other caches (a reviewer rebuilding
        # from the archive has no private zone: there it is Snakemake's own folder)
        cache=os.path.join(".snakemake" if REVIEW else PRIVATE, "cache", "coding"),
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


checkpoint saturation_curve:
    """New codes and new code pairs per interview, bootstrapped over interview order."""
    input:
        library=library("saturation.py"),
        script=script_file("saturation.py"),
        coded=rules.code_segments.output.coded,
        stats=rules.segment_turns.output.stats,
    output:
        f"{RESULTS}/coding/saturation.tsv",
    log:
        "logs/saturation.log",
    params:
        saturation=CFG["coding"]["saturation"],
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


checkpoint assess_reliability:
    """Inter-coder reliability (alpha for any number of coders, kappa for two) from coder files and
    coded REFI-QDA projects, and the rule coder against the human consensus."""
    input:
        library=library("reliability.py"),
        script=script_file("reliability.py"),
        human=HUMAN_FILES,
        sample=CFG["coding"]["human_sample"] or [],
        coded=rules.code_segments.output.coded,
        segments=rules.segment_turns.output.segments,
        # the codebook without its keyword rules (codebook_structure): a keyword edit re-runs nothing here
        codebook=rules.codebook_structure.output[0],
        qdpx=CFG["coding"]["human_qdpx"],
        docs=deidentified("json") if CFG["coding"]["human_qdpx"] else [],
        txt=deidentified("txt") if CFG["coding"]["human_qdpx"] else [],
    output:
        reliability=report(
            f"{RESULTS}/coding/reliability.tsv",
            caption="../report/table_reliability.rst",
            category="Tables",
        ),
        auto=f"{RESULTS}/coding/auto_vs_human.tsv",
    log:
        "logs/reliability.log",
    params:
        coders=HUMAN_CODERS,
        consensus=CFG["coding"]["consensus"],
        reliability=CFG["coding"]["reliability"],
        validation=CFG["coding"]["validation"],
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


rule write_coding_statements:
    """What the manuscript may say about each code: its figures, the verdicts they support under
    coding.claims (prominent, widespread, thin, group differences, agreement with the human
    consensus) and the sentences saying so, each with the condition that produced it."""
    input:
        library=library("coding_statements.py"),
        script=script_file("coding_statements.py"),
        codes=rules.code_segments.output.summary,
        coded=rules.code_segments.output.coded,
        segments=rules.segment_turns.output.segments,
        auto=rules.assess_reliability.output.auto if HUMAN_FILES else [],
        reliability=rules.assess_reliability.output.reliability if HUMAN_FILES else [],
    output:
        f"{RESULTS}/coding/manuscript.yml",
    log:
        "logs/coding_statements.log",
    params:
        claims=CFG["coding"]["claims"],
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


rule write_codes_statements:
    """What the manuscript may say about the codes: the coding figures and each code's counts,
    the codes table, the per-site figure, the findings (each code's claims, as
    write_coding_statements judged them, and its quotes) and the claims' summary."""
    input:
        library=library("codes_statements.py"),
        script=script_file("codes_statements.py"),
        codes=rules.code_segments.output.summary,
        coded=rules.code_segments.output.coded,
        exemplars=rules.code_segments.output.exemplars,
        segments=rules.segment_turns.output.segments,
        stats=rules.segment_turns.output.stats,
        # the codebook without its keyword rules (codebook_structure): a keyword edit re-runs nothing here
        codebook=rules.codebook_structure.output[0],
        claims=rules.write_coding_statements.output[0],
    output:
        statements=f"{RESULTS}/coding/codes_manuscript.yml",
        # one fragment per code (quotes/<code>.md, claims/<code>.md): the codebook decides how many
        fragments=directory(f"{RESULTS}/coding/codes_fragments"),
    log:
        "logs/codes_statements.log",
    params:
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


rule write_saturation_statements:
    """What the manuscript may say about saturation: interviews until 90% of the codes (and of
    the code pairs) had appeared, and the sentence saying so, or that saturation does not apply.
    """
    input:
        library=library("saturation_statements.py"),
        script=script_file("saturation_statements.py"),
        saturation=rules.saturation_curve.output[0],
    output:
        statements=f"{RESULTS}/coding/saturation_manuscript.yml",
    log:
        "logs/saturation_statements.log",
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


rule write_reliability_statements:
    """What the manuscript may say about reliability: the coders, the sample and its selection,
    alpha pooled over the estimable codes with its interval, the codes not estimable (named, left
    out of the counts), the keyword rules on the evaluation part; the table and the paragraph.
    """
    input:
        library=library("reliability_statements.py"),
        script=script_file("reliability_statements.py"),
        codes=rules.code_segments.output.summary,
        reliability=rules.assess_reliability.output.reliability if HUMAN_FILES else [],
        auto=rules.assess_reliability.output.auto if HUMAN_FILES else [],
        # the human codings must be of this corpus (checked against its transcripts)
        stats=rules.segment_turns.output.stats,
        human_sample=(
            CFG["coding"]["human_sample"]
            if HUMAN_FILES and CFG["coding"]["human_sample"]
            else []
        ),
    output:
        statements=f"{RESULTS}/coding/reliability_manuscript.yml",
        fragments=expand(
            f"{RESULTS}/coding/fragments/{{f}}",
            f=["reliability.md", "reliability_section.md"],
        ),
    log:
        "logs/reliability_statements.log",
    params:
        validation=CFG["coding"]["validation"],
        sample_method=CFG["coding"]["human_sample_method"],
        # the coders are said to be synthetic, like the corpus
        synthetic=CFG["study"]["synthetic"],
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


rule train_supervised:
    """TF-IDF + logistic regression per code from the human consensus; CV F1; suggestions."""
    input:
        library=library("supervised.py"),
        human=HUMAN_FILES,
        sample=CFG["coding"]["human_sample"] or [],
        segments=rules.segment_turns.output.segments,
        codebook=CFG["coding"]["codebook"],
    output:
        cv=f"{RESULTS}/coding/supervised_cv.tsv",
        predictions=f"{RESULTS}/coding/supervised_predictions.tsv",
    log:
        "logs/supervised.log",
    conda:
        "../../environment.yml"
    params:
        coders=HUMAN_CODERS,
        consensus=CFG["coding"]["consensus"],
        supervised=CFG["coding"]["supervised"],
    script:
        "../../scripts/supervised.py"


rule coding_assistant:
    """Offline coding assistant: per code, the rules or a TF-IDF model (or both) chosen by
    cross-validation grouped by transcript against the human consensus; scores for every
    participant turn; held-out agreement beside the rules and the humans."""
    input:
        library=library("assistant.py"),
        human=HUMAN_FILES,
        sample=CFG["coding"]["human_sample"] or [],
        segments=rules.segment_turns.output.segments,
        codebook=CFG["coding"]["codebook"],
        qdpx=CFG["coding"]["human_qdpx"],
        docs=deidentified("json"),
        txt=deidentified("txt") if CFG["coding"]["human_qdpx"] else [],
    output:
        suggestions=f"{RESULTS}/coding/assistant.tsv",
        per_code=f"{RESULTS}/coding/assistant_per_code.tsv",
        manuscript=f"{RESULTS}/coding/assistant_manuscript.yml",
        table=f"{RESULTS}/coding/assistant_table.md",
    log:
        "logs/assistant.log",
    conda:
        "../../environment.yml"
    # the selection's outer folds run side by side in `workers` forked processes
    # (coprod.assistant_cache.select_cached): the same results with one or two. On two cores or
    # fewer the job takes one core (common.smk, FEW_CORES): as a two-thread job it waited for
    # both cores to be free, after a transcript edit 47 s under load while the other core took
    # the figures, statements and the residual report one after another, and the manuscript
    # waited for it; its selection, when it must choose again (cold, a codebook edit), still
    # runs two workers, which share the cores with the job beside it for those few seconds
    threads: 1 if FEW_CORES else 2
    resources:
        # one with --cores 1
        workers=min(2, RUN_CORES or 2),
    params:
        coders=HUMAN_CODERS,
        consensus=CFG["coding"]["consensus"],
        reliability=CFG["coding"]["reliability"],
        assistant=CFG["coding"]["assistant"],
        # the selection reused while the coded units, codebook and settings are unchanged
        # (coprod.assistant_cache; private zone, a reviewer's rebuild: Snakemake's own folder)
        cache=os.path.join(".snakemake" if REVIEW else PRIVATE, "cache", "assistant"),
    script:
        "../../scripts/assistant.py"


rule write_assistant_statements:
    """What the manuscript may say about the coding assistant: its sentences and per-code table
    as it wrote them (with human codings), or the one sentence saying it was not trained.
    """
    input:
        library=library("assistant_statements.py"),
        script=script_file("assistant_statements.py"),
        assistant=rules.coding_assistant.output.manuscript if HUMAN_FILES else [],
        table=rules.coding_assistant.output.table if HUMAN_FILES else [],
    output:
        statements=f"{RESULTS}/coding/assistant_section_manuscript.yml",
        fragments=[f"{RESULTS}/coding/fragments/assistant_section.md"],
    log:
        "logs/assistant_statements.log",
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


rule export_refiqda:
    """The de-identified corpus and all codings as REFI-QDA (.qdpx project, .qdc codebook)."""
    input:
        library=library("export_refiqda.py"),
        script=script_file("export_refiqda.py"),
        txt=deidentified("txt"),
        coded=rules.code_segments.output.coded,
        segments=rules.segment_turns.output.segments,
        # the codebook without its keyword rules (codebook_structure): a keyword edit re-runs nothing here
        codebook=rules.codebook_structure.output[0],
        human=HUMAN_FILES,
        sample=CFG["coding"]["human_sample"] or [],
        assistant=(
            rules.coding_assistant.output.suggestions
            if HUMAN_FILES or CFG["coding"]["human_qdpx"]
            else []
        ),
    output:
        qdpx=f"{RESULTS}/coding/project.qdpx",
        qdc=f"{RESULTS}/coding/codebook.qdc",
    log:
        "logs/export_refiqda.log",
    params:
        coders=HUMAN_CODERS,
        name=CFG["corpus"]["name"],
        epoch=CFG["manuscript"]["source_date_epoch"],
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
