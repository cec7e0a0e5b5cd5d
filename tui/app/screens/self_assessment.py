"""Players without a facilitator rate the critical tasks that only a rating shows (the
expected actions of an imported exercise): one dialog per task, each rating saved as it
is given, so that a killed terminal keeps them. Used by the play screen at the ending and
by the debrief (key e)."""

from __future__ import annotations

from collections.abc import Callable

from tabletop.engine.views import due_at
from tabletop.sessions.game import Overtaken

from ..modals import TaskRatingScreen
from ..modals.task_rating import SKIP


def ask(screen, game, done: Callable[[], None], overtaken: Callable[[list], None]) -> None:
    """Ask for each waiting task in turn; Skip goes on, Escape stops. ``done`` runs at the
    end (or the stop); ``overtaken(events)`` when another terminal wrote first."""
    tasks = game.awaiting_own_rating()
    lang = screen.app.lang

    def one(k: int) -> None:
        if k >= len(tasks):
            done()
            return
        ob, task = tasks[k]

        def rated(result) -> None:
            if result is None:
                done()
                return
            if result != SKIP:
                try:
                    game.observe("", ob.id, task.id, result, by="self")
                except Overtaken as e:
                    overtaken(e.events)
                    return
            one(k + 1)

        due = due_at(game.scenario, task, lang)
        screen.app.push_screen(TaskRatingScreen(ob, task, due, (k + 1, len(tasks)), lang), rated)

    one(0)
