"""The manuscript's variables and tables, assembled from the statements each stage wrote.

The manuscript never computes anything: every number it prints is a key of the generated
`_variables.yml` and every table a generated Markdown include. Each stage's statements rule
writes its numbers, its generated sentences (each with the condition that produced it) and its
table fragments (`results/<stage>/...manuscript.yml` and fragments, listed in STAGES below);
this module only merges them, adds the study's framing and the provenance appendix, and writes
`_variables.yml` and `_tables/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .mdtext import (  # noqa: F401  (re-exported: the manuscript's text helpers)
    LINE_CHARS,
    MD_SPECIAL_RE,
    NUMBER_WORDS,
    _cell,
    _f,
    column_weights,
    count,
    escape_md,
    indefinite_article,
    md_rows,
    md_table,
    plural,
    words_for,
)

# The stages' statement files the manuscript assembles, by name: each holds `numbers` (figures as
# printed), `sentences` (generated sentences printed as variables, each with its condition) and
# `fragments` (the conditions of the Markdown includes the stage wrote beside it).
#   corpus       results/descriptives/manuscript.yml        (segment: write_corpus_statements)
#   deid         results/deidentified/manuscript.yml        (de-identification: write_deid_statements)
#   codes        results/coding/codes_manuscript.yml        (coding: write_codes_statements; its
#                numbers are by section: coding, code, claims)
#   saturation   results/coding/saturation_manuscript.yml   (coding: write_saturation_statements)
#   reliability  results/coding/reliability_manuscript.yml  (coding: write_reliability_statements)
#   topics       results/topics/manuscript.yml              (topics: write_topic_statements)
# The coding assistant's paragraph is a fragment only (coding: write_assistant_statements,
# results/coding/fragments/assistant_section.md).
STAGES = ("corpus", "deid", "codes", "saturation", "reliability", "topics")


def stage_variables(statements: dict) -> dict:
    """A stage's variables as its manuscript.yml has them: its numbers and its generated
    sentences' text (nothing added, nothing recomputed)."""
    return dict(statements.get("numbers") or {}) | {
        name: s["text"] for name, s in (statements.get("sentences") or {}).items()
    }


def build(
    stages: dict[str, dict],
    fragments: dict[str, str],
    study: dict,
    engine: str,
) -> tuple[dict, dict[str, str]]:
    """Return (variables, {table file name: markdown}), assembled from what the stages wrote.

    `stages`: each stage's statements by name (STAGES; `saturation` may be empty);
    `fragments`: every stage's Markdown fragments by file name (as under `_tables/`), printed
    as written (the coding assistant's paragraph among them). `study`: the `study` section (the
    framing); `engine`: the engine expected to render. The manuscript adds no number, no claim and
    no paragraph of its own."""
    codes = stages["codes"]["numbers"]
    variables = {
        "corpus": stage_variables(stages["corpus"]),
        "deid": stage_variables(stages["deid"]),
        "coding": dict(codes["coding"]) | stage_variables(stages.get("saturation") or {}),
        "code": codes["code"],
        **({"claims": codes["claims"]} if "claims" in codes else {}),
        "topics": topic_variables(stages["topics"]),
        "reliability": stage_variables(stages["reliability"]),
        # the engine the manuscript rule expects; the render step writes the one that renders
        "render": {"engine": engine},
        "study": study_variables({"study": study}),
    }
    return variables, dict(fragments)


def topic_variables(statements: dict) -> dict:
    """The manuscript's `topics` variables: the topics stage's numbers, the rule that chose its K
    and its generated sentences, as results/topics/manuscript.yml has them (nothing added)."""
    return (
        dict(statements["numbers"])
        | {"k_rule": statements["k_rule"]["text"]}
        | {name: s["text"] for name, s in statements["sentences"].items()}
    )


def is_synthetic(config: dict) -> bool:
    """`study.synthetic`: the corpus was written to a design, no real participants."""
    return bool((config.get("study") or {}).get("synthetic"))


def study_variables(config: dict) -> dict:
    """What the render step frames the manuscript with (coprod.render.frame_synthetic)."""
    return {
        "synthetic": "yes" if is_synthetic(config) else "no",
        "after": str((config.get("study") or {}).get("after") or ""),
        # the team's own sentence, printed as text (never as markup)
        "data_availability": escape_md(
            (config.get("study") or {}).get("data_availability")
            or "The raw transcripts stay with the research team and are never shared."
        ),
    }


