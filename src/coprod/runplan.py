"""What a run will do, in a researcher's words (`coprod plan`, `make dryrun`).

Snakemake's dry run lists every job with a technical reason ("Updated input files: …", "Input
files updated by another job: …"). This turns it into the stages that will re-run and why: a
stage re-runs either for a cause of its own (the codebook changed, a transcript changed, the
pipeline's code changed, a setting it reads changed, its results are missing) or because an
earlier stage's results change. A job's stage is the rule file that defines it
(`workflow/rules/<stage>.smk`), read from the workflow itself, so a new rule needs no entry here.

Transcripts are counted, never named: raw file names are often the interviewee's name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CoprodError

# The stage files in pipeline order, with the words a researcher uses for them.
STAGES = {
    "ingest": "reading transcripts",
    "deidentify": "de-identification",
    "segment": "segmentation",
    "coding": "coding",
    "topics": "topic modelling",
    "figures": "figures",
    "manuscript": "manuscript",
    "audit": "privacy audit",
}
JOB_RE = re.compile(r"^(?:local)?(?:rule|checkpoint) (\w+):\s*$")
REASON_RE = re.compile(r"^\s+reason: (.*)$")
RULE_RE = re.compile(r"^(?:rule|checkpoint) (\w+):", re.M)
# rules made in a loop take their name from an f-string: name=f"deidentify_chunk_{_chunk:03d}"
LOOP_RULE_RE = re.compile(r'f"([a-z][a-z_]*?)_?\{')
# Snakemake's reasons that are a job's own cause, in a researcher's words
OWN_CAUSES = {
    "Missing output files": "its results are not built yet",
    "Code has changed since last execution": "the rule's own code changed",
    "Params have changed since last execution": "a setting it reads changed",
    "Set of input files has changed since last execution": "a file was added or removed",
    "Software environment definition has changed since last execution": "the software environment changed",
    "Forced execution": "a forced re-run",
}
DOWNSTREAM = "Input files updated by another job"


@dataclass
class StagePlan:
    stage: str
    jobs: int = 0
    causes: set[str] = field(default_factory=set)


def rule_stages(workflow_dir: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """(rule name -> stage, loop-rule prefix -> stage) from workflow/rules/<stage>.smk."""
    names: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for smk in sorted(Path(workflow_dir, "workflow", "rules").glob("*.smk")):
        text = smk.read_text(encoding="utf-8")
        for m in RULE_RE.finditer(text):
            names[m.group(1)] = smk.stem
        for m in LOOP_RULE_RE.finditer(text):
            prefixes[m.group(1)] = smk.stem
    return names, prefixes


def stage_of(rule: str, names: dict[str, str], prefixes: dict[str, str]) -> str | None:
    if rule in names:
        return names[rule]
    for prefix in sorted(prefixes, key=len, reverse=True):
        if rule.startswith(prefix):
            return prefixes[prefix]
    return None


@dataclass
class Job:
    rule: str
    reason: str = ""
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


FIELD_RE = re.compile(r"^\s+(input|output|reason): (.*)$")


def jobs(dry_run: str) -> list[Job]:
    """Every job a dry run lists, with its reason, inputs and outputs."""
    out: list[Job] = []
    for line in dry_run.splitlines():
        m = JOB_RE.match(line)
        if m:
            out.append(Job(m.group(1)))
            continue
        f = FIELD_RE.match(line)
        if f and out:
            key, value = f.groups()
            if key == "reason":
                out[-1].reason = out[-1].reason or value
            else:
                getattr(out[-1], key + "s").extend(v.strip() for v in value.split(",") if v.strip())
    return out


def changed_inputs(job: Job, produced: set[str], workflow_dir: Path) -> list[str]:
    """Inputs no planned job writes that are newer than the job's oldest existing output: what
    Snakemake's reason omits once an upstream job already makes this one run."""
    try:
        oldest = min(Path(workflow_dir, o).stat().st_mtime for o in job.outputs)
    except (ValueError, OSError):  # no outputs, or one missing: its own reason says so
        return []
    newer = []
    for path in job.inputs:
        if path in produced:
            continue
        try:
            if Path(workflow_dir, path).stat().st_mtime > oldest:
                newer.append(path)
        except OSError:
            continue
    return newer


def describe_file(path: str, known: dict[str, str]) -> str:
    """One changed input in a researcher's words (`known`: config path -> what it is)."""
    p = path.strip()
    if p in known:
        return f"{known[p]} changed"
    if re.search(r"(^|/)turns/[^/]+\.json$", p) or p.startswith(known.get("__raw__", "\0")):
        return "transcripts changed"
    manuscript = known.get("__manuscript__")
    if manuscript and p.startswith(manuscript):
        return f"manuscript text changed ({Path(p).name})"
    if p.startswith(("src/", "scripts/")) or "/src/coprod/" in p:
        short = p.split("src/coprod/", 1)[-1] if "src/coprod/" in p else p
        return f"pipeline code changed ({short})"
    if p.startswith("config/") or p.endswith((".yaml", ".yml")):
        return f"{p} changed"
    return f"an input changed ({Path(p).name})"


