# study.synthetic: every figure gets a drawn "synthetic data" note (coprod.figures.save); a
# param, so changing the flag redraws the figures.
SYNTHETIC = bool(CFG.get("study", {}).get("synthetic"))


rule plot_code_by_site:
    """Figure: coded segments per interview, per code and site."""
    input:
        library=library("figures/code_by_site.py"),
        matrix=f"{RESULTS}/coding/code_by_site.tsv",
        stats=f"{RESULTS}/descriptives/transcripts.tsv",
        summary=f"{RESULTS}/coding/code_summary.tsv",
    output:
        report(
            f"{RESULTS}/figures/code_by_site.png",
            caption="../report/code_by_site.rst",
            category="Figures",
        ),
    log:
        "logs/figures/code_by_site.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/code_by_site.py"


rule plot_topic_words:
    """Figure: top words per topic."""
    input:
        library=library("figures/topic_words.py"),
        terms=f"{RESULTS}/topics/topic_terms.tsv",
    output:
        report(
            f"{RESULTS}/figures/topic_words.png",
            caption="../report/topic_words.rst",
            category="Figures",
        ),
    log:
        "logs/figures/topic_words.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/topic_words.py"


rule plot_corpus_descriptives:
    """Figure: words per transcript by role, grouped local/national."""
    input:
        library=library("figures/corpus_descriptives.py"),
        stats=f"{RESULTS}/descriptives/transcripts.tsv",
    output:
        report(
            f"{RESULTS}/figures/corpus_descriptives.png",
            caption="../report/corpus_descriptives.rst",
            category="Figures",
        ),
    log:
        "logs/figures/corpus_descriptives.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/corpus_descriptives.py"


rule plot_cooccurrence:
    """Figure: code co-occurrence (Jaccard) on segments."""
    input:
        library=library("figures/cooccurrence.py"),
        pairs=f"{RESULTS}/coding/cooccurrence.tsv",
        summary=f"{RESULTS}/coding/code_summary.tsv",
    output:
        report(
            f"{RESULTS}/figures/cooccurrence.png",
            caption="../report/cooccurrence.rst",
            category="Figures",
        ),
    log:
        "logs/figures/cooccurrence.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/cooccurrence.py"


rule plot_saturation:
    """Figure: saturation curve."""
    input:
        library=library("figures/saturation.py"),
        saturation=f"{RESULTS}/coding/saturation.tsv",
        summary=f"{RESULTS}/coding/code_summary.tsv",
    output:
        report(
            f"{RESULTS}/figures/saturation.png",
            caption="../report/saturation.rst",
            category="Figures",
        ),
    log:
        "logs/figures/saturation.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/saturation.py"


rule plot_reliability:
    """Figure: inter-coder reliability (Krippendorff's alpha) by code."""
    input:
        library=library("figures/reliability.py"),
        reliability=f"{RESULTS}/coding/reliability.tsv",
        summary=f"{RESULTS}/coding/code_summary.tsv",
    output:
        report(
            f"{RESULTS}/figures/reliability.png",
            caption="../report/reliability.rst",
            category="Figures",
        ),
    log:
        "logs/figures/reliability.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/reliability.py"


rule plot_k_diagnostics:
    """Figure: K diagnostics (searchK-style panel)."""
    input:
        library=library("figures/k_diagnostics.py"),
        diagnostics=f"{RESULTS}/topics/k_diagnostics.tsv",
        k_summary=f"{RESULTS}/topics/k_summary.tsv",
    output:
        report(
            f"{RESULTS}/figures/k_diagnostics.png",
            caption="../report/k_diagnostics.rst",
            category="Figures",
        ),
    log:
        "logs/figures/k_diagnostics.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/k_diagnostics.py"


rule plot_topic_prevalence:
    """Figure: topic prevalence by group with bootstrap CIs."""
    input:
        library=library("figures/topic_prevalence.py"),
        prevalence=f"{RESULTS}/topics/prevalence_by_group.tsv",
        summary=f"{RESULTS}/topics/topic_summary.tsv",
    output:
        report(
            f"{RESULTS}/figures/topic_prevalence.png",
            caption="../report/topic_prevalence.rst",
            category="Figures",
        ),
    log:
        "logs/figures/topic_prevalence.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/topic_prevalence.py"


rule plot_topic_code:
    """Figure: topic x code alignment."""
    input:
        library=library("figures/topic_code.py"),
        topic_code=f"{RESULTS}/topics/topic_code.tsv",
        codes=f"{RESULTS}/coding/code_summary.tsv",
        terms=f"{RESULTS}/topics/topic_terms.tsv",
    output:
        report(
            f"{RESULTS}/figures/topic_code.png",
            caption="../report/topic_code.rst",
            category="Figures",
        ),
    log:
        "logs/figures/topic_code.log",
    conda:
        "../../environment.yml"
    params:
        synthetic=SYNTHETIC,
    script:
        "../../scripts/figures/topic_code.py"
