"""`tabletop replay NAME`: step through a saved session as it was played, and fork any
decision into a new session."""

from __future__ import annotations

from ..errors import CliError
from ..messages import describe, say


def add_parser(sub) -> None:
    s = sub.add_parser(
        "replay",
        help="step through a saved session, and fork it at a decision",
        description="Step through a saved session (finished or not) as it was played: → and ← go inject by "
        "inject, . and , event by event, with the facilitator's view of each moment and the log with its "
        "times (answers, observations, notes). f forks a new session before the next decision and offers "
        "to open it; the session replayed is not changed.",
    )
    s.add_argument("name", metavar="NAME", help="the session's name (see `tabletop sessions`)")
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: the session's)")


def run(args) -> int:
    from tabletop.sessions.game import Game
    from tabletop.sessions.store import StoreError

    from ..launch import run_app
    from ..loading import load_catalog_or_fail, open_store, session_loader
    from .play import interactive

    catalog = load_catalog_or_fail()
    store = open_store()
    try:
        game = Game.resume(store, args.name, session_loader(catalog), as_played=True)
    except StoreError as e:
        raise CliError(describe(e)) from None
    if not interactive():
        raise CliError(say("needs_terminal", command="replay"))

    def screen(app):
        from ...app.screens import ReplayScreen

        return ReplayScreen(game)

    return run_app(lang=args.lang or game.started.lang, store=store, catalog=catalog, start_screen=screen)
