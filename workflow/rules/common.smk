# Shared lookups: validated config, the list of transcripts, zone paths. Keep it small.
import glob
import os
import sys

from coprod.config import load_config
from coprod.corpus import discover
from coprod.errors import CoprodError

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
        )
        IDS = sorted(TRANSCRIPTS)
except CoprodError as err:
    sys.exit(err.line())

# The library every script calls: an input of every rule, so changing its code re-runs the
# stages downstream (Snakemake itself only tracks the thin script files).
LIBRARY = sorted(
    glob.glob(
        os.path.join(workflow.basedir, "src", "coprod", "**", "*.py"), recursive=True
    )
) + sorted(glob.glob(os.path.join(workflow.basedir, "src", "coprod", "*.lua")))
PRIVATE = CFG["private_dir"]
RESULTS = CFG["results_dir"]
# The private zone is readable by its owner only.
if not REVIEW:
    os.makedirs(PRIVATE, mode=0o700, exist_ok=True)
    os.chmod(PRIVATE, 0o700)
REGISTER = CFG["corpus"]["register"]
PARTICIPANTS = CFG["corpus"]["participants"]
GOLD = CFG["corpus"]["gold"]
HUMAN_FILES = [h["file"] for h in CFG["coding"]["human"]]
HUMAN_CODERS = [h["coder"] for h in CFG["coding"]["human"]]


def raw_transcript(wildcards):
    return TRANSCRIPTS[wildcards.transcript]


def deidentified(ext):
    return expand(f"{RESULTS}/deidentified/{{t}}.{ext}", t=IDS)
