# Most of what the audit reads exists long before the manuscript: the published transcripts and
# the segment, coding and project-export tables built from them. Their scan runs as soon as they
# are written, beside the topic model and the manuscript, instead of after the render at the end
# of the chain. It decides nothing: audit_shareable scans every shareable file again or reuses
# these scans from the private cache under its own rules (the same bytes, values and code; the
# manuscript's byline and cited authors, allowed only there, re-checked word by word), so its
# report is a full scan's (coprod.privacy.audit.scan_ahead).
# The residual-risk report (name-like forms left in the published transcripts: a function of them
# alone) is written by the same job, before its scan: it was a rule of its own, one more process
# (start-up and the audit package's imports, about a CPU second) after every edit of the
# transcripts or of an allow-list, which re-run both. Its forms are reused per published file
# from its own cache, so an edit that re-runs this job for the tables alone (a codebook keyword)
# reads no reference list for it.
rule audit_corpus:
    """The residual-risk report (private; counts on the terminal) and the audit's scan of the
    published transcripts and their tables, kept for audit_shareable."""
    input:
        library=library("audit_corpus.py"),
        txt=deidentified("txt"),
        json=deidentified("json"),
        summary=rules.deidentify_corpus.output.summary,
        segments=rules.segment_turns.output,
        coding=rules.code_segments.output,
        refiqda=rules.export_refiqda.output,
        key=f"{PRIVATE}/key/key_used.json",
        review=f"{PRIVATE}/review/replacements.tsv",
        register=REGISTER,
        decisions=decisions_input,
        # the manuscript's bibliography (the render copies it): its authors are allowed here
        # as in the final audit, which then has no cited name to look for again
        bibliography=f"{CFG['manuscript']['source_dir']}/references.bib",
    output:
        # how many of those files were scanned, and the hits among them (beside the cache it
        # filled; the audit's hit report in private/audit/ is the final audit's)
        scanned=f"{PRIVATE}/cache/corpus_scan.tsv",
        # name-like forms left in the published transcripts, with counts, context and decisions
        residual=f"{PRIVATE}/audit/residual.tsv",
    log:
        f"{PRIVATE}/logs/audit_corpus.log",
    conda:
        "../../environment.yml"
    params:
        # the results folder (file names are scanned below it, as audit_shareable does): the one
        # above the published transcripts' folder
        root=lambda wildcards, input: os.path.dirname(os.path.dirname(input.txt[0])),
        # audit_shareable's settings that a scan reads
        allow=CFG["audit"]["allow"] + CFG["deidentify"]["allow"],
        reference_dir=CFG["deidentify"]["reference_dir"],
        languages=CFG["deidentify"].get("languages", ["en"]),
        decisions=DECISIONS,
        # audit_shareable's cache: the scans kept for it
        cache=f"{PRIVATE}/cache/audit",
        # each published file's residual candidates reused by its text
        # (coprod.privacy.audit.residual): original-looking forms, so in the private zone
        residual_cache=f"{PRIVATE}/cache/residual",
    script:
        "../../scripts/audit_corpus.py"


rule audit_shareable:
    """Fail the build if any original identifier appears in any shareable file."""
    input:
        library=library("audit.py"),
        manuscript=rules.render_manuscript.output,
        figures=FIGURES,
        coding=rules.code_segments.output,
        refiqda=rules.export_refiqda.output,
        topics=rules.fit_topics.output,
        prevalence=rules.topic_prevalence.output,
        topic_code=rules.align_topics_codes.output,
        key=f"{PRIVATE}/key/key_used.json",
        review=f"{PRIVATE}/review/replacements.tsv",
        register=REGISTER,
        decisions=decisions_input,
        # the residual report (rule audit_corpus): written first, so a failing audit leaves
        # both lists
        residual=rules.audit_corpus.output.residual,
        # not read: the early scan of the transcripts and their tables (rule audit_corpus), whose
        # scans this job reuses from the cache instead of making them after the render
        scanned=rules.audit_corpus.output.scanned,
    output:
        f"{RESULTS}/audit/audit.tsv",
    log:
        f"{PRIVATE}/logs/audit.log",
    conda:
        "../../environment.yml"
    params:
        root=lambda wildcards, output: os.path.dirname(os.path.dirname(output[0])),
        # one allow mechanism: what de-identification was told to keep, the audit accepts too
        allow=CFG["audit"]["allow"] + CFG["deidentify"]["allow"],
        # private: every hit with its original value and fix; where a failed manuscript goes
        hits=f"{PRIVATE}/audit/hits.tsv",
        quarantine=f"{PRIVATE}/audit/failed",
        reference_dir=CFG["deidentify"]["reference_dir"],
        # the study's languages: a value that is an ordinary word of one of them is looked for
        # capitalised only (only their word lists are loaded)
        languages=CFG["deidentify"].get("languages", ["en"]),
        # role words: a hit on one is allowed, never registered (the fix column says so)
        speaker_labels=CFG["ingest"]["interviewer_labels"],
        # what could still identify someone (rule audit_corpus's private residual report):
        # fail stops the build while a form in it is undecided (report | fail)
        residual=CFG["audit"]["residual"],
        # the review decisions, read by the audit's own loader: keep accepted, replace must not appear
        decisions=DECISIONS,
        # each file's scan, and a big file's blocks of lines, reused while unchanged and no added
        # identifier starts with one of their words (private: the hits hold original values)
        cache=f"{PRIVATE}/cache/audit",
    script:
        "../../scripts/audit.py"
