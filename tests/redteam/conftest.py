"""Red-team cases: written from the documentation and the command-line help only."""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "redteam: held-in red-team cases written from the docs alone (issues 24 and 25)"
    )
