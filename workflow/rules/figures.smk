# The figures: one table, from which the plot rules (plot_<name>), the report captions
# (workflow/report/<name>.rst), the manuscript's and the audit's figure list (FIGURES) come.
# A figure is one row here, its script scripts/figures/<name>.py (which reads snakemake.input.<key>
# for every key below), its caption file and its place in manuscript/index.qmd
# (figures/<name>.png). A row with "drawn_in": <rule> has no plot rule: that rule's job, which
# writes the figure's table, runs the same script after it (figure_io below,
# coprod/figure_cache.py), so an edit of that rule's settings starts one process less; the
# drawing is kept by content, so a re-run that leaves the table alone does not draw it again.
# Included before topics.smk, whose topic_prevalence rule reads figure_io.
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
        # drawn by the prevalence job: a topics.bootstrap edit re-runs it and its figure
        "drawn_in": "topic_prevalence",
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
# drawings kept by content (coprod.figure_cache): figures hold no original text, but the cache
# sits with the others in the private zone (a reviewer's rebuild keeps it in .snakemake/)
FIGURE_CACHE = os.path.join(".snakemake" if REVIEW else PRIVATE, "cache", "figures")


def figure_io(rule_name, own_outputs):
    """The inputs, outputs, logs and params that the rule `rule_name` adds for the figures it
    draws (rows with drawn_in: rule_name): each figure's inputs (less the rule's own outputs,
    `own_outputs`), its script and library files, its PNG (with its report caption), its log,
    and `params.figures` for coprod.figure_cache.draw_figures."""
    own = {str(p) for p in own_outputs}
    io = {"input": {}, "output": {}, "log": {}, "figures": {}}
    for name, row in FIGURE_TABLE.items():
        if row.get("drawn_in") != rule_name:
            continue
        script, code = script_file(f"figures/{name}.py"), library(f"figures/{name}.py")
        png = f"{RESULTS}/figures/{name}.png"
        extra = {k: v for k, v in row["inputs"].items() if str(v) not in own}
        io["input"] |= {f"figure_{name}_{k}": v for k, v in extra.items()}
        io["input"] |= {f"figure_{name}_script": script, f"figure_{name}_library": code}
        io["output"][f"figure_{name}"] = report(
            png, caption=f"../report/{name}.rst", category="Figures"
        )
        io["log"][f"figure_{name}"] = f"logs/figures/{name}.log"
        io["figures"][name] = {
            "script": script,
            "code": code,
            "inputs": {k: str(v) for k, v in row["inputs"].items()},
            "output": png,
            "params": {"synthetic": SYNTHETIC, "figure": name},
            "log": f"logs/figures/{name}.log",
        }
    return io


# Checkpoints (coding.smk, code_segments): a figure redrawn byte-identical (its script's comment,
# an edit of coprod.figures that changes no pixel, a table whose plotted columns did not move)
# leaves the manuscript's assembly, the render and the audit, which read it, not started.
# (a row drawn_in another rule has none)
PLOTTED = {name: row for name, row in FIGURE_TABLE.items() if not row.get("drawn_in")}
for _name, _row in PLOTTED.items():

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
