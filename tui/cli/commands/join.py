"""`tabletop join NAME --view projector | --role R`: follow a facilitated drill on the
room's screen, or answer as one role. Either shows only what its audience may see; start
it late or again after it was closed, and it catches up from the session's log."""

from __future__ import annotations

from ..errors import CliError
from ..messages import say


def add_parser(sub) -> None:
    s = sub.add_parser(
        "join",
        help="follow a facilitated drill: the projector view or a role terminal",
        description="Follow a facilitated drill run with `tabletop facilitate`. --view projector shows the "
        "room's screen: the injects released to everyone, the clock, the question at hand (never the "
        "facilitator's notes, rubrics, feedback or the score). --role R is one role's terminal: the injects "
        "to everyone and to R, and R's question, whose answer it proposes (number + Enter) for the "
        "facilitator to confirm or override. Both follow the console within a second; a terminal closed by "
        "mistake is opened again with the same command.",
    )
    s.add_argument("name", metavar="NAME", help="the session's name (printed by `tabletop facilitate`)")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--view", choices=("projector",), help="the room's screen")
    who.add_argument("--role", metavar="R", help="one role's terminal (a role id of the scenario)")
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: the session's)")


def run(args) -> int:
    from ..launch import run_app
    from ..loading import load_catalog_or_fail, open_store
    from .facilitate import open_facilitated
    from .play import interactive

    catalog = load_catalog_or_fail()
    store = open_store()
    game = open_facilitated(args.name, catalog, store)
    roles = game.state.roles
    if args.role is not None and args.role not in roles:
        raise CliError(say("unknown_roles", roles=args.role, known=", ".join(roles)))
    if not interactive():  # after the checks: a script learns first what is wrong with its arguments
        raise CliError(say("needs_terminal", command="join"))

    def screen(app):
        from ...app.screens import ProjectorScreen, RoleScreen

        return RoleScreen(game, args.role) if args.role else ProjectorScreen(game)

    return run_app(lang=args.lang or game.started.lang, store=store, catalog=catalog, start_screen=screen)
