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
import sys
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
    _wait(_start([cmd], cwd, env))


def _start(cmds: list[list[str]], cwd: Path, env: dict) -> list:
    """Start independent commands side by side (each format's pandoc reads the same staged files
    and writes its own output: at the tail of a re-run, where nothing else runs, the render takes
    about its longest format's time, not the sum); `_wait` for them."""
    pipe = subprocess.PIPE
    return [
        (cmd, cwd, subprocess.Popen(cmd, cwd=cwd, env=env, stdout=pipe, stderr=pipe, text=True))
        for cmd in cmds
    ]


def _wait(started: list) -> None:
    """Wait for every command `_start` started; the first that failed, in the order started, is
    one ConfigError with its last line of stderr."""
    done = [(cmd, cwd, proc, proc.communicate()[1]) for cmd, cwd, proc in started]
    for cmd, cwd, proc, err in done:
        if proc.returncode != 0:
            last = (err.strip().splitlines() or ["(no message)"])[-1]
            what = f"{Path(cmd[0]).name} failed: {last}"
            raise ConfigError(cwd / "index.qmd", what, "see the log for details")


# What Quarto renders in a project: every file with these extensions, except those whose name or
# folder starts with "_" or "." — unless `project: render:` lists the files to render
# (quarto.org/docs/projects/quarto-projects.html, "Render Targets"). In a manuscript project each
# rendered file other than the article becomes a "notebook" (quarto.org/docs/manuscripts).
RENDERABLE = (".qmd", ".md", ".ipynb", ".rmd", ".markdown")


def project_config(project: Path) -> dict:
    path = Path(project) / "_quarto.yml"
    if not path.exists():
        raise ConfigError(path, "the manuscript project has no _quarto.yml", "copy manuscript/_quarto.yml")
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"not valid YAML ({type(exc).__name__})", "fix the file") from None
    if not isinstance(cfg, dict):
        raise ConfigError(path, "not a YAML mapping", "see manuscript/_quarto.yml")
    return cfg


def article_name(cfg: dict) -> str:
    return str((cfg.get("manuscript") or {}).get("article", "index.qmd"))


def project_problems(project: Path) -> list[str]:
    """Where a folder breaks Quarto's manuscript-project rules as this pipeline uses them: it must
    be `type: manuscript`, render only its article (`project: render: [<article>]`), and hold no
    other renderable file unless its name (or a folder's) starts with "_" or "." — so Quarto
    renders no fragment or intermediate file as a notebook."""
    project = Path(project)
    cfg = project_config(project)
    article = article_name(cfg)
    proj = cfg.get("project") or {}
    problems = []
    if proj.get("type") != "manuscript":
        problems.append("_quarto.yml: project.type is not 'manuscript'")
    if proj.get("render") != [article]:
        problems.append(f"_quarto.yml: project.render must be [{article}] (only the article is rendered)")
    if not (project / article).exists():
        problems.append(f"the article {article} is missing")
    for path in sorted(project.rglob("*")):
        rel = path.relative_to(project)
        if not path.is_file() or path.suffix.lower() not in RENDERABLE or rel.as_posix() == article:
            continue
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        problems.append(f"{rel.as_posix()} would be rendered as a notebook (name it with a leading '_')")
    return problems


def check_project(project: Path) -> None:
    problems = project_problems(project)
    if problems:
        raise ConfigError(
            Path(project) / "_quarto.yml",
            f"not a valid manuscript project: {problems[0]}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            "see docs/manuscript.md",
        )


def _format_options(cfg: dict, fmt: str) -> dict:
    value = (cfg.get("format") or {}).get(fmt)
    return value if isinstance(value, dict) else {}


def _header_includes(stage: Path, opts: dict) -> list[str]:
    """Quarto's `include-in-header` (a path, {file: path} or {text: ...}, or a list of them)."""
    items = opts.get("include-in-header") or []
    out = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict) and "text" in item:
            out.append(str(item["text"]))
        else:
            name = item.get("file") if isinstance(item, dict) else item
            path = stage / str(name)
            if not path.resolve().is_relative_to(stage.resolve()) or not path.is_file():
                raise ConfigError(stage / "_quarto.yml", f"include-in-header file '{name}' not found", "")
            out.append(path.read_text(encoding="utf-8"))
    return out


# metadata that may be set per format in _quarto.yml (read by the fallback for html and docx)
FORMAT_METADATA = ("keywords", "subject", "description")

# the Typst options of _quarto.yml that pandoc's Typst template reads as variables of the same name
TYPST_VARIABLES = ("papersize", "margin", "fontsize", "section-numbering", "mainfont", "columns", "toc")


