"""`tabletop list`: the built-in and installed scenarios."""

from __future__ import annotations

import sys

from .. import exit_codes
from ..arguments import add_json


def add_parser(sub) -> None:
    s = sub.add_parser("list", help="list the scenarios", description="List the built-in scenarios.")
    add_json(s)


def summary(card: dict) -> dict:
    """A scenario's card (engine.cards.card_data) as the rows of `list --json` give it."""
    title = card["title"]
    return {
        "id": card["id"],
        "title": {"ja": title["any"], "en": title["any"]} if title.get("any") else title,
        "source": card.get("source"),
        "languages": card["languages"],
        "roles": card["roles"],
        "type": card["type"],
        "sector": card["sector"],
        "difficulty": card["difficulty"],
        "duration": card["duration"],
        "nodes": card["nodes"],
        "decisions": card["decisions"],
        "endings": card["endings"],
        "practices": card["practices"],
    }


def run(args) -> int:
    from tabletop.engine.catalog import builtin_files, pack_files
    from tabletop.engine.encode import to_json
    from tabletop.sessions.cards import Shelf

    from ..errors import CliError
    from ..loading import load_catalog_or_fail, load_or_fail
    from ..messages import current, say

    # A scenario is loaded (and graph-checked) only when the cache has no card for the
    # file's digest; the catalogue is read once, and only then.
    shelf = Shelf()
    catalog = None

    def row(f, ref):
        def load():
            nonlocal catalog
            if catalog is None:
                catalog = load_catalog_or_fail()
            return load_or_fail(ref, catalog), catalog

        return summary(shelf.data(f, load))

    rows = [dict(row(f, f), origin="built-in") for f in builtin_files()]
    packs, problems = pack_files()
    for f in packs:
        try:
            rows.append(dict(row(f, str(f)), origin=str(f)))
        except CliError as e:
            problems.append(str(e))
        except OSError as e:
            problems.append(f"{f}: {e.strerror or e}")
    shelf.save()
    for msg in problems:
        print(f"tabletop: {msg}", file=sys.stderr)
    if args.json:
        print(to_json(rows, indent=2))
        return exit_codes.OK
    lang = current()
    for r in rows:
        title = r["title"].get(lang) or r["title"].get("en")
        print(f"{r['id']:<42} {title}")
        origin = "" if r["origin"] == "built-in" else f", {r['origin']}"
        counts = say("list_row", d=r["decisions"], e=r["endings"], langs="/".join(r["languages"]))
        print(f"{'':<42} {counts}{origin}")
    return exit_codes.OK
