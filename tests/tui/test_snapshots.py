"""Snapshots of the library, play and debrief screens, in both languages (SVG, compared
by pytest-textual-snapshot; update with `pytest --snapshot-update` after a deliberate change)."""

from __future__ import annotations

import pytest

from tabletop.engine.catalog import load, load_catalog
from tabletop.sessions.store import Store
from tabletop.tui.app import TabletopApp

EXAMPLE = "fy2024-02-ransomware-core-system"
# A fixed path: the contractor is called with the outside links cut, then the sweep
ANSWERS = ["cut-external-links", "sweep-all-servers"]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    s = Store(tmp_path / "home" / "sessions.db")
    yield s
    s.close()


async def _wait_library(pilot):
    # the library loads after its first frame: wait until its table is filled (the worker
    # may not have started when this is first called)
    from textual.widgets import DataTable

    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        tables = pilot.app.screen.query(DataTable)
        if not tables or tables.first().row_count:
            break
    await pilot.pause()


def _answer_by_id(ids, levels=None):
    """Answer with these option ids (as listed: only the options on offer); where ``levels``
    gives a rubric level, type an answer if the option asks for one and rate it."""

    async def run(pilot):
        await pilot.pause()
        for i, oid in enumerate(ids):
            screen = pilot.app.screen
            on_offer = [o.id for o in screen.query_one("#options").options]
            await pilot.press(str(on_offer.index(oid) + 1), "enter")
            await pilot.pause()
            level = (levels or {}).get(i)
            if level:
                dialog = pilot.app.screen
                if dialog.ask_text:
                    await pilot.press(*"ok", "enter")
                for _ in range([lv.id for lv in dialog.option.rubric].index(level)):
                    await pilot.press("down")
                await pilot.press("enter")
                await pilot.pause()
        await pilot.pause(0.2)

    return run


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_library(snap_compare, store, lang):
    app = TabletopApp(lang=lang, store=store)
    assert snap_compare(app, terminal_size=(100, 40), run_before=_wait_library)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_play(snap_compare, store, lang):
    app = TabletopApp(lang=lang, store=store, scenario=EXAMPLE, session="snapshot", seed=0)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_answer_by_id(ANSWERS[:1]))


def _debrief_app(store, sid: str, lang: str) -> TabletopApp:
    """The debrief of ``sid``'s best path (open answers typed as "ok", rated at the best
    path's level), played on the engine: the play screen that leads there has snapshots
    and Pilot tests of its own, and playing it key by key took seconds per snapshot."""
    from tabletop.engine.analysis import score_bounds
    from tabletop.sessions.game import Game
    from tabletop.tui.app.screens import DebriefScreen

    catalog, _ = load_catalog()
    sc, _ = load(sid, catalog)
    g = Game.new(sc, catalog, sid, store, "snapshot", seed=0)
    for c in (c for step in score_bounds(sc).best_path for c in step.choices):
        opt = sc.nodes[c.node].question(c.role).option(c.option)
        g.decide(c.node, c.role, c.option, text="ok" if opt.open else "")
        if c.level:
            g.rule(c.node, c.role, c.level, by="self")
    assert g.state.ended
    return TabletopApp(
        lang=lang, store=store, catalog=catalog, start_screen=lambda app: DebriefScreen(g, ref=sid)
    )


async def _debrief_shown(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.5)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_debrief(snap_compare, store, lang):
    app = _debrief_app(store, EXAMPLE, lang)
    assert snap_compare(app, terminal_size=(100, 40), run_before=_debrief_shown)


# -- every screen at 80x24, both languages -----------------------------------------------


def _fixed_sessions(store):
    """Two saved sessions with fixed times, so that the sessions screen draws the same."""
    from tabletop.sessions.game import Game

    catalog, _ = load_catalog()
    sc, _ = load(EXAMPLE, catalog)
    g = Game.new(sc, catalog, EXAMPLE, store, "drill-monday", seed=0)
    w = g.waiting
    g.decide(w.node.id, w.roles[0], w.node.question(w.roles[0]).options[0].id)
    Game.new(sc, catalog, EXAMPLE, store, "fy2024-02-20260105-090000", seed=1)
    store.db.execute(
        "UPDATE sessions SET created = '2026-01-05T09:00:00+0900', updated = '2026-01-05T09:30:00+0900'"
    )


async def _hotseat(pilot):
    loaded, _ = pilot.app.load_for_play(EXAMPLE)
    pilot.app.start_game(loaded, EXAMPLE, name="hotseat", seed=0, mode="hotseat")
    await pilot.pause(0.3)


async def _keys(pilot, *keys):
    await _wait_library(pilot)
    from textual.widgets import DataTable

    tables = pilot.app.screen.query(DataTable)
    if tables:  # keys go to the library's table, whatever took the focus while it loaded
        tables.first().focus()
        await pilot.pause()
    before = pilot.app.screen
    await pilot.press(*keys)
    for _ in range(60):  # screens are imported when first shown: give the new one time
        await pilot.pause(0.05)
        if pilot.app.screen is not before:
            break
    await pilot.pause(0.3)


async def _open_setup(pilot):
    """The first scenario's setup, as Enter on the library opens it (called directly: the
    key raced the library's loading on a busy machine)."""
    await _wait_library(pilot)
    pilot.app.screen.action_open()
    for _ in range(60):
        await pilot.pause(0.05)
        if type(pilot.app.screen).__name__ == "SetupScreen":
            break
    await pilot.pause(0.3)


SCREENS = {
    "library": (lambda store: {}, _wait_library),
    "setup": (lambda store: {}, lambda p: _open_setup(p)),
    "play": (
        lambda store: {"scenario": EXAMPLE, "session": "snapshot", "seed": 0},
        _answer_by_id(ANSWERS[:1]),
    ),
    "hotseat-pass": (lambda store: {}, _hotseat),
    "sessions": (lambda store: _fixed_sessions(store) or {}, lambda p: _keys(p, "s")),
    "graph": (lambda store: {}, lambda p: _keys(p, "g")),
    "help": (lambda store: {}, lambda p: _keys(p, "question_mark")),
}


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_at_80x24(snap_compare, store, screen, lang):
    kw, run = SCREENS[screen]
    app = TabletopApp(lang=lang, store=store, **kw(store))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_debrief_at_80x24(snap_compare, store, lang):
    other = "fy2024-04-website-ddos"  # another scenario than the 100x40 one: its best path, rated
    app = _debrief_app(store, other, lang)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_debrief_shown)


@pytest.mark.parametrize("look", ["no-color", "light"])
def test_play_without_colour_and_in_a_light_theme(snap_compare, store, monkeypatch, look):
    """The README claims both: NO_COLOR, and light terminals (Ctrl+P → Theme)."""
    if look == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    app = TabletopApp(lang="en", store=store, scenario=EXAMPLE, session="snapshot", seed=0)

    async def run(pilot):
        if look == "light":
            pilot.app.theme = "textual-light"
        await _answer_by_id(ANSWERS[:1])(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
