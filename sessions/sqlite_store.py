"""Saved sessions in SQLite: one database in the data directory, one event log per session.

Every event is committed (WAL, synchronous=FULL) before the screen shows it as taken, so a
session survives a killed process or terminal: resuming replays the log through the
engine. The database holds only events and a summary row per session; the state is always
rebuilt from the events.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from pathlib import Path

import attrs

from tabletop.engine.encode import to_json

from .store_api import (
    STALE_SECONDS,
    Conflict,
    Console,
    ConsoleTaken,
    NoSuchSession,
    SessionInfo,
    StoreProblem,
    check_name,
    decode_events,
    encode_events,
    holder_is_dead,
    info_from_row,
    now,
    unique_name,
)

POLL_SECONDS = 0.1  # how often ``wait`` looks at the log
BUSY_SECONDS = 5  # how long an open or a write waits for another process's lock

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    name     TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,     -- scenario id
    ref      TEXT NOT NULL,     -- what to load it from: a built-in id or an absolute path
    title    TEXT NOT NULL,     -- JSON {"ja":..., "en":...}
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL,
    status   TEXT NOT NULL,     -- playing | ended | abandoned
    decisions INTEGER NOT NULL DEFAULT 0,
    score    INTEGER,
    ending   TEXT,
    parent   TEXT,              -- the session this one was forked from
    fork_at  INTEGER            -- ... before its decision number fork_at (1-based)
);
CREATE TABLE IF NOT EXISTS events (
    session TEXT NOT NULL REFERENCES sessions(name) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    body    TEXT NOT NULL,
    PRIMARY KEY (session, seq)
);
-- the scenario versions sessions began on (sessions/versions.py), so that a session
-- outlives an edit of its scenario; added without a schema change: older Tabletops ignore it
CREATE TABLE IF NOT EXISTS versions (
    digest  TEXT PRIMARY KEY,   -- the digest the start events record
    body    BLOB NOT NULL       -- the compressed record
);
-- the facilitator console running each session, so that a second one is refused (Store.claim_console);
-- added the same way: older Tabletops ignore it
CREATE TABLE IF NOT EXISTS consoles (
    session TEXT PRIMARY KEY,
    token   TEXT NOT NULL,      -- chosen by the console; it alone may beat or release
    host    TEXT NOT NULL,
    pid     INTEGER NOT NULL,
    since   TEXT NOT NULL,      -- when it claimed the session (a stamp, for the message)
    beat    REAL NOT NULL       -- its last heartbeat (seconds since the epoch)
);
"""


