"""The test suite's own scheduling (tests/conftest.py): every end-to-end run a test module
registers with `background_run` is found to be used by that module's tests, so it starts in the
background once the tests are collected instead of in the foreground when first needed."""

from __future__ import annotations

from types import SimpleNamespace

import conftest


def test_every_module_run_in_this_session_is_claimed_by_its_tests(request):
    assert conftest.unclaimed_runs(request.session.items) == []


def test_a_run_whose_tests_reach_it_under_another_fixture_name_is_unclaimed(monkeypatch):
    monkeypatch.setitem(conftest.SESSION_RUNS, "demo_run", lambda factory: None)
    monkeypatch.setitem(conftest._REGISTERED_BY, "demo_run", "test_demo")
    module = SimpleNamespace(__name__="test_demo")
    items = [SimpleNamespace(module=module, fixturenames=("built", "tmp_path"))]
    assert conftest.unclaimed_runs(items) == ["demo_run"]
    monkeypatch.setitem(conftest._WANTED_BY, "demo_run", lambda item: "built" in item.fixturenames)
    assert conftest.unclaimed_runs(items) == []
    # a module none of whose tests was collected claims nothing and is not asked to
    assert conftest.unclaimed_runs([SimpleNamespace(module=SimpleNamespace(__name__="other"))]) == []


def test_a_follow_up_run_starts_after_its_base_used_or_not(monkeypatch):
    monkeypatch.setattr(conftest, "_AFTER", {"edited": "base", "edited_again": "edited"})
    # the base is used by no test: it still runs, just before the run that starts from it
    assert conftest.run_order({"other": 1, "edited": 3}) == ["other", "base", "edited"]
    # a follow-up first used before its base: the base moves up to it
    assert conftest.run_order({"base": 5, "edited": 2, "other": 3}) == ["base", "edited", "other"]
    assert conftest.run_order({"edited_again": 0, "base": 4}) == ["base", "edited", "edited_again"]


def _append_a_line(dest) -> None:  # a follow-up run's change (module level: step_job imports it)
    with open(f"{dest}/notes.txt", "a", encoding="utf-8") as fh:
        fh.write("changed\n")


def test_a_follow_up_job_copies_its_base_changes_the_copy_then_runs_in_it(tmp_path):
    import json
    import subprocess
    import sys

    base, dest, logs = tmp_path / "base", tmp_path / "copy", tmp_path / "logs"
    base.mkdir(), logs.mkdir()
    (base / "notes.txt").write_text("finished\n", encoding="utf-8")
    show = "import sys; print(open('notes.txt').read(), end=''); sys.exit(3)"
    job = conftest.step_job(base, dest, logs, _append_a_line, [sys.executable, "-c", show], {})
    subprocess.run([sys.executable, "-c", conftest._RUNNER, json.dumps([job])], check=True)
    assert (logs / "stdout.txt").read_text() == "finished\nchanged\n"
    assert (logs / "rc.txt").read_text() == "3"  # the command's exit code is the job's
    assert (base / "notes.txt").read_text() == "finished\n"  # the base is left as it was