def causes(reason: str, known: dict[str, str]) -> tuple[set[str], list[str]]:
    """(its own causes, the inputs an earlier job of this run rewrites)."""
    own: set[str] = set()
    downstream: list[str] = []
    for part in reason.split(";"):
        part = part.strip()
        if not part:
            continue
        head, _, files = part.partition(":")
        if head == DOWNSTREAM:
            downstream += [f.strip() for f in files.split(",") if f.strip()]
        elif head == "Updated input files":
            changed = [f for f in files.split(",") if f.strip()]
            descs = [describe_file(f, known) for f in changed]
            own.update(descs)
        else:
            own.add(OWN_CAUSES.get(head, head[:1].lower() + head[1:]))
    return own, downstream


def summarise(dry_run: str, workflow_dir: str | Path, known: dict[str, str]) -> str:
    """The researcher's summary of a dry run's output."""
    listed = jobs(dry_run)
    if not listed:
        return "Nothing to re-run: every result is up to date."
    names, prefixes = rule_stages(workflow_dir)
    plans: dict[str, StagePlan] = {}
    follows: dict[str, set[str]] = {}
    producer = {o: stage_of(job.rule, names, prefixes) for job in listed for o in job.outputs}
    produced = set(producer)
    for job in listed:
        stage = stage_of(job.rule, names, prefixes)
        if stage is None:  # the `all` target
            continue
        plan = plans.setdefault(stage, StagePlan(stage))
        plan.jobs += 1
        reason = job.reason
        extra = changed_inputs(job, produced, Path(workflow_dir))
        if extra and "Updated input files" not in reason:
            reason += "; Updated input files: " + ", ".join(extra)
        own, downstream = causes(reason, known)
        plan.causes |= own
        follows.setdefault(stage, set()).update(
            producer[f] for f in downstream if producer.get(f) not in (None, stage)
        )
    order = [s for s in STAGES if s in plans] + sorted(s for s in plans if s not in STAGES)
    total = sum(p.jobs for p in plans.values())
    lines = [f"A run will re-run {len(order)} stage(s), {total} job(s):"]
    for stage in order:
        plan = plans[stage]
        # one "pipeline code changed (a.py, b.py)" for the stage, whichever of its jobs read them
        code = sorted({c[23:-1] for c in plan.causes if c.startswith("pipeline code changed (")})
        why = sorted(c for c in plan.causes if not c.startswith("pipeline code changed ("))
        if code:
            why.insert(0, "pipeline code changed (" + ", ".join(code) + ")")
        earlier = [STAGES.get(s, s) for s in order if s in follows[stage]]
        if earlier:
            why.append("it reads new results of " + ", ".join(earlier))
        words = STAGES.get(stage, stage)
        lines.append(f"  {words:<20} {plan.jobs:>3} job(s)  because " + "; ".join(why))
    return "\n".join(lines)


def known_inputs(cfg: dict) -> dict[str, str]:
    """The study's own inputs (from its validated config) named as a researcher names them."""
    corpus = cfg.get("corpus", {})
    known = {
        cfg.get("coding", {}).get("codebook", ""): "codebook",
        corpus.get("register", ""): "register of identifiers",
        corpus.get("participants", ""): "participant sheet",
        f"{cfg.get('private_dir', 'private')}/review/decisions.tsv": "review decisions",
    }
    known = {k: v for k, v in known.items() if k}
    source = cfg.get("manuscript", {}).get("source_dir")
    if source:
        known["__manuscript__"] = str(source).rstrip("/") + "/"
    raw = corpus.get("raw_dir")
    if raw:
        known["__raw__"] = str(raw).rstrip("/") + "/"
    return known


def plan(config: str, workflow_dir: str | Path = ".") -> str:
    """Run Snakemake's dry run for `config` and summarise it."""
    from .cli import _study_config

    cfg = _study_config(config)
    exe = Path(sys.executable).with_name("snakemake")
    cmd = [str(exe) if exe.exists() else (shutil.which("snakemake") or "snakemake"), "--dry-run"]
    if Path(config) != Path("config/config.yaml"):
        cmd += ["--configfile", config]
    proc = subprocess.run(cmd, cwd=workflow_dir, capture_output=True, text=True)
    if proc.returncode != 0:
        last = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
        raise CoprodError(
            config,
            "the workflow cannot plan a run: "
            + (last[-1].strip() if last else f"snakemake exit {proc.returncode}"),
            "fix what it names, then run `make dryrun` again",
        )
    return summarise(proc.stdout + "\n" + proc.stderr, workflow_dir, known_inputs(cfg))