def render_fallback(stage: Path, out_dir: Path, epoch: int) -> dict:
    """pandoc (+ Lua filter) -> HTML, DOCX, Typst; typst -> PDF. Returns engine versions.

    Options are read from the project's _quarto.yml as Quarto reads them: html `toc`, typst
    `papersize`/`margin`/`fontsize`/… and `include-in-header`. Intermediate files are named with a
    leading "_" (never rendered by Quarto) and removed after a successful render."""
    import typst

    cfg = project_config(stage)
    article = article_name(cfg)
    variables = yaml.safe_load((stage / "_variables.yml").read_text(encoding="utf-8")) or {}
    source = resolve_shortcodes(
        (stage / article).read_text(encoding="utf-8"), variables, stage, f"manuscript/{article}"
    )
    resolved = stage / "_index.resolved.md"
    typ = stage / "_index.typ"
    typst_meta = stage / "_index.typst-meta.yml"
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
    html = _format_options(cfg, "html")
    # format-level metadata of _quarto.yml (Quarto reads it as the format's metadata)
    fmt_meta = {}
    for fmt in ("html", "docx"):
        keys = {k: v for k, v in _format_options(cfg, fmt).items() if k in FORMAT_METADATA}
        fmt_meta[fmt] = []
        if keys:
            meta_file = stage / f"_index.{fmt}-meta.yml"
            meta_file.write_text(yaml.safe_dump(keys, sort_keys=True, allow_unicode=True), encoding="utf-8")
            fmt_meta[fmt] = ["--metadata-file", meta_file.name]
    ref = _format_options(cfg, "docx").get("reference-doc")
    topts = _format_options(cfg, "typst")
    meta = {k: topts[k] for k in TYPST_VARIABLES if k in topts}
    raw_headers = []  # raw Typst: template variables, not metadata (which pandoc would escape)
    for text in _header_includes(stage, topts):
        raw_headers += ["--variable", f"header-includes={text}"]
    typst_meta.write_text(yaml.safe_dump(meta, sort_keys=True, allow_unicode=True), encoding="utf-8")
    # HTML and DOCX in the background while Typst is written and compiled to PDF: three
    # independent pandoc runs over the same staged files
    background = _start(
        [
            common
            + ["--to", "html5", "--standalone", "--embed-resources"]
            + fmt_meta["html"]
            + (["--toc"] if html.get("toc") else [])
            + ["--output", str(out_dir / "index.html")],
            common
            + ["--to", "docx"]
            + fmt_meta["docx"]
            + (["--reference-doc", str(ref)] if ref else [])
            + ["--output", str(out_dir / "index.docx")],
        ],
        stage,
        env,
    )
    try:
        _run(
            common
            + ["--to", "typst", "--standalone", "--metadata-file", typst_meta.name]
            + raw_headers
            + ["--output", typ.name],
            stage,
            env,
        )
        typst.compile(
            str(typ),
            output=str(out_dir / "index.pdf"),
            root=str(stage),
            ignore_system_fonts=True,
            timestamp=epoch,
        )
    finally:
        # never leave a pandoc running; a failed format raises (a pandoc's failure, if both failed)
        _wait(background)
    for tmp in (resolved, typ, typst_meta, *stage.glob("_index.*-meta.yml")):
        tmp.unlink(missing_ok=True)
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "engine": "pandoc+typst",
        "pandoc": version.split()[-1],
        "typst_python": metadata.version("typst"),
    }


