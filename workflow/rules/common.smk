# Shared lookups: validated config, the list of transcripts, zone paths. Keep it small.
import glob
import json
import os
import sys
from pathlib import Path

from coprod.codedeps import code_inputs
from coprod.config import load_config
from coprod.corpus import assign_chunks, chunk_count, discover, remove_stale
from coprod.errors import CoprodError
from coprod.heldout import heldout_files
from coprod.privacy.key import private_dir, write_private
from coprod.privacy.register import interviewer_labels, load_register
from coprod.scheduling import no_rate_limit_for_local_runs
from coprod.segment import sheet_has_sites
from coprod.snakeutil import run_inline
from coprod.startup import params_check_without_pandas_import
from coprod.zones import guard_concurrent_runs

# Name the file the user gave on the command line (--configfile) in errors, else the default.
_given = list(
    getattr(workflow, "overwrite_configfiles", None) or workflow.configfiles or []
)
CONFIG_PATH = os.path.relpath(_given[-1]) if _given else "config/config.yaml"

try:
    CFG = load_config(config, CONFIG_PATH)
    # Reviewer mode starts from the de-identified transcripts in the archive: no raw data, no key.
    REVIEW = CFG["review"]["enabled"]
    if REVIEW:
        TRANSCRIPTS = {}
        IDS = sorted(
            os.path.basename(p)[: -len(".json")]
            for p in glob.glob(
                os.path.join(CFG["results_dir"], "deidentified", "*.json")
            )
        )
    else:
        TRANSCRIPTS = discover(
            CFG["corpus"]["raw_dir"],
            CFG["corpus"]["participants"],
            CFG["corpus"]["register"],
            CFG["deidentify"]["reference_dir"],
            # the descriptor check is repeated only when what it reads changed (private stamp)
            stamp=os.path.join(CFG["private_dir"], "ingest", "sheet_checked.sha256"),
            # the sheet's rows are read again only when it (or the code reading it) changed
            listing=os.path.join(CFG["private_dir"], "ingest", "sheet_rows.json"),
        )
        IDS = sorted(TRANSCRIPTS)
    # ingest chunks: sized to the corpus unless set; a transcript's chunk depends only on its id
    # (and the chunk count)
    CHUNKS = assign_chunks(IDS, chunk_count(len(IDS), CFG["ingest"]["chunks"]))
    INTERVIEWER_LABELS = list(CFG["ingest"]["interviewer_labels"])
    if not REVIEW:
        INTERVIEWER_LABELS += interviewer_labels(
            load_register(CFG["corpus"]["register"])
        )
        # the review decisions are checked before any job runs: one line naming the row (imported
        # here: a reviewer's rebuild has no reference lists, which the normaliser loads)
        from coprod.privacy.decisions import load_decisions

        load_decisions(os.path.join(CFG["private_dir"], "review", "decisions.tsv"))
    # the sets de-identification is also measured on (deidentify.heldout): their files, checked
    # (a reviewer's rebuild has their published figures, not the sets: it never re-measures)
    HELDOUT_FILES = (
        [] if REVIEW else heldout_files(CFG["deidentify"]["heldout"], CONFIG_PATH)
    )
except CoprodError as err:
    sys.exit(err.line())

