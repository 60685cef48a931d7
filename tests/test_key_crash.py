"""Crash consistency of the pseudonym key (issue 25, item 1).

A run killed with SIGKILL at any moment must never leave published text (or a private plan)
whose pseudonyms are missing from the key: the next run would then hand the same published
"[Person 1]" to somebody else. The test hook COPROD_TEST_KILL_AT_WRITE=N (coprod.privacy.key)
makes the process kill itself at its N-th write step; every N from 1 until a run completes is
tried, and after each kill a second run with an added transcript and a changed one must keep
every pseudonym already published for the same original. Each run is a child forked from the
test process with the hook armed as the variable arms it at start-up (a new interpreter per kill
step cost most of the test's time); the variable itself is exercised by processes of their own
(below, and tests/redteam/test_rt13_crash_consistent_key.py).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from conftest import BIN, ROOT

LABEL_RE = re.compile(r"\[((?:Person|Place|Organisation|HSCP) [A-Z0-9]+)\]")
ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT / "src"),
    "PATH": f"{BIN}:/usr/bin:/bin",
    "SOURCE_DATE_EPOCH": "1643846400",
}
ENV.pop("COPROD_TEST_KILL_AT_WRITE", None)
PEOPLE = ["Tavish Quarrender", "Morwenna Ilsley", "Bryony Castellane", "Odhran Pellow", "Ysolde Marrick"]


def study(tmp_path: Path) -> dict[str, Path]:
    """A register of five people; run 1 reads a and b, run 2 adds n (first in input order, so
    a fresh numbering would differ) and changes a (a new person mentioned before the old)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "register.yaml").write_text(
        "people:\n" + "".join(f'  - {{name: "{n}", aliases: [], role: participant}}\n' for n in PEOPLE)
    )
    p = PEOPLE
    (raw / "a.txt").write_text(
        f"Interviewer: Hello {p[0]}, thanks for coming.\n\nParticipant: I plan with {p[1]} weekly.\n"
    )
    (raw / "b.txt").write_text(f"Interviewer: Welcome.\n\nParticipant: {p[2]} chairs the board.\n")
    (raw / "n.txt").write_text(f"Interviewer: Hello {p[3]}.\n\nParticipant: {p[4]} and {p[1]} met.\n")
    (raw / "a2.txt").write_text(
        f"Interviewer: Hello {p[4]}, and {p[0]}.\n\nParticipant: I plan with {p[1]} weekly.\n"
    )
    return {"raw": raw, "register": raw / "register.yaml"}


def _forked(args: list[str], body, kill_at: int) -> subprocess.CompletedProcess:
    """`body()` in a forked copy of this process, which has the libraries (and, once `warm` ran,
    the reference lists) loaded already: a fresh interpreter per kill step was most of this test's
    time. The hook is armed in the child for its `kill_at`-th write step, as
    COPROD_TEST_KILL_AT_WRITE arms it when a process starts (tests/redteam/test_rt13 runs the
    variable itself). Returns the exit code (minus the signal when killed) and stderr."""
    from coprod.privacy import key as keymod

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: leaves only through os._exit, never back into pytest
        code = 1
        try:
            os.close(read)
            sys.stdout = sys.stderr = open(write, "w", buffering=1)  # noqa: SIM115 (exits below)
            os.environ.update({k: ENV[k] for k in ("SOURCE_DATE_EPOCH", "PATH")})
            keymod._KILL_AT, keymod._steps = kill_at, 0
            code = body()
        except SystemExit as exc:  # argparse, or an error the CLI turned into an exit
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code or 0)
    os.close(write)
    with open(read, "rb") as fh:
        err = fh.read().decode("utf-8", "replace")
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return subprocess.CompletedProcess(args, code, "", err)


def cli(files: list[Path], register: Path, key: Path, out: Path, kill_at: int = 0):
    """`coprod deidentify` (its entry function, coprod.cli:main, in a forked child)."""
    from coprod.cli import main

    args = ["deidentify", "--register", str(register), "--key", str(key)]
    args += ["--out", str(out), "--review", str(key.parent / "review.tsv"), *map(str, files)]
    return _forked(["coprod", *args], lambda: main(args), kill_at)


