"""`tabletop show`: one scenario, loaded and checked (or as JSON, whole)."""

from __future__ import annotations

from .. import exit_codes
from ..arguments import add_lang, add_scenario


def add_parser(sub) -> None:
    s = sub.add_parser("show", help="show one scenario", description="Show one scenario, loaded and checked.")
    add_scenario(s)
    s.add_argument("--json", action="store_true", help="print the whole loaded scenario as JSON")
    add_lang(s)


def scenario_json(scenario) -> dict:
    """The whole loaded scenario, for `show --json`."""
    from ..loading import source_json, text_json

    def edges(es):
        return [{"to": e.to, "when": e.when, "chance": e.chance} for e in es]

    def effects(ef):
        return {"set": dict(ef.set), "add": dict(ef.add), "advance": ef.advance}

    def option(o):
        return {
            "id": o.id,
            "text": text_json(o.text),
            "practices": dict(o.practices),
            "effects": effects(o.effects),
            "feedback": text_json(o.feedback),
            "next": edges(o.next),
        }

    nodes = {}
    for n in scenario.nodes.values():
        d = {
            "kind": n.kind,
            "facilitator": text_json(n.facilitator),
            "discussion": [text_json(t) for t in n.discussion],
        }
        if n.kind == "decision":
            qs = [
                {"role": q.role, "prompt": text_json(q.prompt), "options": [option(o) for o in q.options]}
                for q in n.questions
            ]
            d["questions"] = qs
            if len(qs) == 1:
                d.update(role=qs[0]["role"], prompt=qs[0]["prompt"], options=qs[0]["options"])
            d["time_limit"] = n.time_limit
        else:
            d["text"] = text_json(n.text)
        if n.kind == "ending":
            d["outcome"] = n.outcome
            d["title"] = text_json(n.title)
        if n.kind == "inject":
            d["audience"] = list(n.audience)
        d["effects"] = effects(n.effects)
        d["next"] = edges(n.next)
        nodes[n.id] = d
    out = {
        "format": scenario.format,
        "id": scenario.id,
        "title": text_json(scenario.title),
        "source": source_json(scenario),
        "summary": text_json(scenario.summary),
        "type": scenario.type,
        "sector": scenario.sector,
        "tags": list(scenario.tags),
        "attack": list(scenario.attack),
        "difficulty": scenario.difficulty,
        "duration": scenario.duration,
        "roles": list(scenario.roles),
        "role_labels": {r: text_json(t) for r, t in scenario.role_labels.items()},
        # where an import came from: the source's ids the export gives back (docs/format.md)
        "origin": (
            {
                "tool": scenario.origin.tool,
                "ids": dict(scenario.origin.ids),
                "teams": dict(scenario.origin.teams),
            }
            if scenario.origin is not None
            else None
        ),
        "languages": list(scenario.languages),
        "variables": {
            v.name: {
                "kind": v.kind,
                "start": v.start,
                "min": v.min,
                "max": v.max,
                "label": text_json(v.label),
            }
            for v in scenario.variables.values()
        },
        "start": scenario.start,
        "nodes": nodes,
        "debrief": {
            "what_happened": text_json(scenario.debrief.what_happened),
            "lessons": list(scenario.debrief.lessons),
        },
        # what a facilitator watches for: the objectives and their critical tasks
        "objectives": [
            {
                "id": ob.id,
                "title": text_json(ob.title),
                "tasks": [
                    {
                        "id": t.id,
                        "text": text_json(t.text),
                        "practices": list(t.practices),
                        "answers": ["/".join(x for x in a if x) for a in t.answers],
                        "when": t.when,
                        "by": t.by,
                        "rated": t.rated,
                        "at": t.at,
                    }
                    for t in ob.tasks
                ],
            }
            for ob in scenario.objectives
        ],
    }
    return out


def run(args) -> int:
    from tabletop.engine.cards import card, card_data
    from tabletop.engine.encode import to_json
    from tabletop.engine.text import clean

    from ..loading import load_catalog_or_fail, load_or_fail
    from ..messages import current, say
    from .list import summary

    catalog = load_catalog_or_fail()
    scenario = load_or_fail(args.scenario, catalog)
    if args.json:
        print(to_json(scenario_json(scenario), indent=2))
        return exit_codes.OK

    lang = args.lang or current()
    print(clean(scenario.title.get(lang)))
    if scenario.summary:
        print(clean(scenario.summary.get(lang)))
    print()
    s = summary(card_data(card(scenario, catalog)))
    src = scenario.source.case_id if scenario.source else "-"
    roles = ", ".join(scenario.role_name(catalog, r, lang) for r in scenario.roles)
    print(say("show_ids", id=scenario.id, src=src, langs="/".join(s["languages"])))
    print(say("show_roles", roles=roles))
    print(
        say(
            "show_kind",
            type=scenario.type or "-",
            sector=scenario.sector or "-",
            difficulty=scenario.difficulty or "-",
            minutes=scenario.duration,
        )
    )
    print(
        say(
            "show_counts",
            nodes=s["nodes"],
            d=s["decisions"],
            e=s["endings"],
            p=len(s["practices"]),
        )
    )
    if scenario.origin is not None:  # an import that keeps the source's ids (docs/import.md)
        o = scenario.origin
        fmt = {"icebergttx": "iceberg"}.get(o.tool, o.tool)
        print(say("show_origin", tool=clean(o.tool), ids=len(o.ids), teams=len(o.teams), fmt=clean(fmt)))
    return exit_codes.OK
