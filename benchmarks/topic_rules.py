"""CPU seconds of the topic rules' jobs, cold and after adding one transcript, on a kept study.

Runs each topic rule's script (scripts/topics_*.py, the code of this tree) in a fresh Python
process per job, as Snakemake does, against a study kept by `scale.py --keep DIR` (its
`results/segments.tsv`, `results/coding/`, config and word lists), with outputs in a scratch
folder and a fit cache of its own, and prints each job's CPU seconds (user + sys of the process,
start-up and imports included) summed per rule:

  cold     the study without one transcript (outside both topic samples), empty fit cache:
           prepare_topics, the K search's fit jobs, search_topics, fit_topics, topic_prevalence,
           align_topics_codes
  add one  the whole study, with the cache the cold run left (the transcript is added back)

The add-one outputs are compared byte for byte with the study's own `results/topics/` (what
the pipeline wrote there), so a run of two trees on the same study checks that a change keeps
every topic table. Wall seconds are printed too, but on a shared machine read the CPU.

Usage: .venv/bin/python benchmarks/topic_rules.py DIR [--jobs 2] [--scratch DIR]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SAMPLER = ("max_iter", "alpha", "eta", "samples", "thin", "progress_every")
FINAL = ("fit_max_segments", "infer_iter")

# (rule, script, settings) as workflow/rules/topics.smk declares them
PREPARE = (
    "language",
    "languages",
    "language_min_hits",
    "stopwords_dir",
    "conversational_words",
    "signoff_words",
    "extra_stop_words",
    "min_tokens",
    "signoff_share",
    "min_df",
    "max_df",
    "collocations",
)
FIT = ("seeds", "search_max_segments", "heldout_fraction", "n_top_words", "infer_iter", *SAMPLER)
TABLES = ("k", "min_stability", "seeds", "n_top_words", *SAMPLER, *FINAL, "representative")
PREVALENCE = ("k", "min_stability", "seeds", "n_top_words", *SAMPLER, *FINAL, "bootstrap", "seed")
PREVALENCE += ("prevalence_covariates",)
CODES = ("k", "min_stability", "seeds", "n_top_words", *SAMPLER, *FINAL)

# Runs one script in this process the way Snakemake's `script:` does: a `snakemake` object
# with input, output, params, wildcards, log and rule, then the script's own code.
RUNNER = """
import pickle, sys, types
class NS(dict):
    __getattr__ = dict.get
    def __iter__(self):
        return iter(self.values())
    def __getitem__(self, k):
        return list(self.values())[k] if isinstance(k, int) else dict.__getitem__(self, k)
job = pickle.load(open(sys.argv[1], "rb"))
snakemake = types.SimpleNamespace(
    input=NS(job["input"]), output=NS(job["output"]), params=NS(job["params"]),
    wildcards=NS(job["wildcards"]), log=[job["log"]], rule=job["rule"],
)
code = open(job["script"], encoding="utf-8").read()
exec(compile(code, job["script"], "exec"), {"snakemake": snakemake, "__name__": "__main__"})
"""


def merged_config(study: Path) -> dict:
    def merge(a: dict, b: dict) -> dict:
        out = dict(a)
        for key, value in b.items():
            out[key] = (
                merge(out[key], value)
                if isinstance(value, dict) and isinstance(out.get(key), dict)
                else value
            )
        return out

    base = yaml.safe_load((study / "config" / "config.yaml").read_text(encoding="utf-8"))
    extra = study / "config" / "scale.yaml"
    return merge(base, yaml.safe_load(extra.read_text(encoding="utf-8"))) if extra.exists() else base


def settings(topics: dict, keys: tuple) -> dict:
    out = {k: topics[k] for k in keys if k in topics}
    if "seeds" in out:
        out["seeds"] = topics["seeds"][:1]
    return out


def run_job(study: Path, scratch: Path, rule: str, script: str, inputs, outputs, params, wildcards=None):
    """(CPU seconds, wall seconds) of one job in its own process."""
    spec = {
        "rule": rule,
        "script": str(ROOT / "scripts" / script),
        "input": {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in inputs.items()},
        "output": {k: str(v) for k, v in outputs.items()},
        "params": params,
        "wildcards": wildcards or {},
        "log": str(
            scratch
            / "logs"
            / f"{rule}{'_' + '_'.join(map(str, (wildcards or {}).values())) if wildcards else ''}.log"
        ),
    }
    for path in outputs.values():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    fd, job_file = tempfile.mkstemp(suffix=".pkl", dir=scratch)
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(spec, fh)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1643846400"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUNNER, job_file], cwd=study, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    os.unlink(job_file)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{rule} failed: see {spec['log']}")
    return usage.ru_utime + usage.ru_stime, wall


def topic_jobs(study: Path, scratch: Path, segments: Path, cfg: dict, jobs: int) -> dict[str, list[float]]:
    """Every topic rule's job(s) in pipeline order; CPU and wall seconds per rule."""
    t = cfg["topics"]
    out = scratch / "topics"
    cache = str(scratch / "cache")
    from coprod.topics import word_list_files

    spent: dict[str, list[float]] = {}

    def add(rule: str, cpu_wall: tuple[float, float]) -> None:
        cpu, wall = spent.setdefault(rule, [0.0, 0.0])
        spent[rule] = [cpu + cpu_wall[0], wall + cpu_wall[1]]

    corpus = out / "corpus.json"
    inputs = {"segments": segments, **{f"list{i}": p for i, p in enumerate(word_list_files(t))}}
    outputs = {"corpus": corpus, "screening": out / "screening.tsv", "summary": out / "screening_summary.tsv"}
    params = {"topics": settings(t, PREPARE), "cache": cache}
    add(
        "prepare_topics",
        run_job(study, scratch, "prepare_topics", "topics_prepare.py", inputs, outputs, params),
    )

    fits = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = []
        for k in t["k_grid"]:
            for seed in t["seeds"]:
                path = out / "fits" / f"K{k}_seed{seed}.json"
                fits.append(path)
                params = {"topics": settings(t, FIT), "progress": str(scratch / "search.log"), "cache": cache}
                futures.append(
                    pool.submit(
                        run_job,
                        study,
                        scratch,
                        "fit_topic_model",
                        "topics_fit.py",
                        {"corpus": corpus},
                        {"fit": path},
                        params,
                        {"k": k, "seed": seed},
                    )
                )
        for f in futures:
            add("fit_topic_model", f.result())
    diagnostics = out / "k_diagnostics.tsv"
    inputs = {"fits": fits, "corpus": corpus}
    add(
        "search_topics",
        run_job(study, scratch, "search_topics", "topics_search.py", inputs, {"d": diagnostics}, {}),
    )
    tables = {
        n: out / f"{n}.tsv"
        for n in ("topic_terms", "doc_topics", "topic_summary", "k_summary", "representative")
    }
    inputs = {"segments": segments, "corpus": corpus, "diagnostics": diagnostics}
    outputs = dict(
        zip(("terms", "doc_topics", "summary", "k_summary", "representative"), tables.values(), strict=True)
    )
    params = {"topics": settings(t, TABLES), "cache": cache}
    add("fit_topics", run_job(study, scratch, "fit_topics", "topics.py", inputs, outputs, params))
    inputs = {
        "segments": segments,
        "corpus": corpus,
        "diagnostics": diagnostics,
        "doc_topics": tables["doc_topics"],
    }
    outputs = {"by_group": out / "prevalence_by_group.tsv", "effects": out / "prevalence_effects.tsv"}
    if cfg.get("_sites", True):
        outputs = {"by_site": out / "prevalence_by_site.tsv", **outputs}
    # the tables only: the figure the rule also draws (figures.smk, drawn_in) is not a topic rule's work
    params = {"topics": settings(t, PREVALENCE), "cache": cache, "figures": {}, "figure_cache": ""}
    add(
        "topic_prevalence",
        run_job(study, scratch, "topic_prevalence", "topics_prevalence.py", inputs, outputs, params),
    )
    inputs = {
        "corpus": corpus,
        "diagnostics": diagnostics,
        "doc_topics": tables["doc_topics"],
        "coded": study / "results" / "coding" / "coded_segments.tsv",
        "codebook": study / "results" / "coding" / "codebook_structure.yaml",
    }
    params = {"topics": settings(t, CODES), "cache": cache}
    add(
        "align_topics_codes",
        run_job(
            study,
            scratch,
            "align_topics_codes",
            "topics_codes.py",
            inputs,
            {"o": out / "topic_code.tsv"},
            params,
        ),
    )
    return spent


