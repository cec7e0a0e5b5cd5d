"""A facilitated drill's sessions: the facilitator's actions saved and read back, several
terminals on one session (follow, proposals racing releases), fork and replay, and the
facilitator console's lock, also when its process is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tabletop.engine.play import Decided, Proposed, Released, fold
from tabletop.sessions.game import Game, Overtaken
from tabletop.sessions.store import ConsoleTaken, Store
from tests.conftest import FEATURES, MINI, ROOT


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "sessions.db")
    yield s
    s.close()


def _load(sc, cat):
    return lambda ref: (sc, cat)


def drill(sc, cat, path, store, name="D"):
    return Game.new(
        sc,
        cat,
        str(path),
        store,
        name,
        seed=1,
        mode="facilitated",
        facilitator="Fac",
        participants=("A", "B"),
    )


def test_every_action_is_saved_and_read_back(features, mini_catalog, store):
    g = drill(features, mini_catalog, FEATURES, store)
    g.release()
    g.release(2)
    g.pause("Fac")
    g.adhoc("The press is at the door", ("pr",), "Fac")
    g.resume_play("Fac")
    g.propose("system", "keep", "we agree")
    g.observe("Kept the logs first", "evidence", "keep-logs", "P", "system", "Ev")
    g.override("report", "the room ruled")
    g.decide("first", "system", "keep")
    g.adjust(-1, "Needed a prompt", "system")
    g.abandon()
    g.hotwash("What went well?", "The logs")
    g.plan("Logging", "Keep 90 days", "IT", "2027-03")
    back = Game.resume(store, "D", _load(features, mini_catalog))
    assert back.events == g.events and back.state == g.state
    s = back.state
    assert (s.facilitator, s.participants, s.released, s.node) == ("Fac", ("A", "B"), 2, "report")
    assert s.adhoc[0].id == "adhoc-1" and s.choices[0].overridden_to == "report"
    assert [len(s.pauses), len(s.observations), len(s.adjustments), len(s.hotwash), len(s.plan)] == [
        1,
        1,
        1,
        1,
        1,
    ]
    assert store.info("D").score == s.score


def test_a_proposal_is_not_refused_because_an_inject_was_released_meanwhile(mini, mini_catalog, store):
    fac = drill(mini, mini_catalog, MINI, store)
    fac.release(2)
    term = Game.resume(store, "D", _load(mini, mini_catalog))
    fac.adhoc("A call from the press")  # the terminal has not seen these
    fac.observe("quiet room")
    term.propose("system", "check")  # saved after reloading: neither changes what it means
    assert [type(e).__name__ for e in store.events("D")][-3:] == ["AdHoc", "Observed", "Proposed"]
    # the facilitator's answer after the terminal's proposal is saved as well
    fac.decide("first", "system", "wait")
    assert fac.state.proposals == ()
    # but a proposal made before the facilitator decided is refused: the question moved on
    fac.release(len(fac.state.feed))
    stale = Game.resume(store, "D", _load(mini, mini_catalog))
    fac.decide("first", "system", "wait")
    with pytest.raises(Overtaken):
        stale.record(Proposed("first", "system", "check"))
    assert isinstance(store.events("D")[-1], Decided)


def test_follow_brings_a_terminal_up_to_date_cheaply(mini, mini_catalog, store):
    fac = drill(mini, mini_catalog, MINI, store)
    view = Game.resume(store, "D", _load(mini, mini_catalog))
    assert view.follow() == []
    fac.release(2)
    fac.decide("first", "system", "wait")
    new = view.follow()
    assert [type(e).__name__ for e in new] == ["Released", "Decided"]
    assert view.state == fac.state and view.events == fac.events
    assert view.follow() == []


def test_fork_keeps_the_facilitators_events_up_to_the_fork(features, mini_catalog, store):
    g = drill(features, mini_catalog, FEATURES, store)
    g.release(2)
    g.observe("before", "evidence", "keep-logs", "S")
    g.decide("first", "system", "keep")
    g.release()
    g.adjust(2, "good call")
    g.decide("compare", "system", "compare-image")
    f = g.fork(2, "F")
    assert [type(e).__name__ for e in f.events] == [
        "Started",
        "Released",
        "Observed",
        "Decided",
        "Released",
        "Adjusted",
    ]
    assert f.state.released == 3 and f.state.observations[0].text == "before" and f.state.adjustments
    assert Game.resume(store, "F", _load(features, mini_catalog)).state == f.state


def test_replay_gives_the_state_after_each_event(features, mini_catalog, store):
    g = drill(features, mini_catalog, FEATURES, store)
    g.release(2)
    g.decide("first", "system", "keep")
    g.release()
    g.observe("seen")
    steps = g.replay()
    assert [s.event for s in steps] == g.events
    for k, s in enumerate(steps):
        assert s.state == fold(features, g.events[: k + 1])
    # a few hundred events replay quickly
    for i in range(300):
        g.observe(f"remark {i}")
    t = time.perf_counter()
    assert len(g.replay()) == len(g.events)
    assert time.perf_counter() - t < 1.0


def test_a_second_console_is_refused_with_a_message_naming_the_first(mini, mini_catalog, open_any):
    """On both stores (tests/pg.py)."""
    store = open_any()
    drill(mini, mini_catalog, MINI, store)
    held = store.claim_console("D", "tok-1")
    other = open_any()
    with pytest.raises(ConsoleTaken) as e:
        other.claim_console("D", "tok-2")
    msg = str(e.value)
    assert f"process {os.getpid()}" in msg and held.host in msg and held.since in msg
    assert store.claim_console("D", "tok-1").since == held.since  # its own claim renews it
    assert store.heartbeat_console("D", "tok-1") and not other.heartbeat_console("D", "tok-2")
    # a console that stopped beating is taken for dead
    assert other.claim_console("D", "tok-2", when=time.time() + 60).token == "tok-2"
    assert not store.heartbeat_console("D", "tok-1")
    other.release_console("D", "tok-2")
    assert store.console("D") is None


def test_a_killed_console_does_not_lock_the_session(mini, mini_catalog, store, tmp_path):
    drill(mini, mini_catalog, MINI, store)
    code = textwrap.dedent(
        f"""
        import sys, time
        from tabletop.sessions.store import Store
        Store({str(tmp_path / "sessions.db")!r}).claim_console("D", "dead-one")
        print("claimed", flush=True)
        time.sleep(60)
        """
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        assert p.stdout.readline().strip() == b"claimed"
        with pytest.raises(ConsoleTaken):
            store.claim_console("D", "next")
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=10)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert store.console("D").pid == p.pid
    assert store.claim_console("D", "next").pid == os.getpid()


def test_an_older_database_gains_the_console_table(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE sessions (name TEXT PRIMARY KEY, scenario TEXT NOT NULL, ref TEXT NOT NULL, title TEXT NOT NULL,"
        " created TEXT NOT NULL, updated TEXT NOT NULL, status TEXT NOT NULL, decisions INTEGER NOT NULL DEFAULT 0,"
        " score INTEGER, ending TEXT, parent TEXT, fork_at INTEGER);"
        "CREATE TABLE events (session TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (session, seq)); PRAGMA user_version = 1;"
    )
    db.close()
    assert Store(path, readonly=True).console("x") is None
    s = Store(path)
    assert s.claim_console("x", "t").token == "t"
    s.close()


def test_released_is_refused_in_solo_play(mini, mini_catalog, store):
    g = Game.new(mini, mini_catalog, str(MINI), store, "S", seed=1)
    from tabletop.engine.play import IllegalMove

    with pytest.raises(IllegalMove):
        g.record(Released(1))
    assert "facilitator" not in store.db.execute("SELECT body FROM events WHERE seq = 1").fetchone()[0]


def test_fork_onto_current_keeps_the_facilitators_events(features, mini_catalog, store):
    g = drill(features, mini_catalog, FEATURES, store)
    g.release(2)
    g.observe("kept the logs", "evidence", "keep-logs", "P")
    g.decide("first", "system", "keep")
    g.adjust(1, "well argued")
    new, replayed, total = Game.fork_onto_current(store, "D", _load(features, mini_catalog), "N")
    assert (replayed, total) == (1, 1)
    assert (
        new.state.released == 2
        and new.state.observations[0].rating == "P"
        and new.state.score == g.state.score
    )
    assert new.state.facilitator == "Fac"
