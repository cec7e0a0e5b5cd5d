"""A session being played: the scenario, its state and its saved log, kept in step.

Plain mode and the Textual app both drive a session through this class, so that every
answer, draw and note is committed to the session database before it is shown."""

from __future__ import annotations

import os
import random
import threading
import time

from tabletop.engine.catalog import find, overlay
from tabletop.engine.model import Catalog, Scenario
from tabletop.engine.play import (
    FACILITATED,
    AdHoc,
    Adjusted,
    Decided,
    Drew,
    Ended,
    Hotwashed,
    IllegalMove,
    Noted,
    Observed,
    Overridden,
    Paused,
    Planned,
    Proposed,
    Released,
    Resumed,
    Ruled,
    Started,
    State,
    Step,
    apply,
    fold,
    initial,
    released_count,
    replay,
    step,
    waiting,
)

from .store import Conflict, SessionInfo, Store, StoreError, StoreProblem
from .versions import Version, archived, capture, from_blob, load_version, to_blob

# When another terminal wrote first, a move is tried again on the new log only if neither
# can change what the other means. These events mean the same whatever else was written:
# notes and observations are remarks on the play, the hotwash and the plan are remarks
# after it, an ad-hoc inject or an adjustment is the facilitator's word whatever the
# answers were, and a pause is about the room's clock.
INDEPENDENT = (Noted, Observed, Hotwashed, Planned, AdHoc, Adjusted, Paused, Resumed)
# ...and these, written by another terminal, leave the meaning of any move unchanged too: a
# release only shows more of the story (a role terminal's proposal must not be refused
# because the facilitator released an inject meanwhile), and a proposal is a suggestion
# that does not move it. A Released of one's own is not independent: "release the next
# entry" was meant for the feed as this terminal saw it. Decided, Ruled, Drew, Overridden
# and Ended change where the story is, so a move made before them is refused (Overtaken).
HARMLESS = (*INDEPENDENT, Released, Proposed)


class Overtaken(Exception):
    """Another terminal wrote to the session first, and what it wrote changes what this
    one was answering: nothing of this terminal's move was saved. The game has reloaded
    the log; ``events`` are the other terminal's events, for the shell to say what
    happened."""

    def __init__(self, events: list) -> None:
        super().__init__("the session moved on in another terminal")
        self.events = events

    @property
    def answers(self) -> list[Decided]:
        return [e for e in self.events if isinstance(e, Decided)]

    @property
    def stopped(self) -> bool:
        return any(isinstance(e, Ended) for e in self.events)


class ScenarioChanged(StoreError):
    """The session began on another version of its scenario than the one its file holds
    now. The shell asks what to do: show it as it was played (``Game.resume(...,
    as_played=True)``, possible when ``kept``) or fork its answers onto the new version
    (``Game.fork_onto_current``)."""

    kind = "scenario_changed"

    def __init__(self, name: str, ref: str, kept: bool) -> None:
        super().__init__(
            f"the scenario of session '{name}' ({ref}) has changed since it was played"
            + ("" if kept else "; the version it was played on was not kept")
        )
        self.name, self.ref, self.kept = name, ref, kept


def played_version(store: Store, digest: str) -> Version | None:
    """The record of the scenario version a session began on: kept in the session database
    since sessions keep them, else in the archive of built-in versions a release replaced."""
    blob = store.version(digest)
    return (from_blob(blob) if blob else None) or archived(digest)


def _as_played(store: Store, name: str, ref: str, digest: str, catalog: Catalog) -> tuple[Scenario, Catalog]:
    """The scenario version with ``digest`` that session ``name`` was played on, and its
    catalogue; ScenarioChanged when no record of it is kept, StoreError when one is but
    this Tabletop cannot read it."""
    version = played_version(store, digest)
    if version is None:
        raise ScenarioChanged(name, ref, False)
    scenario, cat, diags = load_version(version, catalog)
    if scenario is None:
        raise StoreProblem("version_unreadable", ref=ref, name=name, detail=str(diags[0]) if diags else "?")
    return scenario, cat


def _source(ref: str) -> bytes | None:
    """The scenario file's bytes, to keep as the session's version record. (The loader does
    not keep them; ``capture`` checks they are still the bytes it loaded.)"""
    from pathlib import Path

    try:
        f = find(ref)
        return Path(f).read_bytes() if isinstance(f, str) else f.read_bytes()
    except (OSError, LookupError):
        return None


def stamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def scenario_ref(ref: str) -> str:
    """What a session remembers to load its scenario from: a built-in id, or an absolute path."""
    f = find(ref)
    return os.path.abspath(f) if isinstance(f, str) else f.name.rsplit(".", 1)[0]


def catalog_for(ref: str, base: Catalog) -> Catalog:
    f = find(ref)
    return overlay(base, f) if isinstance(f, str) else base


def summary(state: State) -> dict:
    """The columns of the sessions table that say where a session stands."""
    status = "abandoned" if state.abandoned else "ended" if state.ended else "playing"
    return {
        "status": status,
        "decisions": len(state.choices),
        "score": state.score,
        "ending": state.node if state.ended and not state.abandoned else None,
    }


class Game:
    def __init__(self, scenario: Scenario, catalog: Catalog, store: Store | None, name: str | None) -> None:
        self.scenario = scenario
        self.catalog = catalog
        self.store = store
        self.name = name
        self.events: list = []
        self.state: State = initial()
        self.warning: str | None = None
        # the debrief may be computed ahead, in a thread, while the ending is read (see
        # debrief): a second caller waits for that one instead of searching again
        self._debrief_lock = threading.Lock()
        self._debrief: tuple | None = None  # (the state, its debrief): the last one computed

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
        learn: bool = False,
        timer: int = 0,
        facilitator: str = "",
        participants: tuple[str, ...] = (),
    ) -> Game:
        """``mode`` is solo, hotseat or facilitated (then ``facilitator`` and
        ``participants`` name the people, as typed)."""
        # the OS's randomness, as secrets.randbelow; secrets would import hmac and OpenSSL
        seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
        start = Started(
            scenario.id,
            scenario.digest,
            seed,
            tuple(roles) or scenario.roles,
            lang,
            mode,
            stamp(),
            learn,
            max(0, int(timer or 0)),
            facilitator,
            tuple(participants),
        )
        state, events = step(scenario, initial(), start, stamp())
        if store is not None:
            data = _source(ref)
            version = capture(scenario, data, catalog) if data is not None else None
            # the session and its start in one transaction: never a session with no start
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
                events=events,
                summary=summary(state),
                version=(version.digest, to_blob(version)) if version is not None else None,
            )
        g = cls(scenario, catalog, store, name)
        g.events, g.state = list(events), state
        return g

    @classmethod
    def resume(cls, store: Store, name: str, load, as_played: bool = False) -> Game:
        """``load(ref) -> (scenario, catalog)`` loads the session's scenario. When its file
        has changed since the session began, ScenarioChanged, unless ``as_played``: then the
        version it was played on (``warning`` is "as_played")."""
        info = store.info(name)
        events = store.events(name)
        if not events or not isinstance(events[0], Started):
            raise StoreProblem("session_no_start", name=name)
        scenario, catalog = load(info.ref)
        played = events[0].digest
        warning = None
        if played and played != scenario.digest:
            if not as_played:
                raise ScenarioChanged(name, info.ref, played_version(store, played) is not None)
            scenario, catalog = _as_played(store, name, info.ref, played, catalog)
            warning = "as_played"
        g = cls(scenario, catalog, store, name)
        g.warning = warning
        g.state, g.events = g._fold(events)
        return g

    @classmethod
    def fork_onto_current(
        cls, store: Store, name: str, load, new_name: str | None = None
    ) -> tuple[Game, int, int]:
        """A new session on the scenario's current version with the answers of session
        ``name`` replayed as far as they still fit it (the same seed, so the same draws
        where the graph has not changed); the old session stays as it was.
        ``(game, answers replayed, answers in the old session)``."""
        info = store.info(name)
        events = store.events(name)
        if not events or not isinstance(events[0], Started):
            raise StoreProblem("session_no_start", name=name)
        scenario, catalog = load(info.ref)
        old = events[0]
        roles = tuple(r for r in old.roles if r in scenario.roles)
        g = cls.new(
            scenario, catalog, info.ref, store,
            new_name or store.unique_name(f"{name[:40]}-new"),
            old.seed, roles, old.lang, old.mode, old.learn, old.timer, old.facilitator, old.participants,
        )  # fmt: skip
        # the answers, and a facilitated drill's remarks and rulings; a draw is made again
        answers = [e for e in events[1:] if not isinstance(e, Started | Drew | Ended)]
        replayed = 0
        for e in answers:
            try:
                g.record(e)
            except (IllegalMove, KeyError):
                if isinstance(e, Decided | Ruled):
                    break  # the story parts from the old one here
                continue  # a release or proposal that no longer fits the new graph: the rest may
            replayed += isinstance(e, Decided)
        return g, replayed, sum(isinstance(e, Decided) for e in answers)

    def _fold(self, events: list) -> tuple[State, list]:
        try:
            return fold(self.scenario, events), events
        except (IllegalMove, KeyError) as e:
            bad = first_conflict(self.scenario, events)
            raise StoreProblem("session_conflicting", name=self.name, seq=bad + 1, detail=str(e)) from None

    def reload(self) -> list:
        """Read the log again (another terminal wrote to it); the events that are new."""
        seen = len(self.events)
        state, events = self._fold(self.store.events(self.name))
        if events[:seen] != self.events:
            raise StoreProblem("session_rewritten", name=self.name)
        self.state, self.events = state, events
        return events[seen:]

    def follow(self) -> list:
        """What other terminals wrote since this game last looked: the new events (the
        state is brought up to date), or [] when there are none. Cheap enough to call a
        few times a second: one indexed query when nothing is new; otherwise only the new
        events are read and applied. A log that was rewritten (repaired) meanwhile raises
        StoreError, as ``reload`` does."""
        if self.store is None:
            return []
        seen = len(self.events)
        last = self.store.last_seq(self.name)
        if last == seen:
            return []
        if last < seen:
            return self.reload()  # raises: the log is shorter than what this game has seen
        new = self.store.events(self.name, after=seen)
        try:
            state = fold(self.scenario, new, self.state)
        except (IllegalMove, KeyError):
            return self.reload()  # the full fold says which event, and how to repair it
        self.state, self.events = state, self.events + new
        return new

    def wait(self, timeout: float) -> list:
        """Wait up to ``timeout`` seconds for another terminal to write, then ``follow``: the
        new events ([] when none came). On PostgreSQL the server wakes the wait the moment
        an event is committed (NOTIFY); on SQLite the store polls."""
        if self.store is None:
            return []
        self.store.wait(self.name, len(self.events), timeout)
        return self.follow()

    def replay(self) -> list[Step]:
        """The state after each event of the session, in order (``tabletop replay``)."""
        return replay(self.scenario, self.events)

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
                events=kept,
                summary=summary(fold(self.scenario, kept)),
            )
        g.events = list(kept)
        g.state = fold(self.scenario, kept)
        return g

    # -- playing ---------------------------------------------------------------------

    def record(self, event) -> State:
        """Apply ``event`` (and the draws that follow), save them, and only then make them
        the current state.

        The save states how many events this game has seen; if another terminal wrote
        first, nothing is saved, the log is reloaded, and the event is tried again only if
        what was written cannot change its meaning (see INDEPENDENT and HARMLESS).
        Otherwise Overtaken says what the other terminal did."""
        while True:
            new, events = step(self.scenario, self.state, event, stamp())
            if self.store is None:
                break
            try:
                self.store.append(self.name, events, summary(new), expect=len(self.events))
                break
            except Conflict:
                theirs = self.reload()
                if not (isinstance(event, INDEPENDENT) or all(isinstance(e, HARMLESS) for e in theirs)):
                    raise Overtaken(theirs) from None
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

    # -- facilitating (a facilitated drill; see engine.play for what each event does) --

    @property
    def facilitated(self) -> bool:
        return self.state.mode == FACILITATED

    def pause(self, by: str = "") -> State:
        return self.record(Paused(stamp(), by))

    def resume_play(self, by: str = "") -> State:
        """Resume the room's clock after a pause (``resume`` makes a Game from a log)."""
        return self.record(Resumed(stamp(), by))

    def release(self, upto: int | None = None, by: str = "") -> State:
        """Show the participants the feed up to entry ``upto`` (default: the next one)."""
        upto = released_count(self.state) + 1 if upto is None else upto
        return self.record(Released(upto, stamp(), by))

    def adhoc(self, text: str, roles: tuple[str, ...] = (), by: str = "") -> State:
        """An inject written on the spot, to every role (``roles`` empty) or to some."""
        taken = {a.id for a in self.state.adhoc}
        n = len(taken) + 1
        while f"adhoc-{n}" in taken:
            n += 1
        return self.record(AdHoc(f"adhoc-{n}", text, tuple(roles), stamp(), by))

    def observe(
        self, text: str, objective: str = "", task: str = "", rating: str = "", role: str = "", by: str = ""
    ) -> State:
        return self.record(Observed(text, objective, task, rating, role, stamp(), by))

    def adjust(self, points: int, reason: str, role: str = "", by: str = "") -> State:
        return self.record(Adjusted(int(points), reason, role, stamp(), by))

    def override(self, to: str, reason: str = "", node: str | None = None, by: str = "") -> State:
        """Once the decision at hand is complete, go to node ``to`` instead."""
        return self.record(Overridden(node or self.state.node or "", to, reason, stamp(), by))

    def propose(self, role: str, option: str, text: str = "", node: str | None = None, by: str = "") -> State:
        """A role terminal's answer, for the facilitator to confirm or overrule."""
        return self.record(Proposed(node or self.state.node or "", role, option, text, stamp(), by))

    def hotwash(self, question: str, text: str, by: str = "") -> State:
        return self.record(Hotwashed(question, text, stamp(), by))

    def plan(self, item: str, action: str = "", owner: str = "", due: str = "", by: str = "") -> State:
        return self.record(Planned(item, action, owner, due, stamp(), by))

    @property
    def started(self) -> Started:
        """The start event: the settings the session was begun with (mode, roles, learn,
        timer), restored on resume."""
        return self.events[0] if self.events and isinstance(self.events[0], Started) else Started("")

    @property
    def waiting(self):
        return waiting(self.scenario, self.state)

    @property
    def decisions(self) -> int:
        return len(self.state.choices)

    def awaiting_own_rating(self) -> list:
        """The critical tasks the players rate themselves, (objective, task) in order: the
        tasks only a rating shows, without one yet, once the story is over in a session
        without a facilitator (in a drill the facilitator rates them)."""
        from tabletop.engine.scoring import awaiting_rating

        state = self.state
        if state.facilitated or not state.ended or state.abandoned:
            return []
        return awaiting_rating(self.scenario, state)

    def debrief(self):
        """The debrief of the state as it is, computed once per state (exports and a change
        of language reuse it). Safe to call from a worker thread."""
        from tabletop.engine.scoring import debrief

        with self._debrief_lock:
            ready = self.debrief_ready()
            if ready is not None:
                return ready
            from .cache import BoundsMemo

            state = self.state
            memo = BoundsMemo()
            result = debrief(self.scenario, self.catalog, state, memo)
            memo.save()
            self._debrief = (state, result)
            return result

    def debrief_ready(self):
        """The debrief of the state as it is if it has been computed (by ``debrief``), else
        None: a screen shows it at once instead of waiting for a worker."""
        cached = self._debrief
        return cached[1] if cached is not None and cached[0] is self.state else None


