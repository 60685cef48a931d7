"""Render the Quarto manuscript: with `quarto` when it is on PATH, else pandoc + Typst.

Both engines read the same source. The fallback resolves Quarto's `{{< var >}}` and
`{{< include >}}` shortcodes textually (as Quarto does, before parsing), then runs pandoc with
`quarto_compat.lua` for cross-references, to self-contained HTML, DOCX and Typst -> PDF.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import yaml

from .errors import ConfigError

FILTER = Path(__file__).with_name("quarto_compat.lua")
SHORTCODE_RE = re.compile(r"\{\{<\s*(var|include)\s+([^\s>]+)\s*>\}\}")
OUTPUTS = ("index.html", "index.pdf", "index.docx")


def choose_engine(requested: str = "auto") -> str:
    """'quarto' when requested or available on PATH (auto), else 'pandoc+typst'."""
    if requested == "quarto" and not shutil.which("quarto"):
        raise ConfigError(
            "manuscript.engine",
            "'quarto' requested but not on PATH",
            "install Quarto (conda env in environment.yml) or set engine: auto",
        )
    if requested == "quarto" or (requested == "auto" and shutil.which("quarto")):
        return "quarto"
    return "pandoc+typst"


def lookup(variables: dict, dotted: str, where: str) -> str:
    value = variables
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise ConfigError(
                where,
                f"unknown variable '{dotted}' in {{{{< var >}}}}",
                "add it to the generated _variables.yml or fix the name",
            )
        value = value[part]
    return str(value)


def resolve_shortcodes(
    text: str, variables: dict, base: Path, where: str, depth: int = 0, root: Path | None = None
) -> str:
    """Replace var/include shortcodes; includes are resolved recursively relative to `base` and
    must stay inside the project folder `root` (an include can never pull in an outside file)."""
    root = Path(root or base).resolve()
    if depth > 10:
        raise ConfigError(where, "include nesting deeper than 10", "remove the include cycle")

    def sub(m: re.Match) -> str:
        kind, arg = m.group(1), m.group(2)
        if kind == "var":
            return lookup(variables, arg, where)
        path = base / arg
        if not path.resolve().is_relative_to(root):
            raise ConfigError(
                where, f"include '{arg}' points outside the manuscript project", "include files inside it"
            )
        if not path.exists():
            raise ConfigError(where, f"included file '{arg}' not found", "check the include path")
        return resolve_shortcodes(
            path.read_text(encoding="utf-8"), variables, path.parent, str(path), depth + 1, root
        )

    return SHORTCODE_RE.sub(sub, text)


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _run(cmd: list[str], cwd: Path, env: dict) -> None:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise ConfigError(cwd / "index.qmd", f"{Path(cmd[0]).name} failed: {last}", "see the log for details")


def render_fallback(stage: Path, out_dir: Path, epoch: int) -> dict:
    """pandoc (+ Lua filter) -> HTML, DOCX, Typst; typst -> PDF. Returns engine versions."""
    import typst

    variables = yaml.safe_load((stage / "_variables.yml").read_text(encoding="utf-8")) or {}
    source = resolve_shortcodes(
        (stage / "index.qmd").read_text(encoding="utf-8"), variables, stage, "manuscript/index.qmd"
    )
    resolved = stage / "index.resolved.md"
    resolved.write_text(source, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    pandoc = pandoc_path()
    common = [
        pandoc,
        resolved.name,
        "--from",
        "markdown",
        "--lua-filter",
        str(FILTER),
        "--citeproc",
        "--resource-path",
        ".",
    ]
    out_dir = out_dir.resolve()
    _run(
        common
        + [
            "--to",
            "html5",
            "--standalone",
            "--embed-resources",
            "--toc",
            "--output",
            str(out_dir / "index.html"),
        ],
        stage,
        env,
    )
    _run(common + ["--to", "docx", "--output", str(out_dir / "index.docx")], stage, env)
    _run(common + ["--to", "typst", "--standalone", "--output", "index.typ"], stage, env)
    typst.compile(
        str(stage / "index.typ"),
        output=str(out_dir / "index.pdf"),
        root=str(stage),
        ignore_system_fonts=True,
        timestamp=epoch,
    )
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "engine": "pandoc+typst",
        "pandoc": version.split()[-1],
        "typst_python": metadata.version("typst"),
    }


def render_quarto(stage: Path, out_dir: Path, epoch: int) -> dict:
    """`quarto render` of the staged project; outputs copied to `out_dir`."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    for fmt, name in (("html", "index.html"), ("typst", "index.pdf"), ("docx", "index.docx")):
        _run(["quarto", "render", "index.qmd", "--to", fmt, "--output", name], stage, env)
        produced = next(stage.rglob(name), None)
        if produced is None:
            raise ConfigError(stage / "index.qmd", f"quarto produced no {name}", "see the log")
        shutil.copyfile(produced, out_dir / name)
    version = subprocess.run(["quarto", "--version"], capture_output=True, text=True).stdout.strip()
    return {"engine": "quarto", "quarto": version}


def stage_project(source_dir: Path, generated_dir: Path, figures: list[Path], stage: Path) -> None:
    """Assemble a self-contained Quarto project: source + generated variables/tables + figures."""
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(
        source_dir, stage, ignore=shutil.ignore_patterns("_manuscript", ".quarto", "*.html", "*.pdf")
    )
    shutil.copytree(generated_dir, stage, dirs_exist_ok=True)
    (stage / "figures").mkdir(exist_ok=True)
    for fig in figures:
        shutil.copyfile(fig, stage / "figures" / Path(fig).name)


def render_manuscript(
    source_dir: Path,
    generated_dir: Path,
    figures: list[Path],
    stage: Path,
    out_dir: Path,
    engine: str,
    epoch: int,
) -> dict:
    """Stage and render; write `render.json` (engine provenance) next to the outputs."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage_project(Path(source_dir), Path(generated_dir), [Path(f) for f in figures], Path(stage))
    chosen = choose_engine(engine)
    info = (render_quarto if chosen == "quarto" else render_fallback)(Path(stage), out_dir, epoch)
    (out_dir / "render.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return info
