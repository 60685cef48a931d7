"""`coprod new-study NAME`: scaffold a new study that renders on its first run.

Writes, from the study-neutral template in `coprod/templates/study/`:

    config/NAME/config.yaml           every config key set (nothing inherited from the bundled study)
    config/NAME/codebook.yaml         starter codebook (two themes, five codes)
    config/NAME/participants.tsv      one row per sample transcript
    config/NAME/manuscript/           Quarto manuscript project (study-neutral text)
    data/raw/NAME/register.yaml       identifier register (private zone)
    data/raw/NAME/s01.txt … s04.txt   four short synthetic sample transcripts (private zone)

The sample transcripts, codebook, sheet and register fit together, so
`snakemake --cores 2 --configfile config/NAME/config.yaml` runs end to end at once; a study then
replaces them with its own. Nothing is overwritten: an existing file stops the command.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from pathlib import Path

from .errors import ConfigError

TEMPLATE = Path(__file__).with_name("templates") / "study"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# template file -> destination (relative to the repository root), {name} filled in
LAYOUT = {
    "config.yaml": "config/{name}/config.yaml",
    "codebook.yaml": "config/{name}/codebook.yaml",
    "participants.tsv": "config/{name}/participants.tsv",
    "manuscript/_quarto.yml": "config/{name}/manuscript/_quarto.yml",
    "manuscript/index.qmd": "config/{name}/manuscript/index.qmd",
    "manuscript/references.bib": "config/{name}/manuscript/references.bib",
    "register.yaml.tmpl": "data/raw/{name}/register.yaml",  # not a register itself: a template
    "transcripts/s01.txt": "data/raw/{name}/s01.txt",
    "transcripts/s02.txt": "data/raw/{name}/s02.txt",
    "transcripts/s03.txt": "data/raw/{name}/s03.txt",
    "transcripts/s04.txt": "data/raw/{name}/s04.txt",
}


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (titles may hold ':' or quotes)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def new_study(
    name: str,
    root: Path = Path("."),
    title: str | None = None,
    author: str | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write the study's files under `root`; return them. Refuses a bad name or any existing file."""
    if not NAME_RE.match(name):
        raise ConfigError(
            "new-study",
            f"'{name}' is not a usable study name",
            "use lower-case letters, digits and _, starting with a letter (at most 40 characters)",
        )
    if name == "example":
        raise ConfigError("new-study", "'example' is the bundled study", "choose another name")
    root = Path(root)
    targets = {src: root / dst.format(name=name) for src, dst in LAYOUT.items()}
    existing = [p for p in targets.values() if p.exists()]
    if existing:
        raise ConfigError(existing[0], "already exists", "choose another study name or move the folder away")
    today = today or dt.datetime.now(dt.UTC).date()
    epoch = int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp())
    fills = {
        "__NAME__": name,
        "__TITLE__": _yaml_string(title or f"The {name} study: a qualitative interview study"),
        "__AUTHOR__": _yaml_string(author or f"The {name} study team"),
        "__EPOCH__": str(epoch),
        "__SEED__": str(zlib.crc32(name.encode()) % 100_000_000),
    }
    written = []
    for src, dst in targets.items():
        text = (TEMPLATE / src).read_text(encoding="utf-8")
        for key, value in fills.items():
            text = text.replace(key, value)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8")
        written.append(dst)
    return written
