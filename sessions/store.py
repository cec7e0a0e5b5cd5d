"""The session store: where every session's event log lives, chosen by a URL.

SQLite in the data directory is the default (``sqlite_store``); a PostgreSQL server
(``postgres``) lets many terminals on many machines share the sessions of one exercise.
The URL is ``--store`` (which sets TABLETOP_STORE for this process and what it starts),
else TABLETOP_STORE, else the data directory's ``sessions.db``. Every caller opens the
store through ``open_store``; the names below are what the rest of Tabletop imports.
"""

from __future__ import annotations

import os
from pathlib import Path

from .sqlite_store import SCHEMA_VERSION, SqliteStore
from .store_api import (
    NAME_RE,
    STALE_SECONDS,
    BadStoreURL,
    Conflict,
    Console,
    ConsoleTaken,
    NewerSchema,
    NoSuchSession,
    SessionInfo,
    SessionStore,
    StoreError,
    StoreLost,
    StoreProblem,
    StoreUnreachable,
    now,
)

__all__ = [
    "NAME_RE",
    "SCHEMA_VERSION",
    "STALE_SECONDS",
    "BadStoreURL",
    "Conflict",
    "Console",
    "ConsoleTaken",
    "NewerSchema",
    "NoSuchSession",
    "SessionInfo",
    "SessionStore",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoreProblem",
    "StoreLost",
    "StoreUnreachable",
    "now",
    "open_store",
    "store_url",
]

ENV = "TABLETOP_STORE"

# The SQLite store under its historical name: a path opens a SQLite file.
Store = SqliteStore

_POSTGRES = ("postgresql://", "postgres://")


def store_url() -> str:
    """The store this process uses: TABLETOP_STORE, else the data directory's SQLite file."""
    url = os.environ.get(ENV, "").strip()
    if url:
        return url
    from .paths import data_dir

    return str(data_dir() / "sessions.db")


def is_postgres(url: str) -> bool:
    return url.lower().startswith(_POSTGRES)


def open_store(url: str | None = None, readonly: bool = False) -> SessionStore:
    """The store at ``url`` (default: ``store_url()``): a PostgreSQL URL, ``sqlite:///PATH``
    or a plain path (a SQLite file). ``readonly``: for commands that only read (a SQLite
    file in a read-only folder still opens). StoreError (BadStoreURL, StoreUnreachable,
    NewerSchema...) says in a sentence why it cannot be opened."""
    url = store_url() if url is None else url.strip()
    if is_postgres(url):
        # imported only now: psycopg is not loaded by `tabletop --help`, `list` or a SQLite store
        from .postgres import PostgresStore

        return PostgresStore(url)
    if url.lower().startswith("sqlite://"):
        path = url[len("sqlite://") :]
        if not path:
            raise BadStoreURL(url, "no_file")
        return SqliteStore(Path(path).expanduser(), readonly=readonly)
    if "://" in url:
        raise BadStoreURL(url, "unknown_kind", scheme=url.split("://", 1)[0])
    if not url:
        raise BadStoreURL(url, "empty")
    return SqliteStore(Path(url).expanduser(), readonly=readonly)
