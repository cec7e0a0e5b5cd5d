"""`tabletop control EXERCISE`: the control cell of an exercise played by many teams at
once. Every session named EXERCISE.TEAM is one team (sessions/exercise.py); the screen
shows each team's scenario, position, score and time since its last decision, marks the
stalled ones, and sends an ad-hoc inject to one team or to all. ``--plain``/``--json``
print the listing once; ``--inject TEXT`` writes an inject without the screen."""

from __future__ import annotations

import sys

from .. import exit_codes
from ..arguments import add_json, add_lang
from ..errors import CliError
from ..messages import current, describe, say


def add_parser(sub) -> None:
    s = sub.add_parser(
        "control",
        help="the control cell: every team of an exercise, stalled teams, ad-hoc injects",
        description="Watch every team of an exercise at once. A session belongs to exercise E when it is "
        "named E.TEAM (`tabletop play ID --session E.TEAM`, or `tabletop facilitate ID --session E.TEAM`). "
        "The screen lists each team's scenario, position (the entry its story is at), decisions, score and "
        "the time since its last decision, reads the sessions again every second and marks a team that "
        "is still playing but has made no decision for --stalled minutes. `i` sends an ad-hoc inject to "
        "the highlighted team, `a` to every playing team; it appears on the team's screen within a "
        "second. See docs/serve.md.",
    )
    s.add_argument(
        "exercise", metavar="EXERCISE", help="the exercise: the part of the session names before the dot"
    )
    s.add_argument(
        "--stalled",
        type=_minutes,
        default=None,
        metavar="MINUTES",
        help="a playing team with no decision for this long is stalled (default: 10)",
    )
    how = s.add_mutually_exclusive_group()
    how.add_argument("--plain", action="store_true", help="print the teams once, as text, and exit")
    add_json(how)
    s.add_argument(
        "--inject",
        metavar="TEXT",
        help="write this ad-hoc inject to every playing team (or to --team) and exit",
    )
    s.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="TEAM",
        help="with --inject: only to this team (repeat)",
    )
    s.add_argument(
        "--store",
        metavar="URL",
        help="where the teams' sessions are kept: postgresql://USER@HOST/DB, or a SQLite file "
        "(default: tabletop's --store, $TABLETOP_STORE, else sessions.db in the data directory)",
    )
    add_lang(s)


def _minutes(raw: str) -> float:
    import argparse

    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not 0 < value <= 24 * 60:
        raise argparse.ArgumentTypeError(say("bad_stalled", raw=raw))
    return value


def run(args) -> int:
    from tabletop.sessions.exercise import STALLED_MINUTES, Exercise
    from tabletop.sessions.store import StoreError

    from ..loading import load_catalog_or_fail, open_store, session_loader
    from .play import interactive

    if args.team and args.inject is None:
        raise CliError(say("team_needs_inject"))
    catalog = load_catalog_or_fail()
    store = open_store()
    try:
        exercise = Exercise(store, args.exercise, session_loader(catalog), args.stalled or STALLED_MINUTES)
    except StoreError as e:
        raise CliError(describe(e)) from None
    lang = args.lang or current()
    try:
        if args.inject is not None:
            return _inject(exercise, args.inject, args.team)
        if args.json or args.plain:
            return _listing(exercise, lang, args.json)
    except StoreError as e:
        raise CliError(describe(e)) from None
    if not interactive():
        raise CliError(say("needs_terminal", command="control"))
    from ..launch import run_app

    def screen(app):
        from ...app.screens import ControlScreen

        return ControlScreen(exercise)

    return run_app(lang=lang, store=store, catalog=catalog, start_screen=screen)


def _inject(exercise, text: str, teams: list[str]) -> int:
    if not text.strip():
        raise CliError(say("cc_empty_inject"))
    names = [f"{exercise.name}.{t}" for t in teams] or None
    done = exercise.send(text, names)
    if not done:
        print(say("cc_sent_none", exercise=exercise.name), file=sys.stderr)
        return exit_codes.FINDINGS
    print(say("cc_sent", n=len(done), teams=", ".join(n.split(".", 1)[1] for n in done)))
    return exit_codes.OK


def _listing(exercise, lang: str, as_json: bool) -> int:
    from tabletop.engine.encode import to_json
    from tabletop.engine.text import one_line

    from ...app.screens.control import idle_text

    teams = exercise.teams(lang)
    minutes = exercise.stalled_seconds / 60
    if as_json:
        data = {
            "exercise": exercise.name,
            "stalled_minutes": minutes,
            "teams": [t.as_data() for t in teams],
        }
        print(to_json(data, indent=2))
        return exit_codes.OK
    if not teams:
        print(say("cc_no_teams", exercise=exercise.name), file=sys.stderr)
        return exit_codes.OK
    print(
        say(
            "cc_heading",
            exercise=exercise.name,
            n=len(teams),
            stalled=sum(t.stalled for t in teams),
            m=f"{minutes:g}",
        )
    )
    print(say("cc_columns"))
    for t in teams:
        state = say("cc_stalled_mark") if t.stalled else say(f"cc_state_{t.status}")
        if t.error:
            print("\t".join([t.team, one_line(t.error), "", "", "", "", state]))
            continue
        position = t.position + ("" if t.waiting_for in ("decide", "over") else f" ({t.waiting_for})")
        idle = idle_text(t.idle) if t.status == "playing" else "-"
        print("\t".join([t.team, one_line(t.title), position, str(t.decisions), str(t.score), idle, state]))
    return exit_codes.OK
