"""`tabletop resume NAME`: continue a saved session (a finished one shows its debrief)."""

from __future__ import annotations

import sys


def add_parser(sub) -> None:
    s = sub.add_parser(
        "resume",
        help="continue a saved session",
        description="Continue a saved session where it stopped (a finished one shows its debrief).",
    )
    s.add_argument("name", metavar="NAME", help="the session's name (see `tabletop sessions`)")
    s.add_argument("--plain", action="store_true", help="plain line mode")
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: the session's)")
    s.add_argument("--learn", action="store_true", help="learn mode: show the feedback after each decision")
    changed = s.add_mutually_exclusive_group()
    changed.add_argument(
        "--as-played",
        action="store_true",
        help="if the scenario has changed since, open the session on the version it was played on",
    )
    changed.add_argument(
        "--fork",
        action="store_true",
        help="start a new session on the scenario's current version, its answers replayed as far as they fit",
    )


def run(args) -> int:
    from ..plain import play_plain
    from .play import interactive

    if args.plain or not interactive():
        if not args.plain:
            from ..lang import default_lang as _lang
            from ..plain import t as _t

            print(_t("not_tty_resume", args.lang or _lang()), file=sys.stderr)
        args.resume = args.name
        return play_plain(args)
    from ..launch import run_app

    return run_app(
        lang=args.lang, resume=args.name, learn=args.learn, as_played=args.as_played, fork=args.fork
    )
