"""`tabletop play`: play a scenario in the terminal UI, or in plain line mode."""

from __future__ import annotations

import sys

from ..arguments import add_lang, add_scenario
from ..errors import CliError
from ..messages import describe, say


def add_parser(sub) -> None:
    s = sub.add_parser(
        "play",
        help="play a scenario",
        description="Play a scenario in the terminal UI (solo: you play every role). --plain plays in plain "
        "line mode instead: injects are printed, and an option number or id is read at each decision. "
        "Every session is saved as it is played; see `tabletop sessions` and `tabletop resume`.",
    )
    add_scenario(s)
    s.add_argument(
        "--plain", action="store_true", help="plain line mode (for scripts, screen readers and CI)"
    )
    add_lang(s)
    s.add_argument(
        "--seed", type=int, help="seed for the scenario's random events (default: a random one, printed)"
    )
    s.add_argument(
        "--role", action="append", default=[], metavar="ROLE", help="a role you play (repeat; default: all)"
    )
    s.add_argument("--learn", action="store_true", help="learn mode: show the feedback after each decision")
    s.add_argument(
        "--timer",
        type=_minutes,
        default=0,
        metavar="MIN",
        help="a decision timer of MIN minutes (1-120), saved with the session",
    )
    s.add_argument(
        "--session", metavar="NAME", help="name the saved session (default: the scenario and the time)"
    )
    s.add_argument(
        "--watch",
        action="store_true",
        help="for authors: reload the scenario file whenever it is saved, replaying the answers so far, "
        "and show the validation findings (terminal UI; the preview is not saved as a session)",
    )


def _minutes(raw: str) -> int:
    """Minutes on the command line, seconds in the session."""
    import argparse

    if not raw.isdigit() or not 1 <= int(raw) <= 120:
        raise argparse.ArgumentTypeError(say("bad_minutes", raw=raw))
    return int(raw) * 60


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(args) -> int:
    from ..lang import default_lang
    from ..plain import play_plain

    if args.watch and (args.plain or not interactive()):
        raise CliError(say("watch_needs_tui"))
    if args.watch:
        from tabletop.engine.catalog import ScenarioNotFound, find

        try:
            if not isinstance(find(args.scenario), str):
                raise CliError(say("watch_needs_file"))
        except ScenarioNotFound as e:
            raise CliError(describe(e)) from None
    if args.plain:
        return play_plain(args)
    if not interactive():
        from ..lang import default_lang as _lang
        from ..plain import t as _t

        print(_t("not_tty_play", args.lang or _lang()), file=sys.stderr)
        return play_plain(args)
    from ..launch import run_app

    return run_app(
        lang=args.lang or default_lang(),
        scenario=args.scenario,
        session=args.session,
        seed=args.seed,
        roles=tuple(args.role),
        learn=args.learn,
        timer=args.timer,
        watch=args.watch,
    )
