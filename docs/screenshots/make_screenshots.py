"""Write the README screenshots (SVG, by Textual): the play screen and the debrief of
fy2024-02, played along the best path; and a facilitated drill of it (console.svg,
projector.svg, role.svg at 100×30, for docs/facilitator.md). Run with `make screenshots`."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


async def main() -> None:
    os.environ["TABLETOP_HOME"] = tempfile.mkdtemp(prefix="tabletop-shots-")
    from tabletop.engine.analysis import score_bounds
    from tabletop.engine.catalog import load, load_catalog
    from tabletop.tui.app import TabletopApp

    catalog, _ = load_catalog()
    sc, _ = load("fy2024-02", catalog)
    best = [c.option for step in score_bounds(sc).best_path for c in step.choices]
    for lang in ("en", "ja"):
        app = TabletopApp(lang=lang, scenario="fy2024-02", session=f"drill-{lang}", seed=0)
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            for i, oid in enumerate(best):
                _, q = app.screen.question
                n = [o.id for o in q.options].index(oid) + 1
                await pilot.press(str(n))
                if i == 3:  # the play screen, an option chosen but not yet confirmed
                    await pilot.pause(0.3)
                    app.save_screenshot(str(HERE / f"play-{lang}.svg"))
                await pilot.press("enter")
                await pilot.pause()
                await rate_best(app, pilot)
            await pilot.press("enter")
            await pilot.pause(0.5)
            app.save_screenshot(str(HERE / f"debrief-{lang}.svg"))
        print(f"wrote play-{lang}.svg and debrief-{lang}.svg", file=sys.stderr)
    await facilitated(catalog, sc)


async def rate_best(app, pilot) -> None:
    """An open answer or a call ruled against a rubric: type an answer if asked, and
    rate it at the level worth the most (the best path's)."""
    from tabletop.tui.app.modals import RulingScreen

    dialog = app.screen
    if not isinstance(dialog, RulingScreen):
        return
    if dialog.ask_text:
        await pilot.press(*"ok", "enter")
    points = [sum(w for _, w in lv.practices) for lv in dialog.option.rubric]
    for _ in range(points.index(max(points))):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def facilitated(catalog, sc) -> None:
    """The console, the projector and the system department's terminal of one drill: the
    first decision released, the system department's proposal in, an ad-hoc inject to it."""
    from tabletop.sessions.game import Game
    from tabletop.sessions.paths import data_dir
    from tabletop.sessions.store import Store
    from tabletop.tui.app import TabletopApp
    from tabletop.tui.app.screens import ConsoleScreen, ProjectorScreen, RoleScreen

    store = Store(data_dir() / "sessions.db")
    game = Game.new(
        sc, catalog, "fy2024-02", store, "drill", 0, (), "en", "facilitated", timer=600, facilitator="Sato"
    )
    while game.state.released < len(game.state.feed):
        game.release(by="Sato")
    q = game.waiting.node.questions[0]
    game.propose(q.role, q.options[1].id, "cut the links before anything else")
    game.adhoc("The depot manager calls again: drivers are waiting at the gates.", (q.role,), by="Sato")
    screens = {
        "console": lambda: ConsoleScreen(game),
        "projector": lambda: ProjectorScreen(game),
        "role": lambda: RoleScreen(game, q.role),
    }
    for name, make in screens.items():
        app = TabletopApp(lang="en", store=store, catalog=catalog, start_screen=lambda app, make=make: make())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.3)
            app.save_screenshot(str(HERE / f"{name}.svg"))
        print(f"wrote {name}.svg", file=sys.stderr)
    store.close()


async def only_facilitated() -> None:
    os.environ["TABLETOP_HOME"] = tempfile.mkdtemp(prefix="tabletop-shots-")
    from tabletop.engine.catalog import load, load_catalog

    catalog, _ = load_catalog()
    sc, _ = load("fy2024-02", catalog)
    await facilitated(catalog, sc)


if __name__ == "__main__":
    # `make_screenshots.py facilitated`: only the facilitated drill's three
    asyncio.run(only_facilitated() if sys.argv[1:] == ["facilitated"] else main())
