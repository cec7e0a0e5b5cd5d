"""Saved sessions on a PostgreSQL server: the event-log semantics of the SQLite store for
many terminals on many machines at once.

- One row per event, keyed (session, seq). An append locks its session's row, checks that
  the log still ends where the writer expects (else Conflict, nothing written), inserts
  and commits in one transaction: two terminals never interleave or double events.
- Each append tells the server's listeners (NOTIFY): ``wait`` wakes the moment another
  terminal writes, instead of polling.
- The schema carries its version (table schema_version); migrations run on start, one
  Tabletop at a time (an advisory lock), and a newer schema than this program knows is
  refused with a sentence.
- A connection lost mid-change (the server restarted) is retried until the server is back,
  for ``reconnect_wait`` seconds at most. A change whose commit was sent but not
  acknowledged is recognised on retry by the id the change wrote with its rows (``batch``),
  so it is neither lost nor made twice.

psycopg is imported only here, and this module only when a postgresql:// URL is used.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from collections import defaultdict

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from .store_api import (
    STALE_SECONDS,
    BadStoreURL,
    Conflict,
    Console,
    ConsoleTaken,
    NewerSchema,
    NoSuchSession,
    SessionInfo,
    StoreError,
    StoreLost,
    StoreProblem,
    StoreUnreachable,
    check_name,
    decode_events,
    encode_events,
    holder_is_dead,
    info_from_row,
    now,
    unique_name,
)

# The pool reports each failed reconnection as a logging warning, which Python would print
# over the terminal UI; the store says what matters itself, in a sentence.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

SCHEMA_VERSION = 1
CHANNEL = "tabletop_events"  # NOTIFY payload: "<last seq> <session name>"
# pg_advisory_xact_lock keys: (Tabletop, what is locked); the second is the session's hash for consoles
LOCK_CLASS = 0x7AB1E  # "tabletop"
LOCK_MIGRATE = 1
LOCK_CONSOLE = 2

CONNECT_TIMEOUT = 5  # seconds to reach the server when none is given in the URL
RECONNECT_WAIT = 30.0  # seconds a change waits for a lost server to come back
READ_WAIT = 1.0  # seconds a read waits for it (a screen polls again soon)
READ_BACKOFF = 2.0  # seconds reads fail at once after one found the server away
POOL_SIZE = 4  # connections per process: a terminal makes one change at a time

# Each migration: the statements that take the schema from the version before to this one.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE sessions (
            name      text PRIMARY KEY,
            scenario  text NOT NULL,
            ref       text NOT NULL,
            title     text NOT NULL,
            created   text NOT NULL,
            updated   text NOT NULL,
            status    text NOT NULL,
            decisions integer NOT NULL DEFAULT 0,
            score     integer,
            ending    text,
            parent    text,
            fork_at   integer,
            batch     text  -- the id of the create that wrote it (a retried create knows its own)
        )""",
        """CREATE TABLE events (
            session text NOT NULL REFERENCES sessions(name) ON DELETE CASCADE ON UPDATE CASCADE,
            seq     integer NOT NULL,
            body    text NOT NULL,
            batch   text,  -- the id of the append that wrote it (a retried append knows its own)
            PRIMARY KEY (session, seq)
        )""",
        "CREATE TABLE versions (digest text PRIMARY KEY, body bytea NOT NULL)",
        """CREATE TABLE consoles (
            session text PRIMARY KEY,
            token   text NOT NULL,
            host    text NOT NULL,
            pid     integer NOT NULL,
            since   text NOT NULL,
            beat    double precision NOT NULL
        )""",
        "CREATE INDEX sessions_updated ON sessions (updated DESC, name)",
        # An append in one statement, so one round trip: lock the session's row, check the
        # log still ends at p_expect, insert, update the summary, notify. Returns the new
        # last seq; NULL: no such session; below 0: a conflict, -1 - the actual last seq.
        """CREATE FUNCTION tabletop_append(
            p_session text, p_expect integer, p_bodies text[], p_batch text, p_summary jsonb
        ) RETURNS integer LANGUAGE plpgsql AS $$
        DECLARE last integer;
        BEGIN
            PERFORM 1 FROM sessions WHERE name = p_session FOR UPDATE;
            IF NOT FOUND THEN RETURN NULL; END IF;
            SELECT COALESCE(MAX(seq), 0) INTO last FROM events WHERE session = p_session;
            IF last <> p_expect THEN RETURN -1 - last; END IF;
            INSERT INTO events (session, seq, body, batch)
                SELECT p_session, p_expect + u.i, u.b, p_batch
                FROM unnest(p_bodies) WITH ORDINALITY AS u(b, i);
            last := p_expect + COALESCE(array_length(p_bodies, 1), 0);
            UPDATE sessions SET
                updated = COALESCE(p_summary->>'updated', updated),
                status = CASE WHEN p_summary ? 'status' THEN p_summary->>'status' ELSE status END,
                decisions = CASE WHEN p_summary ? 'decisions'
                    THEN (p_summary->>'decisions')::integer ELSE decisions END,
                score = CASE WHEN p_summary ? 'score' THEN (p_summary->>'score')::integer ELSE score END,
                ending = CASE WHEN p_summary ? 'ending' THEN p_summary->>'ending' ELSE ending END
            WHERE name = p_session;
            PERFORM pg_notify('tabletop_events', last || ' ' || p_session);
            RETURN last;
        END $$""",
    ],
}
assert max(MIGRATIONS) == SCHEMA_VERSION

