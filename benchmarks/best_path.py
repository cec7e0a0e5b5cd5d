"""A scenario's best path played in the terminal UI under Textual's pilot, as a player
would: the digit of each best option on offer and Enter, a rated answer's dialog filled
(an open answer typed as "ok") and set at the best level. bench.py's playthrough figures
(the memory of a whole playthrough, the debrief after the ending) run it in processes of
their own; the playthrough reads its choices from a file (``write_choices``), so that the
search for them is not counted in the playthrough's memory."""

from __future__ import annotations


def best_choices(ref: str) -> list:
    """The choices of ``ref``'s best path (engine.analysis), in order."""
    from tabletop.engine.analysis import score_bounds
    from tabletop.engine.catalog import load, load_catalog

    catalog, _ = load_catalog()
    sc, _ = load(ref, catalog)
    return [c for step in score_bounds(sc).best_path for c in step.choices]


def write_choices(ref: str, path: str) -> None:
    """``ref``'s best choices, as JSON, for ``read_choices`` in another process."""
    import json

    with open(path, "w", encoding="utf-8") as f:
        json.dump([{"option": c.option, "level": c.level} for c in best_choices(ref)], f)


def read_choices(path: str) -> list:
    """The choices ``write_choices`` wrote: what ``play`` reads of each (option, level)."""
    import json
    from types import SimpleNamespace

    with open(path, encoding="utf-8") as f:
        return [SimpleNamespace(**c) for c in json.load(f)]


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
