"""Where the zones may be: checked at start-up, before anything is written.

The privacy boundary is a matter of folders: `results_dir` is shareable, `private_dir` and the
raw-data folder are not. A config that nests one in another (or points both at one folder) would
publish the private zone or write into the raw data, so it stops the run with one line. Paths
are compared after resolving symbolic links, wherever they are (inside the project or not).
One run at a time may use a private zone (`guard_concurrent_runs`).
"""

from __future__ import annotations

import atexit
import fcntl
import os
import sys
from pathlib import Path

from .errors import ConfigError, InputError


def resolved(path: str | Path, what: str, where: str | Path, error: type = ConfigError) -> Path:
    """The real absolute path (symbolic links followed), or one line if it cannot be resolved."""
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        raise error(
            where, f"{what} '{path}' cannot be resolved (a symbolic link loop?)", "fix the path"
        ) from None


def within(inner: Path, outer: Path) -> bool:
    """`inner` is `outer` or inside it (both resolved)."""
    return inner == outer or outer in inner.parents


def check_zones(cfg: dict, where: str | Path = "config/config.yaml") -> None:
    """Refuse nested or shared zone folders: private in results (or results in private), results
    or private in the raw-data folder, and private inputs (raw transcripts, the register, gold
    identifiers) inside the shareable results folder."""
    corpus = cfg.get("corpus", {})
    results = resolved(cfg["results_dir"], "results_dir", where)
    private = resolved(cfg["private_dir"], "private_dir", where)
    raw = resolved(corpus["raw_dir"], "corpus.raw_dir", where)
    given = {
        "results_dir": cfg["results_dir"],
        "private_dir": cfg["private_dir"],
        "corpus.raw_dir": corpus["raw_dir"],
    }

    def refuse(a: str, b: str, problem: str, fix: str) -> None:
        raise ConfigError(where, f"{a} '{given[a]}' {problem} {b} '{given[b]}'", fix)

    if results == private:
        refuse(
            "results_dir", "private_dir", "is the same folder as",
            "give the shareable results and the private zone separate folders (results, private)",
        )  # fmt: skip
    if within(private, results):
        refuse(
            "private_dir", "results_dir", "is inside",
            "move private_dir out of results_dir: everything under results_dir is shareable",
        )  # fmt: skip
    if within(results, private):
        refuse(
            "results_dir", "private_dir", "is inside",
            "move results_dir out of private_dir: shareable outputs do not belong in the private zone",
        )  # fmt: skip
    for zone in ("results_dir", "private_dir"):
        if within(results if zone == "results_dir" else private, raw):
            refuse(
                zone, "corpus.raw_dir", "is, or is inside,",
                f"give {zone} a folder outside the raw data (raw inputs are never written to)",
            )  # fmt: skip
    if within(raw, results):
        refuse(
            "corpus.raw_dir", "results_dir", "is inside",
            "keep raw transcripts outside results_dir: everything under it is shareable",
        )  # fmt: skip
    for key in ("register", "gold"):
        value = corpus.get(key)
        if value and within(resolved(value, f"corpus.{key}", where), results):
            raise ConfigError(
                where,
                f"corpus.{key} '{value}' is inside results_dir '{cfg['results_dir']}'",
                "keep it in the private zone (e.g. beside the raw transcripts): results_dir is shareable",
            )


def check_deidentify_paths(
    inputs: list[Path],
    register: Path | None,
    key: Path,
    review: Path | None,
    out: Path,
    decisions: Path | None = None,
) -> None:
    """The standalone command's zones: `--out` is shareable, so it may not hold the key, the
    review log, the review decisions or the register, be a folder of raw transcripts or contain
    one. A new folder beside the inputs (`--out out` next to `a.txt`) is fine: the inputs are
    named one by one, so the outputs are never read back as transcripts, and nothing shareable
    lands among them."""
    out_r = resolved(out, "--out", out, InputError)
    for src in inputs:
        folder = resolved(src, "input", src, InputError).parent
        if out_r == folder:
            raise InputError(
                out,
                "the output folder is the folder of input transcripts",
                "choose a new, separate --out folder outside the raw data",
            )
        if within(folder, out_r):
            raise InputError(
                out,
                "the output folder contains a folder of input transcripts (raw data in the shared folder)",
                "choose a new, separate --out folder",
            )
    for name, path in (
        ("--key", key),
        ("--review", review),
        ("--register", register),
        ("--decisions", decisions),
    ):
        if path is not None and within(resolved(path, name, path, InputError), out_r):
            raise InputError(
                path,
                f"{name} is inside the --out folder, whose files are meant to be shared",
                f"keep {name} in a private folder outside --out",
            )