PRIVATE = CFG["private_dir"]
RESULTS = CFG["results_dir"]
# Nothing this run writes is group- or world-writable, whatever the user's umask (jobs inherit
# it); the private zone and its subfolders are readable by their owner only (0700), and the
# library writes private files 0600.
os.umask(os.umask(0) | 0o022)
if not REVIEW:
    for _sub in (
        "",
        "turns",
        "logs",
        "logs/ingest_chunks",
        "logs/deidentify_chunks",
        "deidentify",
        "deidentify/plans",
        "key",
        "review",
        "audit",
        "ingest",
        "cache",
    ):
        private_dir(Path(PRIVATE, _sub))
    # The interviewers' names go to ingest through a private file, not params: Snakemake keeps
    # params in .snakemake/ (outside the private zone). Rewritten only when the labels change,
    # so a new participant in the register re-parses nothing.
    LABELS_FILE = f"{PRIVATE}/ingest/interviewer_labels.json"
    _labels = json.dumps(INTERVIEWER_LABELS, ensure_ascii=False, indent=1) + "\n"
    if (
        not os.path.exists(LABELS_FILE)
        or Path(LABELS_FILE).read_text("utf-8") != _labels
    ):
        write_private(LABELS_FILE, _labels)
    # The allow-list (deidentify.allow) reaches de-identification as a file read when it runs
    # (ALLOW_NOW, always the configured list) and a file it depends on (ALLOW_FILE), touched only
    # when an edit changes the phrases the corpus can meet, compared with the list the last
    # de-identification used (ALLOW_USED; coprod.privacy.detection_cache.allow_changed): an
    # allow entry no transcript has re-runs nothing, one that some transcript has re-runs
    # de-identification, which re-detects only the transcripts that have it.
    ALLOW_FILE = f"{PRIVATE}/deidentify/allow.json"
    ALLOW_NOW = f"{PRIVATE}/deidentify/allow_now.json"
    ALLOW_USED = f"{PRIVATE}/deidentify/allow_used.json"
    _allow = sorted(set(CFG["deidentify"]["allow"]))
    _allow_text = json.dumps(_allow, ensure_ascii=False, indent=1) + "\n"
    if (
        not os.path.exists(ALLOW_NOW)
        or Path(ALLOW_NOW).read_text("utf-8") != _allow_text
    ):
        write_private(ALLOW_NOW, _allow_text)
    try:
        _used = json.loads(Path(ALLOW_USED).read_text("utf-8"))
        _used = _used if isinstance(_used, list) else None
    except (OSError, ValueError):
        _used = None
    # the same list as last time changes nothing; only an edited list is compared phrase by
    # phrase (imported then: the detectors' modules take a second to load, which every run and
    # dry run would pay, and a reviewer's archive has no reference lists for them)
    if _used is not None and sorted(set(_used)) != _allow:
        from coprod.privacy.detection_cache import allow_changed

        _changed = allow_changed(
            _used, _allow, [f"{PRIVATE}/turns/{t}.json" for t in IDS]
        )
    else:
        _changed = _used is None
    if not os.path.exists(ALLOW_FILE) or _changed:
        write_private(ALLOW_FILE, _allow_text)
# Snakemake's own records (.snakemake/: job scripts, metadata naming input files) are the
# owner's only, like the private zone.
os.makedirs(".snakemake", exist_ok=True)
os.chmod(".snakemake", 0o700)


# A rule's code inputs: the library files its script imports, followed through the library
# (coprod/codedeps.py; parsed once, cached in .snakemake/). Snakemake itself tracks only the thin
# script, so these make a library edit re-run exactly the rules whose scripts can run it:
# editing figures.py redraws the figures, not ingest or de-identification.
def library(script):
    paths = code_inputs(
        os.path.join(workflow.basedir, "scripts", script),
        os.path.join(workflow.basedir, "src"),
        cache=os.path.join(".snakemake", "code_inputs.json"),
    )
    # relative to the working folder when inside it: a moved or copied project re-runs nothing
    return [
        p if os.path.relpath(p).startswith("..") else os.path.relpath(p) for p in paths
    ]


# The light jobs (the stages' statement writers, the manuscript's assembly, the codebook's view,
# segmentation, keyword coding, the topic corpus, the K search's table and grid, saturation,
# reliability, the REFI-QDA export, the de-identification's evaluation: under a CPU second of work
# each on the bundled example, a few seconds at 1,000 transcripts) run their script inside the
# Snakemake process, in one of its job threads (a rule's run: block calling run_inline,
# coprod/snakeutil.py; coprod/scheduling.py has a local run use threads for them), not in a Python
# process of its own: no start-up, preamble or pandas import (about 0.6 CPU s a job). The same script file runs with the same `snakemake`
# object, so it writes the same bytes, and it is an input of its rule (script_file) beside its
# library files (library), as Snakemake tracks a script: rule's script. The CPU-heavy jobs
# (de-identification, the topic fits and prevalence, the assistant, the audit: threads share one
# core), the figures (pyplot is not thread-safe) and the render keep script:.
def script_file(script):
    path = os.path.join(workflow.basedir, "scripts", script)
    return path if os.path.relpath(path).startswith("..") else os.path.relpath(path)