_SESSION_COLUMNS = (
    "name, scenario, ref, title, created, updated, status, decisions, score, ending, parent, fork_at"
)
_SUMMARY_FIELDS = {"updated", "status", "decisions", "score", "ending"}


def describe_url(url: str) -> str:
    """Where a URL points, for messages: user@host:port/db, never its password."""
    try:
        d = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(a URL that cannot be read)"
    host = d.get("host") or "localhost"
    port = f":{d['port']}" if d.get("port") else ""
    user = f"{d['user']}@" if d.get("user") else ""
    return f"postgresql://{user}{host}{port}/{d.get('dbname', '')}"


def without_password(url: str) -> str:
    """The URL as written, its password (if any) replaced by ***."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


def _first_line(error: BaseException) -> str:
    """The driver's own words for ``error``: its first line ("" for the pool's timeout,
    whose words are about the pool, not the server)."""
    if isinstance(error, PoolTimeout):
        return ""
    text = str(error).strip().splitlines()
    line = text[0].strip() if text else type(error).__name__
    return line.removeprefix("connection failed: ")


# The driver's words (lower case) for each cause sessions/messages.py words; the first
# cause whose words appear wins.
_CAUSES = (
    ("auth", ("password", "authentication")),
    ("refused", ("connection refused",)),
    ("timeout", ("timeout expired", "timed out")),
    ("dns", ("translate host name", "resolve host", "name or service not known", "nodename nor servname")),
    (
        "lost",
        ("closed the connection", "terminating connection", "connection is lost", "connection is closed"),
    ),
)


def _cause(error: BaseException) -> str:
    """Why the server could not be reached or went away, as a fact the shells word
    (sessions/messages.py REASONS): down (the pool got no connection in time), auth,
    refused, timeout, dns, lost, or "" (the driver's words alone say it)."""
    if isinstance(error, PoolTimeout):
        return "down"
    words = str(error).lower()
    for cause, marks in _CAUSES:
        if any(m in words for m in marks):
            return cause
    if (getattr(error, "sqlstate", None) or "").startswith("57P"):
        return "lost"
    return ""


def _lost(error: BaseException, conn) -> bool:
    """Whether ``error`` means the connection or the server went away (worth a retry once
    it is back), rather than a mistake in what was asked."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, psycopg.Error):
        return False
    if conn is not None and (conn.broken or conn.closed):
        return True
    state = getattr(error, "sqlstate", None) or ""
    # 08: connection exceptions; 57P: the server shutting down or starting; 40: serialisation
    return state.startswith(("08", "57P", "40"))


class PostgresStore:
    """The sessions in a PostgreSQL database (see the module's docstring). Thread-safe:
    the connections come from a pool, so one store can serve many threads."""

    live = True

    def __init__(
        self, url: str, *, pool_size: int = POOL_SIZE, reconnect_wait: float = RECONNECT_WAIT
    ) -> None:
        self.url = describe_url(url)
        self.reconnect_wait = reconnect_wait
        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError as e:
            # the driver quotes the URL it could not read, password and all
            detail = _first_line(e).replace(url, without_password(url))
            raise BadStoreURL(without_password(url), "unreadable", detail) from None
        params.setdefault("connect_timeout", CONNECT_TIMEOUT)
        params.setdefault("application_name", "tabletop")
        self._params = params
        conn = self._connect()  # a clear sentence now, rather than a pool that retries in silence
        try:
            migrate(conn, self.url)
        finally:
            conn.close()
        self.pool = ConnectionPool(
            kwargs={**params, "autocommit": True},
            min_size=1,
            max_size=max(1, pool_size),
            open=False,
            reconnect_timeout=max(reconnect_wait, 1.0),
            name="tabletop",
        )
        self.pool.open()
        self._listener: _Listener | None = None
        self._down_until, self._down_why = 0.0, ("", "")
        self._listener_lock = threading.Lock()

    def _connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(**self._params, autocommit=True)
        except psycopg.Error as e:
            raise StoreUnreachable(self.url, _first_line(e), _cause(e)) from None

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self.pool.close()

    # -- running statements, through a lost connection ------------------------------------

    def _run(self, fn, *, transaction: bool = True, change: bool | None = None):
        """``fn(cur, attempt)`` in one transaction, or (``transaction`` False: a read, or one
        statement that is its own transaction) as it is.

        A change (``change``, by default when ``transaction``) is run again on a fresh
        connection while the server is away, for ``reconnect_wait`` seconds at most
        (``attempt`` > 0 tells it that it may have been committed already), then StoreLost.
        A read gives up after READ_WAIT seconds (StoreUnreachable), and while the server
        stays away the reads that follow fail at once for a moment: a screen that polls
        the log stays responsive, and its next poll after the server is back succeeds."""
        change = transaction if change is None else change
        if not change and time.monotonic() < self._down_until:
            raise StoreUnreachable(self.url, *self._down_why)
        deadline = time.monotonic() + (self.reconnect_wait if change else READ_WAIT)
        attempt = 0
        while True:
            conn = None
            try:
                wait = max(0.2, deadline - time.monotonic())
                with self.pool.connection(timeout=wait) as conn, conn.cursor() as cur:
                    if not transaction:
                        out = fn(cur, attempt)
                    else:
                        with conn.transaction():
                            out = fn(cur, attempt)
                self._down_until = 0.0
                return out
            except (psycopg.Error, PoolTimeout) as e:
                if not _lost(e, conn):
                    raise StoreProblem("store_refused", where=self.url, detail=_first_line(e)) from None
                if time.monotonic() >= deadline:
                    if not change:
                        self._down_until = time.monotonic() + READ_BACKOFF
                        self._down_why = (_first_line(e), _cause(e))
                        raise StoreUnreachable(self.url, *self._down_why) from None
                    raise StoreLost(self.url, self.reconnect_wait, _first_line(e), _cause(e)) from None
                attempt += 1
                time.sleep(min(0.1 * attempt, 1.0, max(0.0, deadline - time.monotonic())))

    # -- writing ---------------------------------------------------------------------

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
        """A new session with its first events and its scenario version, in one transaction
        (as the SQLite store's ``create``)."""
        from tabletop.engine.encode import to_json

        check_name(name)
        events = list(events)
        stamp, batch = now(), uuid.uuid4().hex
        rows = encode_events(events, 0)

        def go(cur, attempt):
            cur.execute("SELECT batch FROM sessions WHERE name = %s", (name,))
            row = cur.fetchone()
            if row is not None:
                if attempt and row[0] == batch:
                    return name  # this create was committed before the connection was lost
                raise StoreProblem("session_exists", name=name)
            cur.execute(
                "INSERT INTO sessions (name, scenario, ref, title, created, updated, status, parent, fork_at, batch)"
                " VALUES (%s, %s, %s, %s, %s, %s, 'playing', %s, %s, %s) ON CONFLICT (name) DO NOTHING",
                (name, scenario_id, ref, to_json(title), stamp, stamp, parent, fork_at, batch),
            )
            if cur.rowcount != 1:  # another terminal created it since the SELECT
                raise StoreProblem("session_exists", name=name)
            if version is not None:
                cur.execute(
                    "INSERT INTO versions (digest, body) VALUES (%s, %s) ON CONFLICT DO NOTHING", version
                )
            if rows:
                self._insert(cur, name, rows, summary, batch)
            return name

        return self._run(go)

    def append(self, name: str, events, summary: dict | None = None, *, expect: int) -> int:
        """Add events after sequence number ``expect``, or raise Conflict and write nothing
        (as the SQLite store's ``append``). Returns the new last sequence number."""
        events = list(events)
        rows = encode_events(events, expect)
        batch = uuid.uuid4().hex

        fields = {"updated": now(), **(summary or {})}
        unknown = set(fields) - _SUMMARY_FIELDS
        if unknown:
            raise StoreError(f"not a field of a session's summary: {', '.join(sorted(unknown))}")
        bodies = [body for _, body in rows]

        def go(cur, attempt):
            if attempt and rows:
                cur.execute(
                    "SELECT 1 FROM events WHERE session = %s AND seq = %s AND batch = %s",
                    (name, expect + 1, batch),
                )
                if cur.fetchone() is not None:
                    return expect + len(rows)  # committed before the connection was lost
            # one statement, one transaction: see tabletop_append in MIGRATIONS
            cur.execute(
                "SELECT tabletop_append(%s, %s, %s::text[], %s, %s)",
                (name, expect, bodies, batch, Jsonb(fields)),
            )
            last = cur.fetchone()[0]
            if last is None:
                cur.execute("SELECT name FROM sessions ORDER BY updated DESC, name LIMIT 5")
                raise NoSuchSession(name, [r[0] for r in cur.fetchall()])
            if last < 0:
                raise Conflict(name, expect, -1 - last)
            return last

        return self._run(go, transaction=False, change=True)

    def _insert(self, cur, name: str, rows: list, summary: dict | None, batch: str) -> int:
        if rows:
            cur.executemany(
                "INSERT INTO events (session, seq, body, batch) VALUES (%s, %s, %s, %s)",
                [(name, seq, body, batch) for seq, body in rows],
            )
        self._summarise(cur, name, summary)
        last = rows[-1][0] if rows else self._last(cur, name)
        cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{last} {name}"))
        return last

    def _summarise(self, cur, name: str, summary: dict | None) -> None:
        fields = {"updated": now(), **(summary or {})}
        unknown = set(fields) - _SUMMARY_FIELDS
        if unknown:
            raise StoreError(f"not a field of a session's summary: {', '.join(sorted(unknown))}")
        cols = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in fields)
        cur.execute(sql.SQL("UPDATE sessions SET {} WHERE name = %s").format(cols), (*fields.values(), name))

    @staticmethod
    def _last(cur, name: str) -> int:
        cur.execute("SELECT COALESCE(MAX(seq), 0) FROM events WHERE session = %s", (name,))
        return cur.fetchone()[0]

    @staticmethod
    def _recent(cur) -> list[str]:
        cur.execute("SELECT name FROM sessions ORDER BY updated DESC, name LIMIT 5")
        return [r[0] for r in cur.fetchall()]

    def delete(self, name: str) -> None:
        self.info(name)  # a clear error for a name that does not exist

        def go(cur, attempt):
            cur.execute("DELETE FROM sessions WHERE name = %s", (name,))
            cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"0 {name}"))

        self._run(go)

    def rename(self, old: str, new: str) -> None:
        check_name(new)
        self.info(old)

        def go(cur, attempt):
            cur.execute("SELECT 1 FROM sessions WHERE name = %s", (new,))
            if cur.fetchone() is not None:
                raise StoreProblem("session_name_taken", name=new)
            cur.execute("SELECT 1 FROM sessions WHERE name = %s FOR UPDATE", (old,))
            if cur.fetchone() is None:
                raise NoSuchSession(old, self._recent(cur))
            # the events follow the name (ON UPDATE CASCADE)
            cur.execute("UPDATE sessions SET name = %s WHERE name = %s", (new, old))
            cur.execute("UPDATE sessions SET parent = %s WHERE parent = %s", (new, old))
            cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"0 {old}"))

        self._run(go)

    def truncate(self, name: str, keep: int, summary: dict | None = None) -> int:
        """Drop the events after sequence number ``keep`` (a repair); the number dropped."""

        def go(cur, attempt):
            cur.execute("SELECT 1 FROM sessions WHERE name = %s FOR UPDATE", (name,))
            cur.execute("DELETE FROM events WHERE session = %s AND seq > %s", (name, keep))
            n = cur.rowcount
            self._summarise(cur, name, summary)
            cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{keep} {name}"))
            return n

        return self._run(go)

    # -- the facilitator console's lock --------------------------------------------------

    def claim_console(
        self, name: str, token: str, *, stale: float = STALE_SECONDS, when: float | None = None
    ) -> Console:
        """As the SQLite store's ``claim_console``; claims of one session take turns (an
        advisory lock), so two consoles starting at once cannot both win."""
        when = time.time() if when is None else when
        host, pid = socket.gethostname(), os.getpid()

        def go(cur, attempt):
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CONSOLE, name))
            cur.execute(
                "SELECT session, token, host, pid, since, beat FROM consoles WHERE session = %s", (name,)
            )
            row = cur.fetchone()
            since = now()
            if row is not None:
                held = Console(*row)
                if held.token == token:
                    since = held.since  # a renewal: the console has held it since then
                elif not holder_is_dead(held, host, pid, when, stale):
                    raise ConsoleTaken(held)
            cur.execute(
                "INSERT INTO consoles (session, token, host, pid, since, beat) VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (session) DO UPDATE SET token = EXCLUDED.token, host = EXCLUDED.host,"
                " pid = EXCLUDED.pid, since = EXCLUDED.since, beat = EXCLUDED.beat",
                (name, token, host, pid, since, when),
            )
            return Console(name, token, host, pid, since, when)

        return self._run(go)

    def heartbeat_console(self, name: str, token: str, now: float | None = None) -> bool:
        now = time.time() if now is None else now

        def go(cur, attempt):
            cur.execute("UPDATE consoles SET beat = %s WHERE session = %s AND token = %s", (now, name, token))
            return cur.rowcount

        return self._run(go) == 1

    def release_console(self, name: str, token: str) -> None:
        self._run(
            lambda cur, attempt: cur.execute(
                "DELETE FROM consoles WHERE session = %s AND token = %s", (name, token)
            )
        )

    def console(self, name: str) -> Console | None:
        def go(cur, attempt):
            cur.execute(
                "SELECT session, token, host, pid, since, beat FROM consoles WHERE session = %s", (name,)
            )
            return cur.fetchone()

        row = self._run(go, transaction=False)
        return Console(*row) if row else None

    # -- reading ---------------------------------------------------------------------

    def _one(self, query: str, params: tuple):
        def go(cur, attempt):
            cur.execute(query, params)
            return cur.fetchone()

        return self._run(go, transaction=False)

    def version(self, digest: str) -> bytes | None:
        row = self._one("SELECT body FROM versions WHERE digest = %s", (digest,))
        return bytes(row[0]) if row else None

    def exists(self, name: str) -> bool:
        return self._one("SELECT 1 FROM sessions WHERE name = %s", (name,)) is not None

    def info(self, name: str) -> SessionInfo:
        def go(cur, attempt):
            cur.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE name = %s", (name,))
            row = cur.fetchone()
            if row is None:
                raise NoSuchSession(name, self._recent(cur))
            return info_from_row(row)

        return self._run(go, transaction=False)

    def list(self) -> list[SessionInfo]:
        def go(cur, attempt):
            cur.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY updated DESC, name")
            return [info_from_row(r) for r in cur.fetchall()]

        return self._run(go, transaction=False)

    def last_seq(self, name: str) -> int:
        return self._run(lambda cur, attempt: self._last(cur, name), transaction=False)

    def events(self, name: str, after: int = 0) -> list:
        def go(cur, attempt):
            cur.execute(
                "SELECT seq, body FROM events WHERE session = %s AND seq > %s ORDER BY seq", (name, after)
            )
            return cur.fetchall()

        return decode_events(name, self._run(go, transaction=False))

    def wait(self, name: str, after: int, timeout: float) -> bool:
        """See SessionStore.wait: woken by the server's NOTIFY when another terminal writes;
        the log is read once first, so a write just before the call is not missed."""
        listener = self._listen()
        mark = listener.mark(name)
        if self.last_seq(name) != after:
            return True
        if listener.wait(name, mark, timeout):
            return self.last_seq(name) != after
        return False

    def _listen(self) -> _Listener:
        with self._listener_lock:
            if self._listener is None:
                self._listener = _Listener(self._params)
            return self._listener


