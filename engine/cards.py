"""A scenario's card: what the library and `tabletop list` show of it, without its graph.

A card is small and plain (no nodes), so a shell can keep it in a cache keyed by the
digest of everything it was derived from (engine.catalog.source_digest) and show a whole
library of scenarios without loading one of them. In the cache it is plain JSON
(``card_data``), written and read here rather than by the event converter: `tabletop
list` reads it as it is, without importing the model or cattrs, and the library makes
Card objects from it without the model either (its values are engine.values').
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .values import Source, Text

if TYPE_CHECKING:
    from .model import Catalog, Scenario


@attrs.frozen
class Card:
    id: str
    title: Text
    summary: Text | None = None
    source: Source | None = None
    type: str = ""
    sector: str = ""
    tags: tuple[str, ...] = ()
    attack: tuple[str, ...] = ()
    difficulty: str = ""
    duration: int = 0
    roles: tuple[str, ...] = ()
    role_names: dict[str, Text] = attrs.field(factory=dict)  # the scenario's label, else the catalogue's
    languages: tuple[str, ...] = ()
    nodes: int = 0
    decisions: int = 0
    endings: int = 0
    practices: tuple[str, ...] = ()
    path: str = ""

    def role_name(self, role: str, lang: str) -> str:
        name = self.role_names.get(role)
        return name.get(lang) if name is not None else role


def _text_data(t: Text | None):
    return None if t is None else {k: v for k, v in (("ja", t.ja), ("en", t.en), ("any", t.any)) if v}


def _text(d) -> Text | None:
    if d is None:
        return None
    if not isinstance(d, dict) or not all(isinstance(v, str) for v in d.values()):
        raise ValueError("not a text")
    return Text(d.get("ja"), d.get("en"), d.get("any"))


def card_data(c: Card) -> dict:
    """A card as JSON-ready data."""
    return {
        "id": c.id,
        "title": _text_data(c.title),
        "summary": _text_data(c.summary),
        "source": {"report": c.source.report, "case": c.source.case} if c.source else None,
        "type": c.type,
        "sector": c.sector,
        "tags": list(c.tags),
        "attack": list(c.attack),
        "difficulty": c.difficulty,
        "duration": c.duration,
        "roles": list(c.roles),
        "role_names": {r: _text_data(t) for r, t in c.role_names.items()},
        "languages": list(c.languages),
        "nodes": c.nodes,
        "decisions": c.decisions,
        "endings": c.endings,
        "practices": list(c.practices),
    }


def from_data(d) -> Card | None:
    """The card back from ``card_data``, or None for anything that is not one (a cache is
    never trusted)."""
    try:
        src = d["source"]
        return Card(
            id=str(d["id"]),
            title=_text(d["title"]),
            summary=_text(d["summary"]),
            source=Source(str(src["report"]), int(src["case"])) if src else None,
            type=str(d["type"]),
            sector=str(d["sector"]),
            tags=tuple(map(str, d["tags"])),
            attack=tuple(map(str, d["attack"])),
            difficulty=str(d["difficulty"]),
            duration=int(d["duration"]),
            roles=tuple(map(str, d["roles"])),
            role_names={str(r): _text(t) for r, t in d["role_names"].items()},
            languages=tuple(map(str, d["languages"])),
            nodes=int(d["nodes"]),
            decisions=int(d["decisions"]),
            endings=int(d["endings"]),
            practices=tuple(map(str, d["practices"])),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def card(scenario: Scenario, catalog: Catalog) -> Card:
    def role_text(role: str) -> Text:
        if role in scenario.role_labels:
            return scenario.role_labels[role]
        r = catalog.roles.get(role)
        return r.name if r else Text(any=role)

    return Card(
        id=scenario.id,
        title=scenario.title,
        summary=scenario.summary,
        source=scenario.source,
        type=scenario.type,
        sector=scenario.sector,
        tags=tuple(scenario.tags),
        attack=tuple(scenario.attack),
        difficulty=scenario.difficulty,
        duration=scenario.duration,
        roles=tuple(scenario.roles),
        role_names={r: role_text(r) for r in scenario.roles},
        languages=tuple(scenario.languages),
        nodes=len(scenario.nodes),
        decisions=len(scenario.decisions),
        endings=len(scenario.endings),
        practices=tuple(scenario.practice_ids()),
        path=scenario.path,
    )
