"""What every session store shares: the errors it raises, the records it returns, and the
methods the rest of Tabletop calls (``SessionStore``). Two stores implement it: SQLite in
the data directory (``sqlite_store``, the default) and a PostgreSQL server (``postgres``);
``store.open_store`` chooses one from a URL."""

from __future__ import annotations

import os
import re
import time
from typing import Protocol

import attrs

NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z", re.ASCII)

# A console whose heartbeat is older than this is taken for dead (a process on another
# machine sharing the folder, or one whose pid was reused): the console beats every few
# seconds while it runs.
STALE_SECONDS = 15.0


class StoreError(RuntimeError):
    """A problem with the session database, said in a sentence."""


class Worded(StoreError):
    """An error that carries its facts (``kind`` and fields): its English text, and every
    shell's wording of it in a language, come from sessions/messages.py."""

    kind = ""

    def __str__(self) -> str:
        from .messages import describe

        worded = describe(self, "en")
        return super().__str__() if worded is None else worded


class StoreProblem(Worded):
    """A store or session error with no fields of its own to speak of: its ``kind`` (a key
    of sessions/messages.py) and the ``facts`` its sentence quotes."""

    def __init__(self, kind: str, /, **facts) -> None:
        super().__init__(kind)
        self.kind, self.facts = kind, facts

    def __reduce__(self):  # facts are keywords: a copy is made as the original was
        import functools

        return functools.partial(type(self), self.kind, **self.facts), ()


class NoSuchSession(Worded):
    """No session by this name; ``known`` are the most recent ones, for a hint."""

    kind = "no_session"

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name, known)
        self.name = name
        self.known = known


class Conflict(Worded):
    """Another writer appended to the session since this one last read it: nothing was
    written. ``expected`` is the last sequence number the writer had seen, ``actual`` the
    last one in the log; the writer reloads the log and decides again."""

    kind = "conflict"

    def __init__(self, name: str, expected: int, actual: int) -> None:
        super().__init__(name, expected, actual)
        self.name, self.expected, self.actual = name, expected, actual


class BadStoreURL(Worded):
    """``--store`` or TABLETOP_STORE names no store Tabletop can open. ``cause``: no_file,
    unknown_kind (of ``scheme``), empty, or unreadable (``reason``: the driver's words)."""

    kind = "store_url"

    def __init__(self, url: str, cause: str, reason: str = "", scheme: str = "") -> None:
        super().__init__(url, cause, reason, scheme)
        self.url, self.cause, self.reason, self.scheme = url, cause, reason, scheme


class StoreUnreachable(Worded):
    """The store's server cannot be reached, or refused us; ``where`` names it without
    its password. ``cause`` says why (refused, auth, timeout, dns, down, lost; "" for
    anything else), ``reason`` is the server's or the network's own words."""

    kind = "store_unreachable"

    def __init__(self, where: str, reason: str, cause: str = "") -> None:
        super().__init__(where, reason, cause)
        self.where, self.reason, self.cause = where, reason, cause

    @property
    def auth(self) -> bool:
        """The server refused the user name or password."""
        return self.cause == "auth"


class StoreLost(Worded):
    """The connection to the store's server was lost during a change and did not come
    back within ``waited`` seconds: the change was not made (nothing half-written).
    ``cause`` and ``reason`` as StoreUnreachable's."""

    kind = "store_lost"

    def __init__(self, where: str, waited: float, reason: str, cause: str = "") -> None:
        super().__init__(where, waited, reason, cause)
        self.where, self.waited, self.reason, self.cause = where, waited, reason, cause


class NewerSchema(Worded):
    """The store was set up by a newer Tabletop than this one."""

    kind = "store_newer"

    def __init__(self, where: str, found: int, known: int) -> None:
        super().__init__(where, found, known)
        self.where, self.found, self.known = where, found, known


@attrs.frozen
class Console:
    """The facilitator console holding a session."""

    session: str
    token: str
    host: str
    pid: int
    since: str
    beat: float


class ConsoleTaken(Worded):
    """Another facilitator console runs this session; ``holder`` says which."""

    kind = "console_taken"

    def __init__(self, holder: Console) -> None:
        super().__init__(holder)
        self.holder = holder


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