class _Listener:
    """One connection per store that LISTENs for appends, in a thread of its own, and
    wakes the threads waiting on a session. When the connection is lost it connects again
    and wakes every waiter (what was written meanwhile was not announced)."""

    def __init__(self, params: dict) -> None:
        self._params = params
        self._changes: dict[str, int] = defaultdict(int)  # session -> notifications seen
        self._epoch = 0  # connections made: a new one may have missed notifications
        self._cv = threading.Condition()
        self._stopped = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tabletop-listen", daemon=True)
        self._thread.start()
        self._ready.wait(CONNECT_TIMEOUT)

    def mark(self, name: str) -> tuple[int, int]:
        with self._cv:
            return self._epoch, self._changes[name]

    def wait(self, name: str, mark: tuple[int, int], timeout: float) -> bool:
        """Whether news of ``name`` came (or the connection was made anew) since ``mark``."""
        with self._cv:
            return self._cv.wait_for(lambda: (self._epoch, self._changes[name]) != mark, timeout)

    def stop(self) -> None:
        self._stopped.set()

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                with psycopg.connect(**self._params, autocommit=True) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
                    with self._cv:
                        self._epoch += 1
                        self._cv.notify_all()
                    self._ready.set()
                    while not self._stopped.is_set():
                        for n in conn.notifies(timeout=1.0):
                            _, _, session = n.payload.partition(" ")
                            with self._cv:
                                self._changes[session] += 1
                                self._cv.notify_all()
            except psycopg.Error:
                self._ready.set()  # waiters fall back to their timeout meanwhile
                self._stopped.wait(0.5)


def migrate(conn: psycopg.Connection, where: str) -> int:
    """Bring the database's schema up to SCHEMA_VERSION, one Tabletop at a time; the
    version it had. NewerSchema when it is already newer than this program."""
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS, LOCK_MIGRATE))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            found = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
            if found > SCHEMA_VERSION:
                raise NewerSchema(where, found, SCHEMA_VERSION)
            for version in sorted(v for v in MIGRATIONS if v > found):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
            return found
    except psycopg.Error as e:
        raise StoreProblem("store_setup", where=where, detail=_first_line(e)) from None
