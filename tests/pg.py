"""Fixtures for the PostgreSQL store: one throwaway server per test session (started by
sessions/pgserver.py on loopback, removed at the end), a fresh database per test, and
stores of either kind for the contract tests that both must pass.

Without PostgreSQL's programs the tests are skipped with the reason; in CI (CI set) they
fail instead: CI installs the server, and nothing may be skipped there.
"""

from __future__ import annotations

import itertools
import os

import pytest

from tabletop.sessions.pgserver import NoServer, ThrowawayServer, find_bindir

# every test that uses the server runs on one xdist worker, so one server serves them all
PG = pytest.mark.xdist_group("postgresql")
STORE_KINDS = ["sqlite", pytest.param("postgresql", marks=PG)]

_databases = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    bindir = find_bindir()
    if bindir is None:
        reason = "PostgreSQL is not installed (initdb, postgres): apt-get install postgresql"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(reason)
    try:
        # the tests kill the server and check what survives: fsync matters only to a
        # machine that loses power, so it is off for speed
        server = ThrowawayServer(bindir, settings={"fsync": "off", "full_page_writes": "off"}).start()
    except NoServer as e:
        pytest.fail(str(e), pytrace=False)
    yield server
    server.remove()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database on the test server."""
    import psycopg

    if pg_server.proc is None or pg_server.proc.poll() is not None:
        pg_server.start()  # a test that stopped it and failed before starting it again
    name = f"t{os.getpid()}_{next(_databases)}"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_server.url_for(name)


@pytest.fixture(params=STORE_KINDS)
def store_location(request, tmp_path) -> str:
    """Where a store of each kind lives: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def open_any(store_location):
    """``open_any()``: another store on the same sessions (another terminal); closed at the end."""
    from tabletop.sessions.store import open_store

    opened = []

    def go():
        s = open_store(store_location)
        opened.append(s)
        return s

    yield go
    for s in opened:
        s.close()


def execute_raw(store, statement: str, params: tuple = ()) -> None:
    """Run one SQL statement on either kind of store, below its API (to damage a log)."""
    if hasattr(store, "db"):
        store.db.execute(statement.replace("%s", "?"), params)
        return
    with store.pool.connection() as conn:
        conn.execute(statement, params)
