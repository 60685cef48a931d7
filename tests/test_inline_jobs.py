"""Issue 27: the light jobs run their script inside the Snakemake process (coprod.snakeutil.run_inline
from a rule's run: block; coprod.scheduling has a local run use threads for them) instead of a
Python process each. What that must keep: the same script and `snakemake` object (so the same
bytes), each job's stderr in its own log even with jobs side by side, a bad input as one line and a
failed job (never an exit of Snakemake), the rule's code inputs derived from the script's imports,
and no CPU-heavy or matplotlib job among them."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import BIN, ROOT
from snakemake.iocontainers import InputFiles, Log, OutputFiles, Params, ResourceList, Wildcards
from snakemake.settings.types import ExecutionSettings

from coprod import snakeutil
from coprod.scheduling import no_rate_limit_for_local_runs
from coprod.snakeutil import JobFailed, run_inline

RULES = ROOT / "workflow" / "rules"


def _job(tmp_path: Path, name: str, body: str):
    """A workflow script `name` (its main() is `body`) and the run: block's names for it."""
    script = tmp_path / "scripts" / f"{name}.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        "import sys\nfrom pathlib import Path\n\nfrom coprod.errors import InputError\n"
        "from coprod.snakeutil import run\n\n\ndef main():\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
        + "\n\nrun(snakemake, main)\n",
        encoding="utf-8",
    )
    output = OutputFiles([str(tmp_path / f"{name}.out")])
    output._set_name("out", 0)
    params = Params(["v"])
    params._set_name("value", 0)
    log = Log([str(tmp_path / f"{name}.log")])
    names = (InputFiles([str(script)]), output, params, Wildcards(), 1, ResourceList(), log, name, {})
    return str(script), names


def test_an_inline_job_runs_its_script_with_the_snakemake_object(tmp_path):
    script, names = _job(
        tmp_path,
        "writer",
        "Path(snakemake.output.out).write_text(snakemake.params.value + snakemake.rule)\n"
        "print('progress note', file=sys.stderr)",
    )
    run_inline(script, *names)
    assert (tmp_path / "writer.out").read_text() == "vwriter"
    assert (tmp_path / "writer.log").read_text() == "progress note\n"
    assert (tmp_path / "writer.log").stat().st_mode & 0o777 == 0o600


def test_jobs_side_by_side_each_write_their_own_log(tmp_path, capsys):
    """Two jobs in two threads while the main thread writes too: every line where it belongs."""
    start = threading.Barrier(3)
    jobs = [
        _job(
            tmp_path,
            f"job{n}",
            f"for i in range(300):\n    print('job{n}', i, file=sys.stderr)\n"
            "Path(snakemake.output.out).write_text('done')",
        )
        for n in (1, 2)
    ]

    def go(script, names):
        start.wait()
        run_inline(script, *names)

    threads = [threading.Thread(target=go, args=job) for job in jobs]
    for t in threads:
        t.start()
    start.wait()
    for i in range(300):
        print("main", i, file=sys.stderr)
    for t in threads:
        t.join()
    for n in (1, 2):
        lines = (tmp_path / f"job{n}.log").read_text().splitlines()
        assert lines == [f"job{n} {i}" for i in range(300)]
    assert re.findall(r"^(\w+) \d+$", capsys.readouterr().err, re.M) == ["main"] * 300


def test_a_bad_input_is_one_line_and_a_failed_job(tmp_path, capsys):
    script, names = _job(tmp_path, "bad", "raise InputError('data/x.tsv', 'no rows', 'add a row')")
    with pytest.raises(JobFailed, match="rule bad stopped"):
        run_inline(script, *names)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "data/x.tsv" in err and "add a row" in err, err
    assert "Traceback" not in err
    assert (tmp_path / "bad.log").read_text() == err


def test_an_unexpected_error_is_one_line_outside_and_the_detail_in_the_log(tmp_path, capsys):
    script, names = _job(tmp_path, "broken", "{}['missing']")
    with pytest.raises(JobFailed):
        run_inline(script, *names)
    err = capsys.readouterr().err
    assert err.startswith("unexpected error in rule broken: KeyError") and err.count("\n") == 1, err
    assert "Traceback" in (tmp_path / "broken.log").read_text()


def test_an_exit_inside_a_job_fails_the_job_not_snakemake(tmp_path, capsys):
    script, names = _job(tmp_path, "exits", "sys.exit(3)")
    with pytest.raises(JobFailed):
        run_inline(script, *names)
    # its own process: the exit stays an exit
    assert "unexpected error in rule exits" in capsys.readouterr().err


def test_an_edited_script_runs_as_edited(tmp_path):
    script, names = _job(tmp_path, "edited", "Path(snakemake.output.out).write_text('one')")
    run_inline(script, *names)
    text = Path(script).read_text().replace("'one'", "'a second version'")
    Path(script).write_text(text)
    run_inline(script, *names)
    assert (tmp_path / "edited.out").read_text() == "a second version"


def test_a_local_run_runs_run_blocks_in_threads_a_cluster_run_as_snakemake_does():
    for non_local, expected in ((False, True), (True, False)):
        workflow = SimpleNamespace(
            scheduling_settings=None,
            execution_settings=ExecutionSettings(),
            execute=lambda *a, **k: None,
        )
        no_rate_limit_for_local_runs(workflow)
        plugin = SimpleNamespace(common_settings=SimpleNamespace(non_local_exec=non_local))
        workflow.execute(executor_plugin=plugin)
        assert workflow.execution_settings.use_threads is expected


