"""A de-identification run killed mid-publish must never let a published label change hands.

Issue: `coprod deidentify` killed (SIGKILL) right after its output appears has published text
whose pseudonyms are not yet in the key; the next run gives another person the same published
"[Person 2]". The docs (docs/deidentification.md, docs/architecture.md) promise the key is saved
durably before any text using its pseudonyms is written, and document the test-only variable
COPROD_TEST_KILL_AT_WRITE=N that makes the process kill itself at its N-th write.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from rt_common import COPROD, env, kill_group, published, sha_tree

pytestmark = pytest.mark.redteam

PERSON_A = "Marguerite Oxlade"
PERSON_B = "Tobias Wrenfield"

TEXT_A = (
    "Interviewer: Hello, can you tell me about your work at the clinic?\n"
    f"Participant: Yes. My colleague {PERSON_A} runs the clinic on Tuesdays. "
    f"{PERSON_A} has been there for years and everyone trusts her.\n"
    "Interviewer: Thank you.\n"
)
TEXT_B = (
    "Interviewer: Who organises the rota?\n"
    f"Participant: That is {PERSON_B}. {PERSON_B} sorts out the rota every month.\n"
    "Interviewer: Thanks.\n"
)

LABEL = re.compile(r"\[(?:Person|Organisation|Place)[^\]]*\]")


def _write_inputs(tmp: Path) -> tuple[Path, Path, Path]:
    raw = tmp / "raw"
    raw.mkdir()
    a = raw / "a.txt"
    b = raw / "b.txt"
    a.write_text(TEXT_A, encoding="utf-8")
    b.write_text(TEXT_B, encoding="utf-8")
    return raw, a, b


def _check_key(key: Path) -> None:
    """The key is absent or complete, parseable JSON — never truncated or garbage."""
    if not key.exists():
        return
    data = key.read_bytes()
    try:
        json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:  # pragma: no cover - the failure path
        raise AssertionError(f"key file is not valid JSON after a kill ({len(data)} bytes): {exc}") from None


def _labels(text: str) -> set[str]:
    return set(LABEL.findall(text))


def _rerun_and_check(tmp: Path, raw: Path, a: Path, b: Path, killed_out: Path) -> None:
    """Rerun with B first (so a lost key entry would hand A's label to B), then A again."""
    key = tmp / "key.json"
    _check_key(key)
    killed_text = published(killed_out) if killed_out.exists() else ""
    labels_a = _labels(killed_text)
    assert PERSON_A not in killed_text, "the killed run published the original name"

    before = sha_tree(raw)
    out2 = tmp / "out2"
    proc = subprocess.run(
        [COPROD, "deidentify", "--key", str(key), "--out", str(out2), str(b), str(a)],
        cwd=tmp,
        env=env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sha_tree(raw) == before, "raw inputs were modified by the rerun"
    assert proc.returncode == 0, f"rerun after the kill failed: {proc.stderr[-1500:]}"
    assert "Traceback" not in proc.stderr
    _check_key(key)

    text_b = (out2 / "t001.txt").read_text(encoding="utf-8")
    text_a = (out2 / "t002.txt").read_text(encoding="utf-8")
    assert PERSON_B not in text_b and PERSON_A not in text_a
    labels_b = _labels(text_b)
    assert labels_b, f"person B got no pseudonym in the rerun: {text_b!r}"
    reused = labels_a & labels_b
    assert not reused, (
        f"label(s) {sorted(reused)} published for person A by the killed run were given to "
        f"person B in the next run"
    )
    # A's published label still means A: the rerun of A's transcript uses the same labels.
    if labels_a:
        assert labels_a <= _labels(text_a), (
            f"A was published as {sorted(labels_a)} by the killed run but as "
            f"{sorted(_labels(text_a))} in the rerun"
        )


@pytest.mark.parametrize(
    ("trigger", "delay"),
    [("out_dir", 0.0), ("first_file", 0.0), ("first_file", 0.01), ("first_file", 0.05)],
    ids=["out-dir-appears", "first-file", "first-file+10ms", "first-file+50ms"],
)
def test_sigkill_right_after_output_appears(tmp_path: Path, trigger: str, delay: float):
    raw, a, b = _write_inputs(tmp_path)
    before = sha_tree(raw)
    key = tmp_path / "key.json"
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [COPROD, "deidentify", "--key", str(key), "--out", str(out), str(a)],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    fired = False
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and (trigger == "out_dir" or any(p.is_file() for p in out.iterdir())):
            if delay:
                time.sleep(delay)
            kill_group(proc)
            fired = True
            break
        time.sleep(0.0005)
    if not fired and proc.poll() is None:
        kill_group(proc)
    assert fired, "the run ended before its output was seen: the kill timing was not exercised"
    assert sha_tree(raw) == before, "raw inputs were modified by the killed run"
    _rerun_and_check(tmp_path, raw, a, b, out)


def test_kill_hook_is_live(tmp_path: Path):
    """The documented hook really kills the run at its first write (else the loop below is vacuous)."""
    raw, a, _ = _write_inputs(tmp_path)
    e = env()
    e["COPROD_TEST_KILL_AT_WRITE"] = "1"
    proc = subprocess.run(
        [COPROD, "deidentify", "--key", str(tmp_path / "key.json"), "--out", str(tmp_path / "out"), str(a)],
        cwd=tmp_path,
        env=e,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0, "COPROD_TEST_KILL_AT_WRITE=1 did not stop the run"


@pytest.mark.parametrize("n", range(1, 6))
def test_kill_at_each_write_step(tmp_path: Path, n: int):
    """Kill at the N-th write (documented hook); the rerun never gives A's label to B."""
    raw, a, b = _write_inputs(tmp_path)
    before = sha_tree(raw)
    e = env()
    e["COPROD_TEST_KILL_AT_WRITE"] = str(n)
    out = tmp_path / "out"
    proc = subprocess.run(
        [COPROD, "deidentify", "--key", str(tmp_path / "key.json"), "--out", str(out), str(a)],
        cwd=tmp_path,
        env=e,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sha_tree(raw) == before, "raw inputs were modified by the killed run"
    if proc.returncode == 0:
        # Fewer than n writes: the run completed normally; its output must be whole.
        assert (out / "t001.txt").exists()
    _rerun_and_check(tmp_path, raw, a, b, out)
