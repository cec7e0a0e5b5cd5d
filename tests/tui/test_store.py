"""The session store: events survive, damage is reported, names are checked. The tests
that take ``store`` run against both kinds, SQLite and PostgreSQL (tests/pg.py); the
others are about the SQLite file itself."""

from __future__ import annotations

import json
import sqlite3

import attrs
import pytest

from tabletop.engine.play import Decided, fold
from tabletop.sessions.game import Game, Overtaken, repair
from tabletop.sessions.store import SCHEMA_VERSION, Conflict, Store, StoreError
from tests.conftest import MINI
from tests.pg import execute_raw

# ``store`` (tests/tui/conftest.py) is a store of each kind: this module's tests that take
# it are the contract both keep


def _load(mini, mini_catalog):
    return lambda ref: (mini, mini_catalog)


def test_a_game_is_saved_event_by_event_and_resumes_to_the_same_state(store, mini, mini_catalog):
    g = Game.new(mini, mini_catalog, str(MINI), store, "one", seed=4, lang="en")
    g.decide("first", "system", "check")
    assert store.info("one").decisions == 1
    assert store.info("one").status == "playing"
    again = Game.resume(store, "one", _load(mini, mini_catalog))
    assert again.state == g.state
    assert [type(e).__name__ for e in store.events("one")][:2] == ["Started", "Decided"]


