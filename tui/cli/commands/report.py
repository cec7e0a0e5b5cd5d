"""`tabletop report NAME`: a saved session's debrief as Markdown, HTML, JSON, CSV or text."""

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


def run(args) -> int:
    from tabletop.engine.report import render
    from tabletop.sessions.game import Game, ScenarioChanged
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
    emit(render(game.debrief(), game.catalog, lang, args.format), args.output)
    return exit_codes.OK
