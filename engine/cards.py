"""A scenario's card: what the library and `tabletop list` show of it, without its graph.

A card is small and plain (no nodes), so a shell can keep it in a cache keyed by the
digest of everything it was derived from (engine.catalog.source_digest) and show a whole
library of scenarios without loading one of them.
"""

from __future__ import annotations

import attrs

from .model import Catalog, Scenario, Source, Text


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