def test_the_database_uses_wal(tmp_path):
    store = Store(tmp_path / "s.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_finished_session_records_its_ending_and_score(store, mini, mini_catalog):
    g = Game.new(mini, mini_catalog, str(MINI), store, "done", seed=1)
    while g.waiting.kind == "decide":
        w = g.waiting
        q = w.node.question(w.roles[0])
        g.decide(w.node.id, q.role, q.options[0].id)
    info = store.info("done")
    assert info.status == "ended" and info.ending == g.state.node and info.score == g.state.score


def test_names_are_checked_and_unique(store, mini, mini_catalog):
    Game.new(mini, mini_catalog, str(MINI), store, "dup")
    with pytest.raises(StoreError, match="already exists"):
        Game.new(mini, mini_catalog, str(MINI), store, "dup")
    with pytest.raises(StoreError, match="cannot be a session name"):
        Game.new(mini, mini_catalog, str(MINI), store, "../evil")
    assert store.unique_name("dup") == "dup-2"


def test_an_unknown_session_names_the_recent_ones(store, mini, mini_catalog):
    Game.new(mini, mini_catalog, str(MINI), store, "known")
    with pytest.raises(StoreError, match="no session named 'nope'.*known"):
        store.info("nope")


def test_a_damaged_event_is_reported_with_its_number(store, mini, mini_catalog):
    Game.new(mini, mini_catalog, str(MINI), store, "bad")
    execute_raw(
        store,
        "INSERT INTO events (session, seq, body) VALUES ('bad', 2, %s)",
        (json.dumps({"type": "decided", "x": 1}),),
    )
    with pytest.raises(StoreError, match="damaged at event 2"):
        Game.resume(store, "bad", _load(mini, mini_catalog))


def test_a_session_on_a_changed_scenario_is_not_replayed_on_the_new_one(store, mini, mini_catalog):
    # what to do instead is tests/tui/test_scenario_versions.py's
    Game.new(mini, mini_catalog, str(MINI), store, "drift")
    store.append("drift", [Decided("first", "system", "no-such-option")], expect=1)
    changed = attrs.evolve(mini, digest="something-else")
    with pytest.raises(StoreError, match="'drift' .* has changed since it was played"):
        Game.resume(store, "drift", lambda ref: (changed, mini_catalog))


def test_a_log_damaged_by_two_writers_points_to_the_repair(store, mini, mini_catalog):
    Game.new(mini, mini_catalog, str(MINI), store, "twice")
    store.append("twice", [Decided("first", "system", "no-such-option")], expect=1)
    with pytest.raises(StoreError, match="does not follow.*event 2.*sessions --repair twice"):
        Game.resume(store, "twice", _load(mini, mini_catalog))


def test_a_database_from_a_newer_tabletop_is_refused(tmp_path):
    p = tmp_path / "new.db"
    db = sqlite3.connect(p)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer Tabletop"):
        Store(p)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the session database"):
        Store(p)


def test_a_fork_keeps_the_answers_before_the_chosen_decision(store, mini, mini_catalog):
    g = Game.new(mini, mini_catalog, str(MINI), store, "base", seed=2)
    g.decide("first", "system", "wait")
    g.decide("first", "system", "check")
    f = g.fork(2)
    assert f.name == "base-fork2"
    info = store.info(f.name)
    assert (info.parent, info.fork_at, info.decisions) == ("base", 2, 1)
    assert [c.option for c in f.state.choices] == ["wait"]
    assert f.waiting.node.id == "first"
    assert fold(mini, store.events(f.name)) == f.state
    f.decide("first", "system", "reboot")
    assert [c.option for c in g.state.choices] == ["wait", "check"]  # the original is untouched


# -- several writers on one session ------------------------------------------------------


def test_an_append_that_did_not_see_the_last_event_is_refused_and_writes_nothing(store, mini, mini_catalog):
    Game.new(mini, mini_catalog, str(MINI), store, "race", seed=4)
    assert store.append("race", [Decided("first", "system", "wait")], expect=1) == 2
    with pytest.raises(Conflict) as e:
        store.append("race", [Decided("first", "system", "check")], expect=1)
    assert (e.value.expected, e.value.actual) == (1, 2)
    assert [getattr(e, "option", None) for e in store.events("race")] == [None, "wait"]


def test_the_terminal_that_answers_second_reloads_and_learns_who_answered(store, mini, mini_catalog):
    a = Game.new(mini, mini_catalog, str(MINI), store, "two", seed=4)
    b = Game.resume(store, "two", _load(mini, mini_catalog))
    a.decide("first", "system", "check")
    with pytest.raises(Overtaken) as e:
        b.decide("first", "system", "reboot")
    assert [(d.role, d.option) for d in e.value.answers] == [("system", "check")]
    # b now holds the log as saved, and the question it answered is no longer open
    assert b.state == a.state and b.events == store.events("two")
    assert [c.option for c in fold(mini, store.events("two")).choices] == ["check"]


def test_a_note_from_another_terminal_does_not_cost_an_answer(store, mini, mini_catalog):
    a = Game.new(mini, mini_catalog, str(MINI), store, "noted", seed=4)
    b = Game.resume(store, "noted", _load(mini, mini_catalog))
    a.note("the facilitator is watching", "system")
    b.decide("first", "system", "check")  # still the open question: saved after the note
    a.note("a second note")  # a note is kept whatever happened meanwhile
    kinds = [type(e).__name__ for e in store.events("noted")]
    assert kinds[:3] == ["Started", "Noted", "Decided"] and kinds[-1] == "Noted"
    assert [n.text for n in fold(mini, store.events("noted")).notes] == [
        "the facilitator is watching",
        "a second note",
    ]


def test_repair_drops_the_events_after_the_first_conflict(store, mini, mini_catalog):
    g = Game.new(mini, mini_catalog, str(MINI), store, "broken", seed=4)
    g.decide("first", "system", "wait")
    g.decide("first", "system", "check")
    assert repair(store, "broken", _load(mini, mini_catalog)) is None  # a sound log is left alone
    ok = len(store.events("broken"))
    # what the old store let a second terminal do: answer the question again after it was answered
    store.append("broken", [Decided("first", "system", "reboot")], expect=ok)
    store.append("broken", [Decided("report", "pr", "hide")], expect=ok + 1)
    with pytest.raises(StoreError, match="--repair"):
        Game.resume(store, "broken", _load(mini, mini_catalog))
    assert repair(store, "broken", _load(mini, mini_catalog)) == (ok, 2)
    again = Game.resume(store, "broken", _load(mini, mini_catalog))
    assert again.state == g.state and store.info("broken").decisions == 2


def test_rename_and_delete(store, mini, mini_catalog):
    g = Game.new(mini, mini_catalog, str(MINI), store, "old", seed=4)
    g.decide("first", "system", "check")
    g.fork(1, "child")
    store.rename("old", "new")
    assert not store.exists("old") and store.info("new").decisions == 1
    assert len(store.events("new")) == len(g.events) and store.info("child").parent == "new"
    with pytest.raises(StoreError, match="already exists"):
        store.rename("new", "child")
    with pytest.raises(StoreError, match="cannot be a session name"):
        store.rename("new", "../x")
    store.delete("new")
    assert not store.exists("new") and store.events("new") == []
    with pytest.raises(StoreError, match="no session named"):
        store.delete("new")


def test_two_terminals_racing_on_one_session_lose_and_double_nothing(
    open_any, store_location, mini, mini_catalog
):
    """tests/e2e/test_race.py's check, in threads and on both kinds of store: every answer
    a terminal was told was saved is in the log exactly once, and the log replays."""
    import contextlib
    import threading

    from tabletop.sessions.game import first_conflict
    from tabletop.sessions.store import open_store

    Game.new(mini, mini_catalog, str(MINI), open_any(), "race", seed=3)
    acked: list = []
    start = threading.Barrier(2)

    def play(pick):
        # each terminal opens (and closes) its own store in its own thread (SQLite's rule)
        with contextlib.closing(open_store(store_location)) as store:
            g = Game.resume(store, "race", _load(mini, mini_catalog))
            start.wait()
            _answer(g, pick)

    def _answer(g, pick):
        for _ in range(12):
            w = g.waiting
            if w.kind != "decide":
                return
            q = w.node.question(w.roles[0])
            try:
                g.decide(w.node.id, q.role, q.options[pick % len(q.options)].id, by=f"t{pick}")
            except Overtaken:
                continue  # told, and reloaded: decide again on what is open now
            acked.append([e for e in g.events if isinstance(e, Decided)][-1])

    threads = [threading.Thread(target=play, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    log = open_any().events("race")
    assert first_conflict(mini, log) is None
    answers = [e for e in log if isinstance(e, Decided)]
    assert answers and sorted(map(repr, answers)) == sorted(map(repr, acked))
    assert len({repr(a) for a in answers}) == len(answers)


def test_a_follower_waits_for_the_next_write_or_its_timeout(store_location, mini, mini_catalog):
    """Game.wait on both stores: PostgreSQL is woken by NOTIFY, SQLite polls."""
    import contextlib
    import threading
    import time

    from tabletop.sessions.store import open_store

    with contextlib.closing(open_store(store_location)) as store:
        a = Game.new(mini, mini_catalog, str(MINI), store, "waited", seed=4)
        a_events = list(a.events)
    got = []

    def follow():
        with contextlib.closing(open_store(store_location)) as mine:
            b = Game.resume(mine, "waited", _load(mini, mini_catalog))
            t = time.monotonic()
            assert b.wait(timeout=0.3) == []  # nothing written: back at the timeout
            assert 0.25 < time.monotonic() - t < 3
            started.set()
            got.extend(b.wait(timeout=20))
            got.append(time.monotonic() - t)

    started = threading.Event()
    t = threading.Thread(target=follow)
    t.start()
    assert started.wait(10)
    time.sleep(0.2)
    with contextlib.closing(open_store(store_location)) as writer:
        a = Game.resume(writer, "waited", _load(mini, mini_catalog))
        assert a.events == a_events
        a.decide("first", "system", "check")
    t.join(25)
    *new, took = got
    assert [type(e).__name__ for e in new][:1] == ["Decided"] and took < 5


def test_the_url_chooses_the_store(tmp_path, monkeypatch):
    from tabletop.sessions.store import BadStoreURL, SqliteStore, open_store, store_url

    for url, path in (
        (f"sqlite://{tmp_path}/a.db", tmp_path / "a.db"),  # sqlite:///abs/a.db
        (str(tmp_path / "b.db"), tmp_path / "b.db"),
    ):
        s = open_store(url)
        assert isinstance(s, SqliteStore) and s.path == path and path.exists()
        s.close()
    for url, why in (("mysql://h/db", "does not know the kind 'mysql'"), ("sqlite://", "names no file")):
        with pytest.raises(BadStoreURL, match=why):
            open_store(url)
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TABLETOP_STORE", "")
    assert store_url() == str(tmp_path / "home" / "sessions.db")  # empty: the default
    monkeypatch.setenv("TABLETOP_STORE", str(tmp_path / "c.db"))
    assert store_url() == str(tmp_path / "c.db")
