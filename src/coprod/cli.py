"""`coprod <stage> …`: the pipeline's library calls for standalone use.

Contract relied on by outside tools:
    coprod deidentify --register REGISTER.yaml --key KEY.json --out OUT_DIR INPUT...
writes OUT_DIR/t001.txt, t002.txt, … in input order (file names are never published: transcripts
are often named after the person interviewed; the mapping is printed to stderr), one turn per
paragraph, `Speaker: text`, blank line between turns; creates or extends KEY.json; refuses an
--out folder that is or contains a folder of inputs, and a key, review log or register inside
--out (it is the shareable folder); on bad input exits non-zero with one line naming the file and
the problem (nothing is written then).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import CoprodError


def _deidentify(args: argparse.Namespace) -> int:
    from .privacy.deidentify import Settings, deidentify_files
    from .zones import check_deidentify_paths

    check_deidentify_paths(
        [Path(p) for p in args.inputs],
        Path(args.register) if args.register else None,
        Path(args.key),
        Path(args.review) if args.review else None,
        Path(args.out),
    )
    ids = deidentify_files(
        settings=Settings(allow=tuple(args.allow or ())),
        inputs=[Path(p) for p in args.inputs],
        register=Path(args.register) if args.register else None,
        key_path=Path(args.key),
        out_dir=Path(args.out),
        review_path=Path(args.review) if args.review else None,
        json_out=False,
    )
    for tid, src in zip(ids, args.inputs, strict=True):
        print(f"{tid} <- {src}", file=sys.stderr)
    print(f"de-identified {len(ids)} transcript(s) -> {args.out}", file=sys.stderr)
    return 0


def _review_deid(args: argparse.Namespace) -> int:
    from .privacy.deidentify import review_table

    review = Path(args.review) if args.review else Path(_study_config(args.config)["private_dir"])
    if not args.review:
        review = review / "review" / "replacements.tsv"
    print(review_table(review, args.top))
    return 0


def _study_config(config: str) -> dict:
    """The study's validated config as Snakemake sees it: config/config.yaml (the Snakefile's
    configfile), then CONFIG on top when it is another file."""
    from .config import load_config, read_yaml

    merged = read_yaml("config/config.yaml") or {} if Path("config/config.yaml").exists() else {}
    if Path(config) != Path("config/config.yaml"):
        _deep_update(merged, read_yaml(config) or {})
    return load_config(merged, config)


def _ingest(args: argparse.Namespace) -> int:
    from .ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript

    for path in args.inputs:
        sys.stdout.write(
            read_transcript(path, DEFAULT_INTERVIEWER_LABELS, unlabelled_role=args.unlabelled_role).to_json()
        )
    return 0


def _split_table(args: argparse.Namespace) -> int:
    from .ingest_tables import split_table

    written = split_table(Path(args.table), Path(args.out))
    print(f"wrote {len(written)} transcript file(s) to {args.out}", file=sys.stderr)
    return 0


def _new_study(args: argparse.Namespace) -> int:
    from .newstudy import new_study

    files = new_study(args.name, Path(args.root), args.title, args.author)
    for f in files:
        print(f"wrote {f}", file=sys.stderr)
    print(
        f"run it: .venv/bin/snakemake --cores 2 --configfile config/{args.name}/config.yaml",
        file=sys.stderr,
    )
    return 0


def _audit(args: argparse.Namespace) -> int:
    from .privacy.audit import audit_tree

    report = Path(args.report)
    n = audit_tree(
        Path(args.root),
        Path(args.key),
        Path(args.register) if args.register else None,
        Path(args.review) if args.review else None,
        report,
    )
    print(f"audit passed: {n} file(s) scanned, no original identifier found", file=sys.stderr)
    return 0


def _archive(args: argparse.Namespace) -> int:
    from .archive import build_archive

    cfg = _study_config(args.config)
    private = Path(cfg["private_dir"])
    n = build_archive(
        Path.cwd(),
        cfg,
        Path(args.out),
        private / "key" / "pseudonym_key.json",
        Path(cfg["corpus"]["register"]),
        private / "review" / "replacements.tsv",
        cfg["audit"]["allow"],
        config_path=args.config,
    )
    print(f"archive written: {args.out} ({n} files, audited: no original identifier)", file=sys.stderr)
    return 0


def _deep_update(base: dict, extra: dict) -> None:
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _deep_update(base[k], v)
        else:
            base[k] = v


def _unpack(args: argparse.Namespace) -> int:
    from .archive import unpack

    unpack(Path(args.archive), Path(args.dest))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .archive import verify

    checked, differ = verify(Path(args.root), args.results_dir)
    if differ:
        print(
            f"review failed: {len(differ)} of {checked} files differ from the archive's checksums: "
            + ", ".join(differ[:8])
            + (" …" if len(differ) > 8 else "")
            + " — unpack the archive again into a new folder and rerun `make review`; if they still"
            " differ, the archive was altered or the results do not reproduce: tell its authors",
            file=sys.stderr,
        )
        return 1
    print(
        f"review passed: {checked} files (rebuilt results and inputs) are byte-identical to the archive",
        file=sys.stderr,
    )
    return 0


def _import_qdpx(args: argparse.Namespace) -> int:
    """Check coded REFI-QDA projects against this run's de-identified texts and codebook: what
    `assess_reliability` will take from them, per coder label (user names are not printed)."""
    from .coding import load_codebook
    from .errors import InputError
    from .human import load_qdpx_codings
    from .segment import load_docs

    cfg = _study_config(args.config)
    folder = Path(cfg["results_dir"]) / "deidentified"
    docs_paths = sorted(folder.glob("*.json"))
    if not docs_paths:
        raise InputError(folder, "no de-identified transcripts", "run the pipeline up to deidentify first")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    _, codes = load_codebook(cfg["coding"]["codebook"])
    rows, notes = load_qdpx_codings(
        list(args.projects),
        load_docs(docs_paths),
        texts,
        [(c.id, c.label) for c in codes],
        cfg["coding"]["reliability"]["selection_min_chars"],
    )
    for line in notes:
        print(line, file=sys.stderr)
    for coder, g in rows.groupby("coder", sort=False):
        turns = len(g[["transcript_id", "turn_index"]].drop_duplicates())
        print(f"{coder}: {len(g)} codings on {turns} participant turns, {g.code.nunique()} codes")
    print(f"{rows.coder.nunique()} coders, {len(notes)} notes", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="coprod", description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=f"coprod {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("deidentify", help="pseudonymise transcripts with a register and a key")
    d.add_argument("--register", help="identifier register (YAML)")
    d.add_argument("--key", required=True, help="pseudonym key (JSON; created or extended)")
    d.add_argument("--out", required=True, help="output folder for t001.txt, t002.txt, … (input order)")
    d.add_argument("--review", help="optional private review file (TSV) of every replacement")
    d.add_argument(
        "--allow",
        action="append",
        metavar="PHRASE",
        help="a phrase never replaced (repeatable), as deidentify.allow in the pipeline's config",
    )
    d.add_argument("inputs", nargs="+", help="transcripts (.txt, .docx, .vtt, .srt)")
    d.set_defaults(func=_deidentify)

    rv = sub.add_parser(
        "review-deid", help="the replacements a human should glance at (private: shows original text)"
    )
    rv.add_argument(
        "--config",
        default="config/config.yaml",
        help="the study's config (its private_dir holds the review log); default config/config.yaml",
    )
    rv.add_argument("--review", help="a review log to read instead (TSV); overrides --config")
    rv.add_argument("--top", type=int, default=40, help="surface forms to show")
    rv.set_defaults(func=_review_deid)

    i = sub.add_parser("ingest", help="parse transcripts and print their turns as JSON")
    i.add_argument("inputs", nargs="+")
    i.add_argument(
        "--unlabelled-role",
        default="participant",
        choices=("participant", "interviewer", "refuse"),
        help="text with no speaker label at all is read as one speaker with this role (or refused)",
    )
    i.set_defaults(func=_ingest)

    st = sub.add_parser(
        "split-table",
        help="split a .csv/.xlsx holding several transcripts (a transcript column) into one .csv each",
    )
    st.add_argument("table")
    st.add_argument("out", help="folder for the files, named <transcript value>.csv")
    st.set_defaults(func=_split_table)

    r = sub.add_parser("archive", help="write the reviewer archive (shareable zone + code + checksums)")
    r.add_argument("--config", default="config/config.yaml")
    r.add_argument("--out", default="archive/coprod-archive.zip")
    r.set_defaults(func=_archive)

    u = sub.add_parser("unpack", help="unpack a reviewer archive")
    u.add_argument("archive")
    u.add_argument("dest")
    u.set_defaults(func=_unpack)

    v = sub.add_parser("verify-archive", help="compare a rebuilt results/ with the archive's checksums")
    v.add_argument("root", nargs="?", default=".")
    v.add_argument("--results-dir", default="results")
    v.set_defaults(func=_verify)

    a = sub.add_parser("audit", help="scan a folder for original identifiers")
    a.add_argument("root")
    a.add_argument("--key", required=True)
    a.add_argument("--register")
    a.add_argument("--review")
    a.add_argument("--report", default="audit.tsv")
    a.set_defaults(func=_audit)

    q = sub.add_parser(
        "import-qdpx", help="check coded REFI-QDA projects: codings per coder as reliability will read them"
    )
    q.add_argument("projects", nargs="+", help="coded .qdpx files (from results/coding/project.qdpx)")
    q.add_argument("--config", default="config/config.yaml")
    q.set_defaults(func=_import_qdpx)

    n = sub.add_parser(
        "new-study", help="scaffold config, codebook, sheet, register and manuscript for a study"
    )
    n.add_argument("name", help="study name: lower-case letters, digits and _")
    n.add_argument("--root", default=".", help="repository root to write into")
    n.add_argument("--title", help="manuscript title")
    n.add_argument("--author", help="manuscript author")
    n.set_defaults(func=_new_study)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CoprodError as err:
        print(err.line(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
