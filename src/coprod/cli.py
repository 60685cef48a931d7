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
        Path(args.decisions) if args.decisions else None,
    )
    ids = deidentify_files(
        settings=Settings(allow=tuple(args.allow or ())),
        inputs=[Path(p) for p in args.inputs],
        register=Path(args.register) if args.register else None,
        key_path=Path(args.key),
        out_dir=Path(args.out),
        review_path=Path(args.review) if args.review else None,
        json_out=False,
        decisions_path=Path(args.decisions) if args.decisions else None,
    )
    for tid, src in zip(ids, args.inputs, strict=True):
        print(f"{tid} <- {src}", file=sys.stderr)
    print(f"de-identified {len(ids)} transcript(s) -> {args.out}", file=sys.stderr)
    return 0


def _review_deid(args: argparse.Namespace) -> int:
    if args.keep or args.replace:
        return _record_decisions(args)
    from .privacy.deidentify import review_table

    review = Path(args.review) if args.review else Path(_study_config(args.config)["private_dir"])
    if not args.review:
        review = review / "review" / "replacements.tsv"
    print(review_table(review, args.top, _decisions_path(args)))
    return 0


def _decisions_path(args: argparse.Namespace) -> Path:
    """--decisions, else the study's private review/decisions.tsv (beside the review log)."""
    if args.decisions:
        return Path(args.decisions)
    if args.review:
        return Path(args.review).with_name("decisions.tsv")
    return Path(_study_config(args.config)["private_dir"]) / "review" / "decisions.tsv"


def _record_decisions(args: argparse.Namespace) -> int:
    """One decision per form, recorded in the private decisions file; printed without the forms
    (the terminal may be shared or logged)."""
    import datetime

    from .privacy.decisions import record_decision

    path = _decisions_path(args)
    when = datetime.datetime.now(datetime.UTC).date().isoformat()
    for form in args.keep or []:
        decisions = record_decision(path, form, "keep", who=args.who or "", when=when)
    for form in args.replace or []:
        decisions = record_decision(path, form, "replace", args.type, who=args.who or "", when=when)
    keep = sum(d.decision == "keep" for d in decisions)
    print(
        f"recorded {len(args.keep or [])} keep and {len(args.replace or [])} replace decision(s) in {path} "
        f"(private; {keep} keep, {len(decisions) - keep} replace in all) — rerun the pipeline (make) "
        "to apply them",
        file=sys.stderr,
    )
    return 0


def _plan(args: argparse.Namespace) -> int:
    from .runplan import plan

    print(plan(args.config))
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


def _study_languages(config: str) -> list[str]:
    """The study's languages (deidentify.languages) of `config` over config/config.yaml, as the
    build reads them; English when there is no config here at all (an audit run elsewhere)."""
    if Path(config) == Path("config/config.yaml") and not Path(config).exists():
        return ["en"]
    return list(_study_config(config)["deidentify"].get("languages") or ["en"])


def _audit(args: argparse.Namespace) -> int:
    from .errors import LeakError
    from .privacy.audit import audit_tree, residual_check

    report = Path(args.report)
    decisions = Path(args.decisions) if args.decisions else None
    languages = tuple(args.languages or _study_languages(args.config))

    def residual(mode: str) -> None:
        if args.residual_report:
            line = residual_check(
                Path(args.root),
                Path(args.residual_report),
                mode,
                args.allow or [],
                decisions_path=decisions,
                languages=languages,
            )
            print(line, file=sys.stderr)

    try:
        n = audit_tree(
            Path(args.root),
            Path(args.key),
            Path(args.register) if args.register else None,
            Path(args.review) if args.review else None,
            report,
            args.allow or [],
            hits_path=Path(args.hits) if args.hits else None,
            decisions_path=decisions,
            languages=languages,
        )
    except LeakError:
        residual("report")  # a failing run still gets its residual report: one review pass for both
        raise
    print(f"audit passed: {n} file(s) scanned, no original identifier found", file=sys.stderr)
    residual(args.residual)
    return 0