def render_quarto(stage: Path, out_dir: Path, epoch: int) -> dict:
    """`quarto render` of the staged project (all formats of _quarto.yml, as the README tells a
    user to run it); the article's HTML, PDF and DOCX are copied to `out_dir`."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    cfg = project_config(stage)
    _run(["quarto", "render"], stage, env)
    stem = Path(article_name(cfg)).stem
    built = stage / str((cfg.get("project") or {}).get("output-dir", "_manuscript"))
    for ext in ("html", "pdf", "docx"):
        produced = built / f"{stem}.{ext}"
        if not produced.exists():
            produced = next(iter(sorted(built.rglob(f"{stem}.{ext}"))), None) if built.exists() else None
        if produced is None:
            raise ConfigError(stage / "_quarto.yml", f"quarto produced no {stem}.{ext}", "see the log")
        shutil.copyfile(produced, out_dir / f"index.{ext}")
    version = subprocess.run(["quarto", "--version"], capture_output=True, text=True).stdout.strip()
    return {"engine": "quarto", "quarto": version}


# ------------------------------------------------------------------ synthetic-data framing
# With `study.synthetic` (the generated `_variables.yml` says `study.synthetic: "yes"`), the render
# step frames the staged copy of the project — never the source — so both engines render the same
# framing and a real study (synthetic: false) prints none of it:
#   * the article's title becomes "<topic>: a reproducible pipeline demonstration on synthetic
#     data[, after <study.after>]" and its byline the pipeline's own (the published study is
#     cited in the text, not presented as this document's authors);
#   * subject, keywords and description say so: they reach the PDF, DOCX and HTML metadata;
#   * a running header on every PDF page (Typst `set page(header: …)`, added to the typst
#     format's include-in-header, which both Quarto and the fallback read) and on every DOCX page
#     (a reference document whose header carries the note, the docx format's `reference-doc`);
#   * every table caption ("…: {#tbl-x}" in the article and the generated fragments) ends with
#     "(synthetic data)". Figures carry their own note, drawn by coprod.figures.save.
SYNTHETIC_HEADER = "Synthetic data — a reproducible pipeline demonstration, not the published study"
SYNTHETIC_BYLINE = "coprod pipeline (automated demonstration build)"
SYNTHETIC_AFFILIATION = "Synthetic data, no real participants; the study it follows is cited, not an author"
CAPTION_NOTE = " (synthetic data)"
SYNTHETIC_KEYWORDS = ["synthetic data", "pipeline demonstration"]
REFERENCE_DOCX = "_synthetic-reference.docx"
_FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_CAPTION_RE = re.compile(r"^(: .*?)(\.?)[ \t]*(\{#tbl-[^}]*\})[ \t]*$", re.M)


def synthetic_title(title: str, after: str) -> str:
    """'<topic>: a reproducible pipeline demonstration on synthetic data[, after <after>]', the
    topic being the title up to its first colon (a subtitle such as 'A Qualitative Study' would
    claim what the demonstration is not)."""
    topic = str(title).split(":", 1)[0].strip() or "Qualitative interview study"
    return f"{topic}: a reproducible pipeline demonstration on synthetic data" + (
        f", after {after}" if after else ""
    )


def caption_with_note(text: str) -> str:
    """Every table caption line of `text` saying "synthetic data": " (synthetic data)" before
    its final full stop, or "; synthetic data" inside a closing bracket ("(means over seeds;
    synthetic data)")."""

    def note(m: re.Match) -> str:
        body, stop, label = m.group(1), m.group(2), m.group(3)
        if "synthetic" in body.lower():
            return m.group(0)
        body = f"{body[:-1]}; synthetic data)" if body.endswith(")") else body + CAPTION_NOTE
        return f"{body}{stop} {label}"

    return _CAPTION_RE.sub(note, text)


class _Literal(yaml.SafeDumper):
    pass


_Literal.add_representer(
    str,
    lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None),
)


def frame_front_matter(text: str, after: str) -> str:
    """The article with the demonstration title, byline and metadata in its YAML front matter."""
    m = _FRONT_RE.match(text)
    if not m:
        return text
    meta = yaml.safe_load(m.group(1)) or {}
    meta["title"] = synthetic_title(meta.get("title", ""), after)
    meta["author"] = [{"name": SYNTHETIC_BYLINE, "affiliations": [{"name": SYNTHETIC_AFFILIATION}]}]
    meta["subject"] = SYNTHETIC_HEADER
    meta["description"] = SYNTHETIC_HEADER
    front = yaml.dump(meta, Dumper=_Literal, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{front}---\n" + text[m.end() :]


def _as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def typst_header(text: str) -> str:
    """Typst set rule: `text` (a string literal) as a small grey running header on every page."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'#set page(header: align(right, text(size: 7.5pt, fill: luma(90), "{quoted}")))\n'


def reference_docx(path: Path, header: str) -> None:
    """pandoc's default reference document with `header` on every page (pandoc and Quarto take
    page headers and footers from the reference document); written byte-stably."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    data = subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    src = zipfile.ZipFile(io.BytesIO(data))
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    part = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{w}" xmlns:r="{r}">'
        '<w:p><w:pPr><w:jc w:val="right"/></w:pPr>'
        '<w:r><w:rPr><w:color w:val="595959"/><w:sz w:val="15"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(header)}</w:t></w:r></w:p></w:hdr>'
    )
    edits = {
        "word/header1.xml": part.encode(),
        "[Content_Types].xml": src.read("[Content_Types].xml")
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.header+xml"/></Types>',
        )
        .encode(),
        "word/_rels/document.xml.rels": src.read("word/_rels/document.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
            'Id="rIdSyntheticHeader" Target="header1.xml"/></Relationships>',
        )
        .encode(),
        "word/document.xml": src.read("word/document.xml")
        .decode()
        .replace(
            "<w:sectPr>",
            f'<w:sectPr><w:headerReference xmlns:r="{r}" w:type="default" r:id="rIdSyntheticHeader"/>',
            1,
        )
        .encode(),
    }
    names = [*src.namelist(), "word/header1.xml"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, edits.get(name) or src.read(name))


