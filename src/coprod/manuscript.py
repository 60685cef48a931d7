"""Numbers and tables for the manuscript, generated from the pipeline's result files.

The manuscript never computes anything: every number it prints is a key of the generated
`_variables.yml` and every table a generated Markdown include, both written here from files
other rules wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
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
    md_table,
    plural,
    words_for,
)

# The stages' statement files the manuscript assembles, by variable section: each holds `numbers`
# (figures as printed), `sentences` (generated sentences printed as variables, each with its
# condition) and `fragments` (the Markdown includes the stage wrote beside it).
#   corpus       results/descriptives/manuscript.yml   (segment stage: write_corpus_statements)
#   deid         results/deidentified/manuscript.yml   (de-identification: write_deid_statements)
#   saturation   results/coding/saturation_manuscript.yml   (coding: write_saturation_statements)
#   reliability  results/coding/reliability_manuscript.yml  (coding: write_reliability_statements)
#   topics       results/topics/manuscript.yml         (topics: write_topic_statements)
STAGES = ("corpus", "deid", "saturation", "reliability", "topics")


def stage_variables(statements: dict) -> dict:
    """A stage's variables as its manuscript.yml has them: its numbers and its generated
    sentences' text (nothing added, nothing recomputed)."""
    return dict(statements.get("numbers") or {}) | {
        name: s["text"] for name, s in (statements.get("sentences") or {}).items()
    }


def build(
    stages: dict[str, dict],
    fragments: dict[str, str],
    coding: dict,
    site_group: str,
    study: dict,
    engine: str,
) -> tuple[dict, dict[str, str]]:
    """Return (variables, {table file name: markdown}), assembled from what the stages wrote.

    `stages`: each stage's statements by section (STAGES; `saturation` may be empty);
    `fragments`: every stage's Markdown fragments by file name, printed as written.
    `coding`: the coding stage's tables — `code_summary`, `coded_segments`, `segments`,
    `codebook`, `exemplars`, `statements` (results/coding/manuscript.yml, coprod.claims),
    `assistant` and `assistant_table` (the coding assistant's; None without human codings).
    `site_group`: `manuscript.site_group`; `study`: the `study` section (the framing).
    Every sentence is printed as its stage wrote it: the manuscript adds no claim of its own."""
    corpus = stage_variables(stages["corpus"])
    sites = corpus["has_sites"] == "yes"
    code_summary = with_study_sites(coding["code_summary"], coding["coded_segments"], site_group)
    coded_segments, segments = coding["coded_segments"], coding["segments"]
    exemplars, statements = coding.get("exemplars"), coding.get("statements")
    coded = code_summary[code_summary.segments > 0]
    top = code_summary.sort_values(["segments", "code_id"], ascending=[False, True]).iloc[0]
    variables = {
        "corpus": corpus,
        "deid": stage_variables(stages["deid"]),
        "coding": {
            "themes": len(coding["codebook"]["themes"]),
            "codes": int(len(code_summary)),
            "codes_article": indefinite_article(len(code_summary)),
            # the counts the codes table gives per code
            "table_counts": "segments, participants and sites" if sites else "segments and participants",
            "codes_used": int(len(coded)),
            "coded_segments": count(coded_segments.segment_id.nunique()),
            "coded_share": f"{100 * coded_segments.segment_id.nunique() / max(len(segments), 1):.0f}%",
            "top_code": str(top.label),
            "top_code_segments": count(top.segments),
            "top_code_share": f"{100 * float(top.share_of_segments):.0f}%",
        }
        | stage_variables(stages.get("saturation") or {}),
        "topics": topic_variables(stages["topics"]),
        "reliability": stage_variables(stages["reliability"]),
        # the engine the manuscript rule expects; the render step writes the one that renders
        "render": {"engine": engine},
        "study": study_variables({"study": study}),
    }
    variables["code"] = {
        r.code_id: {
            "label": str(r.label),
            "segments": count(r.segments),
            "participants": count(r.participants),
            "sites": count(r.sites),
        }
        for r in code_summary.itertuples()
    }
    cols = ["theme_id", "label", "segments", "participants", "sites"][: 5 if sites else 4]
    codes = code_summary[cols].copy()
    codes.columns = ["Theme", "Code", "Segments", "Participants", "Sites"][: len(cols)]
    tables = {
        **fragments,
        "codes.md": md_table(codes, "llrrr"[: len(cols)]),
        "codes_by_site.md": codes_by_site_md(sites),
    }
    for code in code_summary.code_id:
        tables[f"quotes/{code}.md"] = quotes_markdown(exemplars, code)
    tables["findings.md"] = findings_md(code_summary, exemplars, statements)
    if statements is not None:
        variables["claims"] = claims_variables(statements.get("rules") or {})
        for code in code_summary.code_id:
            tables[f"claims/{code}.md"] = claim_md(statements, code, exemplars)
        tables["claims_summary.md"] = claims_summary_md(statements)
    tables["assistant_section.md"] = assistant_section_md(
        coding.get("assistant"), coding.get("assistant_table")
    )
    return variables, tables