def check_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise StoreProblem("bad_session_name", name=name)


def base_name(base: str) -> str:
    """``base`` made into a session name's stem (``unique_name`` numbers it)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.")[:48] or "session"


def unique_name(base: str, exists) -> str:
    """A free session name made from ``base``: its stem, else the stem with -2, -3...
    (``exists(name)``: whether the store has a session of that name). Both stores'
    ``unique_name``."""
    base = base_name(base)
    name, n = base, 1
    while exists(name):
        n += 1
        name = f"{base}-{n}"
    return name


def alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine still runs (a zombie does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS, Windows): kill(0) said it exists


def holder_is_dead(held: Console, host: str, pid: int, when: float, stale: float) -> bool:
    """Whether the console ``held`` can be taken over by process ``pid`` on ``host``: its
    process on this host is gone, or its heartbeat is older than ``stale`` seconds."""
    return (held.host == host and held.pid != pid and not alive(held.pid)) or when - held.beat > stale


class SessionStore(Protocol):
    """The event log of every session, as the sessions and the shells use it.

    A session is a name, a summary row (``SessionInfo``) and a log of events numbered
    1, 2, 3... Writers say how many events they have seen (``expect``); a write that did
    not see the last event is refused whole (Conflict), so that two terminals never
    interleave or double their events."""

    url: str  # where it is, for messages (without a password)
    live: bool  # True: ``wait`` is woken by the server the moment another terminal writes

    def close(self) -> None: ...
    def unique_name(self, base: str) -> str: ...
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
    ) -> str: ...
    def append(self, name: str, events, summary: dict | None = None, *, expect: int) -> int: ...
    def delete(self, name: str) -> None: ...
    def rename(self, old: str, new: str) -> None: ...
    def truncate(self, name: str, keep: int, summary: dict | None = None) -> int: ...
    def claim_console(
        self, name: str, token: str, *, stale: float = STALE_SECONDS, when: float | None = None
    ) -> Console: ...
    def heartbeat_console(self, name: str, token: str, now: float | None = None) -> bool: ...
    def release_console(self, name: str, token: str) -> None: ...
    def console(self, name: str) -> Console | None: ...
    def version(self, digest: str) -> bytes | None: ...
    def exists(self, name: str) -> bool: ...
    def info(self, name: str) -> SessionInfo: ...
    def list(self) -> list[SessionInfo]: ...
    def last_seq(self, name: str) -> int: ...
    def events(self, name: str, after: int = 0) -> list: ...
    def wait(self, name: str, after: int, timeout: float) -> bool:
        """Block until the session's log no longer ends at sequence number ``after``
        (another terminal wrote, or it was repaired) or ``timeout`` seconds have passed;
        whether it changed."""
        ...


def encode_events(events, seq: int) -> list[tuple[int, str]]:
    """``(sequence number, JSON body)`` for events written after ``seq``."""
    # the codec (and the engine model it brings) is imported when events are written or
    # read: the terminal UI opens the store before its first frame and needs neither
    from tabletop.engine.codec import event_to_data
    from tabletop.engine.encode import to_json

    return [(i, to_json(event_to_data(e))) for i, e in enumerate(events, seq + 1)]


def decode_events(name: str, rows) -> list:
    """The events of ``(seq, body)`` rows; StoreError names the first damaged one."""
    import json

    from tabletop.engine.codec import BadEvent, event_from_data

    out = []
    for seq, body in rows:
        try:
            out.append(event_from_data(json.loads(body)))
        except (BadEvent, ValueError, RecursionError) as e:  # not JSON, or nested too deep
            raise StoreProblem("session_damaged", name=name, seq=seq, detail=str(e)) from None
    return out


def info_from_row(row) -> SessionInfo:
    import json

    name, scenario, ref, title, created, updated, status, decisions, score, ending, parent, fork_at = row[:12]
    try:
        title = json.loads(title)
    except (TypeError, ValueError, RecursionError):
        title = {}
    if not isinstance(title, dict):  # a damaged row: the session is still listed
        title = {}
    return SessionInfo(
        name, scenario, ref, title, created, updated, status, decisions, score, ending, parent, fork_at
    )
