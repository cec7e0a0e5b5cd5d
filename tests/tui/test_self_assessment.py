"""Players alone rate the critical tasks that only a rating shows (an imported exercise's
expected actions): offered at the ending and on the debrief, each rating saved at once."""

from __future__ import annotations

import pytest

from tabletop.engine.catalog import load_catalog
from tabletop.engine.diagnostics import Sink
from tabletop.engine.exchange.detect import import_text
from tabletop.engine.loader import load_scenario
from tabletop.sessions.game import Game
from tabletop.sessions.store import Store
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.modals import TaskRatingScreen
from tabletop.tui.app.screens import DebriefScreen, PlayScreen
from tests.conftest import DATA


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    catalog, _ = load_catalog()
    _, text = import_text((DATA / "import" / "water-utility-ransomware.json").read_text(), catalog)
    path = tmp_path_factory.mktemp("imported") / "imported.yaml"
    path.write_text(text, encoding="utf-8")
    sink = Sink(str(path))
    sc = load_scenario(str(path), catalog, sink)
    assert sc is not None and not sink.items
    return sc, catalog, str(path)


@pytest.fixture
def game(imported, tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    store = Store(tmp_path / "home" / "sessions.db")
    sc, cat, path = imported
    g = to_the_end(Game.new(sc, cat, path, store, "alone", 0, (), "en", "solo"))
    assert g.state.ended
    yield g
    store.close()


def to_the_end(g):
    """The first option everywhere, to the ending."""
    while g.waiting.kind == "decide":
        w = g.waiting
        g.decide(w.node.id, w.roles[0], w.node.question(w.roles[0]).options[0].id)
    return g


def ratings(g):
    return [(o.task, o.rating, o.by) for o in g.state.observations]


async def test_the_ending_offers_the_rating_and_each_one_is_saved(game):
    app = TabletopApp(
        lang="en", store=game.store, catalog=game.catalog, start_screen=lambda a: PlayScreen(game)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # "Rate the critical tasks yourselves (10 waiting)"
        await pilot.pause()
        assert isinstance(app.screen, TaskRatingScreen)
        await pilot.press("1")  # P
        await pilot.pause()
        await pilot.press("5")  # skip the second
        await pilot.pause()
        await pilot.press("4")  # U
        await pilot.pause()
        await pilot.press("escape")  # stop: the rest wait
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert ratings(game) == [("action-1", "P", "self"), ("action-3", "U", "self")]
        assert len(game.awaiting_own_rating()) == 8


async def test_the_debrief_rates_the_rest_and_shows_them(game):
    app = TabletopApp(
        lang="ja", store=game.store, catalog=game.catalog, start_screen=lambda a: DebriefScreen(game)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.check_action("assess", ()) is True
        await pilot.press("e")
        for _ in range(10):
            await pilot.pause()
            await pilot.press("2")  # S for every task
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r for _, r, _ in ratings(game)] == ["S"] * 10
        assert not app.screen.check_action("assess", ())  # nothing waits: the key goes
        shown = "".join(app.screen.query_one("#debrief-view").text.split())  # wrapped anywhere in Japanese
        assert "自己評定S" in shown and "未評定" not in shown


def test_a_drill_leaves_the_rating_to_the_facilitator(imported, tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_HOME", str(tmp_path / "home"))
    store = Store(tmp_path / "home" / "sessions.db")
    sc, cat, path = imported
    g = to_the_end(Game.new(sc, cat, path, store, "drill", 0, (), "en", "facilitated", facilitator="F"))
    assert g.state.ended and g.awaiting_own_rating() == []
    store.close()
