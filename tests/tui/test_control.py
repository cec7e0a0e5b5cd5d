"""The control cell (`tabletop control`): the teams of an exercise (sessions named
EXERCISE.TEAM) with their position, score and time since the last decision, stalled teams
marked, and ad-hoc injects written into one team's log or every playing team's, which
the team's own screen shows when they arrive. The model (sessions/exercise.py), the
screen driven by Textual's pilot, its snapshots at 80x24, and the --plain/--json listing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

from tabletop.engine.catalog import load, load_catalog
from tabletop.engine.play import AdHoc
from tabletop.engine.stamps import parse
from tabletop.sessions import game as game_module
from tabletop.sessions.exercise import BadExercise, Exercise, NotATeam, team_of
from tabletop.sessions.game import Game
from tabletop.sessions.store import Store
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.feed_view import FeedView
from tabletop.tui.app.modals import ConfirmScreen, NoteScreen
from tabletop.tui.app.screens import ControlScreen, RoleScreen
from tests.conftest import run_cli
from tests.pg import PG

EXAMPLE = "fy2024-02-ransomware-core-system"
T0 = "2025-06-01T10:00:00+0000"  # when every test session starts (long before the tests run)
HOSTILE = "[bold]Power cut[/bold] at HQ \x1b[31m <script>"  # text is data


@pytest.fixture(scope="module")
def loaded():
    catalog, _ = load_catalog()
    sc, _ = load(EXAMPLE, catalog)
    return sc, catalog


@pytest.fixture
def clock(monkeypatch):
    """The stamps the sessions write: set ``clock.now`` (a datetime) to move time."""

    class Clock:
        now = parse(T0)

    monkeypatch.setattr(game_module, "stamp", lambda: Clock.now.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return Clock


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    s = Store(tmp_path / "home" / "sessions.db")
    yield s
    s.close()


def team(loaded, store, name, mode="solo"):
    sc, cat = loaded
    if mode == "facilitated":
        return Game.new(sc, cat, EXAMPLE, store, name, 0, (), "en", mode, facilitator="Fa")
    return Game.new(sc, cat, EXAMPLE, store, name, 0, (), "en", mode)


def first_option(g):
    w = g.waiting
    q = w.node.question(w.roles[0])
    return w.node.id, q.role, q.options[0].id


def exercise(loaded, store, minutes=10):
    return Exercise(store, "drill1", lambda ref: loaded, minutes)


@pytest.fixture
def teams(loaded, store, clock):
    """Two teams of drill1 (alpha answers one decision five minutes in; beta never does),
    and two sessions that are not its teams."""
    alpha = team(loaded, store, "drill1.alpha")
    beta = team(loaded, store, "drill1.beta")
    team(loaded, store, "drill10.gamma")  # another exercise whose name starts the same
    team(loaded, store, "solo-session")
    clock.now = parse(T0) + timedelta(minutes=5)
    alpha.decide(*first_option(alpha))
    clock.now = parse(T0) + timedelta(minutes=12)  # beta has been idle 12 minutes, alpha 7
    return alpha, beta


def test_team_of_reads_the_session_name():
    assert team_of("drill1.alpha", "drill1") == "alpha"
    assert team_of("drill1.osaka.water", "drill1") == "osaka.water"
    assert team_of("drill10.alpha", "drill1") is None
    assert team_of("drill1.", "drill1") is None
    assert team_of("drill1", "drill1") is None


def test_an_exercise_lists_its_teams_and_marks_the_stalled(loaded, store, teams, clock):
    rows = exercise(loaded, store).teams("en", clock.now)
    assert [(r.team, r.session) for r in rows] == [("alpha", "drill1.alpha"), ("beta", "drill1.beta")]
    alpha, beta = rows
    assert (alpha.decisions, beta.decisions) == (1, 0)
    assert alpha.score == teams[0].state.score and alpha.position == teams[0].state.node
    assert beta.position == teams[1].state.node and beta.waiting_for == "decide"
    assert (alpha.idle, beta.idle) == (7 * 60, 12 * 60)
    assert (alpha.stalled, beta.stalled) == (False, True)
    assert alpha.title == "Ransomware stops the core system"
    # the limit is the control cell's choice; an ended team is never stalled
    assert [r.stalled for r in exercise(loaded, store, 5).teams("en", clock.now)] == [True, True]
    teams[1].abandon()
    assert [r.stalled for r in exercise(loaded, store, 5).teams("en", clock.now)] == [True, False]


def test_an_inject_goes_to_one_team_or_to_every_playing_team(loaded, store, teams):
    alpha, beta = teams
    ex = exercise(loaded, store)
    assert ex.send(HOSTILE, ["drill1.beta"]) == ["drill1.beta"]
    assert alpha.follow() == []
    (got,) = beta.follow()
    assert isinstance(got, AdHoc) and got.text == HOSTILE and got.roles == () and got.by == "control"
    assert ex.send("Second") == ["drill1.alpha", "drill1.beta"]
    assert [e.text for e in alpha.follow()] == ["Second"]
    assert [a.text for a in beta.state.adhoc] == [HOSTILE]
    beta.follow()
    assert [a.id for a in beta.state.adhoc] == ["adhoc-1", "adhoc-2"]
    # nothing is written when one of the names is not a team
    with pytest.raises(NotATeam):
        ex.send("x", ["drill1.beta", "solo-session"])
    assert beta.follow() == []
    with pytest.raises(BadExercise):
        Exercise(store, "a.b", lambda ref: loaded)


def test_an_inject_is_written_after_a_team_that_wrote_first(loaded, store, teams):
    """The team's terminal writes between the control cell's read and its write: the
    inject is written after it (the optimistic check, then a retry), nothing is lost."""
    alpha, _ = teams
    ex = exercise(loaded, store)
    ex.teams()  # the control cell has read alpha's log
    alpha.note("a note of the team")
    alpha.adhoc("a facilitator's own inject")  # the same id the control cell would choose
    ex.send("from control", ["drill1.alpha"])
    new = alpha.follow()
    assert [type(e).__name__ for e in new] == ["AdHoc"]
    assert [a.text for a in alpha.state.adhoc] == ["a facilitator's own inject", "from control"]
    assert len({a.id for a in alpha.state.adhoc}) == 2


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def control_app(loaded, store, clock, lang="en"):
    ex = exercise(loaded, store)
    screen = ControlScreen(ex, now=lambda: clock.now)
    return TabletopApp(lang=lang, store=store, catalog=loaded[1], start_screen=lambda app: screen)


async def test_the_control_screen_lists_highlights_and_sends(loaded, store, teams, clock):
    alpha, beta = teams
    app = control_app(loaded, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = _rows(app)
        assert [r[0] for r in rows] == ["alpha", "beta"]
        assert rows[0][-1] == "in play" and rows[1][-1] == "STALLED"
        assert rows[1][5] == "12:00"
        table = app.screen.query_one(DataTable)
        assert "reverse" in str(table.get_row_at(1)[0].style)  # the stalled row stands out
        assert "reverse" not in str(table.get_row_at(0)[0].style)
        status = str(app.screen.query_one("#cc-status", Static).render())
        assert "2 teams" in status and "1 stalled (no decision for 10 min)" in status
        # to one team: the highlighted one
        await pilot.press("down", "i")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("Input").value = HOSTILE
        await pilot.press("enter")
        await pilot.pause()
        assert [e.text for e in beta.follow()] == [HOSTILE]
        assert alpha.follow() == []
        # to all: asked first
        await pilot.press("a")
        app.screen.query_one("Input").value = "Everyone: the regulator calls"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [e.text for e in alpha.follow()] == ["Everyone: the regulator calls"]
        assert [e.text for e in beta.follow()] == ["Everyone: the regulator calls"]
        # live: a team that answers is no longer stalled at the next poll
        beta.decide(*first_option(beta))
        await pilot.pause(1.3)
        assert _rows(app)[1][-1] == "in play" and _rows(app)[1][3] == "1"


async def test_the_control_screen_in_japanese(loaded, store, teams, clock):
    app = control_app(loaded, store, clock, "ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [r[-1] for r in _rows(app)] == ["プレイ中", "停滞"]
        status = str(app.screen.query_one("#cc-status", Static).render())
        assert "2 チーム" in status and "停滞 1" in status


async def test_the_play_screen_shows_an_inject_when_it_arrives(loaded, store, teams, clock):
    alpha, _ = teams
    sc, cat = loaded
    app = TabletopApp(lang="en", store=store, catalog=cat, resume="drill1.alpha")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert type(app.screen).__name__ == "PlayScreen"
        question = app.screen.question
        exercise(loaded, store).send(HOSTILE, ["drill1.alpha"])
        await pilot.pause(1.5)
        feed = "\n".join(e.plain for e in app.screen.query_one(FeedView).entries)
        assert "Ad-hoc inject" in feed
        assert "[bold]Power cut[/bold] at HQ" in feed and "<script>" in feed  # literal
        assert "\x1b" not in feed
        assert app.screen.question == question  # the question at hand stays
        await pilot.press("1", "enter")
        await pilot.pause()
    assert Game.resume(store, "drill1.alpha", lambda ref: loaded).decisions == 2


async def test_a_facilitated_teams_role_terminal_shows_the_inject(loaded, store, clock):
    g = team(loaded, store, "drill1.room", "facilitated")
    g.release()
    role = g.state.roles[0]
    app = TabletopApp(lang="en", store=store, catalog=loaded[1], start_screen=lambda a: RoleScreen(g, role))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        exercise(loaded, store).send("Control: the grid operator calls", ["drill1.room"])
        await pilot.pause(1.0)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Control: the grid operator calls" in shown


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_control_snapshot(snap_compare, loaded, store, teams, clock, lang):
    assert snap_compare(control_app(loaded, store, clock, lang), terminal_size=(80, 24))


def test_plain_and_json_listing_and_inject_from_the_command_line(tmp_path, loaded, clock):
    home = tmp_path / "cli-home"
    store = Store(home / "sessions.db")
    alpha = team(loaded, store, "drill1.alpha")
    team(loaded, store, "drill1.beta")
    team(loaded, store, "other")
    store.close()
    env = {"TABLETOP_HOME": str(home)}
    r = run_cli("control", "drill1", "--json", env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["exercise"] == "drill1" and data["stalled_minutes"] == 10
    assert [t["team"] for t in data["teams"]] == ["alpha", "beta"]
    # the sessions started at T0, long before now: both stalled
    assert all(t["stalled"] and t["status"] == "playing" for t in data["teams"])
    r = run_cli("control", "drill1", "--plain", "--stalled", "99999", env=env)
    assert r.returncode == 2 and "minutes" in r.stderr.decode()
    r = run_cli("control", "drill1", "--plain", env=env)
    lines = r.stdout.decode().splitlines()
    assert lines[0] == "exercise drill1: 2 team(s), 2 stalled (no decision for 10 min)"
    assert lines[2].split("\t")[0] == "alpha" and lines[2].split("\t")[-1] == "STALLED"
    r = run_cli("control", "drill1", "--plain", "--lang", "ja", env=env)
    assert "演習 drill1: 2 チーム" in r.stdout.decode() and "停滞" in r.stdout.decode()
    r = run_cli("control", "drill1", "--inject", HOSTILE, "--team", "beta", env=env)
    assert r.returncode == 0 and "1 team(s): beta" in r.stdout.decode()
    r = run_cli("control", "drill1", "--inject", "x", "--team", "nobody", env=env)
    assert (
        r.returncode == 2
        and "is not a team of exercise 'drill1' (its teams: alpha, beta)" in r.stderr.decode()
    )
    r = run_cli("control", "drill1", "--team", "beta", env=env)
    assert r.returncode == 2
    r = run_cli("control", "bad.name", "--plain", "--lang", "ja", env=env)
    assert r.returncode == 2 and "演習名に使えません" in r.stderr.decode()
    store = Store(home / "sessions.db")
    try:
        beta = Game.resume(store, "drill1.beta", lambda ref: loaded)
        assert [a.text for a in beta.state.adhoc] == [HOSTILE]
        assert Game.resume(store, "drill1.alpha", lambda ref: loaded).state.adhoc == ()
    finally:
        store.close()
    assert alpha.name == "drill1.alpha"


@PG
def test_the_control_cell_watches_and_injects_on_a_postgresql_store(tmp_path, loaded, clock, pg_url):
    """`tabletop control E --store URL`: the teams of an exercise kept on a PostgreSQL server
    (the control cell's own --store, as the issue spells it), listed and sent an inject."""
    from tabletop.sessions.store import open_store

    shared = open_store(pg_url)
    team(loaded, shared, "drill2.red")
    team(loaded, shared, "drill2.blue")
    shared.close()
    env = {"TABLETOP_HOME": str(tmp_path / "empty-home")}  # nothing in the local SQLite file
    r = run_cli("control", "drill2", "--json", "--store", pg_url, env=env)
    assert r.returncode == 0, r.stderr
    assert [t["team"] for t in json.loads(r.stdout)["teams"]] == ["blue", "red"]
    r = run_cli("control", "drill2", "--inject", HOSTILE, "--store", pg_url, env=env)
    assert r.returncode == 0 and "2 team(s)" in r.stdout.decode(), r.stderr
    shared = open_store(pg_url)
    try:
        assert [a.text for a in Game.resume(shared, "drill2.red", lambda ref: loaded).state.adhoc] == [
            HOSTILE
        ]
    finally:
        shared.close()
    # the local store knows no such exercise
    r = run_cli("control", "drill2", "--json", env=env)
    assert r.returncode == 0 and json.loads(r.stdout)["teams"] == []


def test_plain_mode_shows_an_inject_that_came_while_the_player_typed(tmp_path, loaded):
    """`tabletop play --plain`: an inject written while the prompt waits is shown (literally)
    when the player's line is read, and the answer is still taken."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    home = tmp_path / "plain-home"
    env = dict(os.environ, TABLETOP_HOME=str(home), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("TABLETOP_LANG", None)
    p = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tabletop",
            "play",
            "fy2024-02",
            "--plain",
            "--session",
            "drill1.plain",
            "--seed",
            "0",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    try:
        seen = b""
        while b"Your choice" not in seen:  # the first prompt
            chunk = p.stdout.read1(4096)
            assert chunk, p.stderr.read().decode()
            seen += chunk
        store = Store(home / "sessions.db")
        try:
            assert exercise(loaded, store).send(HOSTILE, ["drill1.plain"]) == ["drill1.plain"]
        finally:
            store.close()
        out, err = p.communicate(b"1\nq\n", timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    text = out.decode()
    assert "Ad-hoc inject" in text
    assert "[bold]Power cut[/bold] at HQ" in text and "\x1b" not in text  # literal, escapes removed
    assert "saved as decision 1" in text, text[-2000:]
    assert text.index("Ad-hoc inject") < text.index("saved as decision 1")  # read with the line typed