def frame_synthetic(stage: Path, variables: dict) -> bool:
    """Apply the synthetic-data framing to the staged project when its variables say so."""
    study = variables.get("study") or {}
    if str(study.get("synthetic", "no")) != "yes":
        return False
    cfg = project_config(stage)
    article = stage / article_name(cfg)
    article.write_text(
        caption_with_note(
            frame_front_matter(article.read_text(encoding="utf-8"), str(study.get("after") or ""))
        ),
        encoding="utf-8",
    )
    tables = stage / "_tables"
    for frag in sorted(tables.rglob("*.md")) if tables.is_dir() else []:
        frag.write_text(caption_with_note(frag.read_text(encoding="utf-8")), encoding="utf-8")
    fmt = cfg.setdefault("format", {})
    typst_opts = fmt.get("typst") if isinstance(fmt.get("typst"), dict) else {}
    includes = typst_opts.get("include-in-header") or []
    typst_opts["include-in-header"] = [
        *(includes if isinstance(includes, list) else [includes]),
        {"text": typst_header(SYNTHETIC_HEADER)},
    ]
    fmt["typst"] = typst_opts
    docx_opts = dict(fmt["docx"]) if isinstance(fmt.get("docx"), dict) else {}
    if "reference-doc" not in docx_opts:  # a study's own reference document wins
        reference_docx(stage / REFERENCE_DOCX, SYNTHETIC_HEADER)
        docx_opts["reference-doc"] = REFERENCE_DOCX
    fmt["docx"] = docx_opts
    # keywords for the HTML and DOCX metadata only: the Typst templates print keywords unquoted
    # (a keyword of two words is a Typst syntax error), and the PDF's title already says it
    for name in ("html", "docx"):
        opts = dict(fmt[name]) if isinstance(fmt.get(name), dict) else {}
        opts["keywords"] = [*_as_list(opts.get("keywords")), *SYNTHETIC_KEYWORDS]
        fmt[name] = opts
    (stage / "_quarto.yml").write_text(
        "# staged by coprod.render: the project's _quarto.yml with the synthetic-data framing\n"
        + yaml.dump(cfg, Dumper=_Literal, sort_keys=False, allow_unicode=True, width=10_000),
        encoding="utf-8",
    )
    return True


def stage_engine(stage: Path, engine: str) -> None:
    """Write the engine that is about to render into the staged `_variables.yml` (`render.engine`
    and `provenance.engine`): the manuscript rule runs before the engine is known for certain."""
    path = stage / "_variables.yml"
    variables = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for section in ("render", "provenance"):
        if isinstance(variables.get(section), dict) or section == "render":
            variables.setdefault(section, {})["engine"] = engine
    path.write_text(yaml.safe_dump(variables, sort_keys=True, allow_unicode=True), encoding="utf-8")


def stage_project(source_dir: Path, generated_dir: Path, figures: list[Path], stage: Path) -> None:
    """Assemble a self-contained Quarto project: source + generated variables/tables + figures."""
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(
        source_dir, stage, ignore=shutil.ignore_patterns("_manuscript", ".quarto", "*.html", "*.pdf")
    )
    # only what the manuscript rule generates: a stale file left in generated/ by an older
    # version (e.g. tables/*.md) must not reach the project, where Quarto would render it
    shutil.copyfile(generated_dir / "_variables.yml", stage / "_variables.yml")
    if (generated_dir / "_tables").is_dir():
        shutil.copytree(generated_dir / "_tables", stage / "_tables", dirs_exist_ok=True)
    (stage / "figures").mkdir(exist_ok=True)
    for fig in figures:
        shutil.copyfile(fig, stage / "figures" / Path(fig).name)


# Sentences of the new-study template (coprod/templates/study/manuscript/index.qmd) that are
# instructions to the study team, not text for readers: while one remains, each render warns,
# naming the file and line, so a placeholder is never published silently.
TEMPLATE_PLACEHOLDERS = (
    "State the study's question and why it matters here.",
    "this\ntext, written for the template, should then be rewritten for the study.",
)


def placeholder_lines(text: str) -> list[tuple[int, str]]:
    """(line number, first words) of every template placeholder left in an article."""
    found = []
    for phrase in TEMPLATE_PLACEHOLDERS:
        start = 0
        while (at := text.find(phrase, start)) >= 0:
            found.append((text.count("\n", 0, at) + 1, " ".join(phrase.split()[:6]) + " …"))
            start = at + len(phrase)
    return sorted(found)


