"""`tabletop practices`: the good-practice catalogue."""

from __future__ import annotations

from .. import exit_codes
from ..arguments import add_json


def add_parser(sub) -> None:
    s = sub.add_parser(
        "practices", help="the good-practice catalogue", description="Show the good-practice catalogue."
    )
    add_json(s)
    s.add_argument("--lang", choices=("ja", "en"), help="language of the titles (default: from the locale)")


def run(args) -> int:
    from tabletop.engine.encode import to_json
    from tabletop.engine.text import clean

    from ..lang import default_lang
    from ..loading import load_catalog_or_fail, text_json

    catalog = load_catalog_or_fail()
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": text_json(p.title),
                "category": p.category,
                "sources": list(p.sources),
                "references": list(p.references),
                "rationale": text_json(p.rationale),
            }
            for p in catalog.practices.values()
        ]
        print(to_json(rows, indent=2))
        return exit_codes.OK
    lang = args.lang or default_lang()
    for p in catalog.practices.values():
        src = ", ".join(p.sources) or "-"
        print(f"{p.id}  [{p.category}]  ({src})")
        print(f"    {clean(p.title.get(lang))}")
    return exit_codes.OK
