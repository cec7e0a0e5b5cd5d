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
    from tabletop.engine.catalog import builtin_files, pack_files
    from tabletop.engine.encode import to_json

    from ..errors import CliError
    from ..lang import default_lang
    from ..loading import load_catalog_or_fail, load_or_fail

    catalog = load_catalog_or_fail()
    rows = [dict(summary(load_or_fail(str(f), catalog)), origin="built-in") for f in builtin_files()]
    packs, problems = pack_files()
    for f in packs:
        try:
            rows.append(dict(summary(load_or_fail(str(f), catalog)), origin=str(f)))
        except CliError as e:
            problems.append(str(e))
    for msg in problems:
        print(f"tabletop: {msg}", file=sys.stderr)
    if args.json:
        print(to_json(rows, indent=2))
        return exit_codes.OK
    lang = default_lang()
    for r in rows:
        title = r["title"].get(lang) or r["title"].get("en")
        print(f"{r['id']:<42} {title}")
        origin = "" if r["origin"] == "built-in" else f", from {r['origin']}"
        print(
            f"{'':<42} {r['decisions']} decisions, {r['endings']} endings, {'/'.join(r['languages'])}{origin}"
        )
    return exit_codes.OK
