"""A scenario's best path played in the terminal UI under Textual's pilot, as a player
would: the digit of each best option on offer and Enter, a rated answer's dialog filled
(an open answer typed as "ok") and set at the best level. bench.py's playthrough figures
(the memory of a whole playthrough, the debrief after the ending) run it in processes of
their own."""

from __future__ import annotations


def best_choices(ref: str) -> list:
    """The choices of ``ref``'s best path (engine.analysis), in order."""
    from tabletop.engine.analysis import score_bounds
    from tabletop.engine.catalog import load, load_catalog

    catalog, _ = load_catalog()
    sc, _ = load(ref, catalog)
    return [c for step in score_bounds(sc).best_path for c in step.choices]


async def play(app, pilot, choices) -> None:
    """Answer ``choices`` on the play screen, up to its ending (not past it)."""
    await pilot.pause()
    for c in choices:
        on_offer = [o.id for o in app.screen.query_one("#options").options]  # gates applied
        await pilot.press(str(on_offer.index(c.option) + 1), "enter")
        await pilot.pause()
        if c.level:  # a contested call or an open answer: the rating dialog
            dialog = app.screen
            if dialog.ask_text:
                await pilot.press(*"ok", "enter")
            for _ in range([lv.id for lv in dialog.option.rubric].index(c.level)):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
