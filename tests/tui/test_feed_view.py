"""The play screen's feed (tui/app/feed_view.py): one widget whatever the length of the
game, wrapped to its width, the newest entry scrolled to its first line (its text stays
literal: test_hostile_tui); and the library, built under a game only when the player
leaves it (screens/library_later)."""

from __future__ import annotations

from textual.containers import VerticalScroll

from tabletop.engine.catalog import load, load_catalog
from tabletop.engine.text import width
from tabletop.sessions.game import Game
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.feed_view import FeedView
from tabletop.tui.app.screens import DebriefScreen, PlayScreen
from tabletop.tui.app.screens.library_later import LibraryLater
from tests.drills import solo_to_end

EXAMPLE = "fy2024-02-ransomware-core-system"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause(0.1)  # the feed scrolls to the newest entry after 50 ms


async def test_the_feed_is_one_widget_and_shows_the_newest_entry_from_its_first_line(app_store):
    app = TabletopApp(store=app_store, lang="ja", scenario=EXAMPLE, session="feed", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        play = app.screen
        assert isinstance(play, PlayScreen)
        widgets = len(list(play.walk_children()))
        counts = []
        for _ in range(3):
            await pilot.press("1", "enter")
            await _settle(pilot)
            if not isinstance(app.screen, PlayScreen):  # a rating dialog: take its first level
                await pilot.press("enter")
                await _settle(pilot)
            view = play.query_one(FeedView)
            counts.append(len(view.entries))
            # the widgets stay as they were while the feed grows
            assert list(play.query_one("#feed", VerticalScroll).children) == [view]
            assert len(list(play.walk_children())) == widgets
            cols = view.content_size.width
            assert all(width(line.plain) <= cols for line in view.lines_at(cols))
            newest = len(view.entries) - 1
            feed = play.query_one("#feed", VerticalScroll)
            assert feed.scroll_y == min(view.start_of(newest), feed.max_scroll_y)
            first = view.lines_at(cols)[view.start_of(newest)].plain
            assert view.entries[newest].plain.startswith(first.rstrip())
        assert counts == sorted(counts) and counts[-1] > counts[0]
        # newest first: the newest is entry 0, and the feed goes back to its top
        await pilot.press("o")
        await _settle(pilot)
        assert play.query_one(FeedView).start_of(0) == 0
        assert play.query_one("#feed", VerticalScroll).scroll_y == 0


async def test_a_game_opened_directly_builds_the_library_only_when_the_player_leaves(app_store):
    app = TabletopApp(store=app_store, lang="en", scenario=EXAMPLE, session="later", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert [type(s) for s in app.screen_stack] == [LibraryLater, PlayScreen]
        await pilot.press("q")  # an unfinished game asks before it quits: say no
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        assert [type(s) for s in app.screen_stack] == [LibraryLater, PlayScreen]
        assert app.return_code is None
    # the debrief's "Play again" pops to the bottom and starts a game at once: the bottom
    # screen sees a game on top and stays blank (leaving with b: test_app's resume test)
    catalog, _ = load_catalog()
    sc, _ = load(EXAMPLE, catalog)
    solo_to_end(Game.new(sc, catalog, EXAMPLE, app_store, "ended", seed=0))
    app = TabletopApp(store=app_store, lang="en", resume="ended")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, DebriefScreen) and app.screen.result:
                break
        assert [type(s) for s in app.screen_stack] == [LibraryLater, DebriefScreen]
        await pilot.press("a")
        await _settle(pilot)
        assert [type(s) for s in app.screen_stack] == [LibraryLater, PlayScreen]
        assert not app.screen.game.state.ended


def test_every_line_drawn_is_literal_whatever_an_entry_was_made_of():
    """A heading put together from text that was not cleaned on its way (a role's name with
    escapes) is drawn without them, its styles kept: the wrapped lines were slices of the
    entry, and a slice keeps control codes that a new Content would strip (a tmux pane got
    the scenario's title and a cleared screen)."""
    from textual.content import Content

    from tabletop.engine.text import clean
    from tests.hostile import PAYLOADS

    view = FeedView()
    view.show(
        Content.assemble((f"[09:15] → {p}", "bold"), "\n", p[:2000], "\n", Content(p[:2000]))
        for p in PAYLOADS
    )
    for cols in (20, 61, 80):
        lines = view.lines_at(cols)
        assert all(clean(x.plain) == x.plain for x in lines), [
            x.plain for x in lines if clean(x.plain) != x.plain
        ]
        assert all("\x1b" not in x.plain and "\x9b" not in x.plain for x in lines)
    heads = [x for x in view.lines_at(80) if x.plain.startswith("[09:15]")]
    assert len(heads) == len(PAYLOADS) and all(x.spans and x.spans[0].style == "bold" for x in heads)