def _into_wal(db: sqlite3.Connection) -> str:
    """Switch a new connection to WAL; the journal mode it ends in. SQLite does not wait on
    its busy timeout for this switch: two terminals creating the database at once (a first
    game in each) would get "database is locked" at once, so it is tried again here."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            return db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class SqliteStore:
    """The sessions in one SQLite file (see the module's docstring)."""

    live = False  # ``wait`` polls: SQLite cannot wake a reader

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        if readonly:
            self._open_readonly()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            mode = _into_wal(self.db)
            if mode.lower() != "wal":  # e.g. a file system without shared memory
                self.db.execute("PRAGMA journal_mode = DELETE")
            self.db.execute("PRAGMA synchronous = FULL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreProblem(
                    "store_newer_file", where=str(self.path), found=version, known=SCHEMA_VERSION
                )
            # one transaction: a reader opening the file meanwhile (`tabletop sessions` in
            # another terminal) sees no tables or all of them, never half a schema
            self.db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            )
        except sqlite3.DatabaseError as e:
            raise StoreProblem("store_open", path=str(self.path), detail=str(e)) from None
        except OSError as e:
            raise StoreProblem("store_create", path=str(self.path), detail=e.strerror or str(e)) from None

    def _open_readonly(self) -> None:
        """For commands that only read (`sessions`, `report`): nothing is created or
        written, so a read-only data directory (a shared drive, a locked-down profile)
        still works. A WAL database in a read-only folder can only be read as immutable."""
        if not self.path.exists():
            self._open_empty()
            return
        uri = self.path.resolve().as_uri()
        last = None
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                self.db = sqlite3.connect(uri + query, uri=True, timeout=BUSY_SECONDS, isolation_level=None)
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if not self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    # a database with no tables yet: another process is creating it right
                    # now (or an empty file): no sessions, rather than "no such table"
                    self.db.close()
                    self._open_empty()
                    return
                self.db.execute("SELECT count(*) FROM sessions").fetchone()
            except sqlite3.DatabaseError as e:
                last = e
                continue
            if version > SCHEMA_VERSION:
                raise StoreProblem(
                    "store_newer_file", where=str(self.path), found=version, known=SCHEMA_VERSION
                )
            return
        raise StoreProblem("store_open", path=str(self.path), detail=str(last))

    def _open_empty(self) -> None:
        """A store with no sessions, for a reader that finds no database yet."""
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- writing ---------------------------------------------------------------------

    def _tx(self, fn):
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                out = fn()
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            return out
        except sqlite3.DatabaseError as e:  # full disk, read-only or damaged file, lock timeout
            raise StoreProblem("store_save", path=str(self.path), detail=str(e)) from None

    def unique_name(self, base: str) -> str:
        return unique_name(base, self.exists)

    def create(
        self,
        name: str,
        scenario_id: str,
        ref: str,
        title: dict,
        parent=None,
        fork_at=None,
        events=(),
        summary: dict | None = None,
        version: tuple[str, bytes] | None = None,
    ) -> str:
        """A new session, with its first ``events`` (its start) and the record of the
        scenario version it begins on (``(digest, body)``, kept once per digest) in the same
        transaction: a process killed at any moment leaves either no session or one that can
        be resumed."""
        check_name(name)
        stamp = now()

        def go():
            if self.exists(name):
                raise StoreProblem("session_exists", name=name)
            self.db.execute(
                "INSERT INTO sessions (name, scenario, ref, title, created, updated, status, parent, fork_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'playing', ?, ?)",
                (
                    name,
                    scenario_id,
                    ref,
                    to_json(title),
                    stamp,
                    stamp,
                    parent,
                    fork_at,
                ),
            )
            if version is not None:
                self.db.execute("INSERT OR IGNORE INTO versions (digest, body) VALUES (?, ?)", version)
            if events:
                self._insert(name, 0, events, summary)

        self._tx(go)
        return name

    def append(self, name: str, events, summary: dict | None = None, *, expect: int) -> int:
        """Add events to the end of a session's log, in one transaction, if its last
        sequence number is still ``expect`` (the number of events the writer has seen);
        otherwise raise Conflict and write nothing. Several terminals can share a session:
        the first writer wins, the others reload and see what happened. Returns the new
        last sequence number."""
        events = list(events)

        def go():
            (seq,) = self.db.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = ?", (name,)
            ).fetchone()
            if seq != expect:
                raise Conflict(name, expect, seq)
            return self._insert(name, seq, events, summary)

        return self._tx(go)

    def _insert(self, name: str, seq: int, events: list, summary: dict | None) -> int:
        """Write ``events`` after sequence number ``seq`` and update the session's summary
        (inside the caller's transaction); the new last sequence number."""
        self.db.executemany(
            "INSERT INTO events (session, seq, body) VALUES (?, ?, ?)",
            [(name, i, body) for i, body in encode_events(events, seq)],
        )
        fields = {"updated": now(), **(summary or {})}
        cols = ", ".join(f"{k} = ?" for k in fields)
        self.db.execute(f"UPDATE sessions SET {cols} WHERE name = ?", (*fields.values(), name))
        return seq + len(events)

    def delete(self, name: str) -> None:
        self.info(name)  # a clear error for a name that does not exist
        self._tx(lambda: self.db.execute("DELETE FROM sessions WHERE name = ?", (name,)))

    def rename(self, old: str, new: str) -> None:
        check_name(new)
        self.info(old)

        def go():
            if self.exists(new):
                raise StoreProblem("session_name_taken", name=new)
            # the events point at the name: copy the row, move the events, drop the old row
            self.db.execute(
                "INSERT INTO sessions SELECT ?, scenario, ref, title, created, updated, status, decisions,"
                " score, ending, parent, fork_at FROM sessions WHERE name = ?",
                (new, old),
            )
            self.db.execute("UPDATE events SET session = ? WHERE session = ?", (new, old))
            self.db.execute("UPDATE sessions SET parent = ? WHERE parent = ?", (new, old))
            self.db.execute("DELETE FROM sessions WHERE name = ?", (old,))

        self._tx(go)

    def truncate(self, name: str, keep: int, summary: dict | None = None) -> int:
        """Drop the events after sequence number ``keep`` (a repair); the number dropped."""

        def go():
            n = self.db.execute("DELETE FROM events WHERE session = ? AND seq > ?", (name, keep)).rowcount
            fields = {"updated": now(), **(summary or {})}
            cols = ", ".join(f"{k} = ?" for k in fields)
            self.db.execute(f"UPDATE sessions SET {cols} WHERE name = ?", (*fields.values(), name))
            return n

        return self._tx(go)

    # -- the facilitator console's lock --------------------------------------------------

    def claim_console(
        self, name: str, token: str, *, stale: float = STALE_SECONDS, when: float | None = None
    ) -> Console:
        """Make the console with ``token`` (this process, this host) the one running session
        ``name``; ConsoleTaken when another live console holds it. A holder is dead, and
        its claim is taken over, when its process on this host is gone or its heartbeat is
        older than ``stale`` seconds. Claiming again with one's own token renews it.
        ``when`` stands for the time now (tests)."""
        when = time.time() if when is None else when
        host, pid = socket.gethostname(), os.getpid()

        def go():
            row = self.db.execute("SELECT * FROM consoles WHERE session = ?", (name,)).fetchone()
            since = now()
            if row is not None:
                held = Console(*row)
                dead = holder_is_dead(held, host, pid, when, stale)
                if held.token == token:
                    since = held.since  # a renewal: the console has held it since then
                elif not dead:
                    raise ConsoleTaken(held)
            mine = Console(name, token, host, pid, since, when)
            self.db.execute(
                "INSERT OR REPLACE INTO consoles (session, token, host, pid, since, beat) VALUES (?, ?, ?, ?, ?, ?)",
                attrs.astuple(mine),
            )
            return mine

        return self._tx(go)

    def heartbeat_console(self, name: str, token: str, now: float | None = None) -> bool:
        """Say the console is alive; False when it no longer holds the session (another one
        took it over after it was taken for dead)."""
        now = time.time() if now is None else now
        n = self._tx(
            lambda: (
                self.db.execute(
                    "UPDATE consoles SET beat = ? WHERE session = ? AND token = ?", (now, name, token)
                ).rowcount
            )
        )
        return n == 1

    def release_console(self, name: str, token: str) -> None:
        self._tx(
            lambda: self.db.execute("DELETE FROM consoles WHERE session = ? AND token = ?", (name, token))
        )

    def console(self, name: str) -> Console | None:
        """The console holding session ``name``, live or not (None: none, or an older
        database opened read-only)."""
        try:
            row = self.db.execute("SELECT * FROM consoles WHERE session = ?", (name,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return Console(*row) if row else None

    # -- reading ---------------------------------------------------------------------

    def version(self, digest: str) -> bytes | None:
        """The record kept for a scenario digest, if any (a database written by an older
        Tabletop has none, or no such table when opened read-only)."""
        try:
            row = self.db.execute("SELECT body FROM versions WHERE digest = ?", (digest,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return bytes(row[0]) if row else None

    def exists(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone() is not None

    def info(self, name: str) -> SessionInfo:
        row = self.db.execute("SELECT * FROM sessions WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = [r[0] for r in self.db.execute("SELECT name FROM sessions ORDER BY updated DESC LIMIT 5")]
            raise NoSuchSession(name, known)
        return info_from_row(row)

    def list(self) -> list[SessionInfo]:
        return [
            info_from_row(r) for r in self.db.execute("SELECT * FROM sessions ORDER BY updated DESC, name")
        ]

    def last_seq(self, name: str) -> int:
        """The sequence number of the session's last event (0: none): cheap enough to poll."""
        (seq,) = self.db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = ?", (name,)
        ).fetchone()
        return seq

    def events(self, name: str, after: int = 0) -> list:
        """The session's events (those after sequence number ``after``)."""
        rows = self.db.execute(
            "SELECT seq, body FROM events WHERE session = ? AND seq > ? ORDER BY seq", (name, after)
        ).fetchall()
        return decode_events(name, rows)

    def wait(self, name: str, after: int, timeout: float) -> bool:
        """See SessionStore.wait: SQLite has no way to wake a reader, so this polls."""
        end = time.monotonic() + timeout
        while self.last_seq(name) == after:
            left = end - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(POLL_SECONDS, left))
        return True