def _inline_rules() -> dict[str, tuple[str, str, str]]:
    """rule -> (its library("..."), its script_file("..."), its run: block) for every rule with a
    run: block in the workflow."""
    found = {}
    for smk in sorted(RULES.glob("*.smk")):
        text = smk.read_text(encoding="utf-8")
        for m in re.finditer(r"^(?:rule|checkpoint) (\w+):\n(.*?)(?=^\S|\Z)", text, re.M | re.S):
            body = m.group(2)
            if "\n    run:\n" not in body:
                continue
            lib = re.search(r'library=library\("([^"]+)"\)', body)
            script = re.search(r'script=script_file\("([^"]+)"\)', body)
            found[m.group(1)] = (
                lib and lib.group(1),
                script and script.group(1),
                body.split("\n    run:\n")[1],
            )
    return found


def test_every_run_block_runs_its_own_script_whose_imports_are_its_code_inputs():
    rules = _inline_rules()
    expected = {"write_corpus_statements", "write_manuscript_variables", "write_topic_statements"}
    assert expected <= set(rules), sorted(rules)
    for name, (lib, script, block) in rules.items():
        assert lib is not None and lib == script, name  # library(X) and script_file(X): one script
        assert (ROOT / "scripts" / script).is_file(), name
        call = " ".join(block.split())
        assert call.startswith("run_inline( input.script, input, output, params,"), (name, call)


def test_no_inline_job_loads_matplotlib_or_a_model_library():
    """pyplot is not thread-safe, and a CPU-heavy job in a thread shares one core with the
    scheduler and the other inline jobs: those keep script:."""
    scripts = sorted({script for _, script, _ in _inline_rules().values()})
    code = (
        "import ast, json, sys\n"
        f"for s in {scripts!r}:\n"
        f"    tree = ast.parse(open({str(ROOT / 'scripts')!r} + '/' + s).read())\n"
        "    heads = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]\n"
        "    exec(compile(ast.Module(heads, []), s, 'exec'))\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'sklearn', 'scipy', 'nltk', 'pypdf', 'pypdfium2'})))"
    )
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": os.environ.get("PATH", "")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_snakemake_runs_a_run_block_in_its_own_process(tmp_path):
    """End to end, with the workflow's own scheduling setting: the job's process is Snakemake's
    (without threads Snakemake would start a new Snakemake for it)."""
    (tmp_path / "Snakefile").write_text(
        "import os\n"
        "from coprod.scheduling import no_rate_limit_for_local_runs\n"
        "no_rate_limit_for_local_runs(workflow)\n\n"
        "rule pid:\n"
        '    output: "pid.txt"\n'
        "    run:\n"
        '        open(output[0], "w").write(str(os.getpid()))\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [str(BIN / "snakemake"), "--cores", "1", "--quiet"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out[-2000:]
    assert int((tmp_path / "pid.txt").read_text()) == proc.pid


def test_the_snakefile_keeps_its_scripts_on_the_command_line_path():
    """Each inline script still ends in the one adapter call (run), so it can also run as a
    script: rule or under Snakemake's own process (a cluster job step)."""
    for _, script, _ in _inline_rules().values():
        tree = ast.parse((ROOT / "scripts" / script).read_text(encoding="utf-8"))
        last = tree.body[-1]
        assert isinstance(last, ast.Expr) and ast.unparse(last) == "run(snakemake, main)", script


def test_the_thread_stderr_stands_in_for_the_stream():
    stream = snakeutil._ThreadStderr(sys.__stderr__)
    assert stream.encoding == sys.__stderr__.encoding
    assert stream.fileno() == sys.__stderr__.fileno()


def test_snakemake_shows_an_inline_job_s_bad_input_as_its_one_line(tmp_path):
    """The line the job printed, Snakemake's job error, no traceback of the script's frames, and
    nothing left of the output."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "bad.py").write_text(
        "from coprod.errors import InputError\nfrom coprod.snakeutil import run\n\n\ndef main():\n"
        "    raise InputError('data/sheet.tsv', 'row 3 has no site id', 'add the site id')\n\n\n"
        "run(snakemake, main)\n",
        encoding="utf-8",
    )
    (tmp_path / "Snakefile").write_text(
        "from coprod.scheduling import no_rate_limit_for_local_runs\n"
        "from coprod.snakeutil import run_inline\n"
        "no_rate_limit_for_local_runs(workflow)\n\n"
        "rule bad:\n"
        '    input: script="scripts/bad.py"\n'
        '    output: "bad.txt"\n'
        '    log: "bad.log"\n'
        "    run:\n"
        "        run_inline(\n"
        "            input.script, input, output, params, wildcards, threads, resources, log, rule, config\n"
        "        )\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    err = done.stdout + done.stderr
    assert done.returncode != 0
    line = "input error: data/sheet.tsv: row 3 has no site id — add the site id"
    assert err.count(line) == 1, err[-2000:]
    assert "Traceback" not in err and "bad.py" not in err.replace("input: scripts/bad.py", ""), err[-2000:]
    assert not (tmp_path / "bad.txt").exists()
    assert (tmp_path / "bad.log").read_text(encoding="utf-8") == line + "\n"
