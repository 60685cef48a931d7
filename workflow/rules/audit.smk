# The residual risk is a function of the published transcripts alone: its own rule, which runs as
# soon as they are written (beside coding, topics and the manuscript, not after the render), and
# which an edit that leaves them alone (a figure, a setting, a keyword) does not re-run.
rule residual_risk:
    """Name-like forms left in the published transcripts (private report; counts on the terminal)."""
    input:
        library=library("residual.py"),
        txt=deidentified("txt"),
        decisions=decisions_input,
    output:
        f"{PRIVATE}/audit/residual.tsv",
    log:
        f"{PRIVATE}/logs/residual.log",
    conda:
        "../../environment.yml"
    params:
        # the results folder: the one above the published transcripts' folder
        root=lambda wildcards, input: os.path.dirname(os.path.dirname(input.txt[0])),
        # one allow mechanism: what de-identification was told to keep, the audit accepts too
        allow=CFG["audit"]["allow"] + CFG["deidentify"]["allow"],
        reference_dir=CFG["deidentify"]["reference_dir"],
        # the review decisions, read by the audit's own loader: a decided form is marked so
        decisions=DECISIONS,
        # each published file's candidates reused by its text (coprod.privacy.audit.residual):
        # original-looking forms, so in the private zone
        cache=f"{PRIVATE}/cache/residual",
    script:
        "../../scripts/residual.py"


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
        # the residual report: written first, so a failing audit leaves both lists
        residual=rules.residual_risk.output[0],
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
        # role words: a hit on one is allowed, never registered (the fix column says so)
        speaker_labels=CFG["ingest"]["interviewer_labels"],
        # what could still identify someone (rule residual_risk's private report): fail stops
        # the build while a form in it is undecided (report | fail)
        residual=CFG["audit"]["residual"],
        # the review decisions, read by the audit's own loader: keep accepted, replace must not appear
        decisions=DECISIONS,
        # each file's scan, and a big file's blocks of lines, reused while unchanged and no added
        # identifier starts with one of their words (private: the hits hold original values)
        cache=f"{PRIVATE}/cache/audit",
    script:
        "../../scripts/audit.py"
