"""De-identification on a folder of real transcripts with line-level gold, one file at a time.

    .venv/bin/python benchmarks/realdata_deid.py REALDATA_DIR [--out DIR] [--corpus NAME] [--misses N]
        [--dates month_year|redact|all] [--allow CORPUS=PHRASE ...]

REALDATA_DIR holds one sub-folder per corpus with `transcripts/` and a `score.py` at its top
(the development set's own scorer). Each transcript is de-identified on its own with an EMPTY
register and a fresh key, through the library (`deidentify_transcripts`, the same detection,
propagation and pseudonymisation as `coprod deidentify`), with one turn per line of the file so
that the output has the same file name and the same number of lines: a `Label:` or `[Label]:`
prefix is the turn's speaker, caption timing lines and the `WEBVTT` header are kept as they
are. `--dates` is the `deidentify.dates` mode (default `month_year`, the bundled study's). Then
`score.py OUT --no-public` is run and its figures printed (per corpus with
`--per-corpus`, the default).

`--allow CORPUS=PHRASE` (repeatable) is a `deidentify.allow` entry for that corpus's files only:
the one declaration a study makes for its own published setting (its city, its state), which
the set's annotation policy does not count as an identifier. Without it the allow-list is empty.

Nothing here is copied into the project: the outputs go to --out (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coprod.ingest import Transcript, Turn  # noqa: E402
from coprod.privacy.deidentify import PseudonymKey, Settings, deidentify_transcripts  # noqa: E402

TIMING_RE = re.compile(r"^\s*(?:WEBVTT.*|NOTE\b.*|\d+|(?:\d+:)?\d{2}:\d{2}[.,]\d{3}\s+-->.*)\s*$")
LABEL_RE = re.compile(
    r"^(?P<label>\[[^\]\n]{1,60}\]|(?:[A-Z][\w.'’-]*)(?: [A-Z0-9][\w.'’-]*){0,3}):[ \t]?(?P<text>.*)$"
)


def split_lines(text: str) -> list[tuple[str, str, str] | None]:
    """Each line as (label, separator, text) or None when it is kept verbatim."""
    out: list[tuple[str, str, str] | None] = []
    for line in text.split("\n"):
        if not line.strip() or TIMING_RE.match(line):
            out.append(None)
            continue
        m = LABEL_RE.match(line)
        if m:
            label = m.group("label")
            out.append((label, line[len(label) : m.start("text")], m.group("text")))
        else:
            out.append(("", "", line))
    return out


def deidentify_one(path: Path, settings: Settings | None = None) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    parts = split_lines(raw)
    turns = []
    label = "Speaker"
    for k, p in enumerate(parts):
        if p is None:
            continue
        # a line without a label continues the speaker before, as ingest reads it
        label = p[0].strip("[]") if p[0] else label
        turns.append(Turn(speaker=label, role="participant", text=p[2], order=k))
    t = Transcript(id="t001", source="", format="txt", encoding="utf-8", turns=turns)
    docs, _ = deidentify_transcripts([t], [], PseudonymKey(), settings or Settings())
    by_order = {u["order"]: u for u in docs[0]["turns"]}
    lines = []
    for k, (line, p) in enumerate(zip(raw.split("\n"), parts, strict=True)):
        if p is None:
            lines.append(line)
            continue
        u = by_order[k]
        label = p[0]
        if label:
            speaker = u["speaker"]  # a replaced label is a tag already ("[Person 1]")
            label = f"[{speaker}]" if label.startswith("[") and not speaker.startswith("[") else speaker
        lines.append(f"{label}{p[1]}{u['text']}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("realdata", type=Path)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--dates", choices=("month_year", "redact", "all"), default="month_year")
    ap.add_argument(
        "--allow", action="append", default=[], metavar="CORPUS=PHRASE",
        help="a deidentify.allow entry for one corpus (its published setting); repeatable",
    )  # fmt: skip
    args = ap.parse_args()
    allow: dict[str, list[str]] = {}
    for item in args.allow:
        corpus, sep, phrase = item.partition("=")
        if not sep or not phrase.strip():
            ap.error(f"--allow wants CORPUS=PHRASE, got {item!r}")
        allow.setdefault(corpus, []).append(phrase.strip())
    out = args.out or Path(tempfile.mkdtemp(prefix="realdata-deid-"))
    corpora = sorted(p.parent.name for p in args.realdata.glob("*/transcripts"))
    if args.corpus:
        corpora = [args.corpus]
    started = time.perf_counter()
    n = 0
    for corpus in corpora:
        settings = Settings(date_mode=args.dates, allow=tuple(allow.get(corpus, ())))
        for path in sorted((args.realdata / corpus / "transcripts").iterdir()):
            target = out / corpus / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(deidentify_one(path, settings), encoding="utf-8")
            n += 1
    print(f"{n} files de-identified in {time.perf_counter() - started:.1f} s -> {out}", flush=True)
    score = args.realdata / "score.py"
    for corpus in corpora:
        cmd = [sys.executable, str(score), str(out), "--no-public", "--corpus", corpus]
        if args.misses:
            cmd += ["--misses", str(args.misses)]
        print(f"== {corpus}", flush=True)
        subprocess.run(cmd, check=False)


if __name__ == "__main__":
    main()
