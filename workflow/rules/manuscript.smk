# FIGURES: the figure table's list (figures.smk)
from coprod.manuscript import config_hash

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
        script=script_file("reporting_checklists.py"),
        stats=f"{RESULTS}/descriptives/transcripts.tsv",
        segments=f"{RESULTS}/segments.tsv",
        coded=f"{RESULTS}/coding/coded_segments.tsv",
        codes=f"{RESULTS}/coding/code_summary.tsv",
        exemplars=f"{RESULTS}/coding/exemplars.tsv",
        saturation=f"{RESULTS}/coding/saturation.tsv",
        topics=f"{RESULTS}/topics/topic_summary.tsv",
        deid=f"{RESULTS}/deidentified/summary.tsv",
        transcripts=deidentified("json"),
        # the codebook without its keyword rules (codebook_structure): a keyword edit re-runs nothing here
        codebook=rules.codebook_structure.output[0],
        reliability=f"{RESULTS}/coding/reliability.tsv" if HUMAN_FILES else [],
        # the article: each item names the section that reports it
        article=f"{CFG['manuscript']['source_dir']}/index.qmd",
    output:
        coreq=f"{RESULTS}/manuscript/coreq.tsv",
        srqr=f"{RESULTS}/manuscript/srqr.tsv",
        fragment=f"{RESULTS}/manuscript/reporting.md",
    log:
        "logs/reporting_checklists.log",
    params:
        # the config keys the checklists read (coprod.reporting), not the whole config: params
        # are a rerun trigger, and an allow entry or topics.bootstrap changes no checklist
        config={
            "study": CFG["study"],
            "segment": {"min_words": CFG["segment"]["min_words"]},
            "topics": {"k": CFG["topics"]["k"]},
        },
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


rule write_manuscript_variables:
    """Assemble the manuscript's variables and tables from the statements each stage wrote (its
    numbers, sentences and fragments), the study's framing and the provenance appendix.
    """
    input:
        library=library("manuscript_variables.py"),
        script=script_file("manuscript_variables.py"),
        # each stage's statements and fragments (written by its write_*_statements rule)
        corpus_statements=rules.write_corpus_statements.output.statements,
        corpus_fragments=rules.write_corpus_statements.output.fragments,
        deid_statements=DEID_STATEMENTS,
        deid_fragments=DEID_FRAGMENTS,
        saturation_statements=rules.write_saturation_statements.output.statements,
        reliability_statements=rules.write_reliability_statements.output.statements,
        reliability_fragments=rules.write_reliability_statements.output.fragments,
        topic_statements=rules.write_topic_statements.output.statements,
        topic_fragments=rules.write_topic_statements.output.fragments,
        reporting=rules.write_reporting_checklists.output.fragment,
        codes_statements=rules.write_codes_statements.output.statements,
        codes_fragments=rules.write_codes_statements.output.fragments,
        # the coding assistant's paragraph (or the sentence saying it was not trained)
        assistant_fragments=rules.write_assistant_statements.output.fragments,
        # hashed into the provenance appendix
        figures=FIGURES,
    output:
        variables=f"{RESULTS}/manuscript/generated/_variables.yml",
        tables=expand(f"{RESULTS}/manuscript/generated/_tables/{{t}}.md", t=TABLES),
    log:
        "logs/manuscript_variables.log",
    params:
        # the config keys the assembly reads, not the whole config: a stage's setting reaches
        # the manuscript through that stage's statements (its changed outputs)
        study=CFG["study"],
        engine=CFG["manuscript"]["engine"],
        epoch=CFG["manuscript"]["source_date_epoch"],
        # the provenance appendix prints the config's hash (and, rebuilt from an archive, the
        # commit and hash the results came from)
        config_sha256=config_hash(CFG),
        review=CFG["review"],
        # the checkout the library lives in (its git commit goes into the provenance)
        repo=os.path.relpath(workflow.basedir),
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
        # earlier renders, reused when every input is the same (coprod.render.render_cached)
        cache=os.path.join(".snakemake" if REVIEW else PRIVATE, "cache", "render"),
    script:
        "../../scripts/render_manuscript.py"