# The run's --cores (None: not limited, as on a cluster). A job that asks for two threads starts
# only when both cores are free; on two cores that is rare while one-thread jobs are ready (the
# free core takes them one after another), so such jobs ask for one there (topic_prevalence,
# coding_assistant).
RUN_CORES = getattr(workflow.global_resources.get("_cores"), "value", None)
FEW_CORES = RUN_CORES is not None and RUN_CORES <= 2


# One run at a time per private zone: a second `snakemake` while one is going stops with one
# line (taken when execution starts; dry runs, --lint and the run's own jobs never take it).
guard_concurrent_runs(
    workflow, os.path.join(".snakemake" if REVIEW else PRIVATE, "run.lock")
)
# A local run's scheduler passes when a job finishes, not on timers that add up while jobs wait
# for a core (coprod/scheduling.py: Snakemake's default job rate limit, switched off locally).
no_rate_limit_for_local_runs(workflow)
# Snakemake's check of the params imports pandas only if a param could be a pandas object
# (coprod/startup.py: the same check, a third of a CPU second less on every call)
params_check_without_pandas_import()
# Outputs of transcripts no longer in the study (renamed or removed) are removed when the run
# starts (the Snakefile's onstart), so they are not audited, archived or counted; a dry run
# only says so.
if not REVIEW:
    _stale = remove_stale(IDS, RESULTS, PRIVATE, dry_run=True)
    if _stale:
        print(_stale, file=sys.stderr)
REGISTER = CFG["corpus"]["register"]
PARTICIPANTS = CFG["corpus"]["participants"]
# A study without sites: the participants sheet has no site_id column (coprod.segment); then no
# per-site table, figure or sentence is made.
SITES = sheet_has_sites(PARTICIPANTS)
if not SITES and "site_id" in CFG["topics"]["prevalence_covariates"]:
    from coprod.errors import ConfigError

    sys.exit(
        ConfigError(
            CONFIG_PATH,
            "topics.prevalence_covariates names site_id, but the participants sheet has no site_id column",
            "remove site_id from topics.prevalence_covariates or add the column",
        ).line()
    )
GOLD = CFG["corpus"]["gold"]
# The de-identification stage's manuscript statements (rule write_deid_statements), named here
# once: a reviewer's rebuild has no deidentify.smk and reads them from the archive.
DEID_STATEMENTS = f"{RESULTS}/deidentified/manuscript.yml"
DEID_FRAGMENTS = expand(
    f"{RESULTS}/deidentified/fragments/{{f}}", f=["deid.md", "deid_heldout.md"]
)
HUMAN_FILES = [h["file"] for h in CFG["coding"]["human"]]
HUMAN_CODERS = [h["coder"] for h in CFG["coding"]["human"]]


def raw_transcript(wildcards):
    return TRANSCRIPTS[wildcards.transcript]


def deidentified(ext):
    return expand(f"{RESULTS}/deidentified/{{t}}.{ext}", t=IDS)


def topic_settings(*keys):
    """The `topics` settings a job reads, and only those (params are a rerun trigger), so
    changing topics.bootstrap re-runs the prevalence intervals, not the K search. The fits
    read only the first seed (it seeds the held-out split); each fit's own seed is its wildcard,
    so adding a seed or a K fits only the new (K, seed) pairs."""
    out = {k: CFG["topics"][k] for k in keys if k in CFG["topics"]}
    if "seeds" in out:
        out["seeds"] = CFG["topics"]["seeds"][:1]
    return out


def topic_fits(wildcards):
    """Every (K, seed) fit of the K search: topics.k_grid, or with k_grid: auto the grid the
    checkpoint derive_topic_grid derived from the screened corpus."""
    grid = CFG["topics"]["k_grid"]
    if grid == "auto":
        with open(
            checkpoints.derive_topic_grid.get().output[0], encoding="utf-8"
        ) as fh:
            grid = json.load(fh)["k_grid"]
    return expand(
        f"{RESULTS}/topics/fits/K{{k}}_seed{{seed}}.json",
        k=grid,
        seed=CFG["topics"]["seeds"],
    )


# Review decisions (coprod.privacy.decisions; written by `coprod review-deid --keep/--replace`
# or by hand): an input of de-identification and the audit once the file exists, so recording
# a decision re-runs both.
DECISIONS = f"{PRIVATE}/review/decisions.tsv"


def decisions_input(wildcards):
    return [DECISIONS] if os.path.exists(DECISIONS) else []
