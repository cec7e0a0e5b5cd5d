"""The reference for the terminal UI's figures in `make bench`: the smallest Textual app that
draws what a first frame of Tabletop draws (a header, a line of text, a footer).

``python benchmarks/bare_app.py`` runs it in the terminal; ``--pilot`` drives it headless,
as the playthrough figure drives Tabletop, and prints its peak memory (max RSS, KiB)."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Scenario library")
        yield Footer()


async def _pilot() -> None:
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        await pilot.pause(0.5)


if __name__ == "__main__":
    if "--pilot" in sys.argv:
        import asyncio
        import resource

        asyncio.run(_pilot())
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    else:
        Bare().run()