def workflow(files: list[Path], register: Path, key: Path, out: Path, kill_at: int = 0):
    """The workflow's two steps (corpus plan, then per-chunk publishing) in one process."""
    from coprod.ingest import DEFAULT_INTERVIEWER_LABELS, read_transcript
    from coprod.privacy.deidentify import apply_chunk, deidentify_files

    def body() -> int:
        private = key.parent
        ts = [read_transcript(f, DEFAULT_INTERVIEWER_LABELS, f"t{k:03d}") for k, f in enumerate(files, 1)]
        plans = {
            private / "plans" / "000.json": [t.id for t in ts[:1]],
            private / "plans" / "001.json": [t.id for t in ts[1:]],
        }
        deidentify_files(
            [], register, key, private / "plans", private / "review.tsv", out / "summary.tsv",
            transcripts=ts, plans=plans,
        )  # fmt: skip
        for plan, ids in plans.items():
            apply_chunk(plan, [t for t in ts if t.id in ids], out)
        return 0

    return _forked(["workflow", str(key), *map(str, files)], body, kill_at)


def warm(tmp_path: Path) -> None:
    """One run in this process, on a throwaway copy of the study, so that every forked child
    finds the reference lists loaded (each would otherwise read them again)."""
    from coprod.cli import main

    (tmp_path / "warm").mkdir()
    s = study(tmp_path / "warm")
    key = tmp_path / "warm" / "private" / "key.json"
    args = ["deidentify", "--register", str(s["register"]), "--key", str(key)]
    assert main([*args, "--out", str(tmp_path / "warm" / "out"), str(s["raw"] / "a.txt")]) in (0, None)


def key_map(key: Path) -> dict[str, str]:
    """pseudonym -> original, from a key on disk (empty when there is none yet)."""
    if not key.exists():
        return {}
    entries = json.loads(key.read_text(encoding="utf-8"))["entries"]
    return {e["pseudonym"]: e["original"] for e in entries}


def published(folder: Path, pattern: str = "*.txt") -> set[str]:
    return {m for p in folder.glob(pattern) for m in LABEL_RE.findall(p.read_text(encoding="utf-8"))}


def plan_labels(private: Path) -> set[str]:
    out = set()
    for p in (private / "plans").glob("*.json"):
        for entry in json.loads(p.read_text(encoding="utf-8"))["transcripts"].values():
            out |= {row[4].strip("[]") for row in entry["replacements"]}
    return out


@pytest.mark.parametrize("path", ["cli", "workflow"])
def test_a_kill_at_any_write_step_never_reissues_a_published_pseudonym(tmp_path, path):
    warm(tmp_path)
    s = study(tmp_path)
    raw, register = s["raw"], s["register"]
    run = cli if path == "cli" else workflow
    first = [raw / "a.txt", raw / "b.txt"]
    second = [raw / "n.txt", raw / "a2.txt", raw / "b.txt"]
    # the uninterrupted run: which original each pseudonym belongs to
    ref = tmp_path / "ref"
    done = run(first, register, ref / "private" / "key.json", ref / "out")
    assert done.returncode == 0, done.stderr
    truth = key_map(ref / "private" / "key.json")
    assert set(truth.values()) == set(PEOPLE[:3]) and published(ref / "out") == set(truth)
    kills = with_text = 0
    for n in range(1, 100):
        work = tmp_path / f"kill{n}"
        key, out = work / "private" / "key.json", work / "out"
        proc = run(first, register, key, out, kill_at=n)
        if proc.returncode == 0:
            break
        assert proc.returncode == -signal.SIGKILL, (n, proc.returncode, proc.stderr)
        kills += 1
        # what a reader may already hold: published text (and the private plans behind it)
        seen = published(out) | (plan_labels(key.parent) if path == "workflow" else set())
        with_text += bool(published(out))
        on_disk = key_map(key)  # the key on disk always loads and holds every label in use
        assert {label: on_disk.get(label) for label in seen} == {label: truth[label] for label in seen}, n
        if not seen:
            continue  # nothing in use yet: the next run may number afresh
        again = run(second, register, key, tmp_path / f"again{n}")
        assert again.returncode == 0, again.stderr
        final = key_map(key)
        assert {label: final[label] for label in seen} == {label: truth[label] for label in seen}, n
        # the second run's own text uses its key: one original per pseudonym, none reused
        assert len(set(final.values())) == len(final) and published(tmp_path / f"again{n}") <= set(final)
    else:
        pytest.fail("the run never completed under the hook")
    # the hook was really exercised: at every step, including after text was published
    assert kills >= 6 and with_text >= 2, (kills, with_text)


def test_the_hook_is_off_without_the_variable(tmp_path):
    """The installed command, in a process of its own started without the variable."""
    s = study(tmp_path)
    key = tmp_path / "k" / "key.json"
    cmd = [str(BIN / "coprod"), "deidentify", "--register", str(s["register"]), "--key", str(key)]
    cmd += ["--out", str(tmp_path / "out"), str(s["raw"] / "a.txt")]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    assert proc.returncode == 0 and (tmp_path / "out" / "t001.txt").exists()
