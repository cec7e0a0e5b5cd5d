"""Every option of every question of every built-in scenario can be read at 80x24, in
both languages: highlighted (by its digit), its whole text is on the screen. Where the
options do not all fit, the list scrolls and the heading says how many there are."""

from __future__ import annotations

import attrs
import pytest

from tabletop.engine.catalog import builtin_ids, load, load_catalog
from tabletop.engine.play import offered
from tabletop.sessions.game import Game
from tabletop.tui.app import TabletopApp
from tabletop.tui.app.screens import PlayScreen

SCROLLBAR = str.maketrans("", "", "▁▂▃▄▅▆▇█▔▏▕▌▐▀ \u3000\n")


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def squeeze(s: str) -> str:
    """Without spaces, line breaks and scroll-bar glyphs: wrapping cannot hide a match."""
    return s.translate(SCROLLBAR)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()[0]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("sid", sorted(builtin_ids()))
async def test_every_option_is_readable_at_80x24(catalog, sid, lang):
    sc, _ = load(sid, catalog)
    game = Game.new(sc, catalog, sid, None, None, 0, (), lang)
    start = game.state
    app = TabletopApp(lang=lang, store=None, catalog=catalog)
    missing = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PlayScreen(game))
        await pilot.pause()
        play = app.screen
        for node in sc.nodes.values():
            if node.kind != "decision":
                continue
            for k, q in enumerate(node.questions):
                # the decision at hand, with the roles before this one already answered
                pending = tuple((p.role, p.options[0].id) for p in node.questions[:k])
                game.state = attrs.evolve(start, node=node.id, pending=pending)
                play.question = None
                play._decision()  # the feed is not what this test is about: leave it
                await pilot.pause()
                shown = squeeze(screen_text(app))
                # the options on offer here (a gated option is checked where its gate holds)
                for i, o in enumerate(offered(q, game.state), 1):
                    play.action_pick(i)  # what the digit key does
                    if getattr(
                        play, "overflow", True
                    ):  # the list scrolls to the highlighted option: look again
                        await pilot.pause()
                        shown = squeeze(screen_text(app))
                    if squeeze(o.text.get(lang)) not in shown:
                        missing.append(f"{node.id}/{q.role}/{o.id}")
                    assert play.query_one("#options").highlighted == i - 1
    assert not missing, f"{len(missing)} options not on screen when highlighted: {missing[:10]}"
