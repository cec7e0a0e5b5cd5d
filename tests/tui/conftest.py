"""Fixtures of the session tests: a fresh store per test, of each kind (a SQLite file, a
PostgreSQL database: tests/pg.py), so that the session tests hold for both (the app and
snapshot tests keep their own SQLite store, which also points TABLETOP_HOME at it)."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(open_any):
    return open_any()


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    """A SQLite store for an app test: the data directory (TABLETOP_HOME) and the working
    directory in the test's own folder, the database in the data directory."""
    from tabletop.sessions.store import Store

    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    s = Store(tmp_path / "home" / "sessions.db")
    yield s
    s.close()


async def library_filled(app, pilot) -> None:
    """Wait (up to 5 s) until the library on top has read its scenarios."""
    for _ in range(100):
        await pilot.pause(0.05)
        if getattr(app.screen, "scenarios", None):
            return
    raise AssertionError("the library did not fill in 5 s")