# ---------------------------------------------------------------------------------------------
# one run at a time per private zone
# ---------------------------------------------------------------------------------------------
_HELD: list[int] = []  # the lock's file descriptor, open for the life of the process


def busy_line(folder: str | Path, holder: str) -> str:
    who = f" (process {holder})" if holder.isdigit() else ""
    return (
        f"error: another run is using this folder: {folder}{who}; wait for it to finish, "
        "or if no run is going, `make unlock` (snakemake --unlock)"
    )


def hold_run_lock(lock_path: str | Path, folder: str | Path) -> str | None:
    """Take the run lock (an exclusive flock, released by the kernel when the process ends,
    however it ends: a killed run never leaves it behind). Returns None when taken, else the
    one line to show. The holder writes its process id into the file for that line, and clears
    it when the process exits normally, so a finished run leaves the same (empty) lock file
    whatever its process id was: two clean runs leave byte-identical private zones."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        return busy_line(folder, holder)
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _HELD.append(fd)
    atexit.register(release_run_lock, fd)
    return None


def run_going(lock_path: str | Path) -> bool:
    """Whether a run holds the lock now: the process id its holder wrote is a live process (read
    only: probing the flock itself could make a run starting that instant see the folder busy)."""
    try:
        holder = Path(lock_path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return False
    if not holder.isdigit() or int(holder) == os.getpid():
        return False
    try:
        os.kill(int(holder), 0)
    except ProcessLookupError:
        return False  # a killed run's id, left behind
    except PermissionError:
        return True  # alive, another user's
    return True


def release_run_lock(fd: int) -> None:
    """Clear the holder's process id and let the lock go (registered at exit by hold_run_lock)."""
    if fd not in _HELD:
        return
    _HELD.remove(fd)
    try:
        os.ftruncate(fd, 0)
        os.close(fd)
    except OSError:
        pass


def guard_concurrent_runs(workflow, lock_path: str | Path) -> None:  # noqa: ANN001 (snakemake's Workflow)
    """Refuse a second run of the workflow on the same private zone with one line, instead of
    Snakemake's stale-lock advice, which is wrong while the first run is still going.

    The lock is taken when Snakemake starts executing (`Workflow.execute`, after the Snakefile
    is parsed and before the DAG is built and Snakemake's own lock is tried), and only by the
    main process of a real run: a dry run (`-n`), `--lint`, `--unlock`, `--report` or `--list`
    never executes, and the run's own jobs (local subprocesses, SLURM jobs: Snakemake re-parses
    the Snakefile in them, in a non-main execution mode) never take it. A dry run while a run is
    going reads past the incomplete markers of that run's jobs (`ignore_incomplete`): they are
    jobs in flight, not the remains of a crash, and would otherwise stop it."""
    if not getattr(workflow, "is_main_process", False):
        return
    execute = workflow.execute

    def execute_once_per_zone(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        plugin = kwargs.get("executor_plugin", args[0] if args else None)
        settings = getattr(plugin, "common_settings", None)
        if not getattr(settings, "dryrun_exec", False):
            line = hold_run_lock(lock_path, Path.cwd())
            if line:
                print(line, file=sys.stderr)
                sys.exit(1)
        elif run_going(lock_path):
            # the incomplete markers are the running jobs' (outputs half written as the dry run
            # looks), not a crash's: the dry run plans past them instead of stopping on them
            execution = getattr(workflow, "execution_settings", None)
            if execution is not None and hasattr(execution, "ignore_incomplete"):
                execution.ignore_incomplete = True
        return execute(*args, **kwargs)

    workflow.execute = execute_once_per_zone