def codes_by_site_md(sites: bool) -> str:
    """The codes-by-site figure and the sentence pointing to it; nothing for a study without
    sites (no site_id column in the participants sheet)."""
    if not sites:
        return ""
    return (
        "@fig-codes shows how often each code was applied per interview at each site.\n\n"
        "![How often each code was applied per interview at each site (the site's count divided by "
        "its interviews, in brackets).](figures/code_by_site.png){#fig-codes}\n"
    )


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


def quotes_markdown(exemplars: pd.DataFrame | None, code: str, n: int | None = None) -> str:
    """Block quotes for one code (all its exemplars — their number is `coding.exemplars.per_code`
    — or the first n), attributed by pseudonymous participant id and group."""
    if exemplars is None or exemplars.empty or code not in set(exemplars.code_id):
        return "*No quote for this code met the length bounds in this corpus.*\n"
    rows = exemplars[exemplars.code_id == code].sort_values("rank")
    rows = rows if n is None else rows.head(n)
    parts = [f"> {escape_md(r.text)}\n>\n> --- {attribution(r)}\n" for r in rows.itertuples()]
    return "\n".join(parts)


def attribution(row) -> str:
    """'P03 (local, site_a)'; a group and site that are the same word are named once
    ('P19 (national)', not 'P19 (national, national)')."""
    where = [str(row.group)] + ([str(row.site_id)] if str(row.site_id) != str(row.group) else [])
    return f"{escape_md(row.participant_id)} ({escape_md(', '.join(w for w in where if w))})"


def with_study_sites(code_summary: pd.DataFrame, coded: pd.DataFrame, site_group: str) -> pd.DataFrame:
    """`sites` per code counted among the study's sites only: the site ids of the participants
    sheet's `site_group` (config manuscript.site_group; "" = every site id), so a group whose
    site id is the group itself ("national") is not counted as one more site."""
    if not {"site_id", "group", "code_id"} <= set(coded.columns):
        return code_summary
    own = coded[coded.group.astype(str) == site_group] if site_group else coded
    own = own[own.site_id.astype(str) != ""]  # a study without sites has none
    sites = own.groupby("code_id").site_id.nunique()
    out = code_summary.copy()
    out["sites"] = out.code_id.map(sites).fillna(0).astype(int)
    return out


