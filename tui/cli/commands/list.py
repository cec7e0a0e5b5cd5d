"""`tabletop list`: the built-in and installed scenarios."""

from __future__ import annotations

import sys

from .. import exit_codes
from ..arguments import add_json


def add_parser(sub) -> None:
    s = sub.add_parser("list", help="list the scenarios", description="List the built-in scenarios.")
    add_json(s)


def summary(scenario) -> dict:
    from ..loading import source_json, text_json

    return {
        "id": scenario.id,
        "title": text_json(scenario.title),
        "source": source_json(scenario),
        "languages": list(scenario.languages),
        "roles": list(scenario.roles),
        "type": scenario.type,
        "sector": scenario.sector,
        "difficulty": scenario.difficulty,
        "duration": scenario.duration,
        "nodes": len(scenario.nodes),
        "decisions": len(scenario.decisions),
        "endings": len(scenario.endings),
        "practices": scenario.practice_ids(),
    }


def run(args) -> int:
    from tabletop.engine.catalog import builtin_files, pack_files, source_digest
    from tabletop.engine.encode import to_json
    from tabletop.sessions.cache import DigestCache

    from ..errors import CliError
    from ..loading import load_catalog_or_fail, load_or_fail
    from ..messages import current, say

    # A summary is loaded (and graph-checked) only when the cache has none for the file's
    # digest; the catalogue is read once, and only then.
    cache = DigestCache("summaries")
    catalog = None

    def row(f, ref):
        nonlocal catalog
        key = source_digest(f, f.read_bytes())
        found = cache.get(key)
        if found is not None:
            return found
        if catalog is None:
            catalog = load_catalog_or_fail()
        found = summary(load_or_fail(ref, catalog))
        cache.put(key, found)
        return found

    rows = [dict(row(f, f), origin="built-in") for f in builtin_files()]
    packs, problems = pack_files()
    for f in packs:
        try:
            rows.append(dict(row(f, str(f)), origin=str(f)))
        except CliError as e:
            problems.append(str(e))
        except OSError as e:
            problems.append(f"{f}: {e.strerror or e}")
    cache.save()
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
