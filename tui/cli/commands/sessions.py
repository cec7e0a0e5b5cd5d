"""`tabletop sessions`: the saved sessions, newest first; repair, rename or delete one."""

from __future__ import annotations

import sys

from .. import exit_codes
from ..arguments import add_json
from ..errors import CliError
from ..messages import current, describe, say


def add_parser(sub) -> None:
    s = sub.add_parser(
        "sessions",
        help="list saved sessions (or repair, rename, delete one)",
        description="List the saved sessions, newest first: name, state, decisions, score, scenario. "
        "--repair NAME drops the events after the first conflict of a session two terminals wrote to "
        "at once with an older Tabletop; --rename OLD NEW and --delete NAME do what they say. "
        "Each asks first unless --yes is given.",
    )
    add_json(s)
    what = s.add_mutually_exclusive_group()
    what.add_argument("--repair", metavar="NAME", help="drop the events after the session's first conflict")
    what.add_argument("--delete", metavar="NAME", help="delete a saved session")
    what.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a saved session")
    s.add_argument("--yes", "-y", action="store_true", help="do not ask before repairing or deleting")


def _t(key: str, **kw) -> str:
    return say(key, **kw)


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise CliError(question + " " + _t("not_asked"))
    try:
        answer = input(f"{question} [y/N] ")
    except (EOFError, KeyboardInterrupt):
        answer = ""
    if answer.strip().lower() not in ("y", "yes", "はい"):
        raise CliError(_t("unchanged"), exit_codes.FINDINGS)


def _change(args) -> int:
    from tabletop.engine.play import Decided
    from tabletop.sessions.game import first_conflict, repair, scenario_played
    from tabletop.sessions.store import StoreError

    from ..loading import load_catalog_or_fail, open_store, session_loader

    store = open_store()
    try:
        if args.rename:
            old, new = args.rename
            store.rename(old, new)
            print(_t("renamed", old=old, new=new))
        elif args.delete:
            info = store.info(args.delete)
            _confirm(_t("delete_q", name=info.name, n=info.decisions, state=_t(info.status)), args.yes)
            store.delete(info.name)
            print(_t("deleted", name=info.name))
        else:
            name = args.repair
            info = store.info(name)
            load = session_loader(load_catalog_or_fail())
            events = store.events(name)
            scenario, _ = scenario_played(store, name, load)
            bad = first_conflict(scenario, events)
            if bad is None:
                print(_t("sound", name=name))
                return exit_codes.OK
            lost = sum(isinstance(e, Decided) for e in events[bad:])
            _confirm(
                _t(
                    "repair_q",
                    name=name,
                    n=bad + 1,
                    total=len(events),
                    after=len(events) - bad - 1,
                    lost=lost,
                ),
                args.yes,
            )
            kept, dropped = repair(store, name, load)
            print(_t("repaired", name=name, kept=kept, dropped=dropped))
    except StoreError as e:
        raise CliError(describe(e)) from None
    finally:
        store.close()
    return exit_codes.OK


def run(args) -> int:
    from tabletop.engine.encode import to_json

    from ..loading import open_store

    if args.repair or args.delete or args.rename:
        return _change(args)
    store = open_store(readonly=True)
    try:
        rows = store.list()
    finally:
        store.close()
    if args.json:
        print(to_json([session_json(r) for r in rows], indent=2))
        return exit_codes.OK
    from tabletop.engine.text import clean, width

    lang = current()
    if not rows:
        print(say("none", lang))
        return exit_codes.OK
    col = max(width(r.name) for r in rows)
    states = {k: say(k, lang) for k in ("playing", "ended", "abandoned")}
    scol = max(map(width, states.values()))
    for r in rows:
        title = clean(r.title.get(lang) or r.title.get("en") or r.title.get("any") or r.scenario)
        state = states.get(r.status, r.status)
        fork = say("fork", lang, parent=r.parent, n=r.fork_at) if r.parent else ""
        score = "-" if r.score is None else str(r.score)
        print(
            f"{r.name}{' ' * (col - width(r.name))}  {r.updated[:16].replace('T', ' ')}  "
            f"{state}{' ' * (scol - width(state))} "
            + say("row", lang, n=r.decisions, score=score)
            + f"  {title}{fork}"
        )
    return exit_codes.OK


# the listing in the language of the locale (TABLETOP_LANG, LANG...), as the rest of the output


def session_json(r) -> dict:
    return {
        "name": r.name,
        "scenario": r.scenario,
        "ref": r.ref,
        "title": r.title,
        "created": r.created,
        "updated": r.updated,
        "status": r.status,
        "decisions": r.decisions,
        "score": r.score,
        "ending": r.ending,
        "parent": r.parent,
        "fork_at": r.fork_at,
    }
