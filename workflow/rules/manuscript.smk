# FIGURES: the figure table's list (figures.smk)
TABLES = [
    "deid",
    "deid_heldout",
    "corpus",
    "codes",
    "codes_by_site",
    "topics",
    "reliability",
    "reliability_section",
    "k_summary",
    "topic_effects",
    "provenance",
    "findings",
    "reporting",
    "claims_summary",
    "assistant_section",
]


rule write_reporting_checklists:
    """COREQ and SRQR checklists from the results and study.reporting: the manuscript's supplement."""
    input:
        library=library("reporting_checklists.py"),
        stats=f"{RESULTS}/descriptives/transcripts.tsv",
        segments=f"{RESULTS}/segments.tsv",
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        codes=f"{RESULTS}/coding/code_summary.tsv",
        exemplars=f"{RESULTS}/coding/exemplars.tsv",
        saturation=f"{RESULTS}/coding/saturation.tsv",
        topics=f"{RESULTS}/topics/topic_summary.tsv",
        deid=f"{RESULTS}/deidentified/summary.tsv",
        transcripts=deidentified("json"),
        codebook=CFG["coding"]["codebook"],
        reliability=f"{RESULTS}/coding/reliability.tsv" if HUMAN_FILES else [],
        # the article: each item names the section that reports it
        article=f"{CFG['manuscript']['source_dir']}/index.qmd",
    output:
        coreq=f"{RESULTS}/manuscript/coreq.tsv",
        srqr=f"{RESULTS}/manuscript/srqr.tsv",
        fragment=f"{RESULTS}/manuscript/reporting.md",
    log:
        "logs/reporting_checklists.log",
    conda:
        "../../environment.yml"
    params:
        config=CFG,
    script:
        "../../scripts/reporting_checklists.py"


rule write_manuscript_variables:
    """Every number and table the manuscript prints, from files the pipeline wrote."""
    input:
        library=library("manuscript_variables.py"),
        stats=f"{RESULTS}/descriptives/transcripts.tsv",
        segments=f"{RESULTS}/segments.tsv",
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        codes=f"{RESULTS}/coding/code_summary.tsv",
        deid=f"{RESULTS}/deidentified/summary.tsv",
        codebook=CFG["coding"]["codebook"],
        deid_eval=f"{RESULTS}/deidentified/evaluation.tsv" if GOLD else [],
        deid_heldout=(
            f"{RESULTS}/deidentified/evaluation_heldout.tsv"
            if CFG["deidentify"]["heldout"]
            else []
        ),
        saturation=f"{RESULTS}/coding/saturation.tsv",
        exemplars=f"{RESULTS}/coding/exemplars.tsv",
        # the topics stage's statements and tables (write_topic_statements)
        topic_statements=rules.write_topic_statements.output.statements,
        topic_fragments=rules.write_topic_statements.output.fragments,
        figures=FIGURES,
        reporting=rules.write_reporting_checklists.output.fragment,
        reliability=f"{RESULTS}/coding/reliability.tsv" if HUMAN_FILES else [],
        auto=f"{RESULTS}/coding/auto_vs_human.tsv" if HUMAN_FILES else [],
        statements=f"{RESULTS}/coding/manuscript.yml",
        assistant=f"{RESULTS}/coding/assistant_manuscript.yml" if HUMAN_FILES else [],
        assistant_table=f"{RESULTS}/coding/assistant_table.md" if HUMAN_FILES else [],
        human_sample=(
            CFG["coding"]["human_sample"]
            if HUMAN_FILES and CFG["coding"]["human_sample"]
            else []
        ),
    output:
        variables=f"{RESULTS}/manuscript/generated/_variables.yml",
        tables=expand(f"{RESULTS}/manuscript/generated/_tables/{{t}}.md", t=TABLES),
    log:
        "logs/manuscript_variables.log",
    conda:
        "../../environment.yml"
    params:
        config=CFG,
        epoch=CFG["manuscript"]["source_date_epoch"],
        # the checkout the library lives in (its git commit goes into the provenance)
        repo=os.path.relpath(workflow.basedir),
    script:
        "../../scripts/manuscript_variables.py"


rule render_manuscript:
    """Render the Quarto manuscript (quarto if on PATH, else pandoc + Typst)."""
    input:
        library=library("render_manuscript.py"),
        source=multiext(
            f"{CFG['manuscript']['source_dir']}/",
            "_quarto.yml",
            "index.qmd",
            "references.bib",
        ),
        variables=f"{RESULTS}/manuscript/generated/_variables.yml",
        tables=expand(f"{RESULTS}/manuscript/generated/_tables/{{t}}.md", t=TABLES),
        figures=FIGURES,
    output:
        html=f"{RESULTS}/manuscript/index.html",
        pdf=f"{RESULTS}/manuscript/index.pdf",
        docx=f"{RESULTS}/manuscript/index.docx",
        provenance=f"{RESULTS}/manuscript/render.json",
        project=directory(f"{RESULTS}/manuscript/source"),
    log:
        "logs/render_manuscript.log",
    conda:
        "../../environment.yml"
    params:
        source_dir=lambda wildcards, input: os.path.dirname(input.source[0]),
        engine=CFG["manuscript"]["engine"],
        epoch=CFG["manuscript"]["source_date_epoch"],
    script:
        "../../scripts/render_manuscript.py"