def placeholder_warnings(article: Path, shown: str | None = None) -> list[str]:
    """One warning line per template placeholder left in `article`, naming the file and line."""
    return [
        f"warning: {shown or article} line {n}: template placeholder text remains ('{words}') — "
        "rewrite it for the study"
        for n, words in placeholder_lines(article.read_text(encoding="utf-8"))
    ]


def warn_placeholders(article: Path, shown: str | None = None) -> list[str]:
    """One warning line per template placeholder left in `article` (to stderr); returns them."""
    import sys

    lines = placeholder_warnings(article, shown)
    for line in lines:
        print(line, file=sys.stderr)
    return lines


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
    source_article = Path(source_dir) / article_name(project_config(Path(source_dir)))
    if source_article.exists():
        warn_placeholders(source_article, source_article.as_posix())
    stage_project(Path(source_dir), Path(generated_dir), [Path(f) for f in figures], Path(stage))
    check_project(Path(stage))
    chosen = choose_engine(engine)
    stage_engine(Path(stage), chosen)
    frame_synthetic(
        Path(stage), yaml.safe_load((Path(stage) / "_variables.yml").read_text(encoding="utf-8")) or {}
    )
    info = (render_quarto if chosen == "quarto" else render_fallback)(Path(stage), out_dir, epoch)
    (out_dir / "render.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return info


def render_cached(
    inputs: list[str],
    source_dir: Path,
    generated_dir: Path,
    figures: list[Path],
    stage: Path,
    out_dir: Path,
    engine: str,
    epoch: int,
    cache=None,
) -> None:
    """`render_manuscript`, reused from `cache` (a `coprod.cache.ContentCache`) when every input
    file (the rule's: the article, the generated variables and tables, the figures, the code)
    and the engine, its version and the build date are those of an earlier render: the rendered
    files and the staged project are restored byte for byte. A figure's comment, an audit
    allow entry or a library edit that changes no number then costs no render."""
    import base64
    import hashlib

    from .cache import digest

    if cache is None:
        render_manuscript(source_dir, generated_dir, figures, stage, out_dir, engine, epoch)
        return
    chosen = choose_engine(engine)
    tool = shutil.which("quarto") if chosen == "quarto" else pandoc_path()
    # the engine as installed (its file, size and date; the typst package for the fallback)
    tool_id = [tool, chosen == "quarto" or metadata.version("typst")]
    if tool and os.path.exists(tool):
        tool_id += [os.stat(tool).st_size, os.stat(tool).st_mtime_ns]
    # the rule's inputs and everything else in the article's folder (staged with it)
    every = {*map(str, inputs), *(str(p) for p in Path(source_dir).rglob("*"))}
    files = sorted((f, hashlib.sha256(Path(f).read_bytes()).hexdigest()) for f in every if Path(f).is_file())
    key = digest("render", files, str(source_dir), chosen, tool_id, epoch)
    outputs = [out_dir / name for name in (*OUTPUTS, "render.json")]
    entry = cache.get(key)
    if entry is not None:
        try:
            restored = {rel: base64.b64decode(data, validate=True) for rel, data in entry["files"].items()}
            names = {p.name for p in outputs}
            # the outputs, and files under the staged project only (never a path out of it)
            if not names <= set(restored) or any(
                ".." in Path(rel).parts or ("/" in rel and not rel.startswith("source/")) for rel in restored
            ):
                raise ValueError
        except (KeyError, TypeError, ValueError, AttributeError):
            entry = None
    if entry is not None:
        source_article = Path(source_dir) / article_name(project_config(Path(source_dir)))
        if source_article.exists():
            warn_placeholders(source_article, source_article.as_posix())
        shutil.rmtree(stage, ignore_errors=True)
        out_dir.mkdir(parents=True, exist_ok=True)
        for rel, data in restored.items():
            target = out_dir / rel if "/" not in rel else stage / rel.split("/", 1)[1]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        print("manuscript: inputs unchanged since an earlier render, reused", file=sys.stderr)
        return
    render_manuscript(source_dir, generated_dir, figures, stage, out_dir, engine, epoch)
    stored = {p.name: p.read_bytes() for p in outputs}
    stored.update(
        {
            f"source/{p.relative_to(stage).as_posix()}": p.read_bytes()
            for p in sorted(stage.rglob("*"))
            if p.is_file()
        }
    )
    cache.put(key, {"files": {rel: base64.b64encode(b).decode("ascii") for rel, b in stored.items()}})
