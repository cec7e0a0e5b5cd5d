"""Fixtures of the session tests: a fresh store per test, of each kind (a SQLite file, a
PostgreSQL database: tests/pg.py), so that the session tests hold for both (the app and
snapshot tests keep their own SQLite store, which also points TABLETOP_HOME at it)."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(open_any):
    return open_any()
