"""What only the PostgreSQL store does: NOTIFY wakes a follower, migrations run once and
one at a time, a killed server is survived, a lost acknowledgement does not double a
change, and every way of failing to reach the server is one sentence and exit code 2.

The server is the throwaway one of tests/pg.py (one per test session, on loopback)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tabletop.engine.play import Noted
from tabletop.sessions.game import Game
from tabletop.sessions.postgres import SCHEMA_VERSION, PostgresStore
from tabletop.sessions.store import NewerSchema, StoreLost, open_store
from tests.conftest import MINI, ROOT, run_cli
from tests.pg import PG

pytestmark = PG


def _load(mini, mini_catalog):
    return lambda ref: (mini, mini_catalog)


@pytest.fixture
def stores(pg_url):
    """``stores(reconnect_wait=...)``: stores on one fresh database (terminals), closed at the end."""
    opened = []

    def go(**kw):
        s = PostgresStore(pg_url, **kw)
        opened.append(s)
        return s

    yield go
    for s in opened:
        s.close()


# -- live updates ----------------------------------------------------------------------


def test_a_follower_is_woken_by_the_write_not_by_its_timeout(stores, mini, mini_catalog):
    a = Game.new(mini, mini_catalog, str(MINI), stores(), "live", seed=4)
    b = Game.resume(stores(), "live", _load(mini, mini_catalog))
    got, took = [], []

    def follow():
        t = time.monotonic()
        got.extend(b.wait(timeout=20))
        took.append(time.monotonic() - t)

    t = threading.Thread(target=follow)
    t.start()
    time.sleep(0.5)  # the follower is waiting
    a.decide("first", "system", "check")
    t.join(25)
    assert [type(e).__name__ for e in got][0] == "Decided"
    assert b.events == a.events and b.state == a.state
    assert 0.4 < took[0] < 5, took  # woken by NOTIFY; polling would not be asked for until 20 s


def test_a_wait_with_nothing_written_ends_at_its_timeout(stores, mini, mini_catalog):
    store = stores()
    g = Game.new(mini, mini_catalog, str(MINI), store, "quiet", seed=4)
    t = time.monotonic()
    assert g.wait(timeout=0.6) == []
    assert 0.5 < time.monotonic() - t < 5


# -- migrations ------------------------------------------------------------------------


def _versions(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]


def test_migrations_run_once_however_many_start_at_once(pg_url):
    errors, opened = [], []

    def start():
        try:
            opened.append(PostgresStore(pg_url))
        except Exception as e:  # noqa: BLE001 - collected and asserted on below
            errors.append(e)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(opened) == 6
    for s in opened:
        s.close()
    again = PostgresStore(pg_url)  # and once more, on a set-up database
    assert again.list() == []
    again.close()
    assert _versions(pg_url) == list(range(1, SCHEMA_VERSION + 1))


def test_a_schema_newer_than_this_tabletop_is_refused_in_a_sentence(pg_url):
    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(NewerSchema, match="newer Tabletop"):
        open_store(pg_url)
    r = run_cli("--store", pg_url, "sessions")
    err = r.stderr.decode()
    assert r.returncode == 2 and "written by a newer Tabletop" in err and "Traceback" not in err


# -- the server goes away --------------------------------------------------------------


def test_a_game_goes_on_through_a_server_killed_mid_exercise(pg_server, stores, mini, mini_catalog):
    """The issue's check: kill PostgreSQL while a terminal writes and another follows,
    start it again; the writes in flight are made once, the follower catches up."""
    writer = Game.new(mini, mini_catalog, str(MINI), stores(reconnect_wait=30), "crash", seed=4)
    writer.decide("first", "system", "wait")
    follower = Game.resume(stores(reconnect_wait=30), "crash", _load(mini, mini_catalog))
    slowest = []

    def crash():
        time.sleep(0.3)
        pg_server.kill()
        time.sleep(1.0)
        pg_server.start()

    chaos = threading.Thread(target=crash)
    chaos.start()
    notes = 0
    while chaos.is_alive() or notes < 100:  # notes before, during and after the outage
        t = time.monotonic()
        writer.note(f"note {notes}")
        slowest.append(time.monotonic() - t)
        notes += 1
    chaos.join()
    writer.decide("first", "system", "check")
    assert max(slowest) > 0.8, "the server was not killed while the writer wrote"
    end = time.monotonic() + 20
    while follower.events != writer.events and time.monotonic() < end:
        follower.wait(timeout=1)
    assert follower.events == writer.events
    saved = stores().events("crash")
    texts = [e.text for e in saved if isinstance(e, Noted)]
    assert texts == [f"note {i}" for i in range(notes)]  # each once, in order
    assert saved == writer.events
    assert Game.resume(stores(), "crash", _load(mini, mini_catalog)).state == writer.state


def test_plain_mode_answers_through_a_restart_and_prints_nothing_else(pg_server, pg_url):
    """As a user sees it: an answer typed while the server is dead is saved once it is
    back, and nothing (the driver's reconnection warnings) is printed over the terminal."""
    import os

    env = dict(os.environ, TABLETOP_STORE=pg_url, LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    p = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "play", str(MINI), "--plain", "--session", "restart", "--seed", "1",
         "--lang", "en"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip
    from tests.e2e.test_race import _until

    _until(p, "Your choice")
    p.stdin.write(b"3\n")  # wait and see: the same question again
    p.stdin.flush()
    _until(p, "saved as decision 1")
    pg_server.kill()
    p.stdin.write(b"1\n")  # typed while the server is dead
    p.stdin.flush()
    time.sleep(1.5)
    pg_server.start()
    p.stdin.write(b"1\n1\n")
    p.stdin.close()
    out, err = p.stdout.read().decode(), p.stderr.read().decode()
    assert p.wait(60) == 0, err
    assert err == ""
    assert "saved as decision 2: System department — Check the logs" in out
    saved = open_store(pg_url)
    assert [e.option for e in saved.events("restart") if hasattr(e, "option")] == [
        "wait",
        "check",
        "escalate",
        "announce",
    ]
    saved.close()


def test_a_server_that_stays_away_ends_the_change_with_a_sentence(pg_server, stores, mini, mini_catalog):
    g = Game.new(mini, mini_catalog, str(MINI), stores(reconnect_wait=1.5), "away", seed=4)
    pg_server.stop()
    try:
        t = time.monotonic()
        with pytest.raises(StoreLost, match="did not come back within 2 s.*tabletop resume"):
            g.decide("first", "system", "check")
        assert time.monotonic() - t < 10
    finally:
        pg_server.start()
    assert len(stores().events("away")) == len(g.events)  # nothing half-written


@contextlib.contextmanager
def _acknowledgement_lost(store):
    """The next change commits, then its connection dies before the answer arrives: the
    store cannot know it was made, and must not make it twice."""
    real, calls = store.pool.connection, []

    @contextlib.contextmanager
    def flaky(timeout=None):
        with real(timeout=timeout) as conn:
            yield conn
            calls.append(1)
            if len(calls) == 1:
                conn.close()
                raise psycopg.OperationalError("server closed the connection unexpectedly")

    store.pool.connection = flaky
    try:
        yield calls
    finally:
        store.pool.connection = real


def test_a_change_whose_acknowledgement_was_lost_is_made_once(stores, mini, mini_catalog):
    store = stores()
    with _acknowledgement_lost(store) as calls:
        g = Game.new(mini, mini_catalog, str(MINI), store, "once", seed=4)
    assert len(calls) == 2  # the create was tried again, and found made
    with _acknowledgement_lost(store) as calls:
        g.decide("first", "system", "check")
    assert len(calls) == 2
    assert stores().events("once") == g.events
    assert stores().info("once").decisions == 1


# -- one sentence, exit code 2 ---------------------------------------------------------


def _refused(*args: str) -> str:
    r = run_cli(*args, "sessions")
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_a_bad_url_a_server_down_and_a_wrong_password_are_each_a_sentence(pg_server, pg_url):
    assert "does not know the kind 'mysql'" in _refused("--store", "mysql://x/y")
    assert "'postgresql://u:***@" in _refused("--store", "postgresql://u:secret@[::1/x")
    down = _refused("--store", "postgresql://tabletop@127.0.0.1:1/x")
    assert "cannot reach the session store at postgresql://tabletop@127.0.0.1:1/x" in down
    # a user with a password, and the server asking for it on loopback
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN CREATE ROLE alice LOGIN PASSWORD 'right'; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    hba = pg_server.data / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text("host all alice 127.0.0.1/32 scram-sha-256\n" + original)
    try:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")
        time.sleep(0.3)
        url = pg_url.replace("tabletop@", "alice:wrong@")
        err = _refused("--store", url)
        assert "refused the user name or password" in err and "wrong" not in err
        ja = run_cli("--lang", "ja", "--store", url, "sessions").stderr.decode()
        assert "ユーザー名またはパスワード" in ja
    finally:
        hba.write_text(original)
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")


def test_store_and_the_environment_choose_the_store(pg_url, tmp_path):
    """`--store` plays into PostgreSQL; TABLETOP_STORE does the same; SQLite is untouched."""
    env = {"TABLETOP_HOME": str(tmp_path)}
    r = run_cli("--store", pg_url, "play", str(MINI), "--plain", "--session", "pg1", "--seed", "1",
                input="1\n", env=env)  # fmt: skip
    assert "saved as decision 1" in r.stdout.decode(), r.stderr.decode()
    listed = run_cli("sessions", env={**env, "TABLETOP_STORE": pg_url}).stdout.decode()
    assert "pg1" in listed
    assert "pg1" not in run_cli("sessions", env=env).stdout.decode()  # not in the SQLite file
    store = open_store(pg_url)
    assert [s.name for s in store.list()] == ["pg1"]
    store.close()


def test_help_and_list_do_not_import_psycopg():
    code = (
        "import sys\nfrom tabletop.tui.cli.main import main\n"
        "for argv in (['--help'], ['list']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "assert 'psycopg' not in sys.modules, 'psycopg was imported'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr.decode()


def test_reads_while_the_server_is_away_fail_fast_then_recover(pg_server, stores, mini, mini_catalog):
    """A screen polls the log a few times a second: a read must not hang while the
    server is away, and must work again once it is back."""
    from tabletop.sessions.store import StoreUnreachable

    store = stores()
    g = Game.new(mini, mini_catalog, str(MINI), store, "poll", seed=4)
    pg_server.stop()
    try:
        t = time.monotonic()
        with pytest.raises(StoreUnreachable, match="cannot reach the session store"):
            g.follow()
        assert time.monotonic() - t < 3
        t = time.monotonic()
        with pytest.raises(StoreUnreachable):
            g.follow()  # the next poll does not wait again
        assert time.monotonic() - t < 0.2
    finally:
        pg_server.start()
    end = time.monotonic() + 10
    while time.monotonic() < end:
        with contextlib.suppress(StoreUnreachable):
            assert g.follow() == []
            break
        time.sleep(0.2)
    else:
        pytest.fail("reads did not recover after the server came back")
    g.decide("first", "system", "check")
    assert stores().events("poll") == g.events


async def test_the_projector_is_woken_by_notify_not_by_its_poll(stores, monkeypatch):
    """On PostgreSQL the room's projector shows a released inject at once, though its
    poll is set to half a minute here: the server's NOTIFY woke it."""
    from tabletop.engine.catalog import load, load_catalog
    from tabletop.tui.app.screens import ProjectorScreen, following
    from tests.tui.test_facilitated import EXAMPLE, app_with, flat, new_game, other, text_of

    catalog, _ = load_catalog()
    loaded = (load(EXAMPLE, catalog)[0], catalog)
    monkeypatch.setattr(following, "POLL", 30.0)
    g = new_game(loaded, stores())
    app = app_with(loaded, stores(), ProjectorScreen(other(loaded, stores())))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        first = loaded[0].nodes[g.state.feed[0]].text.get("en")
        assert flat(first) not in flat(text_of(app))
        g.release(by="Fa")
        for _ in range(30):
            await pilot.pause(0.1)
            if flat(first)[:40] in flat(text_of(app)):
                break
        assert flat(first)[:40] in flat(text_of(app))


def test_consoles_claiming_one_session_at_once_leave_one_holder(stores, mini, mini_catalog):
    from tabletop.sessions.store import ConsoleTaken

    Game.new(mini, mini_catalog, str(MINI), stores(), "claimed", seed=4)
    consoles = [stores() for _ in range(6)]
    start, won, refused = threading.Barrier(len(consoles)), [], []

    def claim(i, store):
        start.wait()
        try:
            won.append(store.claim_console("claimed", f"console-{i}").token)
        except ConsoleTaken:
            refused.append(i)

    threads = [threading.Thread(target=claim, args=(i, s)) for i, s in enumerate(consoles)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(won) == 1 and len(refused) == len(consoles) - 1
    assert stores().console("claimed").token == won[0]