def outside_transcript(segments: Path, cfg: dict) -> str:
    """The last transcript in the samples' seeded order: outside the K search's and the final
    model's samples whenever the corpus is larger than they are."""
    from coprod.topics import search_sample, segment_transcript

    with open(segments, encoding="utf-8", newline="") as fh:
        ids = [r["segment_id"] for r in csv.DictReader(fh, delimiter="\t")]
    t = cfg["topics"]
    inside = {segment_transcript(ids[i]) for i in search_sample(ids, t["fit_max_segments"], t["seeds"][0])}
    order = sorted(
        {segment_transcript(s) for s in ids},
        key=lambda x: hashlib.sha256(f"{t['seeds'][0]}\x00{x}".encode()).hexdigest(),
    )
    last = order[-1]
    if last in inside:
        sys.exit("every transcript is inside the final model's sample: nothing to add outside it")
    return last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("study", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scratch", type=Path)
    args = ap.parse_args()
    study = args.study.resolve()
    cfg = merged_config(study)
    cfg["_sites"] = (study / "results" / "topics" / "prevalence_by_site.tsv").exists()
    scratch = Path(tempfile.mkdtemp(prefix="topic-rules-", dir=args.scratch))
    try:
        (scratch / "logs").mkdir()
        segments = study / "results" / "segments.tsv"
        left_out = outside_transcript(segments, cfg)
        minus = scratch / "segments_minus.tsv"
        with open(segments, encoding="utf-8") as src, open(minus, "w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if n == 0 or not line.startswith(f"{left_out}_"):
                    dst.write(line)
        cold = topic_jobs(study, scratch, minus, cfg, args.jobs)
        add = topic_jobs(study, scratch, segments, cfg, args.jobs)
        same, differ = 0, []
        for path in sorted((study / "results" / "topics").rglob("*")):
            rel = path.relative_to(study / "results" / "topics")
            mine = scratch / "topics" / rel
            if path.is_file() and mine.is_file() and rel.parts[0] not in ("fragments",):
                if path.read_bytes() == mine.read_bytes():
                    same += 1
                else:
                    differ.append(str(rel))
        print(json.dumps({"tree": str(ROOT), "left_out": left_out, "cold": cold, "add_one": add}, indent=1))
        total_cold, total_add = (sum(v[0] for v in x.values()) for x in (cold, add))
        print(f"total cold CPU {total_cold:.1f} s, add one {total_add:.1f} s")
        print(f"outputs equal to the study's results/topics: {same}; different: {differ or 'none'}")
    finally:
        if os.environ.get("KEEP_SCRATCH"):
            print("scratch kept:", scratch)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
