"""`tabletop facilitate ID|PATH`: run a facilitated drill from the facilitator console
(a new session in mode "facilitated", or with --session NAME an existing one reopened).
The room follows with `tabletop join NAME --view projector` and `--role R`."""

from __future__ import annotations

from ..arguments import add_lang, add_scenario
from ..errors import CliError
from ..messages import describe, say


def add_parser(sub) -> None:
    s = sub.add_parser(
        "facilitate",
        help="run a facilitated drill from the facilitator console",
        description="Run a facilitated drill: the facilitator console shows everything (notes, discussion "
        "questions, rubrics, scores) and releases the injects to the room one by one; the room follows on "
        "`tabletop join NAME --view projector` and each role on `tabletop join NAME --role R`. With "
        "--session NAME of an existing facilitated session, its console is opened again. One console per "
        "session: a second one is refused, naming the first. See docs/facilitator.md.",
    )
    add_scenario(s)
    s.add_argument("--session", metavar="NAME", help="name the session, or reopen this facilitated session")
    s.add_argument(
        "--facilitator", metavar="NAME", default="", help="who facilitates (saved with the session)"
    )
    s.add_argument(
        "--participant", action="append", default=[], metavar="NAME", help="someone taking part (repeat)"
    )
    s.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="ROLE",
        help="a role the room plays (repeat; default: all)",
    )
    add_lang(s)
    s.add_argument(
        "--timer",
        type=_seconds,
        default=0,
        metavar="SECONDS",
        help="a timer per decision the room sees (10-7200)",
    )
    s.add_argument("--seed", type=int, help="seed for the scenario's random events (default: a random one)")


def _seconds(raw: str) -> int:
    import argparse

    if not raw.isdigit() or not 10 <= int(raw) <= 7200:
        raise argparse.ArgumentTypeError(say("bad_seconds", raw=raw))
    return int(raw)


def open_facilitated(name: str, catalog, store):
    """The facilitated session ``name`` as a Game, or a CliError that says why not."""
    from tabletop.sessions.game import Game
    from tabletop.sessions.store import StoreError

    from ..loading import session_loader

    try:
        game = Game.resume(store, name, session_loader(catalog))
    except StoreError as e:
        raise CliError(describe(e)) from None
    if not game.facilitated:
        raise CliError(say("not_facilitated", name=name))
    return game


def run(args) -> int:
    from tabletop.sessions.game import Game
    from tabletop.sessions.store import StoreError

    from ..lang import default_lang
    from ..launch import run_app
    from ..loading import load_catalog_or_fail, load_or_fail, open_store
    from .play import interactive

    catalog = load_catalog_or_fail()
    store = open_store()
    lang = args.lang or default_lang()
    if args.session and store.exists(args.session):
        game = open_facilitated(args.session, catalog, store)
        if not interactive():
            raise CliError(say("needs_terminal", command="facilitate"))
    else:
        if not interactive():  # before a session is made that no console would run
            raise CliError(say("needs_terminal", command="facilitate"))
        from tabletop.sessions.game import catalog_for

        scenario = load_or_fail(args.scenario, catalog)
        unknown = [r for r in args.role if r not in scenario.roles]
        if unknown:
            raise CliError(say("unknown_roles", roles=", ".join(unknown), known=", ".join(scenario.roles)))
        try:
            game = Game.new(
                scenario, catalog_for(args.scenario, catalog), args.scenario, store, args.session,
                args.seed, tuple(args.role), lang, "facilitated", False, args.timer,
                args.facilitator, tuple(args.participant),
            )  # fmt: skip
        except StoreError as e:
            raise CliError(describe(e)) from None
        print(say("facilitating", name=game.name))

    def console(app):
        from ...app.screens import ConsoleScreen

        return ConsoleScreen(game)

    return run_app(lang=lang, store=store, catalog=catalog, start_screen=console)