def evaluate(game: Game, now=None):
    """The evaluation of a game's session (engine.evaluation): the data of a facilitated
    drill's after-action report."""
    from tabletop.engine.evaluation import evaluate as _evaluate

    from .cache import BoundsMemo

    memo = BoundsMemo()
    result = _evaluate(game.scenario, game.catalog, game.events, now, memo)
    memo.save()
    return result


def first_conflict(scenario: Scenario, events: list) -> int | None:
    """The index of the first event that does not follow from the ones before it (a
    question answered twice when two terminals wrote at once), or None."""
    state = initial()
    for i, e in enumerate(events):
        try:
            state = apply(scenario, state, e)
        except (IllegalMove, KeyError):
            return i
    return None


def scenario_played(store: Store, name: str, load) -> tuple[Scenario, Catalog]:
    """The scenario and catalogue session ``name`` was played on: the current file if it
    has not changed since, else the version kept for it (ScenarioChanged if none is). What
    judges a log (repairs) must be this version: against another, the answers it was
    played with would look wrong."""
    info = store.info(name)
    events = store.events(name)
    scenario, catalog = load(info.ref)
    played = events[0].digest if events and isinstance(events[0], Started) else ""
    if played in ("", scenario.digest):
        return scenario, catalog
    return _as_played(store, name, info.ref, played, catalog)


def repair(store: Store, name: str, load) -> tuple[int, int] | None:
    """Drop the events from the first one that does not follow from those before it.
    ``(kept, dropped)``, or None when the log has no such event."""
    events = store.events(name)
    scenario, _ = scenario_played(store, name, load)
    bad = first_conflict(scenario, events)
    if bad is None:
        return None
    dropped = store.truncate(name, bad, summary(fold(scenario, events[:bad])))
    return bad, dropped


def describe(info: SessionInfo, lang: str) -> str:
    return info.title.get(lang) or info.title.get("any") or next(iter(info.title.values()), info.scenario)