def findings_md(
    code_summary: pd.DataFrame, exemplars: pd.DataFrame | None, statements: dict | None = None
) -> str:
    """One subsection per code of the study's codebook (codebook order): the coding stage's
    statements about it (`statements`, results/coding/manuscript.yml) or, without them, its
    counts; and its exemplar quotes — so a manuscript can report every code whatever the
    codebook holds, and says no more about a code than its figures support."""
    parts = []
    for r in code_summary.itertuples():
        if statements is not None and r.code_id in (statements.get("codes") or {}):
            parts.append(f"## {escape_md(r.label)}\n\n{claim_md(statements, r.code_id, exemplars)}")
            continue
        n, people, sites = int(r.segments), int(r.participants), int(r.sites)
        counts = (
            f"{plural(n, 'segment')} from {plural(people, 'participant')} at {plural(sites, 'site')}."
            if n
            else "No segment was coded with this code in this corpus."
        )
        quotes = quotes_markdown(exemplars, r.code_id) if n else ""
        parts.append(f"## {escape_md(r.label)}\n\n{counts}\n\n{quotes}")
    return "\n".join(parts)


def claim_md(statements: dict, code: str, exemplars: pd.DataFrame | None) -> str:
    """One code's statements as the coding stage wrote them (results/coding/manuscript.yml), and
    its quotes when it was coded at all: nothing here is written by the manuscript."""
    entry = (statements.get("codes") or {}).get(code)
    if entry is None:
        return ""
    text = " ".join(str(x["text"]) for x in entry["sentences"])
    if "absent" in entry["verdicts"]:
        return f"{text}\n"
    if "not supported by human coding" in entry["verdicts"]:
        # a rule the humans do not back picked these segments: only a quote a human coded with
        # the code, or one the team chose, illustrates it
        trusted = (
            exemplars[(exemplars.code_id == code) & exemplars.source.isin(["chosen", "human-coded"])]
            if exemplars is not None and "source" in exemplars
            else None
        )
        if trusted is None or trusted.empty:
            return (
                f"{text}\n\n*No quote is shown: the rule's picks are not backed by the human coders, "
                "and no segment a human coded with this code (or the team chose) was available.*\n"
            )
        return f"{text}\n\n{quotes_markdown(trusted, code)}"
    return f"{text}\n\n{quotes_markdown(exemplars, code)}"


def claims_variables(rules: dict) -> dict:
    """The thresholds the coding stage judged the codes by, as the methods print them."""
    return {
        "prominent_share": f"{100 * float(rules['prominent_share']):g}%",
        "widespread_share": f"{100 * float(rules['widespread_share']):g}%",
        "min_segments": int(rules["min_segments"]),
        "min_participants": int(rules["min_participants"]),
        "group_ratio": f"{float(rules['group_ratio']):g}",
        "min_precision": _f(rules["min_precision"]),
        "min_kappa": _f(rules["min_kappa"]),
        "min_checked": int(rules["min_checked"]),
    }


def claims_summary_md(statements: dict) -> str:
    """The coding stage's sentences over all codes (which met each rule, by name)."""
    return " ".join(str(x["text"]) for x in statements.get("summary") or []) + "\n"


def assistant_section_md(assistant: dict | None, table: str | None) -> str:
    """The coding assistant's paragraph (its stage's sentences) and its per-code table of held-out
    agreement; one sentence when there are no human codings to train and judge it on."""
    if not assistant:
        return (
            "No human codings were configured for this corpus, so the offline coding assistant "
            "was neither trained nor judged.\n"
        )
    text = " ".join(str(x["text"]) for x in assistant.get("sentences") or [])
    return f"{text} @tbl-assistant gives the agreement per code.\n\n{table or ''}"


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
    """What a reviewer needs to trust the numbers: hashes of every shareable input, the config hash
    (`config_hash`, computed where the config is read), package versions, the git commit, the
    render engine and the build date (SOURCE_DATE_EPOCH). Rebuilt from an archive (review mode,
    `review` the config's review section), the commit and config hash are those that made it."""
    import datetime as dt
    import hashlib
    import platform
    from importlib import metadata

    def sha(path: str) -> str:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

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
    table = md_table(pd.DataFrame(rows, columns=["Item", "Value (SHA-256 prefix for files)"]), "ll")
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
