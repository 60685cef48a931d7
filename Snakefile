# The co-production study pipeline: raw transcripts -> de-identified corpus -> coding, topics
# -> figures -> manuscript, with a privacy audit that every final target depends on.
# Run:  snakemake --cores all            (config/config.yaml)
#       snakemake --cores all --configfile path/to/other/config.yaml
import os
import sys

from snakemake.utils import min_version

# The coprod library lives in src/: make it importable here and in every job, whichever
# environment runs them (.venv from `make`, or a conda env from environment.yml).
SRC = os.path.join(workflow.basedir, "src")
sys.path.insert(0, SRC)
os.environ.update(
    PYTHONPATH=os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))
)

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"


from coprod.ingest import summarise

if not REVIEW:

    include: "workflow/rules/ingest.smk"
    include: "workflow/rules/deidentify.smk"


include: "workflow/rules/segment.smk"
include: "workflow/rules/coding.smk"
# the figure table before the topics: the prevalence job draws its figure (figures.smk)
include: "workflow/rules/figures.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/manuscript.smk"


if not REVIEW:

    include: "workflow/rules/audit.smk"


# Which ready job a core takes first (Snakemake's `priority`; ties are broken arbitrarily). After
# an edit of the transcripts a dozen jobs are ready at once on two cores. The jobs that head the
# longest chains to the manuscript (the topic model's steps before its statements, the K search's
# fit jobs among them: left at the default they took turns with the figures and statements, so
# the topic chain, the longest after adding a transcript, waited for them; the coding assistant,
# the longest single job; the keyword coding's steps before its statements) go first. Then the
# audit's early scan and the REFI-QDA export it reads: the final audit waits for that scan, so
# left last (beside the render) it ran alone at the end of the build while the other core idled
# (at 1,000 transcripts the longest job after the topic fits, cold and after adding one; it also
# writes the residual-risk report, which only the final audit reads). The evaluation on the
# held-out sets reads no transcript: it goes first, beside the ingest chunks, so that
# de-identification's corpus step (two workers from 32 transcripts to detect) does not wait for
# it after the ingest. Only the order changes, never what runs or what it writes.
CHAIN_HEADS = (
    "evaluate_deidentification_heldout",
    "prepare_topics",
    "fit_topic_model",
    "search_topics",
    "fit_topics",
    "topic_prevalence",
    "coding_assistant",
    "code_segments",
    "assess_reliability",
)
AUDIT_AHEAD = ("export_refiqda", "audit_corpus")
for _rule in workflow.rules:
    _rule.priority = (
        3 if _rule.name in CHAIN_HEADS else 2 if _rule.name in AUDIT_AHEAD else 1
    )


# The light jobs that run in the Snakemake process (run: blocks calling run_inline, common.smk)
# take no core slot on a local run (threads 0, which Snakemake's local executor provides for).
# With a slot each, on two cores a light job on the chain (the keyword coding, a stage's
# statements, the manuscript's assembly) waited while two processes held both slots — after a
# transcript edit the coding waited 25-43 s under load for the assistant, and the figures and
# statements after it — though it needs a fraction of a core for a fraction of a second. On a
# cluster (no --cores) each is a job of its own and keeps its core; a --set-threads is kept.
if RUN_CORES is not None:
    _set = workflow.resource_settings._parsed_overwrite_threads
    for _rule in workflow.rules:
        if _rule.is_run and _rule.name not in _set:
            _rule.resources["_cores"] = 0


rule all:
    default_target: True
    input:
        # reviewer mode has no pseudonym key to audit against: it rebuilds and verifies instead
        f"{RESULTS}/coding/project.qdpx" if REVIEW else f"{RESULTS}/audit/audit.tsv",
        rules.render_manuscript.output,


# The end of every run says where the manuscript is (all three formats beside each other).
_manuscript_done = (
    f"manuscript: {rules.render_manuscript.output.pdf} "
    "(also index.html, index.docx; which engine rendered it: render.json)"
)


if not REVIEW:

    onstart:
        _removed = remove_stale(IDS, RESULTS, PRIVATE)
        if _removed:
            print(_removed, file=sys.stderr)

    onsuccess:
        # counts only: the per-transcript reports (which name speakers) are the ingest logs
        print(
            summarise(sorted(glob.glob(f"{PRIVATE}/turns/*.json")))
            + f" (per-transcript reports: {PRIVATE}/logs/ingest_chunks/)",
            file=sys.stderr,
        )
        print(_manuscript_done, file=sys.stderr)


if REVIEW:

    onsuccess:
        print(_manuscript_done, file=sys.stderr)
