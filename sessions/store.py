"""Saved sessions: one SQLite database in the data directory, one event log per session.

Every event is committed (WAL, synchronous=FULL) before the screen shows it as taken, so a
session survives a killed process or terminal: resuming replays the log through the
engine. The database holds only events and a summary row per session; the state is always
rebuilt from the events.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import attrs

from tabletop.engine.codec import BadEvent, event_from_data, event_to_data
from tabletop.engine.encode import to_json

SCHEMA_VERSION = 1
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z", re.ASCII)

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
"""


class StoreError(RuntimeError):
    """A problem with the session database, said in a sentence."""


@attrs.frozen
class SessionInfo:
    name: str
    scenario: str
    ref: str
    title: dict
    created: str
    updated: str
    status: str
    decisions: int
    score: int | None
    ending: str | None
    parent: str | None
    fork_at: int | None


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":  # e.g. a file system without shared memory
                self.db.execute("PRAGMA journal_mode = DELETE")
            self.db.execute("PRAGMA synchronous = FULL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer Tabletop (schema {version}); "
                    "upgrade Tabletop or set TABLETOP_HOME to another folder"
                )
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the session database {self.path}: {e}") from None
        except OSError as e:
            raise StoreError(f"cannot create the session database {self.path}: {e.strerror}") from None

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
            raise StoreError(
                f"could not save to {self.path}: {e}; nothing after the last answer shown as taken was "
                "lost — fix that, then `tabletop resume` the session"
            ) from None

    def unique_name(self, base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.")[:48] or "session"
        name, n = base, 1
        while self.exists(name):
            n += 1
            name = f"{base}-{n}"
        return name

    def create(self, name: str, scenario_id: str, ref: str, title: dict, parent=None, fork_at=None) -> str:
        if not NAME_RE.match(name):
            raise StoreError(
                f"{name!r} cannot be a session name: use up to 64 letters, digits, '.', '_' or '-'"
            )
        stamp = now()

        def go():
            if self.exists(name):
                raise StoreError(f"a session named '{name}' already exists; resume it or choose another name")
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

        self._tx(go)
        return name

    def append(self, name: str, events, summary: dict | None = None) -> None:
        """Add events to the end of a session's log, in one transaction."""
        events = list(events)

        def go():
            (seq,) = self.db.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = ?", (name,)
            ).fetchone()
            for i, e in enumerate(events, seq + 1):
                body = to_json(event_to_data(e))
                self.db.execute("INSERT INTO events (session, seq, body) VALUES (?, ?, ?)", (name, i, body))
            fields = {"updated": now(), **(summary or {})}
            cols = ", ".join(f"{k} = ?" for k in fields)
            self.db.execute(f"UPDATE sessions SET {cols} WHERE name = ?", (*fields.values(), name))

        self._tx(go)

    def delete(self, name: str) -> None:
        self._tx(lambda: self.db.execute("DELETE FROM sessions WHERE name = ?", (name,)))

    # -- reading ---------------------------------------------------------------------

    def exists(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sessions WHERE name = ?", (name,)).fetchone() is not None

    def info(self, name: str) -> SessionInfo:
        row = self.db.execute("SELECT * FROM sessions WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = [r[0] for r in self.db.execute("SELECT name FROM sessions ORDER BY updated DESC LIMIT 5")]
            hint = f"; recent sessions: {', '.join(known)}" if known else "; there are no saved sessions yet"
            raise StoreError(f"no session named '{name}'{hint} (see 'tabletop sessions')")
        return _info(row)

    def list(self) -> list[SessionInfo]:
        return [_info(r) for r in self.db.execute("SELECT * FROM sessions ORDER BY updated DESC, name")]

    def events(self, name: str) -> list:
        out = []
        for seq, body in self.db.execute(
            "SELECT seq, body FROM events WHERE session = ? ORDER BY seq", (name,)
        ):
            try:
                out.append(event_from_data(json.loads(body)))
            except (BadEvent, json.JSONDecodeError) as e:
                raise StoreError(f"session '{name}' is damaged at event {seq}: {e}") from None
        return out


def _info(row) -> SessionInfo:
    name, scenario, ref, title, created, updated, status, decisions, score, ending, parent, fork_at = row
    try:
        title = json.loads(title)
    except json.JSONDecodeError:
        title = {}
    return SessionInfo(
        name, scenario, ref, title, created, updated, status, decisions, score, ending, parent, fork_at
    )
