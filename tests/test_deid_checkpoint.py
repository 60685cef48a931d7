"""Issue 27: `deidentify_corpus` is a checkpoint. Adding to the corpus re-plans every chunk, but a
chunk whose plan comes out byte-identical (none of its transcripts, nor any decision they use,
changed) is not published again: its publishing job is not started and its published files are
not rewritten."""

from __future__ import annotations

import re
import subprocess

from conftest import BIN, CHUNKS_CONFIG, FIXTURE_CONFIG, cache_env, clone_run

from coprod.corpus import assign_chunks

IDS = ["fx01", "fx02", "fx03", "fx04"]


def test_only_the_chunk_whose_plan_changed_is_published_again(chunked_run, tmp_path):
    work = clone_run(chunked_run, tmp_path / "run")
    chunks = assign_chunks(IDS, 3)
    edited = "fx01"
    own = next(c for c, ids in chunks.items() if edited in ids)
    others = [t for c, ids in chunks.items() if c != own for t in ids]
    assert others  # the test needs a chunk the edit leaves alone
    published = work / "results" / "deidentified"
    before = {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns) for t in others for p in published.glob(f"{t}.*")
    }
    assert len(before) == 2 * len(others)
    # one transcript gains an invented sentence, and the register an invented person nobody
    # mentions (what adding a participant does to the others' inputs)
    raw = work / "tests" / "fixtures" / "corpus" / f"{edited}.txt"
    raw.write_text(raw.read_text(encoding="utf-8") + "\nR: The second year felt calmer for all of us.\n")
    register = work / "tests" / "fixtures" / "corpus" / "register.yaml"
    person = '  - {name: "Wendeline Quarrington", aliases: [], role: participant}\n'
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("people:\n", "people:\n" + person), encoding="utf-8")
    done = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "1", "--configfile", FIXTURE_CONFIG, CHUNKS_CONFIG],
        cwd=work,
        capture_output=True,
        text=True,
        env={
            "PATH": f"{BIN}:/usr/bin:/bin",
            "SOURCE_DATE_EPOCH": "1643846400",
            "HOME": str(work),
            **cache_env(),
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ran = set(re.findall(r"^(?:local)?(?:rule|checkpoint) (\w+):$", done.stdout + done.stderr, re.M))
    assert "deidentify_corpus" in ran, ran
    assert {r for r in ran if r.startswith("deidentify_chunk_")} == {f"deidentify_chunk_{own:03d}"}, ran
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for t in others for p in published.glob(f"{t}.*")}
    assert after == before
    assert "calmer" in (published / f"{edited}.txt").read_text(encoding="utf-8")
