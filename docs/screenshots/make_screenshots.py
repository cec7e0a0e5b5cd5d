"""Write the README screenshots (SVG, by Textual): the play screen and the debrief of
fy2024-02, played along the best path. Run with `make screenshots`."""

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
            await pilot.press("enter")
            await pilot.pause(0.5)
            app.save_screenshot(str(HERE / f"debrief-{lang}.svg"))
        print(f"wrote play-{lang}.svg and debrief-{lang}.svg", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
