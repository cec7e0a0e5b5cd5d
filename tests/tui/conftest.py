"""Fixtures of the session tests: a fresh session database per test (the app and snapshot
tests keep their own, which also point TABLETOP_HOME at it)."""

from __future__ import annotations

import pytest

from tabletop.sessions.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.db")
    yield s
    s.close()
