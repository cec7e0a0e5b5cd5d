"""A session being played: the scenario, its state and its saved log, kept in step.

Plain mode and the Textual app both drive a session through this class, so that every
answer, draw and note is committed to the session database before it is shown."""

from __future__ import annotations

import os
import secrets
import time

from tabletop.engine.catalog import find, overlay
from tabletop.engine.model import Catalog, Scenario
from tabletop.engine.play import (
    Decided,
    Ended,
    IllegalMove,
    Noted,
    Ruled,
    Started,
    State,
    fold,
    initial,
    step,
    waiting,
)

from .store import SessionInfo, Store, StoreError


def stamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def scenario_ref(ref: str) -> str:
    """What a session remembers to load its scenario from: a built-in id, or an absolute path."""
    f = find(ref)
    return os.path.abspath(f) if isinstance(f, str) else f.name.rsplit(".", 1)[0]


def catalog_for(ref: str, base: Catalog) -> Catalog:
    f = find(ref)
    return overlay(base, f) if isinstance(f, str) else base


class Game:
    def __init__(self, scenario: Scenario, catalog: Catalog, store: Store | None, name: str | None) -> None:
        self.scenario = scenario
        self.catalog = catalog
        self.store = store
        self.name = name
        self.events: list = []
        self.state: State = initial()
        self.warning: str | None = None

    # -- making and finding sessions -------------------------------------------------

    @classmethod
    def new(
        cls,
        scenario: Scenario,
        catalog: Catalog,
        ref: str,
        store: Store | None,
        name: str | None = None,
        seed: int | None = None,
        roles: tuple[str, ...] = (),
        lang: str = "en",
        mode: str = "solo",
    ) -> Game:
        if store is not None:
            name = store.create(
                name or store.unique_name(f"{scenario.id[:10]}-{time.strftime('%Y%m%d-%H%M%S')}"),
                scenario.id,
                scenario_ref(ref),
                {
                    k: v
                    for k, v in (
                        ("ja", scenario.title.ja),
                        ("en", scenario.title.en),
                        ("any", scenario.title.any),
                    )
                    if v
                },
            )
        g = cls(scenario, catalog, store, name)
        seed = secrets.randbelow(1_000_000) if seed is None else seed
        g.record(
            Started(scenario.id, scenario.digest, seed, tuple(roles) or scenario.roles, lang, mode, stamp())
        )
        return g

    @classmethod
    def resume(cls, store: Store, name: str, load) -> Game:
        """``load(ref) -> (scenario, catalog)`` loads the session's scenario."""
        info = store.info(name)
        events = store.events(name)
        scenario, catalog = load(info.ref)
        g = cls(scenario, catalog, store, name)
        if not events or not isinstance(events[0], Started):
            raise StoreError(f"session '{name}' has no start event; it cannot be resumed")
        if events[0].digest and events[0].digest != scenario.digest:
            g.warning = "changed"
        try:
            g.state = fold(scenario, events)
        except (IllegalMove, KeyError) as e:
            raise StoreError(
                f"session '{name}' no longer fits its scenario ({info.ref} changed since it was played): {e}"
            ) from None
        g.events = events
        return g

    def fork(self, decision: int, name: str | None = None) -> Game:
        """A new session with this one's events up to (not including) its decision number
        ``decision`` (1-based): the same seed, so the same draws until the paths part."""
        kept, seen = [], 0
        for e in self.events:
            if isinstance(e, Decided):
                seen += 1
                if seen >= decision:
                    break
            if isinstance(e, Ended):
                break
            kept.append(e)
        g = Game(self.scenario, self.catalog, self.store, None)
        if self.store is not None:
            info = self.store.info(self.name)
            g.name = self.store.create(
                name or self.store.unique_name(f"{self.name[:40]}-fork{decision}"),
                info.scenario,
                info.ref,
                info.title,
                parent=self.name,
                fork_at=decision,
            )
            self.store.append(g.name, kept, g._summary(fold(self.scenario, kept)))
        g.events = list(kept)
        g.state = fold(self.scenario, kept)
        return g

    # -- playing ---------------------------------------------------------------------

    def _summary(self, state: State) -> dict:
        status = "abandoned" if state.abandoned else "ended" if state.ended else "playing"
        return {
            "status": status,
            "decisions": len(state.choices),
            "score": state.score,
            "ending": state.node if state.ended and not state.abandoned else None,
        }

    def record(self, event) -> State:
        """Apply ``event`` (and the draws that follow), save them, and only then make them
        the current state."""
        new, events = step(self.scenario, self.state, event, stamp())
        if self.store is not None:
            self.store.append(self.name, events, self._summary(new))
        self.events += events
        self.state = new
        return new

    def decide(self, node: str, role: str, option: str, by: str = "", text: str = "") -> State:
        return self.record(Decided(node, role, option, stamp(), by, text))

    def rule(self, node: str, role: str, level: str, by: str = "self") -> State:
        """Settle the points of the answer just given: a facilitator's ruling, or in solo
        play the player's own rating against the rubric."""
        return self.record(Ruled(node, role, level, by, stamp()))

    def note(self, text: str, role: str = "") -> State:
        return self.record(Noted(text, role, stamp()))

    def abandon(self) -> State:
        return self.record(Ended("abandoned", stamp()))

    @property
    def waiting(self):
        return waiting(self.scenario, self.state)

    @property
    def decisions(self) -> int:
        return len(self.state.choices)

    def debrief(self):
        from tabletop.engine.scoring import debrief

        return debrief(self.scenario, self.catalog, self.state)


def describe(info: SessionInfo, lang: str) -> str:
    return info.title.get(lang) or info.title.get("any") or next(iter(info.title.values()), info.scenario)