def write(variables: dict, tables: dict[str, str], variables_path: Path) -> None:
    """Write `_variables.yml` and `tables/*.md` next to it (deterministic YAML)."""
    variables_path.parent.mkdir(parents=True, exist_ok=True)
    variables_path.write_text(yaml.safe_dump(variables, sort_keys=True, allow_unicode=True), encoding="utf-8")
    # `_tables/`: Quarto never renders a file or folder whose name starts with "_", so the
    # included fragments are not mistaken for notebooks of the manuscript project
    tdir = variables_path.parent / TABLES_DIR
    if tdir.exists():  # no stale fragment (a code removed from the codebook) survives a rerun
        shutil.rmtree(tdir)
    tdir.mkdir()
    for name, text in tables.items():
        (tdir / name).parent.mkdir(parents=True, exist_ok=True)
        (tdir / name).write_text(text, encoding="utf-8")


TABLES_DIR = "_tables"


PROVENANCE_PACKAGES = [
    "snakemake",
    "pandas",
    "numpy",
    "scikit-learn",
    "nltk",
    "matplotlib",
    "phonenumbers",
    "pypandoc-binary",
    "typst",
    "coprod",
]


ENGINE_CELL = "RENDERENGINEPLACEHOLDER"


def provenance(
    files: list[str], config_sha256: str, review: dict, engine: str, epoch: int, repo: str
) -> tuple[dict, str]:
    """What a reviewer needs to trust the numbers: hashes of every shareable input (a folder's: of
    its files' names and hashes), the config hash
    (`config_hash`, computed where the config is read), package versions, the git commit, the
    render engine and the build date (SOURCE_DATE_EPOCH). Rebuilt from an archive (review mode,
    `review` the config's review section), the commit and config hash are those that made it."""
    import datetime as dt
    import hashlib
    import platform
    from importlib import metadata

    def sha(path: str) -> str:
        p = Path(path)
        if p.is_dir():  # a folder of fragments: its files' names and hashes, in order
            listing = "".join(
                f"{f.relative_to(p).as_posix()}\t{sha(str(f))}\n" for f in sorted(p.rglob("*")) if f.is_file()
            )
            return hashlib.sha256(listing.encode()).hexdigest()
        return hashlib.sha256(p.read_bytes()).hexdigest()

    review = review or {}
    cfg_hash = config_sha256
    if review.get("enabled") and review.get("config_sha256"):
        cfg_hash = review["config_sha256"]
    commit = review["commit"] if review.get("enabled") and review.get("commit") else git_commit(repo)
    versions = {"python": platform.python_version()}
    for pkg in PROVENANCE_PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    date = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%Y-%m-%d")
    variables = {
        "commit": commit,
        "config_sha256": cfg_hash,
        "engine": engine,
        "build_date": date,
        "inputs": len(files),
    }
    rows = [
        ("Git commit", commit),
        ("Config (SHA-256)", cfg_hash),
        ("Render engine", ENGINE_CELL),
        ("Build date (SOURCE_DATE_EPOCH)", date),
    ]
    rows += [(f"Package {k}", v) for k, v in versions.items()]
    rows += [(Path(f).as_posix(), sha(f)[:16]) for f in sorted(files)]  # cells are escaped: no `code`
    table = md_rows(["Item", "Value (SHA-256 prefix for files)"], rows, "ll")
    # the engine that actually renders is written into the staged variables at render time
    return variables, table.replace(ENGINE_CELL, "{{< var render.engine >}}")


def git_commit(repo: str) -> str:
    """Short commit of the checkout, flagged when tracked files have uncommitted changes."""
    import subprocess

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return commit + (" (with uncommitted changes)" if dirty else "")


def config_hash(config: dict) -> str:
    """The hash the provenance appendix prints for a config (without the review section)."""
    import hashlib
    import json

    study = {k: v for k, v in config.items() if k != "review"}
    return hashlib.sha256(json.dumps(study, sort_keys=True, default=str).encode()).hexdigest()[:16]
