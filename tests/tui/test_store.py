"""The session database: events survive, damage is reported, names are checked."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tabletop.engine.play import Decided, fold
from tabletop.sessions.game import Game
from tabletop.sessions.store import SCHEMA_VERSION, Store, StoreError
from tests.conftest import MINI


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.db")
    yield s
    s.close()


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


def test_the_database_uses_wal(store):
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
    store.db.execute("INSERT INTO events VALUES ('bad', 2, ?)", (json.dumps({"type": "decided", "x": 1}),))
    with pytest.raises(StoreError, match="damaged at event 2"):
        Game.resume(store, "bad", _load(mini, mini_catalog))


def test_a_log_that_no_longer_fits_the_scenario_is_refused_clearly(store, mini, mini_catalog):
    Game.new(mini, mini_catalog, str(MINI), store, "drift")
    store.append("drift", [Decided("first", "system", "no-such-option")])
    with pytest.raises(StoreError, match="no longer fits"):
        Game.resume(store, "drift", _load(mini, mini_catalog))


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
