# The figures: one table, from which the plot rules (plot_<name>), the report captions
# (workflow/report/<name>.rst), the manuscript's and the audit's figure list (FIGURES) come.
# A figure is one row here, its script scripts/figures/<name>.py (which reads snakemake.input.<key>
# for every key below), its caption file and its place in manuscript/index.qmd
# (figures/<name>.png).
# study.synthetic: every figure gets a drawn "synthetic data" note (coprod.figures.save); a
# param, so changing the flag redraws the figures.
SYNTHETIC = bool(CFG.get("study", {}).get("synthetic"))
FIGURE_TABLE = {
    # per-site figure only for a study with sites (a site_id column in the participants sheet)
    **(
        {
            "code_by_site": {
                "doc": "coded segments per interview, per code and site",
                "inputs": {
                    "matrix": rules.code_segments.output.by_site,
                    "stats": rules.segment_turns.output.stats,
                    "labels": rules.code_segments.output.labels,
                },
            },
        }
        if SITES
        else {}
    ),
    "topic_words": {
        "doc": "top words per topic",
        "inputs": {"terms": f"{RESULTS}/topics/topic_terms.tsv"},
    },
    "corpus_descriptives": {
        "doc": "words per transcript by role, grouped local/national",
        "inputs": {"stats": rules.segment_turns.output.stats},
    },
    "cooccurrence": {
        "doc": "code co-occurrence (Jaccard) on segments",
        "inputs": {
            "pairs": rules.code_segments.output.cooccurrence,
            "labels": rules.code_segments.output.labels,
        },
    },
    "saturation": {
        "doc": "saturation curve",
        "inputs": {
            "saturation": rules.saturation_curve.output[0],
            "labels": rules.code_segments.output.labels,
        },
    },
    "k_diagnostics": {
        "doc": "K diagnostics (searchK-style panel)",
        "inputs": {
            "diagnostics": f"{RESULTS}/topics/k_diagnostics.tsv",
            "k_summary": f"{RESULTS}/topics/k_summary.tsv",
        },
    },
    "topic_prevalence": {
        "doc": "topic prevalence by group with bootstrap CIs",
        "inputs": {
            "prevalence": f"{RESULTS}/topics/prevalence_by_group.tsv",
            "summary": f"{RESULTS}/topics/topic_summary.tsv",
        },
    },
    "topic_code": {
        "doc": "topic x code alignment",
        "inputs": {
            "topic_code": f"{RESULTS}/topics/topic_code.tsv",
            "labels": rules.code_segments.output.labels,
            "terms": f"{RESULTS}/topics/topic_terms.tsv",
        },
    },
    # drawn only when the study has human codings (inter-coder reliability)
    "reliability": {
        "doc": "inter-coder reliability (Krippendorff's alpha) by code",
        "inputs": {
            "reliability": rules.assess_reliability.output.reliability,
            "labels": rules.code_segments.output.labels,
        },
        "when": bool(HUMAN_FILES),
    },
}
FIGURE_TABLE = {
    name: row for name, row in FIGURE_TABLE.items() if row.get("when", True)
}
# what the manuscript renders and the audit scans
FIGURES = [f"{RESULTS}/figures/{name}.png" for name in FIGURE_TABLE]


# Checkpoints (coding.smk, code_segments): a figure redrawn byte-identical (its script's comment,
# an edit of coprod.figures that changes no pixel, a table whose plotted columns did not move)
# leaves the manuscript's assembly, the render and the audit, which read it, not started.
for _name, _row in FIGURE_TABLE.items():

    checkpoint:
        name:
            f"plot_{_name}"
        input:
            **_row["inputs"],
            library=library(f"figures/{_name}.py"),
        output:
            report(
                f"{RESULTS}/figures/{_name}.png",
                caption=f"../report/{_name}.rst",
                category="Figures",
            ),
        log:
            f"logs/figures/{_name}.log",
        conda:
            "../../environment.yml"
        params:
            synthetic=SYNTHETIC,
            # the script path is formatted when the job runs (after this loop has moved on), so
            # it names the figure through the job's own params, not through _name
            figure=_name,
        script:
            "../../scripts/figures/{params.figure}.py"
