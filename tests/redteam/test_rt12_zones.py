"""Issue 25, class 12: zones. A config whose private dir is inside the results dir, whose
results dir is (or is inside) the raw folder, or which puts private inputs in the shareable
zone, must be refused by Snakemake's start-up (dry run) with one line."""

from __future__ import annotations

import shutil

import pytest
from rt_common import SNAKEMAKE, copy_workflow, run, sha_tree

pytestmark = pytest.mark.redteam

RAW = "data/raw/example"
CASES = {
    "private-inside-results": "private_dir: results/private\n",
    "private-equals-results": "private_dir: shared\nresults_dir: shared\n",
    "results-equals-raw": f"results_dir: {RAW}\n",
    "results-equals-raw-spelt-differently": f"results_dir: ./{RAW}/\n",
    "results-inside-raw": f"results_dir: {RAW}/shareable\n",
    "results-is-project-root": "results_dir: .\n",
    "raw-inside-results": "corpus:\n  raw_dir: results/raw\n  register: results/raw/register.yaml\n",
    "register-inside-results": "corpus:\n  register: results/register.yaml\n",
}


@pytest.mark.redteam
@pytest.mark.parametrize("case", sorted(CASES))
def test_zone_overlap_refused_at_start_up(tmp_path, case):
    (tmp_path / "wf").mkdir()
    root = copy_workflow(tmp_path / "wf")
    if case == "raw-inside-results":
        shutil.copytree(root / RAW, root / "results" / "raw")
    if case == "register-inside-results":
        (root / "results").mkdir()
        shutil.copyfile(root / RAW / "register.yaml", root / "results" / "register.yaml")
    (root / "zones.yaml").write_text(CASES[case], encoding="utf-8")
    before = sha_tree(root / RAW)
    proc = run(
        [SNAKEMAKE, "-n", "--cores", "1", "--configfile", "zones.yaml"],
        cwd=root,
        timeout=120,
        src=root / "src",
    )
    assert sha_tree(root / RAW) == before, "raw folder modified"
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"start-up accepted overlapping zones ({case}): {out[-600:]!r}"
    assert "Traceback" not in out, out[-2000:]
    lines = [
        line
        for line in out.splitlines()
        if line.strip() and not line.startswith("Config file ")  # Snakemake's own notice
    ]
    assert len(lines) == 1, f"expected one line, got {len(lines)}: {out[-1500:]!r}"
    assert "zones.yaml" in lines[0] or "results" in lines[0] or "private" in lines[0], lines[0]
