"""A figure drawn by the job that writes its table, reused by content.

Most figures have a plot rule of their own (`plot_<name>`, workflow/rules/figures.smk). A figure
whose table is written by a job that re-runs on its own settings (the topic prevalence intervals:
`topics.bootstrap`) is drawn at the end of that job instead (the figure table's `drawn_in`): one
Python process, one pandas import and one checkpoint fewer on that edit's path. The figure's own
script (`scripts/figures/<name>.py`) still draws it, run in the job's process with the
`snakemake` object it reads in a plot rule, so the PNG and its strings are the same bytes.

The job re-runs after edits that leave the figure's inputs alone (a transcript edit changes the
fit's documents but often not the group table), so the drawing is kept by content: the key is
the figure's name, the bytes of its inputs, of its script and of every library file the script
imports, the versions of matplotlib, numpy and pandas, and its params. A hit writes the stored
PNG and strings without importing matplotlib. Entries live in the private cache
(`private/cache/figures/`, coprod.cache.ContentCache: bounded, a damaged or foreign entry is
ignored, removed and drawn again).
"""

from __future__ import annotations

import base64
import hashlib
from importlib import metadata
from pathlib import Path

from .cache import ContentCache, digest

FORMAT = "coprod-figure 1"
# one figure's PNG is 50-300 KB: a few hundred entries at most
MAX_BYTES = 64 * 1024 * 1024
_PACKAGES = ("matplotlib", "numpy", "pandas")


class _Named(list):
    """A list whose items are also attributes by name (what a script reads from
    `snakemake.input` and `snakemake.output`)."""

    def __init__(self, named: dict) -> None:
        super().__init__(named.values())
        self._names = dict(named)
        self.__dict__.update(named)

    def get(self, name: str, default=None):  # noqa: ANN001, ANN201
        return self._names.get(name, default)

    def keys(self):  # noqa: ANN201
        return self._names.keys()


class FigureJob:
    """The `snakemake` object a figure script reads (input, output, params, log, rule)."""

    def __init__(self, name: str, inputs: dict, output: str, params: dict, log: str) -> None:
        self.input = _Named(inputs)
        self.output = _Named({"png": output})
        self.params = _Named(params)
        self.log = _Named({"log": log})
        self.rule = f"figure {name}"


def _sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    out = {}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def figure_key(name: str, script: str, code: list[str], inputs: dict, params: dict) -> str:
    """The cache key of one drawing: everything the figure's bytes depend on."""
    return digest(
        FORMAT,
        name,
        _sha(script),
        sorted(_sha(p) for p in code),
        {k: _sha(v) for k, v in sorted(inputs.items())},
        params,
        _versions(),
    )


def _strings_path(output: str | Path) -> Path:
    output = Path(output)
    return output.with_name(output.name + ".strings.txt")


def _from_entry(entry: dict | None, output: str) -> bool:
    """Write the PNG and strings an entry holds; False if it is not a whole, valid entry."""
    if not entry or entry.get("format") != FORMAT:
        return False
    try:
        png = base64.b64decode(entry["png"].encode("ascii"), validate=True)
        strings = entry["strings"]
        ok = isinstance(strings, str) and hashlib.sha256(png).hexdigest() == entry["png_sha256"]
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    if not ok:
        return False
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_bytes(png)
    _strings_path(output).write_text(strings, encoding="utf-8")
    return True


def run_script(script: str, job: FigureJob) -> None:
    """Run a figure script in this process with `job` as its `snakemake` object."""
    with open(script, encoding="utf-8") as fh:
        code = compile(fh.read(), script, "exec")
    exec(code, {"__name__": "__coprod_figure__", "__file__": script, "snakemake": job})  # noqa: S102


def draw_cached(
    name: str,
    script: str,
    code: list[str],
    inputs: dict,
    output: str,
    params: dict,
    log: str,
    cache: ContentCache,
) -> bool:
    """Draw figure `name` to `output` (and its strings sidecar) with its script, or write the
    drawing kept for the same content. True when it came from the cache."""
    key = figure_key(name, script, code, inputs, params)
    if _from_entry(cache.get(key), output):
        return True
    run_script(script, FigureJob(name, inputs, output, params, log))
    png = Path(output).read_bytes()
    entry = {
        "format": FORMAT,
        "png": base64.b64encode(png).decode("ascii"),
        "png_sha256": hashlib.sha256(png).hexdigest(),
        "strings": _strings_path(output).read_text(encoding="utf-8"),
    }
    cache.put(key, entry)
    return False


def draw_figures(snakemake) -> None:  # noqa: ANN001 (the job's snakemake object)
    """Draw every figure a job's rule lists in `params.figures` (workflow/rules/figures.smk,
    `drawn_in`), after the job wrote their tables."""
    figures = snakemake.params.figures
    if not figures:
        return
    cache = ContentCache(snakemake.params.figure_cache, MAX_BYTES)
    for name, fig in sorted(figures.items()):
        draw_cached(
            name,
            fig["script"],
            list(fig["code"]),
            dict(fig["inputs"]),
            fig["output"],
            dict(fig["params"]),
            fig["log"],
            cache,
        )
