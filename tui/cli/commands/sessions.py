"""`tabletop sessions`: the saved sessions, newest first."""

from __future__ import annotations

from .. import exit_codes
from ..arguments import add_json


def add_parser(sub) -> None:
    s = sub.add_parser(
        "sessions",
        help="list saved sessions",
        description="List the saved sessions, newest first: name, state, decisions, score, scenario.",
    )
    add_json(s)


def run(args) -> int:
    from tabletop.engine.encode import to_json

    from ..lang import default_lang
    from ..loading import open_store

    store = open_store()
    try:
        rows = store.list()
    finally:
        store.close()
    if args.json:
        print(to_json([session_json(r) for r in rows], indent=2))
        return exit_codes.OK
    if not rows:
        print("No saved sessions yet. Start one with `tabletop play ID`.")
        return exit_codes.OK
    from tabletop.engine.text import clean, width

    lang = default_lang()
    col = max(width(r.name) for r in rows)
    for r in rows:
        title = clean(r.title.get(lang) or r.title.get("en") or r.title.get("any") or r.scenario)
        state = {"playing": "in play", "ended": "ended", "abandoned": "stopped"}.get(r.status, r.status)
        fork = f" (fork of {r.parent} at decision {r.fork_at})" if r.parent else ""
        score = "-" if r.score is None else str(r.score)
        print(
            f"{r.name}{' ' * (col - width(r.name))}  {r.updated[:16].replace('T', ' ')}  {state:<8}"
            f" {r.decisions:>3} decisions  score {score:>4}  {title}{fork}"
        )
    return exit_codes.OK


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
