"""`tabletop report NAME`: a saved session's debrief as Markdown, HTML, JSON, CSV or text
(a facilitated drill's: the after-action report, and the MSEL as delivered as CSV); with
``--plan``, the drill's improvement plan listed, or a row of it added or replaced."""

from __future__ import annotations

import sys

from .. import exit_codes


def add_parser(sub) -> None:
    s = sub.add_parser(
        "report",
        help="write a session's debrief",
        description="Write the debrief of a saved session as Markdown, HTML, JSON, CSV or text. JSON has "
        "`decisions`, the ordered list of {node, role, option, at}; CSV has one row per answer.",
    )
    s.add_argument("name", metavar="NAME", help="the session's name (see `tabletop sessions`)")
    s.add_argument(
        "--format", choices=("md", "html", "json", "csv", "text"), default="md", help="default: md"
    )
    s.add_argument("--lang", choices=("ja", "en"), help="language (default: the session's)")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    from ..messages import say

    s.add_argument("--plan", nargs="?", const="", metavar="ITEM", help=say("plan_help"))
    s.add_argument("--action", metavar="TEXT", help=say("plan_action_help"))
    s.add_argument("--owner", metavar="NAME", default="", help=say("plan_owner_help"))
    s.add_argument("--due", metavar="YYYY-MM-DD", default="", help=say("plan_due_help"))


def run(args) -> int:
    if args.plan is not None or args.action is not None or args.owner or args.due:
        return _plan(args)
    from tabletop.engine.report import render
    from tabletop.sessions.game import Game, ScenarioChanged, evaluate, stamp
    from tabletop.sessions.store import StoreError

    from ..errors import CliError
    from ..lang import default_lang
    from ..loading import load_catalog_or_fail, open_store, session_loader
    from ..messages import describe, say
    from ..output import emit

    store = open_store(readonly=True)
    try:
        load = session_loader(load_catalog_or_fail())
        try:
            game = Game.resume(store, args.name, load)
        except ScenarioChanged as e:
            if not e.kept:
                raise
            # a report tells what happened: on the version it happened on
            game = Game.resume(store, args.name, load, as_played=True)
            print(say("as_played"), file=sys.stderr)
    except StoreError as e:
        raise CliError(describe(e)) from None
    finally:
        store.close()
    lang = args.lang or game.state.lang or default_lang()
    if game.state.facilitated:  # the after-action report: the evaluation holds the debrief
        ev = evaluate(game, now=None if game.state.ended else stamp())  # a drill still running: so far
        emit(render(ev.debriefing, game.catalog, lang, args.format, ev), args.output)
        return exit_codes.OK
    emit(render(game.debrief(), game.catalog, lang, args.format), args.output)
    return exit_codes.OK


def _plan(args) -> int:
    """``--plan``: list the plan's rows, or (with ITEM and --action) add or replace one,
    committed to the session through Game like any facilitator's action."""
    import re
    from datetime import date

    from tabletop.engine.text import clean
    from tabletop.sessions.game import Game, Overtaken
    from tabletop.sessions.store import StoreError

    from ..errors import CliError
    from ..loading import load_catalog_or_fail, open_store, session_loader
    from ..messages import describe, say

    item = (args.plan or "").strip()
    if not item and (args.action is not None or args.owner or args.due):
        raise CliError(say("plan_needs_item"))
    if item and args.action is None:
        raise CliError(say("plan_needs_action", item=item))
    if args.due:  # ISO dates only: a spreadsheet or a reader elsewhere reads them the same
        try:
            ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.due)) and date.fromisoformat(args.due)
        except ValueError:
            ok = False
        if not ok:
            raise CliError(say("plan_bad_due", due=args.due))
    store = open_store(readonly=not item)
    try:
        game = Game.resume(store, args.name, session_loader(load_catalog_or_fail()), as_played=True)
        if not game.state.facilitated:
            raise CliError(say("plan_not_facilitated", name=args.name))
        if item:
            if not args.action.strip():
                raise CliError(say("plan_needs_action", item=item))
            try:
                game.plan(item, args.action, args.owner, args.due, by="cli")
            except Overtaken:  # a plan row is always retried; this is only a safeguard
                raise CliError(say("plan_retry")) from None
            print(clean(say("plan_saved", item=item, name=args.name)), file=sys.stderr)
        rows = game.state.plan
    except StoreError as e:
        raise CliError(describe(e)) from None
    finally:
        store.close()
    if not rows:
        print(say("plan_empty", name=args.name))
    for r in rows:  # typed text: shown as text, never as a terminal's escape sequence
        print(clean(" | ".join(x or "-" for x in (r.item, r.action, r.owner, r.due))))
    return exit_codes.OK
