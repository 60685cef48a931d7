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