def _archive(args: argparse.Namespace) -> int:
    from .archive import build_archive

    cfg = _study_config(args.config)
    private = Path(cfg["private_dir"])
    built = build_archive(
        Path.cwd(),
        cfg,
        Path(args.out),
        private / "key" / "pseudonym_key.json",
        Path(cfg["corpus"]["register"]),
        private / "review" / "replacements.tsv",
        # one allow mechanism, as in the build's audit: what de-identification keeps is accepted
        cfg["audit"]["allow"] + cfg["deidentify"]["allow"],
        config_path=args.config,
        decisions=private / "review" / "decisions.tsv",
    )
    for name, cols in sorted(built.left_out.items()):
        print(f"left out of {name}: column(s) {', '.join(cols)} (not read by the pipeline)", file=sys.stderr)
    print(
        f"archive written: {args.out} ({built.files} files, audited: no original identifier)", file=sys.stderr
    )
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
    from .archive import verify, verify_zip

    if Path(args.root).is_file():  # the zip itself, before it is unpacked
        n = verify_zip(Path(args.root))
        print(f"archive intact: {n} members, exactly as its SHA256SUMS lists them", file=sys.stderr)
        return 0
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
    d.add_argument("--decisions", help="review decisions (TSV, private): keep and replace, per form")
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
    rv.add_argument(
        "--decisions",
        help="the review decisions file (TSV, private); default: decisions.tsv beside --review, else "
        "<private_dir>/review/decisions.tsv of --config",
    )
    rv.add_argument(
        "--keep",
        action="append",
        metavar="FORM",
        help="record: FORM identifies nobody, never replace it (repeatable; once per form, not per mention)",
    )
    rv.add_argument(
        "--replace",
        action="append",
        metavar="FORM",
        help="record: FORM identifies someone, always replace it (repeatable; needs --type)",
    )
    rv.add_argument(
        "--type",
        choices=["PERSON", "PLACE", "ORG", "NAME"],
        help="the type of every --replace form (NAME: a neutral [Name n] when the type is unclear)",
    )
    rv.add_argument("--who", help="initials to record with the decision (optional)")
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

    v = sub.add_parser(
        "verify-archive",
        help="compare a rebuilt results/ with the archive's checksums (or check a zip before unpacking)",
    )
    v.add_argument("root", nargs="?", default=".", help="the unpacked archive (default .) or the zip")
    v.add_argument("--results-dir", default="results")
    v.set_defaults(func=_verify)

    a = sub.add_parser("audit", help="scan a folder for original identifiers")
    a.add_argument("root")
    a.add_argument("--key", required=True)
    a.add_argument("--register")
    a.add_argument("--review")
    a.add_argument("--report", default="audit.tsv")
    a.add_argument(
        "--allow", action="append", metavar="PHRASE", help="a public phrase to accept (repeatable)"
    )
    a.add_argument("--hits", help="private report of every hit with its fix (on failure)")
    a.add_argument(
        "--residual-report", help="private report of name-like words left in ROOT/deidentified/*.txt"
    )
    a.add_argument("--residual", choices=["report", "fail"], default="report")
    a.add_argument(
        "--decisions", help="review decisions (TSV, private): keep is accepted, replace must not appear"
    )
    a.add_argument(
        "--languages",
        nargs="+",
        metavar="LANG",
        help="the study's languages (ISO 639-1, e.g. en fr): a value that is an ordinary word of one of "
        "them is looked for capitalised only; default: deidentify.languages of --config",
    )
    a.add_argument(
        "--config",
        default="config/config.yaml",
        help="the study's config, read for its languages when --languages is not given (default: "
        "config/config.yaml, English if there is none)",
    )
    a.set_defaults(func=_audit)

    q = sub.add_parser(
        "import-qdpx", help="check coded REFI-QDA projects: codings per coder as reliability will read them"
    )
    q.add_argument("projects", nargs="+", help="coded .qdpx files (from results/coding/project.qdpx)")
    q.add_argument("--config", default="config/config.yaml")
    q.set_defaults(func=_import_qdpx)

    pl = sub.add_parser(
        "plan", help="what a run would re-run and why, in a researcher's words (a dry run; nothing is run)"
    )
    pl.add_argument("--config", default="config/config.yaml", help="the study's config")
    pl.set_defaults(func=_plan)

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
    p = parser()
    args = p.parse_args(argv)
    if getattr(args, "replace", None) and not args.type:
        p.error("--replace needs --type PERSON, PLACE, ORG or NAME")
    try:
        return args.func(args)
    except CoprodError as err:
        print(err.line(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
